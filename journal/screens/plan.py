"""The plan screen (in progress)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from journal.screens.base import JournalScreen


class PlanScreen(JournalScreen):
    """Placeholder until the plan screen lands."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The plan screen is on its way.", id="plan-placeholder")
        yield Footer()
