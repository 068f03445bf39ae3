"""The review screen (in progress)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from journal.screens.base import JournalScreen


class ReviewScreen(JournalScreen):
    """Placeholder until the review screen lands."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The review screen is on its way.", id="review-placeholder")
        yield Footer()
