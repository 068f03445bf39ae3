"""The Log screen: today's pain and function in a few keystrokes, sessions, side effects.

The screen people use every day, so the main path is short: it opens on today with the pain
field focused; type the pain, ``enter``, the function value, ``enter``, and the day is saved
(``4 enter 2 0 enter``). Everything else is one key away and never in the way:

* optional fields (night wakings, mood/anxiety, fatigue, flare-up, note) sit right below and
  are reached with ``tab``;
* ``ctrl+y`` fills in yesterday's values (shown faintly beside each field), still to be saved;
* ``s`` records the session as delivered, ``e`` the side effects after it, ``a`` answers
  whether earlier side effects settled;
* the strip of the block's days moves with ``left``/``right`` (or ``[``/``]`` from a number
  field), ``t`` jumps to today; ``escape`` leaves the form for the strip;
* ``ctrl+z`` undoes the last change made here to the day shown, field by field, and ``ctrl+r``
  redoes it; a change written elsewhere since (``journal log`` in a shell) is kept.

A save writes only the fields typed here since the screen last read the day; fields changed
elsewhere meanwhile are kept and shown, and a field changed in both places is not overwritten:
the screen shows both values and asks (:mod:`journal.domain.merge`). Removing a saved pain or
function value asks first, and a value far outside the person's own history asks to confirm
(:mod:`journal.domain.plausible`).

Nothing is stored half-way: the form is checked as a whole before any store call, and when the
store refuses (disk full, file locked) the form keeps every typed value and says why. Values
typed for one day survive moving to another day and back (kept as a draft until saved).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import ScreenResume
from textual.widgets import Input, Label, Static

from journal.domain import merge, plausible
from journal.domain.errors import ValidationError
from journal.domain.merge import ChangedElsewhere
from journal.domain.models import SEVERITIES, DayEntry, FunctionMarker, Session
from journal.formats import relative_day
from journal.screens.base import JournalFooter, JournalScreen
from journal.screens.palette import Entry, Offer, ScreenCommands, bound_entries
from journal.store import JournalFileError
from journal.views import daybook
from journal.widgets.day_strip import LEGEND, DayStrip
from journal.widgets.header import JournalHeader
from journal.widgets.log_fields import NumberInput, TextField, Toggle
from journal.widgets.text import set_text, show

#: Number fields of the day form, in order: key -> (label, integer?).
NUMBER_FIELDS: dict[str, tuple[str, bool]] = {
    "pain": ("Pain", False),
    "function": ("Function", False),
    "sleep_wakings": ("Night wakings", True),
    "mood": ("Mood/anxiety", True),
    "fatigue": ("Fatigue", True),
    "medicine": ("Pain medicine", True),
}
OPTIONAL_HINTS = {
    "sleep_wakings": "times woken last night",
    "mood": "0-10, 0 = calm",
    "fatigue": "0-10, 0 = none",
    "medicine": "doses taken, 0 = none",
}
UNDO_DEPTH = 20


@dataclass
class UndoStep:
    """What one save changed, as the store calls that put it back (run in order).

    ``forward`` are the calls that make the change again (redo); empty when it cannot be.
    """

    label: str  # finishes "Undone: ...", e.g. "the entry for Sat 21 Nov is back to how it was"
    day: date
    inverse: list[Callable[[], object]] = field(default_factory=list)
    forward: list[Callable[[], object]] = field(default_factory=list)
    redo_label: str = ""


@dataclass
class EntryStep:
    """One save of a day's values: ``changes`` is field -> (before, after), stored values.

    ``saved`` is the entry the save left and ``exact`` the entry to put back exactly (None:
    remove the day) while the file still holds ``saved``; after anything else changed the day,
    undo goes field by field and keeps what was written elsewhere.
    """

    day: date
    changes: dict[str, tuple[Any, Any]]
    saved: DayEntry | None
    exact: DayEntry | None
    exact_ok: bool = True


class LogCommands(ScreenCommands):
    """The Log screen's actions in the command palette (ctrl+p)."""

    OFFERS: ClassVar[list[Offer]] = [
        ("save", "Log: save this day", "Save the values in the form"),
        ("undo", "Log: undo the last change to this day",
         "Put back what was there before, field by field"),
        ("redo", "Log: redo what was undone", "Make the undone change again"),
        ("use_previous", "Log: use yesterday's values",
         "Fill the form with the last logged values; still needs saving"),
        ("session", "Log: record the session", "The session as it was delivered"),
        ("side_effects", "Log: side effects after the session",
         "Soreness, stiffness and the like, with severity"),
        ("settle", "Log: did side effects settle?",
         "Answer for side effects from earlier sessions"),
        ("today", "Log: go to today", "Show today's entry"),
        ("prev_day", "Log: previous day", "Show the day before"),
        ("next_day", "Log: next day", "Show the day after"),
        ("toggle_flare", "Log: toggle flare-up", "Mark this day as a flare-up"),
        ("focus_note", "Log: write a note", "Jump to the note field"),
        ("peg", "Log: PEG-3 for the past week",
         "Pain and how it interfered with enjoyment and activity, 0-10 each"),
    ]

    def _commands(self) -> Iterable[Entry]:
        screen = self.screen
        if not isinstance(screen, LogScreen):
            return ()
        return bound_entries(screen, self.OFFERS, screen.run_palette_action)


#: From this width on, the last two weeks' values show beside the form.
XWIDE = 140
RECENT_DAYS = 14


