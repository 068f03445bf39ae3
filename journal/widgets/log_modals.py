"""The Log screen's dialogs: the after-midnight question, the session, side effects, settling.

Each dialog that saves gets a ``save`` callback from the screen, which does the store calls and
returns an error message (or None). On an error the dialog stays open with everything typed
still in it and the message shown, so a full disk or a locked file never costs what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label

from journal.domain.models import (
    PRESSURES,
    SEVERITIES,
    SIDE_EFFECT_KINDS,
    Session,
    SideEffect,
)
from journal.views.daybook import (
    effect_line,
    fmt_day,
    fmt_long_day,
    parse_session_form,
)
from journal.widgets.log_fields import Choice, NumberInput, TextField

CSS = "log_dialogs.tcss"

#: Answers to "did it settle?": value, label, letter.
SETTLE_OPTIONS = [("yes", "settled", "y"), ("no", "did not settle", "n")]
TOLERANCE_OPTIONS = [("ok", "ok", "o"), ("too-light", "too light", "l"),
                     ("too-strong", "too strong", "s")]


def _settle_rows(effects: list[SideEffect]) -> ComposeResult:
    for effect in effects:
        with Horizontal(classes="settle-row"):
            yield Label(f"{fmt_day(effect.day)}: {effect.label} ({SEVERITIES[effect.severity]})",
                        classes="settle-label")
            yield Choice(SETTLE_OPTIONS, id=f"settle-{effect.id}")



def save_or_cancel(save: str) -> ComposeResult:
    """How each form dialog ends: its message line, then Save (ctrl+s) and Cancel (esc)."""
    yield Label("", classes="dialog-message")
    with Horizontal(classes="dialog-buttons"):
        yield Button(f"{save} (ctrl+s)", classes="save", variant="primary")
        yield Button("Cancel (esc)", classes="cancel")


class DayQuestion(ModalScreen[date]):
    """Between midnight and the day-start hour: is this entry for yesterday or today?"""

    CSS_PATH = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "pick('yesterday')", "Yesterday"),
        Binding("t", "pick('today')", "Today"),
        Binding("escape", "pick('today')", "Today", show=False),
    ]

    def __init__(self, yesterday: date, today: date, now_text: str) -> None:
        super().__init__()
        self.yesterday = yesterday
        self.today = today
        self.now_text = now_text

    def compose(self) -> ComposeResult:
        with Vertical(id="day-question", classes="log-dialog"):
            yield Label("Which day is this entry for?", classes="dialog-title")
            yield Label(f"It is {self.now_text}, after midnight. Most people logging now mean "
                        "the day that just ended.", classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"Yesterday, {fmt_day(self.yesterday)} (y)", id="pick-yesterday",
                             variant="primary")
                yield Button(f"Today, {fmt_day(self.today)} (t)", id="pick-today")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pick-yesterday", Button).focus()

    def action_pick(self, which: str) -> None:
        self.dismiss(self.yesterday if which == "yesterday" else self.today)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_pick("yesterday" if event.button.id == "pick-yesterday" else "today")


class _SavingDialog(ModalScreen[bool]):
    """A dialog with a save callback, a message line, ctrl+s / enter to save, escape to close."""

    CSS_PATH = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("enter", "save", "Save", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def on_mount(self) -> None:
        # Runs after a subclass's on_mount (Textual calls each class's handler).
        for label in self.query(".field-error"):
            label.display = False
        self.message("")

    def message(self, text: str, error: bool = True) -> None:
        label = self.query_one(".dialog-message", Label)
        label.update(text)
        label.set_class(error, "-error")
        label.display = bool(text)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        raise NotImplementedError

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, ".save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, ".cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def _settle_answers(self, effects: list[SideEffect]) -> dict[str, bool]:
        answers: dict[str, bool] = {}
        for effect in effects:
            value = self.query_one(f"#settle-{effect.id}", Choice).value
            if value is not None:
                answers[effect.id] = value == "yes"
        return answers


class SessionDialog(_SavingDialog):
    """The session as it was delivered, prefilled from the plan (or from what was saved).

    When earlier side effects have no answer yet, the dialog first asks whether each settled
    before this session: one that did not is the signal to lower the intensity.
    """

    def __init__(self, day: date, prefill: dict[str, str], currency: str,
                 open_effects: list[SideEffect],
                 save: Callable[[Session, dict[str, bool]], str | None],
                 *, planned: bool, recorded: bool) -> None:
        super().__init__()
        self.day = day
        self.prefill = prefill
        self.currency = currency
        self.open_effects = open_effects
        self.save = save
        self.planned = planned
        self.recorded = recorded

    def compose(self) -> ComposeResult:
        p = self.prefill
        if self.recorded:
            source = "as saved"
        elif self.planned:
            source = "prefilled from the plan: change what was different"
        else:
            source = "no session was planned on this day"
        with VerticalScroll(id="session-dialog", classes="log-dialog"):
            yield Label(f"Session on {fmt_long_day(self.day)}", classes="dialog-title")
            yield Label(f"As it happened ({source}).", classes="dialog-text")
            if self.open_effects:
                yield Label("Before this session: did these side effects settle? "
                            "(y settled, n did not)", classes="dialog-subtitle")
                yield from _settle_rows(self.open_effects)
            for key, label, widget, hint in (
                ("minutes", "Minutes",
                 NumberInput(integer=True, id="s-minutes", value=p.get("minutes", "")),
                 "1-480"),
                ("pressure", "Pressure", TextField(id="s-pressure", value=p.get("pressure", "")),
                 "light, moderate, firm or your own words"),
                ("areas", "Areas", TextField(id="s-areas", value=p.get("areas", "")),
                 "separated by commas"),
                ("cost", "Cost", NumberInput(id="s-cost", value=p.get("cost", "")),
                 self.currency or "optional"),
            ):
                with Horizontal(classes="field-row"):
                    yield Label(label, classes="field-label dialog-label")
                    yield widget
                    yield Label(hint, classes="field-hint")
                yield Label("", id=f"s-{key}-error", classes="field-error")
            with Horizontal(classes="field-row"):
                yield Label("Intensity", classes="field-label dialog-label")
                yield Choice(TOLERANCE_OPTIONS, p.get("tolerance") or "ok", id="s-tolerance")
            with Horizontal(classes="field-row"):
                yield Label("Note", classes="field-label dialog-label")
                yield TextField(id="s-note", value=p.get("note", ""),
                                placeholder="optional")
            yield Label("", id="s-note-error", classes="field-error")
            yield from save_or_cancel("Save session")
        yield Footer()

    def on_mount(self) -> None:
        pressure = self.query_one("#s-pressure", Input)
        pressure.suggester = SuggestFromList(PRESSURES, case_sensitive=False)
        first = self.query(Choice).first() if self.open_effects else self.query_one("#s-minutes")
        first.focus()

    def raw(self) -> dict[str, Any]:
        raw = {key: self.query_one(f"#s-{key}", Input).value
               for key in ("minutes", "pressure", "areas", "cost", "note")}
        raw["tolerance"] = self.query_one("#s-tolerance", Choice).value or "ok"
        return raw

    def action_save(self) -> None:
        session, errors = parse_session_form(self.raw(), self.day)
        for key in ("minutes", "pressure", "areas", "cost", "note"):
            label = self.query_one(f"#s-{key}-error", Label)
            label.update(errors.get(key, ""))
            label.display = key in errors
        if session is None:
            first = next(iter(errors))
            self.query_one(f"#s-{first}", Input).focus()
            self.message("Not saved: fix the marked field.")
            return
        problem = self.save(session, self._settle_answers(self.open_effects))
        if problem:
            self.message(problem)
            return
        self.dismiss(True)


#: Side effect kinds in the order they are offered.
KIND_ORDER = list(SIDE_EFFECT_KINDS)


class SideEffectsDialog(_SavingDialog):
    """Side effects felt after the session, each with a severity from 1 (mild) to 3 (severe)."""

    def __init__(self, day: date, existing: list[SideEffect],
                 save: Callable[[list[tuple[str, int]]], str | None], *,
                 session: bool = True) -> None:
        super().__init__()
        self.day = day
        self.existing = existing
        self.save = save
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="effects-dialog", classes="log-dialog"):
            title = (f"Side effects after the session on {fmt_long_day(self.day)}"
                     if self.session else f"Side effects on {fmt_long_day(self.day)} "
                     "(no session recorded on this day)")
            yield Label(title, classes="dialog-title")
            yield Label("Type a severity next to what you felt: 1 mild, 2 moderate, 3 severe. "
                        "Leave the rest blank.", classes="dialog-text")
            if self.existing:
                yield Label("Already recorded: " + ", ".join(effect_line(e)
                                                            for e in self.existing),
                            classes="dialog-text")
            for kind in KIND_ORDER:
                with Horizontal(classes="field-row"):
                    yield Label(SIDE_EFFECT_KINDS[kind], classes="field-label effect-label")
                    yield NumberInput(integer=True, id=f"fx-{kind}", placeholder="-")
            yield Label("", id="fx-error", classes="field-error")
            yield from save_or_cancel("Save side effects")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#fx-{KIND_ORDER[0]}", Input).focus()

    def picked(self) -> tuple[list[tuple[str, int]], list[str]]:
        items: list[tuple[str, int]] = []
        bad: list[str] = []
        for kind in KIND_ORDER:
            text = self.query_one(f"#fx-{kind}", Input).value.strip()
            if not text or text == "0":
                continue
            if text in ("1", "2", "3"):
                items.append((kind, int(text)))
            else:
                bad.append(kind)
        return items, bad

    def action_save(self) -> None:
        items, bad = self.picked()
        error = self.query_one("#fx-error", Label)
        if bad:
            error.update(f"{SIDE_EFFECT_KINDS[bad[0]]}: severity must be 1 (mild), "
                         "2 (moderate) or 3 (severe)")
            error.display = True
            self.query_one(f"#fx-{bad[0]}", Input).focus()
            self.message("Not saved: fix the marked field.")
            return
        error.display = False
        if not items:
            self.message("Nothing to save: type 1, 2 or 3 next to a side effect, or press "
                         "escape.", error=False)
            return
        problem = self.save(items)
        if problem:
            self.message(problem)
            return
        self.dismiss(True)


class SettleDialog(_SavingDialog):
    """Ask, for each open side effect, whether it settled before this session."""

    def __init__(self, day: date, effects: list[SideEffect],
                 save: Callable[[dict[str, bool]], str | None]) -> None:
        super().__init__()
        self.day = day
        self.effects = effects
        self.save = save

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="settle-dialog", classes="log-dialog"):
            yield Label(f"Before the session on {fmt_long_day(self.day)}",
                        classes="dialog-title")
            yield Label("Did these side effects settle before this session? "
                        "y settled, n did not; tab moves to the next.", classes="dialog-text")
            yield from _settle_rows(self.effects)
            yield from save_or_cancel("Save answers")
        yield Footer()

    def on_mount(self) -> None:
        self.query(Choice).first().focus()

    def action_save(self) -> None:
        answers = self._settle_answers(self.effects)
        if not answers:
            self.message("Nothing answered yet: press y or n for each side effect.",
                         error=False)
            return
        problem = self.save(answers)
        if problem:
            self.message(problem)
            return
        self.dismiss(True)



class AskDialog(ModalScreen[bool]):
    """One yes/no question before something that cannot be taken back quietly.

    ``y`` (or the first button) says yes; ``n`` or ``escape`` says no, the safe answer.
    """

    CSS_PATH = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, text: str, yes: str, no: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog ask-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(self.text, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="ask-yes", variant="primary")
                yield Button(f"{self.no} (n)", id="ask-no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ask-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "ask-yes")


#: Choices for a field changed both on the screen and elsewhere.
CONFLICT_OPTIONS = [("mine", "keep what you typed", "k"), ("theirs", "use the other", "u")]


class ConflictDialog(ModalScreen[dict[str, str] | None]):
    """Fields changed here and elsewhere (``journal log`` in a shell): which value stays.

    ``rows`` are ``(field key, label, typed here, saved elsewhere)``. Nothing is decided for
    the person: save waits until every row has an answer. Dismissed with ``{key: "mine" or
    "theirs"}``, or None (escape) to go back to the form with nothing saved.
    """

    CSS_PATH = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,enter", "save", "Save with these", priority=True),
        Binding("escape", "cancel", "Back to the form"),
    ]

    def __init__(self, day_text: str, rows: list[tuple[str, str, str, str]]) -> None:
        super().__init__()
        self.day_text = day_text
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog conflict-dialog"):
            yield Label(f"Changed elsewhere while you typed ({self.day_text})",
                        classes="dialog-title")
            yield Label("Another window or journal log saved a different value for these "
                        "fields. Pick which value to keep for each (k or u, or the arrows); "
                        "nothing is saved until you do.", classes="dialog-text")
            for key, label, mine, theirs in self.rows:
                yield Label(f"{label}: you typed {mine}; saved elsewhere: {theirs}",
                            classes="conflict-label")
                yield Choice(CONFLICT_OPTIONS, id=f"conflict-{key}")
            yield Label("", classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save with these (enter)", id="conflict-save", variant="primary")
                yield Button("Back to the form (escape)", id="conflict-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query(Choice).first().focus()

    def answers(self) -> dict[str, str | None]:
        return {key: self.query_one(f"#conflict-{key}", Choice).value
                for key, *_ in self.rows}

    def action_save(self) -> None:
        answers = self.answers()
        if any(value is None for value in answers.values()):
            self.query_one(".dialog-message", Label).update(
                "Pick a value for every field first (k keeps yours, u uses the other).")
            return
        self.dismiss({key: str(value) for key, value in answers.items()})

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "conflict-save":
            self.action_save()
        else:
            self.action_cancel()
