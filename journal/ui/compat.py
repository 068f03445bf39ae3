"""Every use of a Textual internal, in one place.

Textual's public API offers no way to skip the whole-screen restyles below, and each skip was
measured to save a good deal of start-up or screen-opening work (figures in bench/README.md,
"Textual internals"). Each use has a test in tests/test_compat.py that fails loudly when a
Textual release changes what it relies on: then fix it here, or drop the use and accept the
slower start. Nothing else in the project touches Textual's private attributes; plotext and
TinyDB are used through their public APIs (the store's own storage class aside).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from textual.events import ScreenResume
    from textual.screen import Screen


class ThemedStartApp(App[None]):
    """An app whose theme, chosen before the first screen, costs no restyle.

    Saves: choosing the saved theme in ``__init__`` queues Textual's full refresh (re-parse
    every style source, restyle the tree) to run before any screen exists. Nothing is styled
    yet then, and the first parse uses the variables set here. Relies on: Textual calling
    :meth:`App.refresh_css` for a theme change.
    """

    def refresh_css(self, animate: bool = True) -> None:
        if not self.screen_stack:
            self.stylesheet.set_variables(self.get_css_variables())
            return
        super().refresh_css(animate)

    def mark_styled(self, screen: Screen[object]) -> None:
        """Mark ``screen`` as styled with the current stylesheet.

        Saves: a new mode screen starts marked as styled for no theme yet, which makes
        Textual re-parse every style source and restyle every screen when the mode opens.
        Relies on: ``App._css_update_count`` and ``Screen._css_update_count``, compared by
        Textual when a screen is pushed or a mode switched.
        """
        screen._css_update_count = self._css_update_count


def skip_resume_restyle(event: ScreenResume) -> None:
    """Let Screen's own resume handler skip restyling every widget of the screen.

    Saves: the restyle of a screen that was styled as it was built and has not been away.
    Relies on: ``ScreenResume.refresh_styles``, read by Screen's handler, which runs after
    a subclass's ``on_screen_resume``.
    """
    event.refresh_styles = False


def screen_text(app: App[object]) -> str:
    """The whole screen as plain text, modals over what they dim, as a person reads it.

    For tests and screenshots: Textual's public API saves a screen only as SVG. Relies on:
    ``Screen._compositor.render_update`` and ``App._background_screens``.
    """
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()
