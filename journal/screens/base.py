"""What every journal screen shares: access to the store and a redraw hook."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.app import App
from textual.events import ScreenResume
from textual.screen import Screen

from journal.ui import compat
from journal.widgets.footer import JournalFooter

__all__ = ["HoldsUnsavedChanges", "JournalFooter", "JournalScreen"]

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.geometry import Size
    from textual.notifications import SeverityLevel

    from journal.app import JournalApp
    from journal.clock import Clock
    from journal.domain.models import Journal
    from journal.store import Store


@runtime_checkable
class HoldsUnsavedChanges(Protocol):
    """A screen that may hold typed values not saved yet (Log, Plan).

    Quitting, or leaving for another block, asks first when :meth:`has_unsaved_changes` is
    true, and on "save" calls :meth:`save_then`. A screen with no form simply does not have
    these members, so the app never asks about it.
    """

    @property
    def dirty(self) -> bool:
        """The form differs from what was last read or saved for the record on screen."""
        ...

    def has_unsaved_changes(self) -> bool:
        """:attr:`dirty`, or typing kept elsewhere on the screen (drafts for other days)."""
        ...

    def save_then(self, then: Callable[[], None]) -> None:
        """Save what is typed; run ``then`` once nothing typed is left unsaved."""
        ...


class JournalScreen(Screen[None]):
    """Base for the main screens (modes). Subclasses override :meth:`journal_changed`.

    A screen is built when its mode is first shown. Two of Textual's whole-screen restyles
    (every widget matched against every rule again) would then restyle what was just styled:
    the size classes (``HORIZONTAL_BREAKPOINTS``) set on the first resize, and the restyle on
    each resume. The size classes are set before the widgets exist instead, and the restyle
    is skipped until the screen has been away once.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Screen's own arguments
        self._suspended_once = False
        #: What the screen last drew from (see :meth:`_journal_state`); None before a draw.
        self._drawn_for: tuple[object, ...] | None = None
        app = self._app_or_none()
        if app is not None:
            self.update_classes(self.size_classes(app, app.size), update=False)

    def _app_or_none(self) -> App[object] | None:
        try:
            return self.app
        except Exception:  # built outside a running app (no active app)
            return None

    def size_classes(self, app: App[object], size: Size) -> dict[str, bool]:
        """The classes Textual's resize handler gives this screen at ``size`` (on / off)."""
        horizontal = (app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None
                      else self.HORIZONTAL_BREAKPOINTS) or []
        vertical = (app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None
                    else self.VERTICAL_BREAKPOINTS) or []
        classes = {name: False for _, name in (*horizontal, *vertical)}
        for dimension, points in ((size.width, horizontal), (size.height, vertical)):
            for point, name in sorted(points, reverse=True):
                if dimension >= point:
                    classes[name] = True
                    break
        return classes

    @property
    def japp(self) -> JournalApp:
        return self.app  # type: ignore[return-value]  # the only app showing these screens

    @property
    def store(self) -> Store:
        return self.japp.store

    @property
    def journal(self) -> Journal:
        return self.japp.store.journal

    @property
    def clock(self) -> Clock:
        return self.japp.store.clock

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications show text as written: they often quote names people typed (with
        terminal controls and bidi overrides escaped)."""
        from journal.printable import shown

        super().notify(shown(message), title=shown(title), severity=severity, timeout=timeout,
                       markup=markup)

    def journal_changed(self) -> None:
        """Redraw from the store; called when data changed here or in another process."""

    def action_move_focus(self, step: int) -> None:
        """The screens' enter and tab bindings: the next field (``step`` 1) or the previous."""
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def _catch_up(self) -> None:
        """Read what another process saved, so a save or undo merges with the latest."""
        from journal.store import JournalFileError

        try:
            changed = self.store.refresh()
        except JournalFileError:
            return  # the write that follows says what is wrong with the file
        if changed:
            self.japp.journal_changed()
            if not self.is_current:
                self.journal_changed()

    def on_screen_suspend(self) -> None:
        self._suspended_once = True

    def on_screen_resume(self, event: ScreenResume) -> None:
        if not self._suspended_once:
            # Everything here was styled as it was built.
            compat.skip_resume_restyle(event)
        # Textual posts ScreenResume twice when a mode is first shown: redraw only when
        # something may have changed since the last draw.
        seen = self._journal_state()
        if self._drawn_for == seen:
            return
        self._drawn_for = seen
        self.journal_changed()

    def _journal_state(self) -> tuple[object, ...]:
        """What a redraw depends on: the journal read, its last change and today's date (every
        write and every re-read derives a new journal and a new revision)."""
        return (id(self.journal), self.store.revision, self.clock.today())

    def drawn_from_journal(self) -> None:
        """Note that the screen has just drawn itself from the journal (as in ``on_mount``).

        The first resume then finds nothing new and does not draw everything again.
        """
        self._drawn_for = self._journal_state()

