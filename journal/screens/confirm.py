"""The one unsaved-changes dialog: asked before quitting, leaving the plan, or opening another
block with typed values that are not saved yet. The same words and keys everywhere."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class UnsavedDialog(ModalScreen[str]):
    """Unsaved changes: dismisses with ``save``, ``discard`` or ``cancel``.

    Save is focused, so enter never loses anything; escape goes back to the typing.
    """

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("s", "choose('save')", "Save"),
        Binding("d", "choose('discard')", "Discard"),
        Binding("escape,c", "choose('cancel')", "Cancel"),
    ]

    def __init__(self, what: str = "this plan", then: str = "") -> None:
        super().__init__()
        self.what = what
        self.then = then

    def compose(self) -> ComposeResult:
        then = f" {self.then}" if self.then else ""
        with Vertical(id="unsaved-box"):
            yield Label("Unsaved changes", id="unsaved-title")
            yield Static(Content(f"You have changed {self.what} without saving it. Save it"
                                 f"{then}, discard the changes{then}, or cancel and go back."),
                         id="unsaved-text")
            with Horizontal(id="unsaved-buttons"):
                yield Button("Save (s)", id="unsaved-save", variant="primary")
                yield Button("Discard (d)", id="unsaved-discard", variant="error")
                yield Button("Cancel (esc)", id="unsaved-cancel")

    def on_mount(self) -> None:
        self.query_one("#unsaved-save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "unsaved-cancel").removeprefix("unsaved-"))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
