"""Asked before quitting with typed values that are not saved yet."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmQuit(ModalScreen[bool]):
    """Quit anyway (typed values are lost) or stay. Staying is the default."""

    BINDINGS = [
        Binding("escape,n", "stay", "Stay"),
        Binding("y", "quit_anyway", "Quit anyway"),
    ]

    def __init__(self, screens: list[str]) -> None:
        super().__init__()
        self.screens = screens

    def compose(self) -> ComposeResult:
        where = " and ".join(self.screens)
        with Vertical(id="confirm-quit"):
            yield Label(f"Unsaved changes on the {where} screen.", id="confirm-title")
            yield Label("Quit anyway and lose them? (y quits, n or escape stays)")
            with Horizontal(id="confirm-buttons"):
                yield Button("Stay", id="stay", variant="primary")
                yield Button("Quit anyway", id="quit", variant="error")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit")

    def action_stay(self) -> None:
        self.dismiss(False)

    def action_quit_anyway(self) -> None:
        self.dismiss(True)
