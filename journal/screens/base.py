"""What every journal screen shares: access to the store and a redraw hook."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import Footer

if TYPE_CHECKING:
    from journal.app import JournalApp
    from journal.clock import Clock
    from journal.domain.models import Journal
    from journal.store import Store


class JournalScreen(Screen[None]):
    """Base for the main screens (modes). Subclasses override :meth:`journal_changed`."""

    @property
    def japp(self) -> JournalApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        return self.japp.store

    @property
    def journal(self) -> Journal:
        return self.japp.store.journal

    @property
    def clock(self) -> Clock:
        return self.japp.store.clock

    def has_unsaved_changes(self) -> bool:
        """True when the screen holds typed values that are not saved yet."""
        return bool(getattr(self, "dirty", False))

    def journal_changed(self) -> None:
        """Redraw from the store; called when data changed here or in another process."""

    def on_screen_resume(self) -> None:
        # Textual posts ScreenResume twice when a mode is first shown: redraw only when
        # something may have changed since the last draw.
        seen = (id(self.journal), self.store._signature, len(self.journal.entries),
                self.clock.today())
        if getattr(self, "_drawn_for", None) == seen:
            return
        self._drawn_for = seen
        self.journal_changed()

    def on_mount(self) -> None:
        """Compact footers, so every key of a screen fits in 80 columns."""
        for footer in self.query(Footer):
            footer.compact = True
