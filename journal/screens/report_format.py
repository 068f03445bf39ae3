"""Asked by the Review screen's ``w``: save the report as Markdown or as a printable HTML page.

The last choice is the default next time (kept in the settings file as ``report_format``).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label

#: format -> (button label, key); the keys are also the bindings below.
CHOICES = {"markdown": ("Markdown, to read or edit (m)", "m"),
           "html": ("HTML page, to print or send (h)", "h")}
SETTING = "report_format"


def remembered(settings: object) -> str:
    """The format chosen last time (a settings mapping), Markdown at first."""
    value = settings.get(SETTING) if isinstance(settings, dict) else None
    return value if value in CHOICES else "markdown"


class ReportFormat(ModalScreen[str | None]):
    """Markdown or HTML; enter takes the highlighted one, escape saves nothing."""

    CSS_PATH = "report_format.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "pick('markdown')", "Markdown"),
        Binding("h", "pick('html')", "HTML page"),
        Binding("escape", "pick('')", "Cancel"),
    ]

    def __init__(self, default: str = "markdown") -> None:
        super().__init__()
        self.default = default if default in CHOICES else "markdown"

    def compose(self) -> ComposeResult:
        with Vertical(id="report-format"):
            yield Label("Save the clinician report as", classes="dialog-title")
            yield Label("Both go into the reports folder beside the journal. The HTML page "
                        "prints on A4 or Letter with the charts drawn in.",
                        classes="dialog-text")
            with Horizontal(id="report-format-buttons"):
                for fmt, (label, _key) in CHOICES.items():
                    yield Button(label, id=f"format-{fmt}",
                                 variant="primary" if fmt == self.default else "default")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#format-{self.default}", Button).focus()

    def action_pick(self, fmt: str) -> None:
        self.dismiss(fmt or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_pick((event.button.id or "").removeprefix("format-"))
