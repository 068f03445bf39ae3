"""The charts screen (in progress)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from journal.screens.base import JournalScreen


class ChartsScreen(JournalScreen):
    """Placeholder until the charts screen lands."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The charts screen is on its way.", id="charts-placeholder")
        yield Footer()