class LogScreen(JournalScreen):
    """Log a day: pain, function, optional fields, the session and its side effects."""

    HELP_TITLE = "Log"
    #: Classes ``-narrow``/``-wide`` and ``-short``/``-tall`` let log.tcss fit 80x24.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    AUTO_FOCUS = "#f-pain"
    COMMANDS: ClassVar[set[Any]] = {LogCommands}

    #: Letter keys act as commands unless a free-text field has focus (number fields take
    #: digits only, so nothing typed there is lost); they are priority bindings for that reason.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="log-save"),
        Binding("ctrl+z", "undo", "Undo", id="log-undo"),
        Binding("ctrl+r", "redo", "Redo", id="log-redo"),
        Binding("s", "session", "Session", priority=True, id="log-session"),
        Binding("e", "side_effects", "Effects", priority=True, id="log-effects"),
        Binding("a", "settle", "Settled?", priority=True, id="log-settle"),
        Binding("ctrl+y", "use_previous", "Use yesterday's values", show=False,
                id="log-previous"),
        Binding("t", "today", "Today", show=False, priority=True, id="log-today"),
        # Shown only off the fields (on the strip): check_action hides it while typing.
        Binding("left", "prev_day", "Days", key_display="←→", priority=True, id="log-prev"),
        Binding("right", "next_day", "Next day", show=False, priority=True, id="log-next"),
        Binding("left_square_bracket", "step_day(-1)", "Previous day, also from a number field",
                show=False, priority=True, id="log-prev-alt"),
        Binding("right_square_bracket", "step_day(1)", "Next day, also from a number field",
                show=False, priority=True, id="log-next-alt"),
        Binding("f", "toggle_flare", "Flare-up", show=False, priority=True, id="log-flare"),
        Binding("n", "focus_note", "Note", show=False, priority=True, id="log-note"),
        Binding("p", "peg", "PEG-3 / questions", show=False, priority=True, id="log-peg"),
        Binding("enter", "enter", "Next field / save", show=False, priority=True,
                id="log-enter"),
        Binding("tab", "move_focus(1)", "Next field", show=False, priority=True,
                id="log-tab"),
        Binding("shift+tab", "move_focus(-1)", "Previous field", show=False, priority=True,
                id="log-shift-tab"),
        Binding("escape", "to_strip", "Leave the form (to the days)", show=False,
                id="log-strip"),
    ]

    #: Actions bound to letters: off while a text field (the note) has focus.
    LETTER_ACTIONS = frozenset({"session", "side_effects", "settle", "today", "toggle_flare",
                                "focus_note", "step_day", "peg"})
    #: Actions bound to left/right: off in any field, where the arrows move the cursor.
    ARROW_ACTIONS = frozenset({"prev_day", "next_day"})

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self._today_seen: date | None = None
        #: What the screen last read for the shown day, as form text (the merge's base).
        self._loaded: dict[str, Any] = {}
        #: Typing kept for other days: (what was read, what was typed).
        self._drafts: dict[date, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._undo: list[UndoStep | EntryStep] = []
        self._redo: list[UndoStep | EntryStep] = []
        #: The number field the person was last in, for digits typed off the form.
        self._last_field = "pain"
        #: Which optional keys were available when the footer was last refreshed.
        self._keys_state: tuple[bool, ...] | None = None
        #: Fields showing a note about a key they did not take.
        self._refusals: set[str] = set()
        self._asked_for: date | None = None
        self._start_hour = daybook.DEFAULT_DAY_START_HOUR
        self._pending_save = False
        #: Whether the field labels were last fitted to a terminal at least 100 columns wide.
        self._wide: bool | None = None

    # --- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield JournalHeader()
        with Vertical(id="log-top"):
            with Horizontal(id="log-title-row"):
                yield Label("", id="log-day")
                yield Label("", id="log-position")
                yield Label("", id="log-block")
            yield DayStrip(id="log-strip")
            yield Label(LEGEND, id="log-legend")
        with Horizontal(id="log-main"):
            with Vertical(id="log-body"):
                yield Label("", id="log-state")
                for key, (label, integer) in NUMBER_FIELDS.items():
                    if key == "sleep_wakings":
                        yield Label("Optional (tab moves down)", id="log-optional-title")
                    with Horizontal(classes="field-row", id=f"row-{key}"):
                        yield Label(label, classes="field-label", id=f"label-{key}")
                        yield NumberInput(integer=integer, id=f"f-{key}")
                        yield Label(OPTIONAL_HINTS.get(key, ""), classes="field-hint",
                                    id=f"hint-{key}")
                with Horizontal(classes="field-row", id="row-flare"):
                    yield Label("Flare-up", classes="field-label")
                    yield Toggle("a flare-up on this day (f or space)", id="f-flare")
                with Horizontal(classes="field-row", id="row-note"):
                    yield Label("Note", classes="field-label")
                    yield TextField(id="f-note", placeholder="optional, up to 2,000 characters")
                # A field's error line (``#e-<key>``) is added under its row when first needed.
                yield Label("", id="log-status")
                yield Label("", id="log-timing")
                yield Label("", id="log-session")
                yield Label("", id="log-effects")
                yield Label("", id="log-signal")
                yield Label("", id="log-ask")
            yield Static("", id="log-recent")
        yield JournalFooter()

    def on_mount(self) -> None:
        # The app read the settings file at start; a test app without it reads the file.
        settings = getattr(self.app, "settings", None)
        if settings is None:
            from journal import paths
            from journal.settings import load_settings

            settings = load_settings(paths.settings_file())
        self._start_hour = daybook.day_start_hour(settings)
        show(self.query_one("#log-status"), False)
        self.day = self.clock.today()
        self._today_seen = self.day
        self._load_day(self.day)
        self.redraw()
        self.drawn_from_journal()

    def on_screen_resume(self, event: ScreenResume) -> None:
        # JournalScreen.on_screen_resume (also called) redraws from the journal.
        self.call_after_refresh(self._ask_day_if_needed)

    # --- reading the form --------------------------------------------------------------------
    def _input(self, key: str) -> Input:
        return self.query_one(f"#f-{key}", Input)

    def raw_values(self) -> dict[str, Any]:
        raw: dict[str, Any] = {key: self._input(key).value for key in NUMBER_FIELDS}
        raw["note"] = self._input("note").value
        raw["flare"] = self.query_one("#f-flare", Toggle).value
        return raw

    def _fill(self, raw: dict[str, Any]) -> None:
        for key in NUMBER_FIELDS:
            self._input(key).value = raw.get(key, "")
        self._input("note").value = raw.get("note", "")
        self.query_one("#f-flare", Toggle).value = bool(raw.get("flare", False))
        if isinstance(self.focused, NumberInput):
            # As on focus: a new value replaces the shown one instead of being appended.
            self.focused.select_all()

    def _fill_changed(self, raw: dict[str, Any]) -> None:
        """Set only the fields whose value differs (the one being typed in is left alone)."""
        for key in NUMBER_FIELDS:
            field_ = self._input(key)
            if field_.value != raw.get(key, ""):
                field_.value = raw.get(key, "")
                if field_ is self.focused:
                    field_.select_all()
        if self._input("note").value != raw.get("note", ""):
            self._input("note").value = raw.get("note", "")
        box = self.query_one("#f-flare", Toggle)
        if box.value != bool(raw.get("flare", False)):
            box.value = bool(raw.get("flare", False))

    @staticmethod
    def _raw_of(entry: DayEntry | None) -> dict[str, Any]:
        return daybook.form_text(merge.entry_values(entry))

    @property
    def dirty(self) -> bool:
        return self.raw_values() != self._loaded

    def has_unsaved_changes(self) -> bool:
        """Typed values not yet saved, for this day or kept as drafts for other days."""
        return self.dirty or any(base != mine for base, mine in self._drafts.values())

    @property
    def marker(self) -> FunctionMarker | None:
        assert self.day is not None
        block = self.journal.block_for(self.day)
        return block.current.function if block else None

    @property
    def scale(self) -> int:
        assert self.day is not None
        return self.journal.pain_scale_for(self.day)

    # --- moving between days -----------------------------------------------------------------
    def _load_day(self, day: date, *, keep_status: bool = False) -> None:
        """Show ``day``: what is stored, with any draft typed for it on top.

        ``keep_status``: the same day redrawn (after a dialog, an outside change) keeps the
        line saying what was just saved or undone.
        """
        self.day = day
        theirs = self._raw_of(self.journal.entry(day))
        draft = self._drafts.pop(day, None)
        if draft is None:
            self._loaded = theirs
            self._fill(theirs)
        else:
            self._loaded, mine = merge.refreshed(draft[0], draft[1], theirs)
            self._fill(mine)
        if keep_status:
            status = self.query_one("#log-status", Label)
            text = str(status.content) if status.display else ""
            error = status.has_class("-error")
            self._clear_errors()
            self._status(text, error=error)
        else:
            self._clear_errors()

    def go_to(self, day: date) -> None:
        """Move to another day, keeping anything typed for this one as a draft."""
        today = self.clock.today()
        if day > today:
            self.notify("Future days cannot be logged yet.", timeout=3)
            return
        if self.day is None or day == self.day:
            return
        if self.dirty:
            self._drafts[self.day] = (self._loaded, self.raw_values())
        self._load_day(day)
        self.redraw()

    def action_prev_day(self) -> None:
        assert self.day is not None
        self.go_to(self.day - timedelta(days=1))

    def action_next_day(self) -> None:
        assert self.day is not None
        self.go_to(self.day + timedelta(days=1))

    def action_today(self) -> None:
        self.go_to(self.clock.today())

    def action_to_strip(self) -> None:
        self.query_one(DayStrip).focus()

    def action_focus_note(self) -> None:
        self._input("note").focus()

    def action_toggle_flare(self) -> None:
        box = self.query_one("#f-flare", Toggle)
        box.value = not box.value

    @on(DayStrip.Picked)
    def _picked(self, event: DayStrip.Picked) -> None:
        self.go_to(event.day)

    def action_step_day(self, step: int) -> None:
        assert self.day is not None
        self.go_to(self.day + timedelta(days=step))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letter keys only act when no text is being typed; some need something to act on."""
        focused = self.focused
        if action in self.ARROW_ACTIONS and isinstance(focused, Input):
            return False
        if action in self.LETTER_ACTIONS and isinstance(focused, TextField):
            return False
        if action == "use_previous":
            return bool(self._previous_hint())
        if action == "redo":  # shown once something was undone, so a narrow footer stays whole
            return bool(self._redo)
        if action == "settle":  # shown while anything is open; outside its day it says when
            return bool(self.day and self.journal.open_side_effects(before=self.day))
        return True

    # --- drawing -------------------------------------------------------------------------------
    def redraw(self) -> None:
        """Header, strip, hints and panels from the journal (the form values are left alone)."""
        if self.day is None:
            return
        journal, day, today = self.journal, self.day, self.clock.today()
        block = daybook.block_of(journal, day, today)
        narrow = self.app.size.width < 100
        title = daybook.fmt_day(day) if narrow else daybook.fmt_long_day(day)
        if day != today and not narrow:  # "· 3 days ago": where a browsed day lies from today
            title += f" · {relative_day(day, today, weekday=False)}"
        set_text(self.query_one("#log-day", Label), title)
        position = daybook.position_line(journal, day, today)
        pos_label = self.query_one("#log-position", Label)
        set_text(pos_label, position)
        phase = block.current.phase(day) if block else "none"
        phase = {"pause": "baseline", "treatment-2": "treatment"}.get(phase, phase)
        for name in ("baseline", "treatment", "follow-up", "before", "none"):
            pos_label.set_class(phase == name, f"-{name}")
        set_text(self.query_one("#log-block", Label), block.name if block else "")
        self.query_one(DayStrip).show(daybook.strip_groups(journal, day, today), day)
        if self.has_class("-xwide"):
            self._draw_recent()
        self._draw_fields()
        self._draw_state()
        self._draw_timing()
        self._draw_session()
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Refresh the footer only when a key's availability changed (it is rebuilt each time)."""
        state = (bool(self._previous_hint()), bool(self._redo),
                 bool(self.day and self.journal.open_side_effects(before=self.day)))
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    def on_resize(self) -> None:
        # The labels' width follows the terminal's: redraw the fields when it crosses 100.
        width = self.app.size.width
        if self.day is not None and self._wide != (width >= 100):
            self._draw_fields()
            self.redraw()
        if self.has_class("-xwide") != (width >= XWIDE):
            self.set_class(width >= XWIDE, "-xwide")
            if self.day is not None and width >= XWIDE:
                self._draw_recent()

    def _draw_recent(self) -> None:
        """The last two weeks' pain and function up to the day on screen, beside the form."""
        assert self.day is not None
        marker = self.marker
        what = marker.unit if marker and marker.unit else "func."
        lines = ["Last two weeks", f"{'':<11}{'pain':>5}  {what}"]
        for back in range(RECENT_DAYS):
            day = self.day - timedelta(days=back)
            entry = self.journal.entry(day)
            pain = daybook.fmt_number(entry.pain) if entry and entry.pain is not None else "–"
            func = (daybook.fmt_number(entry.function)
                    if entry and entry.function is not None else "–")
            notes = (" ◆" if day in self.journal.sessions else "") + (
                " ▲" if entry and entry.flare else "")
            lines.append(f"{daybook.fmt_day(day):<11}{pain:>5}  {func:>5}{notes}")
        lines += ["", "◆ session  ▲ flare-up"]
        set_text(self.query_one("#log-recent", Static), "\n".join(lines))

    def _previous_hint(self) -> DayEntry | None:
        if self.day is None:
            return None
        return daybook.previous_entry(self.journal, self.day)

    def _draw_fields(self) -> None:
        marker, scale = self.marker, self.scale
        previous = self._previous_hint()
        hints = daybook.hint_values(previous)
        assert self.day is not None
        when = ""
        if previous is not None:
            back = (self.day - previous.day).days
            if back == 1:
                when = "yesterday" if self.day == self.clock.today() else "day before"
            else:
                when = daybook.fmt_day(previous.day)
        function_row = self.query_one("#row-function")
        show(function_row, marker is not None)
        label_text = marker.name if marker else "Function"
        set_text(self.query_one("#label-function", Label), label_text[:1].upper() + label_text[1:])
        self._wide = self.app.size.width >= 100
        widest = 34 if self._wide else 22
        width = min(widest, max(14, len(label_text) + 1))
        for label in self.query("#log-body .field-label"):
            if label.styles.width is None or label.styles.width.value != width:
                label.styles.width = width
        base = {
            "pain": f"0 = no pain, {scale} = worst imaginable",
            "function": (f"{marker.unit + ', ' if marker and marker.unit else ''}"
                         f"{marker.direction_words if marker else ''}"),
            **OPTIONAL_HINTS,
        }
        for key in NUMBER_FIELDS:
            hint = base[key]
            if key in hints:  # the habit hint first: it is what the eye looks for
                hint = f"{when} {hints[key]}  ·  {hint}"
            set_text(self.query_one(f"#hint-{key}", Label), hint)
        self._input("pain").placeholder = f"0-{scale}"

    def _draw_state(self) -> None:
        assert self.day is not None
        entry = self.journal.entry(self.day)
        if entry is None or entry.is_empty:
            text = "Not logged yet."
            previous = self._previous_hint()
            if previous is not None and not self.dirty:
                text += " ctrl+y fills in the last values (then save)."
        else:
            parts = []
            if entry.recorded_at:
                parts.append(f"Recorded {daybook.fmt_stamp(entry.recorded_at)}")
            if entry.edited_at:
                parts.append(f"last changed {daybook.fmt_stamp(entry.edited_at)}")
            text = " · ".join(parts) or "Logged."
        if self.dirty:
            text += "  ·  unsaved changes (ctrl+s saves)"
        state = self.query_one("#log-state", Label)
        set_text(state, text)
        state.set_class(self.dirty, "-dirty")

    def _draw_timing(self) -> None:
        assert self.day is not None
        label = self.query_one("#log-timing", Label)
        today = self.clock.today()
        if self.day != today and self.day != today - timedelta(days=1):
            show(label, False)
            return
        usual = daybook.usual_logging_time(self.journal.days, self.day, self._start_hour)
        text, far = daybook.timing_line(self.clock.now(), usual, self._start_hour)
        set_text(label, text)
        label.set_class(far, "-far")
        show(label, True)

    def _draw_session(self) -> None:
        assert self.day is not None
        journal, day = self.journal, self.day
        block = journal.block_for(day)
        currency = block.current.currency if block else ""
        session = journal.sessions.get(day)
        planned = daybook.is_planned_session(journal, day)
        label = self.query_one("#log-session", Label)
        if session is not None:
            text = (f"Session: {daybook.session_summary(session, currency)}"
                    "   (s changes it)")
        elif planned:
            prefill = daybook.session_prefill(journal, day)
            summary = f"{prefill['minutes']} min, {prefill['pressure']} pressure"
            text = (f"Session planned: {summary}. s records it as it happened; if it did "
                    "not take place, leave it.")
        elif not journal.blocks:
            text = ("No block planned yet: f3 plans one (dose, baseline, and the rule that "
                    "will judge it). Pain can be logged meanwhile.")
        elif daybook.no_session_phase(journal, day):
            text = daybook.no_session_phase(journal, day)
        else:
            text = "No session planned on this day; s records one anyway."
        set_text(label, text)
        label.set_class(session is None and not planned, "-quiet")

        effects = journal.side_effects_on(day)
        questions = daybook.settle_questions(journal, day)
        lines = []
        if effects:
            lines.append("Side effects: " + ", ".join(daybook.effect_line(e) for e in effects)
                         + "   (e adds more)")
        elif session is not None:
            lines.append("No side effects recorded after this session; e adds them.")
        if questions:
            names = "; ".join(f"{q.label} ({SEVERITIES[q.severity]}) after "
                              f"{daybook.fmt_day(q.day)}" for q in questions)
            lines.append(f"Waiting for an answer: did {names} settle before this session? "
                         "a answers (s asks too, with the session).")
        effects_label = self.query_one("#log-effects", Label)
        set_text(effects_label, "\n".join(lines))
        show(effects_label, bool(lines))
        effects_label.set_class(bool(questions), "-question")

        signal = self.query_one("#log-signal", Label)
        text = daybook.signal_text(daybook.unsettled_signals(journal, day))
        set_text(signal, text)
        show(signal, bool(text))
        line = daybook.ask_line(journal, day, self.clock.today())
        set_text(self.query_one("#log-ask", Label), line)
        show(self.query_one("#log-ask", Label), bool(line))

    def _clear_errors(self) -> None:
        for label in self.query(".field-error"):
            show(label, False)
        for key in (*NUMBER_FIELDS, "note"):
            self._input(key).remove_class("-invalid")
        self._status("")

    def _status(self, text: str, error: bool = True) -> None:
        status = self.query_one("#log-status", Label)
        set_text(status, text)
        status.set_class(error and bool(text), "-error")  # cleared: no restyle of a hidden line
        show(status, bool(text))

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key in (*NUMBER_FIELDS, "note"):
            if key in errors:
                label = self._error_label(key)
                set_text(label, errors[key])
                show(label, True)
            else:
                for label in self.query(f"#e-{key}").results(Label):
                    set_text(label, "")
                    show(label, False)
            self._input(key).set_class(key in errors, "-invalid")

    def _error_label(self, key: str) -> Label:
        """The error line under field ``key``'s row, added the first time it is needed.

        Most days never show one, so the screen starts without them (fewer widgets to build).
        """
        for label in self.query(f"#e-{key}").results(Label):
            return label
        label = Label("", classes="field-error", id=f"e-{key}")
        self.query_one("#log-body").mount(label, after=self.query_one(f"#row-{key}"))
        return label

    @on(Input.Changed)
    @on(Toggle.Changed)
    def _changed(self, event: Input.Changed | Toggle.Changed) -> None:
        key = (event.control.id or "").removeprefix("f-")
        if key in self._refusals:  # a note about a refused key goes once the field changes
            self._refusals.discard(key)
            for label in self.query(f"#e-{key}").results(Label):
                show(label, False)
        if self.day is not None:
            self._draw_state()

    # --- keys that are not typed -----------------------------------------------------------
    @on(NumberInput.Refused)
    def _refused(self, event: NumberInput.Refused) -> None:
        """Say at the field why a key was not typed (never a silent drop)."""
        key = (event.control.id or "").removeprefix("f-")
        if key not in NUMBER_FIELDS:
            return
        name = self._field_name(key)
        message = daybook.refused_message(name[:1].upper() + name[1:], event.character,
                                          event.control.integer)
        label = self._error_label(key)
        set_text(label, message)
        show(label, True)
        self._refusals.add(key)

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        key = (event.widget.id or "").removeprefix("f-")
        if key in NUMBER_FIELDS:
            self._last_field = key

    def on_key(self, event: events.Key) -> None:
        """Keys typed off the form: a number goes to the field the person was last in."""
        if isinstance(self.focused, Input) or not event.is_printable or not event.character:
            return
        if event.key in self.active_bindings:  # space on the flare-up box, the strip's keys
            return
        character = event.character
        event.stop()
        event.prevent_default()
        if character.isdigit():
            target = self._input(self._last_field)
            target.focus()
            target.value = character  # as in a field just entered: typing replaces
            target.cursor_position = len(target.value)
            return
        if character in ".,-":
            target = self._input(self._last_field)
            target.focus()
            if isinstance(target, NumberInput):
                target.post_message(NumberInput.Refused(target, character))
            return
        self._status(f"{character!r} is not a key here: f1 lists the keys of this screen.")

    # --- saving --------------------------------------------------------------------------------
    # enter and tab are priority bindings that move focus at once: keys that arrive in a burst
    # (a fast typist, a slow SSH link) then land in the field they were typed for, and a save
    # waits (call_later on the field) until the field has taken every key typed before it.
    def action_enter(self) -> None:
        focused = self.focused
        if isinstance(focused, DayStrip):
            self.set_focus(self._input("pain"))
        elif focused is self._input("pain") and self.marker is not None:
            self.set_focus(self._input("function"))
            focused.call_later(self._check_pain)
        elif focused is not None:
            focused.call_later(self.action_save)
        else:
            self.action_save()

    def _check_pain(self) -> None:
        _values, errors = daybook.parse_day_form({"pain": self._input("pain").value},
                                                 self.scale, self.marker)
        errors.pop("note", None)
        if errors:
            self._show_errors(errors)
            self.set_focus(self._input("pain"))
        else:
            self._input("pain").remove_class("-invalid")
            for label in self.query("#e-pain"):
                show(label, False)

    def save_then(self, then: Callable[[], None]) -> None:
        """Save the day on screen; run ``then`` when nothing typed is left unsaved."""
        self.action_save()
        if not self.has_unsaved_changes():
            then()
        elif not self.dirty:
            days = ", ".join(daybook.fmt_day(d) for d, v in self._drafts.items() if v)
            self.notify(f"Typed values for {days} are not saved yet: go to that day and save "
                        "it, or quit again and choose discard.", title="Not everything saved",
                        severity="warning", timeout=8)

    def action_save(self) -> None:
        """Check the whole form, then save only the fields typed here (one store call)."""
        self._save()

    def _save(self, *, clear_ok: bool = False, unusual_ok: bool = False,
              kept: tuple[str, ...] = ()) -> None:
        """Check, merge with the file, ask what needs asking, then write.

        Each question (which day, removing a value, an unusual value, a conflict) comes back
        here with its answer, so the checks after it still run on the latest values.
        """
        assert self.day is not None
        read_before = dict(self._loaded)
        self._catch_up()
        # Fields the catch-up just took from the file (typed ones stay as typed).
        caught = (*kept, *(k for k in read_before if read_before[k] != self._loaded.get(k)))
        values, errors = daybook.parse_day_form(self.raw_values(), self.scale, self.marker)
        self._show_errors(errors)
        if errors:
            first = next(iter(errors))
            self._input(first).focus()
            self._status("Not saved: fix the marked field.")
            return
        if self._needs_day_question():
            self._pending_save = True
            self._ask_day()
            return
        day = self.day
        mine = daybook.form_text(values)
        theirs = self._raw_of(self.journal.entry(day))
        result = merge.three_way(self._loaded, mine, theirs)
        if result.conflicts:
            self._ask_conflicts(result.conflicts, clear_ok=clear_ok, unusual_ok=unusual_ok,
                                kept=caught)
            return
        writes = {k: values[k] for k in result.writes}
        if not writes:
            self._loaded = theirs
            self._fill_changed(theirs)
            kept_now = tuple(dict.fromkeys((*caught, *result.kept)))
            if kept_now:
                self._status("Nothing else to save. Kept from elsewhere: "
                             + ", ".join(self._field_name(k) for k in kept_now) + ".",
                             error=False)
            elif self.journal.entry(day) is None:
                self._status(f"Nothing to save yet: type your pain (0-{self.scale}) first.",
                             error=False)
            else:
                self._status("Nothing changed since the last save.", error=False)
            self._draw_state()
            return
        removing: list[str] = [k for k in ("pain", "function")
                               if k in writes and writes[k] is None]
        if removing and not clear_ok:
            self._ask_removal(removing, unusual_ok, caught)
            return
        unusual = plausible.unusual_values(writes, self.journal, day, self.marker)
        if unusual and not unusual_ok:
            self._ask_unusual(unusual, clear_ok, caught)
            return
        base, _ = daybook.parse_day_form({k: self._loaded[k] for k in writes}, 100, None)
        kept = tuple(dict.fromkeys((*caught, *result.kept)))
        self._save_entry(writes, base, kept, clear_ok=clear_ok, unusual_ok=unusual_ok)

    def _field_name(self, key: str) -> str:
        if key == "function":
            return self.marker.name if self.marker else "function"
        return {"pain": "pain", "sleep_wakings": "night wakings", "mood": "mood/anxiety",
                "fatigue": "fatigue", "medicine": "pain medicine", "flare": "flare-up",
                "note": "note"}.get(key, key.replace("_", " "))

    def _whose(self) -> str:
        assert self.day is not None
        return "today's" if self.day == self.clock.today() else f"{daybook.fmt_day(self.day)}'s"

    def _ask_removal(self, keys: list[str], unusual_ok: bool, kept: tuple[str, ...]) -> None:
        from journal.widgets.log_modals import AskDialog

        names = " and ".join(self._field_name(k) for k in keys)
        saved = ", ".join(f"{self._field_name(k)} {self._loaded[k]}" for k in keys)
        values = "values" if len(keys) > 1 else "value"

        def answered(yes: bool | None) -> None:
            if yes:
                self._save(clear_ok=True, unusual_ok=unusual_ok, kept=kept)
                return
            for key in keys:  # kept: the saved value goes back into its field
                self._input(key).value = self._loaded[key]
            self._status(f"Kept {saved}. Nothing saved yet.", error=False)

        self.app.push_screen(AskDialog(
            f"Remove {self._whose()} {names} {values}?",
            f"The field is empty, so saving removes what is stored ({saved}).",
            "Remove it", "Keep it"), answered)

    def _ask_unusual(self, unusual: dict[str, str], clear_ok: bool,
                     kept: tuple[str, ...]) -> None:
        from journal.widgets.log_modals import AskDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._save(clear_ok=clear_ok, unusual_ok=True, kept=kept)
                return
            self._show_errors({k: f"check: {text}" for k, text in unusual.items()})
            self._input(next(iter(unusual))).focus()
            self._status("Not saved: check the marked value.")

        lines = "; ".join(unusual.values())
        self.app.push_screen(AskDialog(
            "Is this value right?", f"{lines[:1].upper()}{lines[1:]}. A slip here would move "
            "the averages and the verdict.", "Save it", "Change it"), answered)

    def _ask_conflicts(self, conflicts: dict[str, tuple[Any, Any]], *, clear_ok: bool,
                       unusual_ok: bool, kept: tuple[str, ...]) -> None:
        from journal.widgets.log_modals import ConflictDialog

        assert self.day is not None
        day = self.day
        rows = [(k, self._field_name(k), daybook.shown_value(k, mine),
                 daybook.shown_value(k, theirs)) for k, (mine, theirs) in conflicts.items()]

        def answered(picks: dict[str, str] | None) -> None:
            if picks is None or self.day != day:
                self._status("Not saved: the values changed elsewhere are shown in the "
                             "dialog; save again to choose.", error=False)
                return
            theirs = self._raw_of(self.journal.entry(day))
            for key, pick in picks.items():
                self._loaded = {**self._loaded, key: theirs[key]}
                if pick == "theirs":
                    self._fill_changed({**self.raw_values(), key: theirs[key]})
            self._save(clear_ok=clear_ok, unusual_ok=unusual_ok, kept=kept)

        self.app.push_screen(ConflictDialog(daybook.fmt_day(day), rows), answered)

    def _save_entry(self, changes: dict[str, Any], expect: dict[str, Any],
                    kept: tuple[str, ...] = (), **asked: bool) -> None:
        assert self.day is not None
        day = self.day
        before = self.journal.entry(day)
        try:
            entry, created = self.store.log_day(day, expect=expect, **changes)
        except ChangedElsewhere:
            # Written elsewhere between reading and saving: merge again with the latest.
            self.japp.journal_changed()
            if not self.is_current:
                self.journal_changed()
            self._save(**asked, kept=kept)
            return
        except ValidationError as exc:
            key = {"pain": "pain", "note": "note"}.get(exc.field)
            if key:
                self._show_errors({key: str(exc)})
            self._status(f"Not saved: {exc}")
            return
        except JournalFileError as exc:
            self._status(f"Not saved. {exc}  Your values are still here; try again.")
            self.notify(str(exc), title="Not saved", severity="error", timeout=8)
            return
        pairs = {k: (expect.get(k), v) for k, v in changes.items()}
        self._push_undo(self._entry_step(day, pairs, before, entry, created))
        self._redo.clear()
        self._drafts.pop(day, None)
        # Typing in fields not saved (none here) stays; the rest shows the file.
        self._loaded = self._raw_of(entry)
        self._fill(self._loaded)
        self._clear_errors()
        self.redraw()
        # Back to the top with the value selected: typing again replaces, never appends.
        pain = self._input("pain")
        if self.focused is pain:
            pain.select_all()
        else:
            self.set_focus(pain)
        verb = "Saved" if created else "Updated"
        message = f"{verb} {daybook.fmt_day(day)}: {daybook.entry_summary(entry, self.marker)}"
        removed = [self._field_name(k) for k, v in changes.items() if v in (None, "")]
        if removed:
            message += f". Removed: {', '.join(removed)}"
        if kept:
            message += (". Kept from elsewhere: "
                        + ", ".join(self._field_name(k) for k in kept))
        self._status(message + ".", error=False)
        self.notify(message + ".", timeout=4)

    @staticmethod
    def _entry_step(day: date, pairs: dict[str, tuple[Any, Any]], before: DayEntry | None,
                    entry: DayEntry, created: bool) -> EntryStep:
        """The undo step of a save; exact when nothing but ``pairs`` differs from ``before``."""
        if created:  # the day did not exist under the lock: the entry holds only this save
            return EntryStep(day, pairs, entry, None, True)
        afters = {k: after for k, (_before, after) in pairs.items()}
        exact_ok = (before is not None
                    and before.replace(**afters, edited_at=entry.edited_at) == entry)
        return EntryStep(day, pairs, entry, before, exact_ok)

    def action_peg(self) -> None:
        """The clinician question due today, else PEG-3 for the shown day's week."""
        if self._not_future():
            from journal.widgets.measure_prompts import open_due

            open_due(self, self.day)  # type: ignore[arg-type]  # the day is set here

    def action_use_previous(self) -> None:
        """Fill the form with the last logged values (shown as hints); still needs saving."""
        previous = self._previous_hint()
        if previous is None:
            self.notify("No recent entry to copy from.", timeout=3)
            return
        hints = daybook.hint_values(previous)
        for key, text in hints.items():
            self._input(key).value = text
        self._draw_state()
        self._status(f"Filled in from {daybook.fmt_day(previous.day)}. Check them, then save "
                     "(enter or ctrl+s); nothing is saved until you do.", error=False)
        self._input("pain").focus()

    # --- the day boundary ------------------------------------------------------------------
    def _needs_day_question(self) -> bool:
        now = self.clock.now()
        return (daybook.in_small_hours(now, self._start_hour)
                and self.day == now.date() and self._asked_for != now.date())

    def _ask_day_if_needed(self) -> None:
        if self.is_current and self._needs_day_question():
            self._ask_day()

    def _ask_day(self) -> None:
        now = self.clock.now()
        yesterday, today = daybook.boundary_days(now)
        self._asked_for = today
        from journal.widgets.log_modals import DayQuestion  # dialogs load when first opened

        self.app.push_screen(DayQuestion(yesterday, today, f"{now:%H:%M}"), self._day_answered)

    def _day_answered(self, day: date | None) -> None:
        if day is None or self.day is None:
            return
        if day != self.day:
            # Keep what was typed: the values move with the answer.
            raw = self.raw_values()
            typed = merge.changed_here(self._loaded, raw)
            self._load_day(day)
            self._fill_changed({**self.raw_values(), **{k: raw[k] for k in typed}})
            self.redraw()
        if self._pending_save:
            self._pending_save = False
            self.action_save()
        else:
            self._input("pain").focus()

    # --- sessions and side effects ---------------------------------------------------------
    def _not_future(self) -> bool:
        return self.day is not None and self.day <= self.clock.today()

    def action_session(self) -> None:
        if not self._not_future():
            return
        assert self.day is not None
        block = self.journal.block_for(self.day)
        from journal.widgets.log_modals import SessionDialog

        dialog = SessionDialog(
            self.day, daybook.session_prefill(self.journal, self.day),
            block.current.currency if block else "",
            self.journal.open_side_effects(before=self.day), self._save_session,
            planned=daybook.is_planned_session(self.journal, self.day),
            recorded=self.day in self.journal.sessions)
        self.app.push_screen(dialog, lambda _saved: self.redraw())

    def _save_session(self, session: Session, answers: dict[str, bool]) -> str | None:
        """Save the session, then the answers; undo puts all of it back."""
        before = self.journal.sessions.get(session.day)
        what = "is back to how it was" if before is not None else "is removed again"
        step = UndoStep(f"the session on {daybook.fmt_day(session.day)} {what}", session.day,
                        redo_label=f"the session on {daybook.fmt_day(session.day)}")
        try:
            saved, _created = self.store.save_session(session)
        except (ValidationError, JournalFileError) as exc:
            return f"Not saved. {exc}"
        step.inverse.append(partial(self.store.put_session, before, session.day))
        step.forward.append(partial(self.store.put_session, saved, session.day))
        self._redo.clear()
        problem = self._save_answers(answers, step)
        self._push_undo(step)
        self.redraw()
        self.notify(f"Session saved for {daybook.fmt_day(session.day)}.", timeout=3)
        self._notify_unsettled(answers)
        if problem:
            self.notify(problem, title="Some answers not saved", severity="error", timeout=8)
        return None

    def _save_answers(self, answers: dict[str, bool], step: UndoStep) -> str | None:
        for effect_id, settled in answers.items():
            old = next((s.settled for s in self.journal.side_effects if s.id == effect_id),
                       None)
            try:
                self.store.set_settled(effect_id, settled)
            except (ValidationError, JournalFileError) as exc:
                return f"Whether side effects settled was not saved: {exc}"
            step.inverse.insert(0, partial(self.store.set_settled, effect_id, old))
            step.forward.append(partial(self.store.set_settled, effect_id, settled))
        return None

    def _notify_unsettled(self, answers: dict[str, bool]) -> None:
        if any(settled is False for settled in answers.values()):
            self.notify("A side effect did not settle before this session. That is a signal "
                        "to lower the intensity or to reconsider the block.",
                        title="Worth a pause", severity="warning", timeout=10)

    def action_settle(self) -> None:
        if self.day is None:
            return
        questions = daybook.settle_questions(self.journal, self.day)
        if not questions:
            self.notify(daybook.settle_later_text(self.journal, self.day), timeout=6)
            return
        from journal.widgets.log_modals import SettleDialog

        self.app.push_screen(SettleDialog(self.day, questions, self._save_settle),
                             lambda _saved: self.redraw())

    def _save_settle(self, answers: dict[str, bool]) -> str | None:
        assert self.day is not None
        step = UndoStep("the answers about side effects are taken back", self.day,
                        redo_label="the answers about side effects")
        problem = self._save_answers(answers, step)
        if step.inverse:
            self._push_undo(step)
        self.redraw()
        if problem:
            return problem
        self._notify_unsettled(answers)
        return None

    def action_side_effects(self) -> None:
        """Side effects belong to a session: the one on this day, or the latest just before."""
        if not self._not_future():
            return
        assert self.day is not None
        day = daybook.effects_day(self.journal, self.day)
        from journal.widgets.log_modals import SideEffectsDialog

        self.app.push_screen(
            SideEffectsDialog(day, self.journal.side_effects_on(day),
                              partial(self._save_effects, day),
                              session=day in self.journal.sessions),
            lambda _saved: self.redraw())

    def _save_effects(self, day: date, items: list[tuple[str, int]]) -> str | None:
        """Add the side effects in one write: all of them are saved, or none."""
        try:
            added = self.store.add_side_effects(day, items)
        except (ValidationError, JournalFileError) as exc:
            return f"Not saved. {exc}"
        step = UndoStep(f"the side effects added for {daybook.fmt_day(day)} are "
                        "removed again", day,
                        [partial(self.store.delete_side_effect, e.id) for e in added],
                        redo_label=f"the side effects for {daybook.fmt_day(day)}")
        self._push_undo(step)
        self.redraw()
        self.notify(f"{len(added)} side effect{'s' if len(added) != 1 else ''} saved for "
                    f"the session on {daybook.fmt_day(day)}.", timeout=3)
        return None

    # --- undo and redo ----------------------------------------------------------------------
    def _push_undo(self, step: UndoStep | EntryStep) -> None:
        self._undo.append(step)
        del self._undo[:-UNDO_DEPTH]
        self._refresh_keys()

    def _latest_for_day(self, stack: list[UndoStep | EntryStep]) -> int | None:
        """The newest step on ``stack`` for the day shown."""
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].day == self.day:
                return i
        return None

    def action_undo(self) -> None:
        self._undo_or_redo(undo=True)

    def action_redo(self) -> None:
        self._undo_or_redo(undo=False)

    def _undo_or_redo(self, *, undo: bool) -> None:
        """The newest change to the day shown; one to another day only after asking."""
        stack, word = (self._undo, "undo") if undo else (self._redo, "redo")
        if not stack:
            self.notify(f"Nothing to {word} on this screen.", timeout=3)
            return
        index = self._latest_for_day(stack)
        if index is not None:
            self._run_step(stack.pop(index), undo=undo)
            return
        step = stack[-1]
        from journal.widgets.log_modals import AskDialog

        def answered(yes: bool | None) -> None:
            if yes and step in stack:
                stack.remove(step)
                self._run_step(step, undo=undo)

        self.app.push_screen(AskDialog(
            f"{word.capitalize()} a change to {daybook.fmt_long_day(step.day)}?",
            f"Nothing to {word} for the day shown. The newest change you can {word} is to "
            f"{daybook.fmt_day(step.day)}.", f"{word.capitalize()} it", "Leave it"), answered)

    def _run_step(self, step: UndoStep | EntryStep, *, undo: bool) -> None:
        self._catch_up()
        again: UndoStep | EntryStep | None
        try:
            if isinstance(step, EntryStep):
                message, again = self._apply_entry(step, undo=undo)
            else:
                message, again = self._apply_calls(step, undo=undo)
        except (JournalFileError, ValidationError) as exc:
            (self._undo if undo else self._redo).append(step)  # still there to try again
            self.notify(f"Could not {'undo' if undo else 'redo'}: {exc}",
                        title="Not undone" if undo else "Not redone", severity="error",
                        timeout=8)
            self.redraw()
            return
        if again is not None:
            (self._redo if undo else self._undo).append(again)
        self.journal_changed()
        self._refresh_keys()
        self._status(message, error=False)
        self.notify(message, timeout=4)

    def _apply_calls(self, step: UndoStep, *, undo: bool) -> tuple[str, UndoStep | None]:
        calls = step.inverse if undo else step.forward
        if not undo and not calls:
            return (f"Cannot redo: {step.redo_label or 'that change'}; enter it again.", None)
        pending = list(calls)
        while pending:
            try:
                pending[0]()
            except (JournalFileError, ValidationError):
                # What ran stays done; the step keeps only what is left to run.
                calls[:] = pending
                raise
            pending.pop(0)
        if undo:
            return f"Undone: {step.label}.", step
        return f"Redone: {step.redo_label}.", step

    def _apply_entry(self, step: EntryStep, *, undo: bool) -> tuple[str, EntryStep | None]:
        """Put fields back while the file still holds what this screen wrote; keep the rest."""
        day, when = step.day, daybook.fmt_day(step.day)
        current = self.journal.entry(day)
        if undo and step.exact_ok and current == step.saved:
            try:
                self.store.put_entry(step.exact, day, expect=step.saved)
            except ChangedElsewhere:
                self._catch_up()
                current = self.journal.entry(day)
            else:
                what = "is back to how it was" if step.exact is not None else "is removed again"
                redo = EntryStep(day, step.changes, step.exact, None, False)
                return f"Undone: the entry for {when} {what}.", redo
        pairs = (step.changes if undo
                 else {k: (after, before) for k, (before, after) in step.changes.items()})
        for _attempt in range(3):
            writes, left = merge.put_back(pairs, merge.entry_values(current))
            if not writes:
                break
            expect = {k: pairs[k][1] for k in writes}
            try:
                entry, created = self.store.log_day(day, expect=expect, **writes)
            except ChangedElsewhere:
                self._catch_up()
                current = self.journal.entry(day)
                continue
            done = {k: step.changes[k] for k in writes}
            shown = ", ".join(f"{self._field_name(k)} {self._shown(k, v)}"
                              for k, v in writes.items())
            message = f"{'Undone' if undo else 'Redone'}: {shown} on {when}"
            if left:
                message += ("; kept what was saved elsewhere since for "
                            + ", ".join(self._field_name(k) for k in left))
            if undo:
                again = EntryStep(day, done, entry, None, False)
            else:
                again = self._entry_step(day, done, current, entry, created)
            return message + ".", again
        names = ", ".join(self._field_name(k) for k in step.changes)
        return (f"Nothing to {'undo' if undo else 'redo'}: {names} on {when} was changed "
                "elsewhere since, and that is kept.", None)

    @staticmethod
    def _shown(key: str, value: Any) -> str:
        return daybook.shown_value(key, daybook.form_text({key: value})[key])

    # --- palette and outside changes ---------------------------------------------------------
    def run_palette_action(self, action: str) -> None:
        """Run an action chosen in the command palette (focus is not in a field then)."""
        getattr(self, f"action_{action}")()

    def journal_changed(self) -> None:
        """Redraw from the journal; values being typed are kept, a clean form is reloaded."""
        if self.day is None or not self.query("#f-flare"):
            return  # not drawn yet, or being taken down as the app quits
        today = self.clock.today()
        if self._today_seen is not None and today != self._today_seen:
            if self.day == self._today_seen and not self.dirty:
                self.day = today
            self._today_seen = today
        if not self.dirty:
            self._load_day(self.day, keep_status=True)
        else:
            # Fields without typing follow the file; typed ones stay (a save merges them).
            self._loaded, mine = merge.refreshed(
                self._loaded, self.raw_values(), self._raw_of(self.journal.entry(self.day)))
            self._fill_changed(mine)
        self.redraw()
