"""A small question the plan screen asks: why a running plan changes. (What to do with
unsaved changes is asked by the one dialog every screen uses: journal.screens.confirm.)"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from journal.domain import checks
from journal.domain.errors import ValidationError
from journal.widgets.inputs import InOrderInput

#: Same limit as an amendment's reason in the model.
REASON_MAX = 200


class ReasonModal(ModalScreen[str | None]):
    """Ask for the one-line reason an amendment needs. Dismisses with the reason or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel: keep editing")]

    def __init__(self, first_logged: str, change_lines: list[str]) -> None:
        super().__init__()
        self.first_logged = first_logged
        self.change_lines = change_lines

    def compose(self) -> ComposeResult:
        changes = "\n".join(f"• {line}" for line in self.change_lines) or "• (no change)"
        with Vertical(id="reason-box", classes="plan-modal"):
            yield Label("Why change the plan?", classes="modal-title")
            yield Static(Content(
                f"Days inside this block are logged (the first on {self.first_logged}), so "
                "this change is kept as a dated amendment. The original plan stays, and the "
                "verdict uses it."),
                classes="modal-text")
            with VerticalScroll(id="reason-changes-scroll"):
                yield Static(Content(changes), id="reason-changes", classes="modal-text")
            yield Label("Reason (one line)", classes="field-title")
            yield InOrderInput(placeholder="e.g. therapist advised shorter sessions",
                        max_length=REASON_MAX, id="reason-input")
            error = Label("", id="reason-error", classes="error")
            error.display = False
            yield error
            with Horizontal(classes="modal-buttons"):
                yield Button("Save amendment", id="reason-save", variant="primary")
                yield Button("Cancel", id="reason-cancel")

    def on_mount(self) -> None:
        self.query_one("#reason-input", Input).focus()

    @on(Input.Submitted, "#reason-input")
    @on(Button.Pressed, "#reason-save")
    def _save(self) -> None:
        value = self.query_one("#reason-input", Input).value
        try:
            reason = checks.text(value, "reason for the change", required=True,
                                 max_len=REASON_MAX)
        except ValidationError as exc:
            error = self.query_one("#reason-error", Label)
            error.update(Content(str(exc)))
            error.display = True
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#reason-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
