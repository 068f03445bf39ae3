"""The daily log, without the screen: which day an entry is for, the day strip, hints.

Everything the Log screen decides that a test should be able to check without a terminal lives
here: the day-boundary question after midnight, the usual logging time, what each day of the
strip shows, yesterday's values as a hint, which side effects need an answer before a session,
and parsing what was typed into the form into values the store accepts (or per-field messages).
Nothing here imports Textual or TinyDB.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from journal import formats
from journal.domain import checks
from journal.domain.errors import ValidationError
from journal.domain.merge import entry_values
from journal.domain.models import (
    DAY_NUMBERS,
    SESSION_NUMBERS,
    SEVERITIES,
    TOLERANCES,
    Block,
    DayEntry,
    FunctionMarker,
    Journal,
    Session,
    SideEffect,
)

#: Before this hour an entry probably belongs to the evening before (setting ``day_start_hour``).
DEFAULT_DAY_START_HOUR = 4
#: How far from the usual time (in minutes) a gentle note appears.
FAR_FROM_USUAL_MINUTES = 180
#: Entries looked at for the usual logging time, and how many are needed before saying one.
USUAL_TIME_RECENT = 28
USUAL_TIME_MIN_ENTRIES = 3
#: How far back yesterday's values may come from when yesterday itself was not logged.
HINT_LOOKBACK_DAYS = 7
#: How long a side effect that did not settle keeps its signal on the Log screen.
SIGNAL_DAYS = 21
#: The strip without a block: this many days ending today.
NO_BLOCK_DAYS = 35

#: Day-entry form fields, in form order: key -> label used in messages.
DAY_FIELDS = ("pain", "function", "sleep_wakings", "mood", "fatigue", "flare", "note")


# --- words: one home for every format (journal/formats.py) -------------------------------
fmt_day = formats.day_short
fmt_long_day = formats.day_long
fmt_stamp = formats.stamp
fmt_number = formats.typed
fmt_clock = formats.clock_time


# --- the day boundary --------------------------------------------------------------------
def day_start_hour(settings: Mapping[str, Any]) -> int:
    """The configured ``day_start_hour`` (0-12), else 4. A bad value falls back to 4."""
    value = settings.get("day_start_hour", DEFAULT_DAY_START_HOUR)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12:
        return DEFAULT_DAY_START_HOUR
    return value


def in_small_hours(now: datetime, start_hour: int) -> bool:
    """True between midnight and the day-start hour, when "today" is ambiguous."""
    return now.hour < start_hour


def boundary_days(now: datetime) -> tuple[date, date]:
    """(yesterday, today) by the calendar, for the after-midnight question."""
    today = now.date()
    return today - timedelta(days=1), today


def logging_day(now: datetime, start_hour: int) -> date:
    """The day an entry made at ``now`` is most likely for (yesterday in the small hours)."""
    return now.date() - timedelta(days=1) if in_small_hours(now, start_hour) else now.date()


def _shifted_minutes(moment: time, start_hour: int) -> int:
    """Minutes since midnight, with the small hours counted after 23:59 (00:30 -> 24:30)."""
    minutes = moment.hour * 60 + moment.minute
    return minutes + 24 * 60 if moment.hour < start_hour else minutes


def usual_logging_time(
    entries: Mapping[date, DayEntry],
    before: date,
    start_hour: int = DEFAULT_DAY_START_HOUR,
    *,
    recent: int = USUAL_TIME_RECENT,
    min_entries: int = USUAL_TIME_MIN_ENTRIES,
) -> time | None:
    """The median wall-clock time of recent entries logged on their own day (or that night).

    Days filled in later (catching up a week after) say nothing about the person's habit, so
    only entries first recorded on their day, or before the day-start hour of the next, count.
    None until at least ``min_entries`` such entries exist.
    """
    minutes: list[int] = []
    for day in sorted((d for d in entries if d < before), reverse=True):
        at = entries[day].recorded_at
        if at is None:
            continue
        local = at.date()
        same_evening = local == day or (
            local == day + timedelta(days=1) and at.hour < start_hour)
        if same_evening:
            minutes.append(_shifted_minutes(at.time(), start_hour))
        if len(minutes) >= recent:
            break
    if len(minutes) < min_entries:
        return None
    middle = sorted(minutes)[(len(minutes) - 1) // 2] % (24 * 60)  # the low median
    return time(middle // 60, middle % 60)


def minutes_from_usual(now: datetime, usual: time, start_hour: int) -> int:
    """Signed minutes from the usual time to ``now`` (negative: earlier than usual)."""
    return _shifted_minutes(now.time(), start_hour) - _shifted_minutes(usual, start_hour)


def timing_line(now: datetime, usual: time | None, start_hour: int,
                far: int = FAR_FROM_USUAL_MINUTES) -> tuple[str, bool]:
    """What to say about the time of logging today, and whether it is the gentle note.

    Pain changes over the day, so logging at about the same time keeps days comparable; the
    note says so once, without stopping anyone from saving.
    """
    if usual is None:
        return ("Try to log at about the same time each day: pain changes over the day.", False)
    usual_text = fmt_clock(usual)
    delta = minutes_from_usual(now, usual, start_hour)
    if abs(delta) <= far:
        return (f"You usually log around {usual_text}.", False)
    hours = round(abs(delta) / 60)
    side = "earlier" if delta < 0 else "later"
    return (f"You usually log around {usual_text}; now is about {hours} hours {side}. Pain "
            "shifts over the day, so similar times keep days comparable. Saving now is fine.",
            True)


# --- where a day sits --------------------------------------------------------------------
def block_of(journal: Journal, day: date, today: date) -> Block | None:
    """The block a day belongs to; for days before a planned block, that block."""
    block = journal.block_for(day)
    if block is not None:
        return block
    upcoming = journal.current_block(today)
    if upcoming is not None and upcoming.current.baseline_start > day:
        return upcoming
    return None


def is_planned_session(journal: Journal, day: date) -> bool:
    block = journal.block_covering(day)
    return block is not None and day in block.current.planned_session_days()


def no_session_phase(journal: Journal, day: date) -> str:
    """In a planned pause or the follow-up: what the phase asks, gently (else "")."""
    block = journal.block_for(day)
    if block is None:
        return ""
    plan = block.current
    phase = plan.phase(day)
    if phase not in ("pause", "follow-up") or day > plan.follow_up_end:
        return ""
    name = "Pause" if phase == "pause" else "Follow-up"
    return f"{name}: {plan.due_words(day)}. s records a session anyway."


def position_line(journal: Journal, day: date, today: date) -> str:
    """"Baseline day 3 of 7", "Treatment week 2, day 4 - session planned" (or "- session
    recorded" once it is), "No block"."""
    block = block_of(journal, day, today)
    if block is None:
        return "No block"
    text = block.current.position(day)
    if day in journal.sessions:
        text += " - session recorded"
    elif is_planned_session(journal, day):
        text += " - session planned"
    return text


# --- the strip ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DayMark:
    """What the strip shows for one date."""

    day: date
    phase: str  # a Plan phase kind (baseline, treatment, pause, ...) or none
    logged: bool = False
    missed: bool = False
    future: bool = False
    today: bool = False
    session: bool = False
    planned_session: bool = False
    flare: bool = False
    side_effect: bool = False
    unsettled: bool = False


@dataclass(frozen=True)
class StripGroup:
    """A run of up to seven days drawn together under one label ("Base", "Wk 3", "F 1").

    The label may be longer than the run is wide; the strip shortens it when drawing.
    """

    label: str
    phase: str
    days: tuple[DayMark, ...]


def strip_range(journal: Journal, day: date, today: date) -> tuple[date, date]:
    """First and last date of the strip around ``day``.

    With a block: its baseline through its treatment end (and on to today in follow-up).
    Without one: the last five weeks.
    """
    block = journal.block_for(day)
    if block is not None:
        plan = block.current
        end = max(plan.block_end, day)
        if journal.block_for(today) is block:
            end = max(end, today)
        return plan.baseline_start, end
    end = today if (today - day).days < NO_BLOCK_DAYS else day + timedelta(days=NO_BLOCK_DAYS // 2)
    return end - timedelta(days=NO_BLOCK_DAYS - 1), end


def day_mark(journal: Journal, day: date, today: date, *, block: Block | None = None,
             planned: frozenset[date] | None = None) -> DayMark:
    """What the strip shows for ``day``.

    ``block`` and ``planned`` (its planned session days) may be passed in when drawing many
    days of one block, to avoid working them out again for every day.
    """
    entry = journal.entry(day)
    if block is None:
        block = journal.block_for(day)
    phase = block.current.phase(day) if block is not None else "none"
    if planned is None:
        planned = frozenset(block.current.planned_session_days()) if block else frozenset()
    logged = entry is not None and not entry.is_empty
    effects = journal.side_effects_on(day)
    in_phases = phase in ("baseline", "treatment", "pause", "treatment-2")
    return DayMark(
        day=day,
        phase=phase if phase != "before" else "none",
        logged=logged,
        missed=not logged and day < today and in_phases,
        future=day > today,
        today=day == today,
        session=day in journal.sessions,
        planned_session=in_phases and day in planned,
        flare=bool(entry and entry.flare),
        side_effect=bool(effects),
        unsettled=any(s.settled is False for s in effects),
    )


def strip_groups(journal: Journal, day: date, today: date) -> list[StripGroup]:
    """The strip around ``day``: runs of days labelled by phase and week."""
    first, last = strip_range(journal, day, today)
    block = journal.block_for(day)
    plan = block.current if block is not None else None
    planned = frozenset(plan.planned_session_days()) if plan is not None else frozenset()
    groups: list[StripGroup] = []
    run: list[DayMark] = []
    run_key: tuple[str, int] | None = None

    def key_of(d: date) -> tuple[str, int]:
        if plan is None:
            return ("none", (d - first).days // 7)
        phase = plan.phase(d)
        if phase == "baseline":
            return ("baseline", (d - plan.baseline_start).days // 7)
        if phase == "follow-up":
            return ("follow-up", (d - plan.block_end - timedelta(days=1)).days // 7)
        span = plan.phase_span(phase)
        return (phase, (d - span[0]).days // 7 if span else 0)

    def close() -> None:
        if run_key is None or not run:
            return
        phase, index = run_key
        if phase == "baseline":
            label = "Base"
        elif phase == "treatment":
            label = f"Wk {index + 1}"
        elif phase == "follow-up":
            label = f"F {index + 1}"
        elif phase == "pause":
            label = f"Pause {index + 1}"
        elif phase == "treatment-2":
            label = f"T2 Wk {index + 1}"
        else:
            label = f"{run[0].day.day} {run[0].day:%b}"
        groups.append(StripGroup(label, phase, tuple(run)))

    d = first
    while d <= last:
        key = key_of(d)
        if key != run_key:
            close()
            run, run_key = [], key
        run.append(day_mark(journal, d, today, block=block, planned=planned))
        d += timedelta(days=1)
    close()
    return groups


# --- hints and side effects --------------------------------------------------------------
def previous_entry(journal: Journal, day: date,
                   lookback: int = HINT_LOOKBACK_DAYS) -> DayEntry | None:
    """The most recent entry with pain or function in the ``lookback`` days before ``day``."""
    for back in range(1, lookback + 1):
        entry = journal.entry(day - timedelta(days=back))
        if entry is not None and (entry.pain is not None or entry.function is not None):
            return entry
    return None


def hint_values(entry: DayEntry | None) -> dict[str, str]:
    """The form values a previous entry would fill in (only the fields it has)."""
    if entry is None:
        return {}
    values = {
        "pain": fmt_number(entry.pain),
        "function": fmt_number(entry.function),
        "sleep_wakings": fmt_number(entry.sleep_wakings),
        "mood": fmt_number(entry.mood),
        "fatigue": fmt_number(entry.fatigue),
        "medicine": fmt_number(entry.medicine),
    }
    return {k: v for k, v in values.items() if v}


def is_session_day(journal: Journal, day: date) -> bool:
    return day in journal.sessions or is_planned_session(journal, day)


def effects_day(journal: Journal, day: date, lookback: int = 3) -> date:
    """The session day side effects noted on ``day`` belong to.

    ``day`` itself when a session was recorded or planned on it; else the latest recorded
    session in the ``lookback`` days before (soreness noted the morning after); else ``day``.
    """
    if is_session_day(journal, day):
        return day
    for back in range(1, lookback + 1):
        if day - timedelta(days=back) in journal.sessions:
            return day - timedelta(days=back)
    return day


def settle_questions(journal: Journal, day: date) -> list[SideEffect]:
    """Side effects to ask about on ``day``: open ones from before, on a session day only."""
    if not is_session_day(journal, day):
        return []
    return journal.open_side_effects(before=day)


def settle_later_text(journal: Journal, day: date) -> str:
    """Why ``a`` cannot ask on ``day`` yet, and when it can; "" when nothing is open."""
    waiting = journal.open_side_effects(before=day)
    if not waiting:
        return "No side effects are waiting for an answer."
    first = min(s.day for s in waiting)
    asked = journal.next_session_day(first)
    if asked is None:
        return (f"Whether the side effect from {fmt_day(first)} settled is asked at the next "
                "session; none is planned yet. Record one with s.")
    if asked > day:
        return (f"Whether the side effect from {fmt_day(first)} settled is asked at the next "
                f"session, {fmt_day(asked)}: press a on that day.")
    return (f"Whether the side effect from {fmt_day(first)} settled is asked on a session "
            f"day: go to {fmt_day(asked)} (or a later session day) and press a there.")


def unsettled_signals(journal: Journal, day: date,
                      window: int = SIGNAL_DAYS) -> list[SideEffect]:
    """Side effects marked as not settled, from the ``window`` days up to ``day``."""
    return [s for s in journal.side_effects
            if s.settled is False and day - timedelta(days=window) <= s.day <= day]


def signal_text(effects: list[SideEffect]) -> str:
    """The plain message for side effects that did not settle before the next session."""
    if not effects:
        return ""
    names = "; ".join(f"{s.label} ({SEVERITIES[s.severity]}) after {fmt_day(s.day)}"
                      for s in effects)
    return (f"Did not settle before the next session: {names}. A side effect that lasts "
            "from one session to the next is a signal to lower the intensity (lighter "
            "pressure, shorter sessions) or to reconsider the block. It may help to talk it "
            "over with your therapist or clinician.")


def effect_line(effect: SideEffect) -> str:
    """``soreness (moderate)``, with ``settled`` / ``did not settle`` once answered."""
    state = {None: "", True: ", settled", False: ", did not settle"}[effect.settled]
    return f"{effect.label} ({SEVERITIES[effect.severity]}{state})"


# --- sessions ------------------------------------------------------------------------------
def session_prefill(journal: Journal, day: date) -> dict[str, str]:
    """Form values for the session on ``day``: as recorded, else as planned."""
    session = journal.sessions.get(day)
    if session is not None:
        return {
            "minutes": str(session.minutes),
            "pressure": session.pressure,
            "areas": ", ".join(session.areas),
            "cost": fmt_number(session.cost),
            "tolerance": session.tolerance,
            "note": session.note,
        }
    block = journal.block_for(day)
    if block is None:
        return {"minutes": "", "pressure": "light", "areas": "", "cost": "",
                "tolerance": "ok", "note": ""}
    plan = block.current
    return {
        "minutes": str(plan.minutes),
        "pressure": plan.pressure,
        "areas": ", ".join(plan.areas),
        "cost": fmt_number(plan.cost_per_session),
        "tolerance": "ok",
        "note": "",
    }


def session_summary(session: Session, currency: str = "") -> str:
    """``45 min · light · low back, shoulders · 60.00 EUR · intensity ok``."""
    parts = [f"{session.minutes} min", session.pressure]
    if session.areas:
        parts.append(", ".join(session.areas))
    if session.cost is not None:
        parts.append(formats.money(session.cost, currency))
    parts.append(f"intensity {TOLERANCES[session.tolerance]}")
    return " · ".join(parts)


def parse_session_form(raw: Mapping[str, str], day: date) -> tuple[Session | None,
                                                                     dict[str, str]]:
    """A Session from the typed form, or per-field messages (nothing half-parsed)."""
    errors: dict[str, str] = {}

    def grab(key: str, fn: Any) -> Any:
        try:
            return fn()
        except ValidationError as exc:
            errors[key] = str(exc)
            return None

    minutes_field, cost_field = SESSION_NUMBERS
    minutes = grab("minutes", lambda: minutes_field.check(raw.get("minutes", "")))
    pressure = grab("pressure", lambda: checks.text(raw.get("pressure", ""), "pressure",
                                                    max_len=60))
    areas = grab("areas", lambda: tuple(
        checks.text(a, "areas", max_len=40) for a in raw.get("areas", "").split(",")
        if a.strip()))
    cost = grab("cost", lambda: cost_field.check(raw.get("cost", "")))
    tolerance = grab("tolerance", lambda: checks.choice(raw.get("tolerance", "ok"),
                                                        "tolerance",
                                                        TOLERANCES))
    note = grab("note", lambda: checks.text(raw.get("note", ""), "note",
                                            max_len=checks.MAX_NOTE, multiline=True))
    if errors:
        return None, errors
    try:
        session = Session(day, minutes, pressure or "light", areas, cost, tolerance, note)
    except ValidationError as exc:
        return None, {"minutes": str(exc)}
    return session, {}


# --- the day form --------------------------------------------------------------------------
def parse_day_form(
    raw: Mapping[str, Any], scale: int, marker: FunctionMarker | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean values from the typed form, and a message per field that is not acceptable.

    ``raw`` maps the :data:`DAY_FIELDS` keys to typed text (``flare`` to a bool). Messages
    name the field and the allowed range, e.g. ``pain: must be a number from 0 to 10 (got 11)``.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    fname = marker.name if marker else "function"
    specs = {f.name: (f.label, f.low, f.high, f.integer) for f in DAY_NUMBERS}
    # Pain is checked on the scale of the day's block, function under the marker's name.
    specs["pain"] = ("pain", 0, scale, False)
    specs["function"] = (fname, *specs["function"][1:])
    for key, (label, low, high, integer) in specs.items():
        if key not in raw:
            continue
        try:
            values[key] = checks.optional_number(raw[key], label, low, high, integer=integer)
        except ValidationError as exc:
            errors[key] = str(exc)
    if "flare" in raw:
        values["flare"] = bool(raw["flare"])
    if "note" in raw:
        try:
            values["note"] = checks.text(raw["note"], "note", max_len=checks.MAX_NOTE,
                                         multiline=True)
        except ValidationError as exc:
            errors["note"] = str(exc)
    return values, errors


def changed_values(values: Mapping[str, Any], entry: DayEntry | None) -> dict[str, Any]:
    """Only the fields that differ from what is stored, so an update touches nothing else."""
    stored = entry_values(entry)
    return {k: v for k, v in values.items() if k in stored and stored[k] != v}


def entry_summary(entry: DayEntry, marker: FunctionMarker | None) -> str:
    """``pain 4 · walking minutes before stopping 20`` for notifications."""
    parts = []
    if entry.pain is not None:
        parts.append(f"pain {fmt_number(entry.pain)}")
    if entry.function is not None:
        parts.append(marker.value_words(fmt_number(entry.function)) if marker
                     else f"function {fmt_number(entry.function)}")
    if entry.flare:
        parts.append("flare-up")
    return " · ".join(parts) or "entry"


def refused_message(label: str, character: str, integer: bool) -> str:
    """Why a number field did not take ``character``: said at the field, never a silent drop."""
    if character == "-":
        return f"{label} cannot be negative"
    if character in ".,":
        if integer:
            return f"{label} takes whole numbers only"
        return f"{label} has one decimal point at most"
    return f"{label} takes digits only ({character!r} was not typed)"


def form_text(values: Mapping[str, Any]) -> dict[str, Any]:
    """Stored-style values (as :func:`entry_values` gives) as the form shows them."""
    raw: dict[str, Any] = {k: fmt_number(values.get(k)) for k in
                           ("pain", "function", "sleep_wakings", "mood", "fatigue", "medicine")}
    raw["note"] = values.get("note") or ""
    raw["flare"] = bool(values.get("flare", False))
    return raw


def shown_value(key: str, text: Any) -> str:
    """A form value in a sentence: ``4``, ``(empty)``, ``flare-up``, a short quoted note."""
    if key == "flare":
        return "flare-up" if text else "no flare-up"
    if text in ("", None):
        return "(empty)"
    if key == "note":
        one = " ".join(str(text).split())
        return repr(one if len(one) <= 30 else one[:27] + "...")
    return str(text)


def ask_line(journal: Journal, day: date, today: date) -> str:
    """The Log screen's line asking the question due today ("" when none is); ``p`` opens it
    (:func:`journal.widgets.measure_prompts.open_due`)."""
    from journal.domain.clinical import due_question

    block = journal.block_for(today) if day == today else None
    due = due_question(block, today) if block is not None else None
    if due is None:
        return ""
    return f"{due[1]}? p answers."
