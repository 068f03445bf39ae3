"""The Textual app: screens as modes, global keys, the store, external-change refresh."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from journal import __version__, paths, themes
from journal import settings as settings_file
from journal.screens.base import HoldsUnsavedChanges, JournalScreen
from journal.store import JournalFileError, Store
from journal.ui.compat import ThemedStartApp


def _lazy(module: str, name: str) -> Callable[[], Screen]:
    """A mode's screen factory: its module is imported when the mode is first shown."""

    def make() -> Screen:
        import importlib

        screen: Screen = getattr(importlib.import_module(module), name)()
        app = screen.app
        if isinstance(app, JournalApp):
            app.prepare_mode_screen(screen)
        return screen

    return make


#: Screen name -> (key, title, what it is for). One scheme for every screen.
SCREENS_INFO: dict[str, tuple[str, str, str]] = {
    "log": ("f2", "Log", "Log today's pain, function, session and side effects"),
    "plan": ("f3", "Plan", "Plan a block, or amend the running one"),
    "charts": ("f4", "Charts", "Pain and function over time"),
    "review": ("f5", "Review", "The go/no-go verdict and the numbers behind it"),
}

#: F2-F5 share one footer item, so a screen's own keys still fit in 80 columns.
SCREENS_GROUP = Binding.Group("screens")

#: The style files of the dialogs (their ``CSS_PATH``), read after the first frame: see
#: :meth:`JournalApp.read_dialog_styles`.
DIALOG_STYLES = (Path(__file__).parent / "widgets" / "log_dialogs.tcss",
                 Path(__file__).parent / "screens" / "dialogs.tcss")

def import_for_later_screens() -> None:
    """Import, in a thread once the first frame is drawn, what a later screen needs and the
    first one does not: pendulum words far days on Review and Log (``formats.relative_day``),
    and its import would otherwise be part of the first open of Review."""
    import pendulum  # noqa: F401


#: How often (seconds) to look for changes another process made to the journal file.
EXTERNAL_CHECK_SECONDS = 2.0


#: The header's note on a demo journal, long and short (a narrow window keeps it whole).
DEMO_SUBTITLE, DEMO_SUBTITLE_SHORT = "demo journal (throwaway copy)", "demo"
#: Below this width the header says only "demo" after the title.
SHORT_SUBTITLE_BELOW = 76


