"""The log screen (in progress)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from journal.screens.base import JournalScreen


class LogScreen(JournalScreen):
    """Placeholder until the log screen lands."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The log screen is on its way.", id="log-placeholder")
        yield Footer()
