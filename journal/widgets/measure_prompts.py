"""Short prompts for the clinician measures: PEG-3 once a week, expectation, impression.

Each is a small dialog answered with digits and ``enter``; ``escape`` skips (remembered, so
the same week or the same one-time question is not asked again). PEG-3 takes its three
digits in turn and moves on by itself, so a week's answer is 4 keys (``5 4 6 enter``); 10 is
typed ``1 0``. The dialog gets a ``save`` callback from the screen that does the store call and
returns an error message (or None); on an error the dialog stays open with what was typed.

The Log screen shows the question due today in one line
(:func:`journal.views.daybook.ask_line`, without importing this module) and ``p`` opens it
(:func:`open_due`): nothing pops up uninvited in the middle of logging.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label

from journal.domain.clinical import (
    EXPECTATION_MAX,
    EXPECTATION_QUESTION,
    IMPRESSION_QUESTION,
    IMPRESSIONS,
    PEG_ITEMS,
    PEG_MAX,
    PegAnswer,
    peg_week_words,
)

if TYPE_CHECKING:
    from journal.domain.models import Block

CSS = "log_dialogs.tcss"

#: Short labels of the PEG items, beside the full question.
PEG_LABELS = {"pain": "Pain on average", "enjoyment": "Enjoyment of life",
              "activity": "General activity"}

#: What a save callback gets: the three PEG items, or None for "skip this week".
PegItems = tuple[int, int, int] | None


def _digit_bindings() -> list[BindingType]:
    return [Binding(str(n), f"digit({n})", str(n), show=False) for n in range(10)]


class DigitEntry:
    """Whole numbers typed one digit at a time, up to ``high`` (10 at most).

    A ``1`` waits for the next key when 10 is allowed: ``0`` makes it 10, anything else
    settles it as 1 (and is then taken as the next value).
    """

    def __init__(self, count: int, high: int, low: int = 0) -> None:
        self.values: list[int | None] = [None] * count
        self.high, self.low = high, low
        self.pending = False  # the last value is a 1 that could still become 10
        self.index = 0

    @property
    def complete(self) -> bool:
        return all(v is not None for v in self.values)

    def digit(self, n: int) -> bool:
        """Take one digit; False when it cannot be a value here."""
        if self.pending:
            self.pending = False
            if n == 0 and self.high >= 10:
                self.values[self.index - 1] = 10
                return True
        if self.index >= len(self.values):
            if len(self.values) == 1 and not (n == 1 and self.high >= 10):
                self.values[0] = None  # one value: a new digit replaces it
                self.index = 0
            else:
                return False
        if not self.low <= n <= self.high:
            return False
        self.values[self.index] = n
        self.index += 1
        self.pending = n == 1 and self.high >= 10
        return True

    def back(self) -> None:
        self.pending = False
        if self.index:
            self.index -= 1
            self.values[self.index] = None


class _DigitPrompt(ModalScreen[bool]):
    """Digits fill the values, backspace corrects, enter saves, escape skips."""

    CSS_PATH = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "save", "Save"),
        Binding("escape", "skip", "Skip"),
        Binding("backspace", "back", "Correct", show=False),
        *_digit_bindings(),
    ]

    entry: DigitEntry
    #: Stores an answer (None: skipped); returns a message when it was not stored.
    save: Callable[[Any], str | None]

    def message(self, text: str) -> None:
        label = self.query_one(".dialog-message", Label)
        label.update(text)
        label.set_class(bool(text), "-error")
        label.display = bool(text)

    def on_mount(self) -> None:
        self.message("")
        self.draw()

    def draw(self) -> None:
        raise NotImplementedError

    def action_digit(self, n: int) -> None:
        if not self.entry.digit(n):
            self.message("All answered: enter saves, backspace corrects." if self.entry.complete
                         else f"{n} is not one of the answers here; backspace corrects.")
        else:
            self.message("")
        self.draw()

    def action_back(self) -> None:
        self.entry.back()
        self.message("")
        self.draw()

    def _store(self, answer: object) -> None:
        """Store what was answered and close, or keep the prompt open with the reason."""
        error = self.save(answer)
        if error:
            self.message(error)
            return
        self.dismiss(answer is not None)

    def action_skip(self) -> None:
        self._store(None)


class PegPrompt(_DigitPrompt):
    """PEG-3 for the past week: three 0-10 digits, enter saves, escape skips the week."""

    def __init__(self, heading: str, save: Callable[[PegItems], str | None]) -> None:
        super().__init__()
        self.heading = heading
        self.save = save
        self.entry = DigitEntry(len(PEG_ITEMS), PEG_MAX)

    def compose(self) -> ComposeResult:
        with Vertical(id="peg-prompt", classes="log-dialog"):
            yield Label(f"PEG-3 for {self.heading}: the past week, 0-{PEG_MAX} each",
                        classes="dialog-title")
            for key, question in PEG_ITEMS:
                yield Label("", id=f"peg-{key}", classes="peg-item")
                yield Label(question, classes="dialog-text peg-question")
            yield Label("Type three numbers (10 = 1 then 0); backspace corrects; enter saves; "
                        "escape skips this week.", classes="dialog-text")
            yield Label("", classes="dialog-message")
        yield Footer()

    def draw(self) -> None:
        for i, (key, _q) in enumerate(PEG_ITEMS):
            value = self.entry.values[i]
            here = i == min(self.entry.index, len(PEG_ITEMS) - 1) and not self.entry.complete
            shown = "_" if value is None else str(value)
            self.query_one(f"#peg-{key}", Label).update(
                f"{'>' if here else ' '} {PEG_LABELS[key]:<18} {shown}")

    def action_save(self) -> None:
        self.entry.pending = False
        if not self.entry.complete:
            missing = [PEG_LABELS[k].lower() for (k, _), v in zip(PEG_ITEMS, self.entry.values,
                                                                  strict=True) if v is None]
            self.message(f"Not saved: type {', '.join(missing)} (0-{PEG_MAX}), or escape "
                         "to skip this week.")
            return
        self._store(tuple(self.entry.values))  # three digits typed


class ScalePrompt(_DigitPrompt):
    """One number on a short scale (expectation 0-10, impression 1-7)."""

    def __init__(self, title: str, question: str, low: int, high: int,
                 words: dict[int, str], save: Callable[[int | None], str | None]) -> None:
        super().__init__()
        self.title_text, self.question = title, question
        self.words = words
        self.save = save
        self.entry = DigitEntry(1, high, low)

    def compose(self) -> ComposeResult:
        low, high = self.entry.low, self.entry.high
        with Vertical(id="scale-prompt", classes="log-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(self.question, classes="dialog-text")
            for n, words in self.words.items():
                yield Label(f"  {n}  {words}", classes="scale-word")
            yield Label("", id="scale-value")
            yield Label(f"Type {low}-{high}; enter saves; escape: not now (you can still "
                        "answer later from the Review screen).", classes="dialog-text")
            yield Label("", classes="dialog-message")
        yield Footer()

    def draw(self) -> None:
        value = self.entry.values[0]
        words = self.words.get(value, "") if value is not None else ""
        self.query_one("#scale-value", Label).update(
            f"Your answer: {'_' if value is None else value} {words}".rstrip())

    def action_save(self) -> None:
        self.entry.pending = False
        value = self.entry.values[0]
        if value is None:
            self.message(f"Not saved: type {self.entry.low}-{self.entry.high}, or escape.")
            return
        self._store(value)


def expectation_prompt(save: Callable[[int | None], str | None]) -> ScalePrompt:
    return ScalePrompt("Before the block: your expectation", EXPECTATION_QUESTION, 0,
                       EXPECTATION_MAX, {0: "not at all", EXPECTATION_MAX: "a great deal"}, save)


def impression_prompt(save: Callable[[int | None], str | None]) -> ScalePrompt:
    return ScalePrompt("The block has ended: your impression of change", IMPRESSION_QUESTION,
                       1, len(IMPRESSIONS), IMPRESSIONS, save)


# --- saving, shared by the Log and Review screens -------------------------------------------


def _saver(screen: object, block: Block, change: Callable[[Block], object],
           done: str) -> str | None:
    """Run one store update; a message for the dialog when it fails."""
    from journal.domain.errors import ValidationError
    from journal.store import JournalFileError

    try:
        screen.store.update_measures(block.id, change)  # type: ignore[attr-defined]  # a JournalScreen (typed object)
    except (ValidationError, JournalFileError) as exc:
        return f"Not saved: {exc}"
    screen.notify(done, timeout=3)  # type: ignore[attr-defined]  # a JournalScreen (typed object)
    return None


def save_peg(screen: object, block: Block, day: date, heading: str,
             ) -> Callable[[PegItems], str | None]:
    def save(items: PegItems) -> str | None:
        pain, enjoyment, activity = items or (None, None, None)
        answer = PegAnswer(day, pain, enjoyment, activity,
                           recorded_at=screen.clock.now())  # type: ignore[attr-defined]  # a JournalScreen
        done = (f"PEG-3 skipped for {heading}." if answer.skipped else
                f"PEG-3 saved for {heading}: score {answer.score:.1f}.")
        return _saver(screen, block, lambda b: b.measures.with_peg(answer), done)
    return save


def save_one_time(screen: object, block: Block, name: str) -> Callable[[int | None], str | None]:
    """Save the expectation or the impression; None records that it was declined."""
    def save(value: int | None) -> str | None:
        def change(b: Block) -> object:
            m = b.measures
            if value is None:
                return m.replace(declined=(*m.declined, name))
            return m.replace(**{name: value})
        done = (f"Saved your {name}: {value}." if value is not None
                else f"Not asked again; answer any time from Review ({name}).")
        return _saver(screen, block, change, done)
    return save


def open_peg(screen: object, block: Block, day: date) -> None:
    """Open the PEG prompt for the week ``day`` answers."""
    from journal.domain.clinical import peg_checkpoint_of

    checkpoint = peg_checkpoint_of(block.current, day)
    heading = peg_week_words(block.current, checkpoint) if checkpoint else f"{day:%d %b}"
    screen.app.push_screen(PegPrompt(heading, save_peg(screen, block, day, heading)),  # type: ignore[attr-defined]  # a JournalScreen (typed object)
                           lambda _saved: screen.redraw())  # type: ignore[attr-defined]  # a JournalScreen (typed object)


def open_impression(screen: object, block: Block, done: Callable[[object], None]) -> None:
    screen.app.push_screen(impression_prompt(save_one_time(screen, block, "impression")),  # type: ignore[attr-defined]  # a JournalScreen (typed object)
                           done)


def open_due(screen: object, day: date) -> None:
    """``p`` on the Log screen: the question due today (PEG-3, expectation, impression),
    else PEG-3 for the week ``day`` answers."""
    from journal.domain.clinical import due_question

    today = screen.clock.today()  # type: ignore[attr-defined]  # a JournalScreen (typed object)
    journal = screen.journal  # type: ignore[attr-defined]  # a JournalScreen (typed object)
    block = journal.block_for(day)
    due = due_question(block, today) if block is not None and day == today else None
    redraw = lambda _saved: screen.redraw()  # type: ignore[attr-defined]  # noqa: E731
    if block is None:
        screen.notify("PEG-3 belongs to a block: plan one first (F3).", timeout=4)  # type: ignore[attr-defined]  # a JournalScreen (typed object)
    elif due is None or due[0] == "peg":
        open_peg(screen, block, day)
    elif due[0] == "expectation":
        screen.app.push_screen(  # type: ignore[attr-defined]  # a JournalScreen (typed object)
            expectation_prompt(save_one_time(screen, block, "expectation")), redraw)
    else:
        open_impression(screen, block, redraw)