class JournalApp(ThemedStartApp):
    """trial-journal. Screens are modes; the store is shared by all of them."""

    TITLE = "trial-journal"
    #: The styles of the first screens load with the app. Plan, Charts and Review bring their
    #: own files (``CSS_PATH``), parsed when the screen is first shown; see
    #: :meth:`prepare_mode_screen`.
    CSS_PATH: ClassVar[list[str]] = [  # type: ignore[assignment]  # App's is an instance var
        "app.tcss", "screens/log.tcss"]
    MODES: ClassVar[dict[str, Callable[[], Screen]]] = {  # type: ignore[assignment]  # as CSS_PATH
        "welcome": _lazy("journal.screens.welcome", "WelcomeScreen"),
        "log": _lazy("journal.screens.log", "LogScreen"),
        "plan": _lazy("journal.screens.plan", "PlanScreen"),
        "charts": _lazy("journal.screens.charts", "ChartsScreen"),
        "review": _lazy("journal.screens.review", "ReviewScreen"),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="help"),
        Binding("question_mark", "help", "Help", show=False, id="help-alt"),
        *[
            Binding(key, f"show('{name}')", title, tooltip=about, id=f"show-{name}",
                    group=SCREENS_GROUP)
            for name, (key, title, about) in SCREENS_INFO.items()
        ],
        Binding("ctrl+t", "next_theme", "Theme", show=False, id="next-theme"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False, id="quit"),
    ]

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The app's own colour variables (``$pain-line`` ...); theme files override them."""
        try:
            dark = self.current_theme.dark
        except Exception:  # before the first theme is set
            dark = True
        return themes.theme_variable_defaults(dark)

    def __init__(self, store: Store, *, demo: bool = False) -> None:
        # Start in the first screen's mode rather than on Textual's empty default screen
        # and switching in on_mount: the screen is composed and styled once, with no
        # throwaway screen, stylesheet re-parse or second resume before the first frame.
        self.DEFAULT_MODE = (  # type: ignore[misc]  # per app: it depends on the journal
            "log" if store.journal.blocks else "welcome")
        # The journal just read and the modules imported stay for the whole session. Frozen,
        # they are left out of the collector's full passes, one of which otherwise walks them
        # all (a long pause for a long journal) while the first screen is built.
        gc.freeze()
        #: True while the saved theme is put back: that is no choice to write to the settings.
        self._restoring_theme = True
        super().__init__()
        self.store = store
        self.demo = demo
        if demo:
            self.sub_title = DEMO_SUBTITLE
        self._settings_path = paths.settings_file()
        self._theme_errors = self._register_themes()
        self._restoring_theme = True
        settings = settings_file.load_settings(self._settings_path)
        #: The settings file as read at start (screens read options from it, not the file).
        self.settings: dict[str, object] = settings
        self.theme = themes.saved_theme_name(settings, self.available_themes)
        self._restoring_theme = False

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications show text as written: they often quote names people typed (with
        terminal controls and bidi overrides escaped)."""
        from journal.printable import shown

        super().notify(shown(message), title=shown(title), severity=severity, timeout=timeout,
                       markup=markup)

    # --- themes ----------------------------------------------------------------------
    def _register_themes(self) -> list[themes.ThemeFileError]:
        """Register shipped and user themes; a bad file is reported, never selected."""
        shipped = themes.bundled_themes_dir()
        found, errors = themes.load_themes(shipped, paths.themes_dir(), shipped=shipped)
        for theme in found:
            self.register_theme(theme)
        self._own_themes = sorted({t.name for t in found})
        return errors

    def watch_theme(self, old: str, new: str) -> None:
        """Remember the choice between runs, in the settings file (not in the journal)."""
        if self._restoring_theme or old == new:
            return
        try:
            settings = {**settings_file.load_settings(self._settings_path), "theme": new}
            settings_file.save_settings(self._settings_path, settings)
            self.settings = settings
        except (OSError, TypeError) as exc:
            self.notify(f"Could not remember the theme: {exc}", severity="warning")

    def action_next_theme(self) -> None:
        """Cycle through the shipped and user themes (the palette offers them all)."""
        ours = self._own_themes or sorted(self.available_themes)
        index = ours.index(self.theme) + 1 if self.theme in ours else 0
        self.theme = ours[index % len(ours)]
        self.notify(f"Theme: {self.theme}", timeout=2)

    # --- start-up --------------------------------------------------------------------
    def prepare_mode_screen(self, screen: Screen) -> None:
        """Style what a mode's new screen inherits from, without a full stylesheet pass.

        Textual styles the app node only after the first screen has been composed and drawn,
        so text inheriting the app's colour was first drawn in no colour (and kept it, its
        style being cached); a full re-parse and restyle of the tree used to hide that. It
        also marks a new mode screen as styled for no theme yet (-1), which forces that full
        pass when the mode opens. The screen is built now and styled with the stylesheet as
        it is, so it is marked as current.

        A screen's own style file (``CSS_PATH``) is added here, before Textual meets it: Textual
        would re-parse every source and restyle every screen for it. Added now, only that file
        is parsed (the others are cached), and only the new screen is styled with it, which is
        all it styles: a screen's file holds rules for that screen and its dialogs only.
        """
        if not self.screen_stack:
            self.stylesheet.apply(self)
        for path in screen.css_path:
            if not self.stylesheet.has_source(str(path)):
                self.stylesheet.read(path)
        self.mark_styled(screen)

    def read_dialog_styles(self) -> None:
        """Read the dialogs' style files, once the first screen is drawn.

        A dialog names its file (``CSS_PATH``); were the file new to the stylesheet when the
        dialog opens, Textual would re-parse every source and restyle every screen. Read here,
        it is parsed when styles are next applied, and it styles only what it is for: a file
        in :data:`DIALOG_STYLES` holds rules for dialogs, nothing on a main screen.
        """
        for path in DIALOG_STYLES:
            if not self.stylesheet.has_source(str(path)):
                self.stylesheet.read(path)

    def on_mount(self) -> None:
        self.call_after_refresh(self.read_dialog_styles)
        self.call_after_refresh(self.run_worker, import_for_later_screens, thread=True,
                                name="imports for later screens")
        for error in self._theme_errors:
            self.notify(f"{error.path.name} skipped: {error.problem} ({error.path.parent})",
                        title="Theme file", severity="warning", timeout=10)
        self.set_interval(EXTERNAL_CHECK_SECONDS, self.check_external_changes)
        invalid = len(self.store.journal.invalid)
        if invalid:
            one = invalid == 1
            self.notify(f"{invalid} record{'' if one else 's'} in {self.store.path} "
                        f"hold{'s' if one else ''} a value out of range (a far date, a huge "
                        "number, text that is not UTF-8), left out of every screen and kept in "
                        "the file. List them with: journal check", title="Journal check",
                        severity="warning", timeout=20)

    def on_resize(self, event: events.Resize) -> None:
        """A narrow window keeps the header whole: the demo note gets shorter."""
        if self.demo:
            short = event.size.width < SHORT_SUBTITLE_BELOW
            self.sub_title = DEMO_SUBTITLE_SHORT if short else DEMO_SUBTITLE

    # --- navigation ------------------------------------------------------------------
    def show(self, name: str) -> None:
        """Switch to one of the main screens."""
        if self.current_mode != name:
            self.switch_mode(name)

    def action_show(self, name: str) -> None:
        self.show(name)

    def unsaved_screens(self) -> list[str]:
        """Titles of the main screens that hold typed values not yet saved."""
        return [title for title, _screen in self._unsaved()]

    def _unsaved(self) -> list[tuple[str, HoldsUnsavedChanges]]:
        found: list[tuple[str, HoldsUnsavedChanges]] = []
        for name, (_key, title, _about) in SCREENS_INFO.items():
            try:
                stack = self.get_screen_stack(name)
            except KeyError:
                continue
            for screen in stack:
                if isinstance(screen, HoldsUnsavedChanges) and screen.has_unsaved_changes():
                    found.append((title, screen))
                    break
        return found

    async def action_quit(self) -> None:
        """Quit, but ask first when something typed has not been saved (the same dialog as
        leaving the plan: save, discard or cancel)."""
        from journal.screens.confirm import UnsavedDialog

        unsaved = self._unsaved()
        if not unsaved:
            self.exit()
            return
        if isinstance(self.screen, UnsavedDialog):
            return
        titles = [title for title, _screen in unsaved]
        what = f"the {' and '.join(titles)} screen{'s' if len(titles) > 1 else ''}"

        def save_all(screens: list[HoldsUnsavedChanges]) -> None:
            if not screens:
                self.exit()
                return
            first, rest = screens[0], screens[1:]
            if self.screen is not first:
                self.switch_mode(next(n for n in SCREENS_INFO
                                      if first in self.get_screen_stack(n)))
            first.save_then(lambda: save_all(rest))

        def answered(choice: str | None) -> None:
            if choice == "discard":
                self.exit()
            elif choice == "save":
                save_all([screen for _title, screen in unsaved])

        self.push_screen(UnsavedDialog(what, "and quit"), answered)

    def action_help(self) -> None:
        from journal.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.keys_markdown(self.screen)))

    def keys_markdown(self, screen: Screen) -> str:
        """The keys of ``screen`` (its own bindings) and of the app, as Markdown lists."""

        def rows(owners: Iterable[type]) -> list[str]:
            by_action: dict[str, tuple[list[str], str]] = {}
            for owner in owners:
                for b in owner.__dict__.get("BINDINGS", []):
                    if not isinstance(b, Binding) or not b.description:
                        continue
                    about = b.description
                    if b.tooltip:
                        about = (b.tooltip if b.tooltip.startswith(b.description)
                                 else f"{b.description}: {b.tooltip}")
                    keys, _ = by_action.setdefault(b.action, ([], about))
                    keys.extend(self.get_key_display(Binding(k, b.action))
                                for k in b.key.split(","))
            return [f"- `{' / '.join(dict.fromkeys(keys))}` {about}"
                    for keys, about in by_action.values()]

        own = [c for c in reversed(type(screen).__mro__)
               if c.__module__.startswith("journal.") and "BINDINGS" in c.__dict__]
        title = getattr(screen, "HELP_TITLE", type(screen).__name__.removesuffix("Screen"))
        parts = [f"# Keys (trial-journal {__version__})", ""]
        screen_rows = rows(own)
        if screen_rows:
            parts += [f"## {title} screen", "", *screen_rows, ""]
        parts += ["## Everywhere", "", *rows([type(self)]),
                  "- `^p` Command palette: every action by name", ""]
        return "\n".join(parts)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for name, (key, title, about) in SCREENS_INFO.items():
            yield SystemCommand(f"Go to {title} ({key})", about,
                                lambda n=name: self.show(n))
        yield SystemCommand("Help (f1)", "Keys of this screen and how a block works",
                            self.action_help)

    # --- data changes ----------------------------------------------------------------
    def journal_changed(self) -> None:
        """Tell the visible screen to redraw from the store."""
        screen = self.screen
        if isinstance(screen, JournalScreen):
            screen.journal_changed()

    def check_external_changes(self) -> None:
        """Pick up entries another process (``journal log`` in a shell) wrote."""
        try:
            changed = self.store.refresh()
        except JournalFileError as exc:
            self.notify(str(exc), title="Journal file", severity="error", timeout=10)
            return
        if changed:
            self.journal_changed()

    def on_app_focus(self) -> None:
        self.check_external_changes()
