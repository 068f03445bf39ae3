"""The plan form as plain data: a draft of what a person typed, and what it means.

The plan screen keeps every field as the text (or choice) the person entered, in a
:class:`PlanDraft`. This module turns a draft into a validated :class:`Plan` (or into one
message per field, so each message can sit beside its field), builds the live summary and the
history lines, says whether a block is past, active or planned, and prepares "a new block from
this one". It imports no UI code, so all of it is tested without a terminal.

Validation is not duplicated here: each field is checked by the model itself (a known-good
plan with only that field replaced), so the ranges and the wording live in one place.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from journal import formats
from journal.domain import checks
from journal.domain.errors import ValidationError
from journal.domain.models import (
    CARE_ROLES,
    COMMON_AREAS,
    CONCURRENT_CARE,
    DEFAULT_CARRY_OVER_DAYS,
    DEFAULT_FOLLOW_UP_WEEKS,
    DEFAULT_PAIN_CHANGE,
    DEFAULT_PAUSE_WEEKS,
    DESIGNS,
    FUNCTION_PRESETS,
    PHASE_LABELS,
    PRESSURES,
    Block,
    FunctionMarker,
    Journal,
    Plan,
    Rule,
)

#: The pressure choice that means "use the words in ``pressure_own``".
OWN_WORDS = "own"
#: Function-marker choices besides the presets.
CUSTOM = "custom"
NO_MARKER = "none"

#: Sensible, gentle defaults for a new block.
DEFAULT_BASELINE_DAYS = 7
DEFAULT_MINUTES = 45
DEFAULT_SESSIONS_PER_WEEK = 1
DEFAULT_WEEKS = 8
DEFAULT_PRESET = "walking"


num_text = formats.typed


def split_list(text: str) -> tuple[str, ...]:
    """Free text such as ``"feet, left wrist"`` as separate items."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class PlanDraft:
    """Every plan field as entered in the form (text for typed fields).

    Two drafts compare equal exactly when the form shows the same thing, which is how the
    screen knows whether there are unsaved changes.
    """

    name: str = ""
    first_session: str = ""
    baseline_days: str = str(DEFAULT_BASELINE_DAYS)
    minutes: str = str(DEFAULT_MINUTES)
    sessions_per_week: str = str(DEFAULT_SESSIONS_PER_WEEK)
    weeks: str = str(DEFAULT_WEEKS)
    gentle_start: bool = False
    pressure: str = "light"
    pressure_own: str = ""
    areas: tuple[str, ...] = ()
    areas_other: str = ""
    technique: str = ""
    therapist: str = ""
    cost: str = ""
    currency: str = ""
    care: tuple[str, ...] = ()
    care_other: str = ""
    care_role: str = "supports"
    pain_scale: str = "10"
    function_preset: str = DEFAULT_PRESET
    function_name: str = FUNCTION_PRESETS[DEFAULT_PRESET].name
    function_unit: str = FUNCTION_PRESETS[DEFAULT_PRESET].unit
    function_better: str = FUNCTION_PRESETS[DEFAULT_PRESET].better
    function_default: float = FUNCTION_PRESETS[DEFAULT_PRESET].default_change
    pain_change: str = num_text(DEFAULT_PAIN_CHANGE[10])
    function_change: str = num_text(FUNCTION_PRESETS[DEFAULT_PRESET].default_change)
    nerve_symptoms: bool = False
    design: str = "AB"
    pause_weeks: str = str(DEFAULT_PAUSE_WEEKS)
    second_weeks: str = ""
    follow_up_weeks: str = str(DEFAULT_FOLLOW_UP_WEEKS)
    carry_over_days: str = str(DEFAULT_CARRY_OVER_DAYS)
    window_from: str = ""
    window_to: str = ""
    seed: str = ""

    def replace(self, **changes: Any) -> PlanDraft:
        return dataclasses.replace(self, **changes)

    @property
    def has_marker(self) -> bool:
        return self.function_preset != NO_MARKER


#: Draft fields in the order the form shows them (the first error found is the first here).
FORM_ORDER: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(PlanDraft)
                                    if f.name != "function_default")

#: The plain-words field name in a ValidationError -> the draft field that shows it.
FIELD_TO_KEY: dict[str, str] = {
    "name": "name",
    "first session date": "first_session",
    "baseline days": "baseline_days",
    "minutes per session": "minutes",
    "sessions per week": "sessions_per_week",
    "number of weeks": "weeks",
    "pressure": "pressure_own",
    "target areas": "areas_other",
    "technique": "technique",
    "therapist": "therapist",
    "cost per session": "cost",
    "currency": "currency",
    "concurrent care": "care_other",
    "massage role": "care_role",
    "pain scale": "pain_scale",
    "function marker name": "function_name",
    "function marker unit": "function_unit",
    "better direction": "function_better",
    "pain change needed": "pain_change",
    "function change needed": "function_change",
    "design": "design",
    "pause weeks": "pause_weeks",
    "second treatment weeks": "second_weeks",
    "follow-up weeks": "follow_up_weeks",
    "carry-over days": "carry_over_days",
    "start window": "window_from",
    "seed": "seed",
}

#: Flat plan keys (see ``Plan.flat``) in plain words, for amendments and the original plan.
FLAT_LABELS: dict[str, str] = {
    "name": "name",
    "first_session": "first session date",
    "weeks": "number of weeks",
    "sessions_per_week": "sessions per week",
    "minutes": "minutes per session",
    "baseline_days": "baseline days",
    "pain_scale": "pain scale",
    "function.name": "function marker",
    "function.unit": "function marker unit",
    "function.better": "better direction",
    "rule.pain_change": "pain change needed",
    "rule.function_change": "function change needed",
    "areas": "target areas",
    "pressure": "pressure",
    "technique": "technique",
    "therapist": "therapist",
    "cost_per_session": "cost per session",
    "currency": "currency",
    "concurrent_care": "concurrent care",
    "care_role": "massage role",
    "gentle_start": "gentle start",
    "nerve_symptoms": "nerve symptoms",
    "design": "design",
    "pause_weeks": "pause weeks",
    "second_weeks": "second treatment weeks",
    "follow_up_weeks": "follow-up weeks",
    "carry_over_days": "carry-over days",
    "window_from": "start window from",
    "window_to": "start window to",
    "seed": "seed of the draw",
}

#: A plan that is valid in every field; one field at a time is swapped in to check it.
_BASE = Plan("base", date(2000, 1, 3), 1, 1, 1)


# --- draft <-> plan ---------------------------------------------------------------------
def preset_key(marker: FunctionMarker | None) -> str:
    """Which preset a marker is (``walking`` ...), ``custom``, or ``none``."""
    if marker is None:
        return NO_MARKER
    for key, preset in FUNCTION_PRESETS.items():
        if (preset.name, preset.unit, preset.better) == (marker.name, marker.unit,
                                                          marker.better):
            return key
    return CUSTOM


def draft_from_plan(plan: Plan) -> PlanDraft:
    """The form showing ``plan`` exactly."""
    marker = plan.function
    rule = plan.rule or Rule(DEFAULT_PAIN_CHANGE[plan.pain_scale])
    return PlanDraft(
        name=plan.name,
        first_session=plan.first_session.isoformat(),
        baseline_days=num_text(plan.baseline_days),
        minutes=num_text(plan.minutes),
        sessions_per_week=num_text(plan.sessions_per_week),
        weeks=num_text(plan.weeks),
        gentle_start=plan.gentle_start,
        pressure=plan.pressure if plan.pressure in PRESSURES else OWN_WORDS,
        pressure_own="" if plan.pressure in PRESSURES else plan.pressure,
        areas=tuple(a for a in COMMON_AREAS if a in plan.areas),
        areas_other=", ".join(a for a in plan.areas if a not in COMMON_AREAS),
        technique=plan.technique,
        therapist=plan.therapist,
        cost=num_text(plan.cost_per_session),
        currency=plan.currency,
        care=tuple(c for c in CONCURRENT_CARE if c in plan.concurrent_care),
        care_other=", ".join(c for c in plan.concurrent_care if c not in CONCURRENT_CARE),
        care_role=plan.care_role,
        pain_scale=str(plan.pain_scale),
        function_preset=preset_key(marker),
        function_name=marker.name if marker else "",
        function_unit=marker.unit if marker else "",
        function_better=marker.better if marker else "higher",
        function_default=marker.default_change if marker else 1.0,
        pain_change=num_text(rule.pain_change),
        function_change=num_text(rule.function_change) if marker else "",
        nerve_symptoms=plan.nerve_symptoms,
        design=plan.design,
        pause_weeks=num_text(plan.pause_weeks),
        second_weeks=num_text(plan.second_weeks),
        follow_up_weeks=num_text(plan.follow_up_weeks),
        carry_over_days=num_text(plan.carry_over_days),
        window_from=plan.window_from.isoformat() if plan.window_from else "",
        window_to=plan.window_to.isoformat() if plan.window_to else "",
        seed="" if plan.seed is None else str(plan.seed),
    )


def with_preset(draft: PlanDraft, key: str) -> PlanDraft:
    """The draft after picking a function-marker preset (``custom`` keeps the fields)."""
    if key in FUNCTION_PRESETS:
        preset = FUNCTION_PRESETS[key]
        return draft.replace(function_preset=key, function_name=preset.name,
                             function_unit=preset.unit, function_better=preset.better,
                             function_default=preset.default_change,
                             function_change=num_text(preset.default_change))
    return draft.replace(function_preset=key)


def with_scale(draft: PlanDraft, scale: str) -> PlanDraft:
    """The draft after switching the pain scale: a default pain change follows the scale."""
    old_default = {num_text(v) for v in DEFAULT_PAIN_CHANGE.values()}
    new = draft.replace(pain_scale=scale)
    if draft.pain_change.strip() in old_default and scale in ("10", "100"):
        new = new.replace(pain_change=num_text(DEFAULT_PAIN_CHANGE[int(scale)]))
    return new


def _pressure(draft: PlanDraft) -> str:
    if draft.pressure != OWN_WORDS:
        return draft.pressure
    if not draft.pressure_own.strip():
        raise ValidationError("pressure", "is empty: describe it in your own words, or pick "
                              "light, moderate or firm")
    return draft.pressure_own


def _marker(draft: PlanDraft) -> FunctionMarker | None:
    if not draft.has_marker:
        return None
    return FunctionMarker(draft.function_name, draft.function_unit, draft.function_better,
                          draft.function_default)


def _plan_kwargs(draft: PlanDraft) -> dict[str, Any]:
    """The draft as Plan arguments; text numbers stay text (the model parses them)."""
    return {
        "name": draft.name,
        "first_session": draft.window_from.strip() or draft.first_session,
        "weeks": draft.weeks,
        "sessions_per_week": draft.sessions_per_week,
        "minutes": draft.minutes,
        "baseline_days": draft.baseline_days,
        "pain_scale": draft.pain_scale,
        "areas": (*draft.areas, *split_list(draft.areas_other)),
        "technique": draft.technique,
        "therapist": draft.therapist,
        "cost_per_session": draft.cost,
        "currency": draft.currency,
        "concurrent_care": (*draft.care, *split_list(draft.care_other)),
        "care_role": draft.care_role,
        "gentle_start": draft.gentle_start,
        "nerve_symptoms": draft.nerve_symptoms,
        **_design_kwargs(draft),
    }


#: Fields that are only valid together (checked with the whole plan, not one by one).
_TOGETHER = ("window_from", "window_to", "seed")


def _design_kwargs(draft: PlanDraft) -> dict[str, Any]:
    """The design fields as Plan arguments; blanks mean the model's defaults (or no window)."""
    # Fields the chosen design does not use are hidden on the form: they keep their text but
    # are neither checked nor stored.
    pause = draft.pause_weeks if draft.design != "AB" else DEFAULT_PAUSE_WEEKS
    second = draft.second_weeks.strip() if draft.design == "ABAB" else ""
    out: dict[str, Any] = {"design": draft.design, "pause_weeks": pause,
                           "second_weeks": second or None,
                           "follow_up_weeks": draft.follow_up_weeks,
                           "carry_over_days": draft.carry_over_days}
    for key in _TOGETHER:
        out[key] = getattr(draft, key).strip() or None
    return out


def with_seed(draft: PlanDraft) -> PlanDraft:
    """The draft with a fresh seed when a start window is given without one (done at save,
    so the draw happens once and the seed is stored with the plan)."""
    if (draft.window_from.strip() or draft.window_to.strip()) and not draft.seed.strip():
        import random

        return draft.replace(seed=str(random.SystemRandom().randrange(1, 1_000_000)))
    return draft


def check_draft(draft: PlanDraft) -> tuple[dict[str, Any], dict[str, ValidationError]]:
    """Check every field on its own.

    Returns the parsed values of the fields that are fine (by Plan argument name) and one
    error per draft field that is not, so every problem can be shown at once.
    """
    parsed: dict[str, Any] = {}
    errors: dict[str, ValidationError] = {}

    def fail(exc: ValidationError, fallback: str) -> None:
        errors.setdefault(FIELD_TO_KEY.get(exc.field, fallback), exc)

    windowed = bool(draft.window_from.strip() or draft.window_to.strip())
    for arg, raw in _plan_kwargs(draft).items():
        if arg == "first_session" and windowed:
            continue  # drawn from the window: the window's own fields carry any message
        if arg in _TOGETHER:
            try:
                if raw is not None:
                    parsed[arg] = (checks.number(raw, "seed", 0, 2**63 - 1, integer=True)
                                   if arg == "seed" else checks.iso_day(raw, "start window"))
            except ValidationError as exc:
                errors.setdefault(arg, exc)
            continue
        try:
            parsed[arg] = getattr(_BASE.replace(**{arg: raw}), arg)
        except ValidationError as exc:
            fail(exc, arg)
    try:
        parsed["pressure"] = _BASE.replace(pressure=_pressure(draft)).pressure
    except ValidationError as exc:
        fail(exc, "pressure_own")
    if windowed and "window_from" in parsed:
        parsed["first_session"] = parsed["window_from"]
    if draft.has_marker:
        for key, attempt in (
            ("function_name", lambda: FunctionMarker(draft.function_name, "")),
            ("function_unit", lambda: FunctionMarker("x", draft.function_unit)),
            ("function_better", lambda: FunctionMarker("x", "", draft.function_better)),
            ("function_change", lambda: _raw_rule(1, draft.function_change).check_positive()),
        ):
            try:
                attempt()
            except ValidationError as exc:
                fail(exc, key)
    try:
        rule = _raw_rule(draft.pain_change)
        rule.check_positive()
        pain = rule.pain_change
        scale = parsed.get("pain_scale")
        if scale is not None and pain > scale:
            raise ValidationError("pain change needed", f"must be from 0 to {scale} "
                                  f"on the 0-{scale} scale (got {num_text(pain)})")
    except ValidationError as exc:
        fail(exc, "pain_change")
    if not errors:
        unseeded = (draft.window_from.strip() or draft.window_to.strip()) and \
            not draft.seed.strip()
        try:
            # Without a seed yet (one is drawn at save), check the rest with a stand-in seed.
            plan = _build(draft.replace(seed="0") if unseeded else draft)
            parsed["plan" if not unseeded else "plan_unseeded"] = plan
        except ValidationError as exc:
            fail(exc, "form")
    return parsed, errors


def _raw_rule(pain: str | float, function: str | None = None) -> Rule:
    """A :class:`Rule` from the form's text, which the rule itself parses and checks."""
    return Rule(pain, function)  # type: ignore[arg-type]  # text: Rule parses it


def _build(draft: PlanDraft) -> Plan:
    marker = _marker(draft)
    rule = _raw_rule(draft.pain_change, draft.function_change if marker else None)
    return Plan(**_plan_kwargs(draft), pressure=_pressure(draft), function=marker, rule=rule)


def draft_errors(draft: PlanDraft) -> dict[str, str]:
    """Draft field -> the message to show beside it ("minutes per session: must be ...").

    In form order; a problem that belongs to no single field comes last under ``"form"``.
    """
    _, errors = check_draft(draft)
    ordered = [key for key in FORM_ORDER if key in errors]
    ordered += [key for key in errors if key not in ordered]
    return {key: str(errors[key]) for key in ordered}


def plan_from_draft(draft: PlanDraft) -> Plan:
    """The validated plan, or the first problem (in form order) as a ValidationError."""
    parsed, errors = check_draft(draft)
    for key in (*FORM_ORDER, *errors):
        if key in errors:
            raise errors[key]
    if "plan" not in parsed:
        raise ValidationError("seed", "is drawn when the plan is saved")
    plan: Plan = parsed["plan"]
    return plan


# --- new blocks ------------------------------------------------------------------------
def free_first_session(journal: Journal, earliest_baseline: date, baseline_days: int,
                       weeks: int, ignore: str | None = None) -> date:
    """The first-session date of a block whose baseline starts on or after
    ``earliest_baseline`` and overlaps none of the journal's blocks."""
    length = baseline_days + weeks * 7
    start = earliest_baseline
    spans = sorted((b.current.baseline_start, b.current.block_end)
                   for b in journal.blocks if b.id != ignore)
    moved = True
    while moved:
        moved = False
        end = start + timedelta(days=length - 1)
        for other_start, other_end in spans:
            if start <= other_end and other_start <= end:
                start = other_end + timedelta(days=1)
                moved = True
                break
    return start + timedelta(days=baseline_days)


def unused_name(journal: Journal, name: str) -> str:
    """``name`` if no block has it, else ``name (2)``, ``name (3)`` ... (never ``(2) (2)``)."""
    if journal.block_by_name(name) is None:
        return name
    base = re.sub(r" \(\d+\)$", "", name)
    n = 2
    while journal.block_by_name(f"{base} ({n})") is not None:
        n += 1
    return f"{base} ({n})"


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_ONLY = re.compile(r"\s*(\d{1,2})\s*")
_DAY_MONTH = re.compile(r"\s*(\d{1,2})\s*([a-z]{3})[a-z]*\.?\s*", re.IGNORECASE)
_MONTH_DAY = re.compile(r"\s*([a-z]{3})[a-z]*\.?\s*(\d{1,2})\s*", re.IGNORECASE)


def expand_day(text: str, today: date) -> str:
    """A short date as the full ``YYYY-MM-DD``: ``14`` is the next 14th from today on,
    ``14 Dec`` or ``Dec 14`` the next 14 December. Anything else comes back unchanged
    (the field's own check then says what is wrong)."""
    match = _DAY_ONLY.fullmatch(text)
    if match:
        day = int(match[1])
        year, month = today.year, today.month
        for _ in range(13):
            try:
                found = date(year, month, day)
            except ValueError:
                found = None
            if found is not None and found >= today:
                return found.isoformat()
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return text
    match = _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text)
    if match:
        day_text_, month_text = (match[1], match[2]) if match.re is _DAY_MONTH else (
            match[2], match[1])
        if month_text.casefold() not in _MONTHS:
            return text
        month = _MONTHS.index(month_text.casefold()) + 1
        for year in (today.year, today.year + 1):
            try:
                found = date(year, month, int(day_text_))
            except ValueError:
                return text
            if found >= today:
                return found.isoformat()
    return text


def new_draft(journal: Journal, today: date) -> PlanDraft:
    """A blank form with gentle defaults; its baseline starts today or after the last block."""
    first = free_first_session(journal, today, DEFAULT_BASELINE_DAYS, DEFAULT_WEEKS)
    return PlanDraft(first_session=first.isoformat())


def next_block_draft(journal: Journal, block: Block, today: date) -> PlanDraft:
    """"New block from this one": the same plan, a free name, and dates after ``block``.

    The baseline starts the day after the source block's treatment ends, or today if that is
    later, and moves past any block already planned there.
    """
    plan = block.current
    earliest = max(plan.block_end + timedelta(days=1), today)
    span_weeks = (plan.block_end - plan.first_session).days // 7 + 1  # pause, 2nd phase too
    first = free_first_session(journal, earliest, plan.baseline_days, span_weeks)
    return draft_from_plan(plan).replace(name=unused_name(journal, plan.name),
                                         first_session=first.isoformat(), window_from="",
                                         window_to="", seed="")


# --- status, summary, history ----------------------------------------------------------
def block_status(block: Block, today: date) -> str:
    """``past`` (treatment over), ``active`` (in baseline or treatment) or ``planned``."""
    plan = block.current
    if today > plan.block_end:
        return "past"
    if today < plan.baseline_start:
        return "planned"
    return "active"


day_text = formats.day_iso


def scale_text(scale: int) -> str:
    return f"0-{scale}"


DASH = "—"


def summary_lines(draft: PlanDraft, today: date) -> list[tuple[str, str]]:
    """The live summary: (label, value) pairs, with "—" where a needed field is not valid."""
    parsed, _ = check_draft(draft)
    first = parsed.get("first_session")
    base = parsed.get("baseline_days")
    weeks = parsed.get("weeks")
    per_week = parsed.get("sessions_per_week")
    minutes = parsed.get("minutes")
    have_dates = None not in (first, base, weeks, per_week)
    plan = (Plan("summary", first, weeks, per_week, minutes or 1, base)  # type: ignore[arg-type]
            if have_dates else None)  # (have_dates: none of them is None)
    plan = parsed.get("plan") or parsed.get("plan_unseeded") or plan

    lines: list[tuple[str, str]] = []
    if first is not None and base is not None:
        if base:
            start = first - timedelta(days=base)
            end = first - timedelta(days=1)
            lines.append(("Baseline", f"{day_text(start)} to {day_text(end)} ({base} days)"))
        else:
            lines.append(("Baseline", "none (0 days): nothing to compare with"))
    else:
        lines.append(("Baseline", DASH))
    lines.append(("First session", day_text(first) if first else DASH))
    lines.append(("Last session", day_text(plan.last_session) if plan else DASH))
    lines.append(("Evaluation day", day_text(plan.evaluation_day) if plan else DASH))
    if weeks is not None and per_week is not None:
        total = weeks * per_week
        text = f"{total} ({per_week} a week for {weeks} weeks)"
        if plan is not None and plan.design == "ABAB":
            total = plan.total_sessions
            text = (f"{total} ({per_week} a week for {weeks} + "
                    f"{plan.second_treatment_weeks} weeks)")
        lines.append(("Sessions", text))
    else:
        total = None
        lines.append(("Sessions", DASH))
    if total is not None and minutes is not None:
        total_minutes = total * minutes
        hours = f"{total_minutes / 60:.1f}".removesuffix(".0")
        lines.append(("Total minutes", f"{total_minutes} ({hours} h)"))
    else:
        lines.append(("Total minutes", DASH))
    if "cost_per_session" not in parsed or total is None:
        lines.append(("Planned cost", DASH))
    elif parsed["cost_per_session"] is None:
        lines.append(("Planned cost", "no cost given"))
    else:
        lines.append(("Planned cost", formats.money(parsed["cost_per_session"] * total,
                                                    parsed.get("currency", ""))))
    built: Plan | None = parsed.get("plan")
    if built is not None and built.randomised and built.seed is not None and draft.seed.strip():
        lines[0] = ("Baseline", f"{day_text(built.baseline_start)} to "
                    f"{day_text(built.first_session - timedelta(days=1))}")
        lines[1] = ("First session", day_text(built.first_session) + " (drawn)")
    elif "plan_unseeded" in parsed:
        after = "known once the first session is drawn (when you save)"
        lines[0] = ("Baseline", f"from {day_text(parsed['plan_unseeded'].baseline_start)}")
        lines[1:4] = [("First session", "drawn from the start window when you save"),
                      ("Last session", after), ("Evaluation day", after)]
    lines += design_lines(draft, parsed)
    if plan is not None and "plan_unseeded" not in parsed:
        lines.append(("Today", plan.position(today)))
    return lines


def summary_compact(draft: PlanDraft, today: date) -> list[str]:
    """The summary in a few short lines, for a narrow column (an 80x24 window):
    ``Baseline 23–29 Sep (7 days)``, ``Sessions 30 Sep – 22 Nov`` ..."""
    parsed, _ = check_draft(draft)
    first = parsed.get("first_session")
    base = parsed.get("baseline_days")
    weeks = parsed.get("weeks")
    per_week = parsed.get("sessions_per_week")
    minutes = parsed.get("minutes")
    plan = None
    if first is not None and base is not None and weeks is not None and per_week is not None:
        plan = Plan("summary", first, weeks, per_week, minutes or 1, base)

    def short(day: date) -> str:
        return f"{day.day} {day:%b}"

    lines: list[str] = []
    if first is not None and base is not None:
        if base:
            start, end = first - timedelta(days=base), first - timedelta(days=1)
            span = (f"{start.day}–{short(end)}" if start.month == end.month
                    else f"{short(start)} – {short(end)}")
            lines.append(f"Baseline {span} ({base} days)")
        else:
            lines.append("Baseline none: nothing to compare with")
    else:
        lines.append(f"Baseline {DASH}")
    if plan is not None:
        lines.append(f"Sessions {short(plan.first_session)} – {short(plan.last_session)}")
    if weeks is not None and per_week is not None:
        total = weeks * per_week
        dose = f"{total} × {minutes} min" if minutes is not None else f"{total} sessions"
        hours = (f" ({total * minutes / 60:.1f}".removesuffix(".0") + " h)"
                 if minutes is not None else "")
        lines.append(f"{dose}, {per_week}/week{hours}")
    else:
        total = None
        lines.append(f"Sessions {DASH}")
    lines.append(f"Verdict on {day_text(plan.evaluation_day)[:3]} "
                 f"{short(plan.evaluation_day)}" if plan else f"Verdict on {DASH}")
    if "cost_per_session" in parsed and total is not None:
        cost = parsed["cost_per_session"]
        lines.append("Cost: none given" if cost is None else
                     f"Cost {formats.money(cost * total, parsed.get('currency', ''))} in all")
    if plan is not None:
        lines.append(f"Now: {plan.position(today)}")
    lines.append(_rule_short(draft))
    lines.append(RULE_REST_SHORT)
    return lines


#: The rest of the rule in the compact summary: the other outcomes and the side-effect part.
RULE_REST_SHORT = ("Worse by as much: stop; between: change. A side effect not settled by the "
                   "next session: stop if moderate or severe, change if mild.")


def _rule_short(draft: PlanDraft) -> str:
    """``Works if: pain 1 point lower; walking minutes before stopping 5 minutes higher``."""
    try:
        marker = _marker(draft)
        rule = _raw_rule(draft.pain_change, draft.function_change if marker else None)
    except ValidationError:
        return f"Works if: {DASH}"
    points = "point" if rule.pain_change == 1 else "points"
    text = f"Works if: pain {num_text(rule.pain_change)} {points} lower"
    if marker is not None and rule.function_change is not None:
        way = "higher" if marker.better == "higher" else "lower"
        unit = f" {marker.unit}" if marker.unit else ""
        text += f"; {marker.name} {num_text(rule.function_change)}{unit} {way}"
    return text + " (last week vs baseline)."


def design_lines(draft: PlanDraft, parsed: dict[str, Any]) -> list[tuple[str, str]]:
    """The summary's design lines: every phase with its dates, and the randomised start."""
    from journal.analysis.randomisation import smallest_p_words

    plan: Plan | None = parsed.get("plan") or parsed.get("plan_unseeded")
    lines: list[tuple[str, str]] = []
    if draft.design != "AB":
        lines.append(("Design", DESIGNS.get(draft.design, draft.design)))
    if draft.window_from.strip() or draft.window_to.strip():
        start, end = parsed.get("window_from"), parsed.get("window_to")
        if start and end and end >= start:
            k = (end - start).days + 1
            lines.append(("Start window", f"{day_text(start)} to {day_text(end)}. "
                          + smallest_p_words(k)))
        if plan is not None and plan.seed is not None and draft.seed.strip():
            lines.append(("Drawn first session", f"{day_text(plan.first_session)} (seed "
                          f"{plan.seed}): book the first session on this day"))
        else:
            lines.append(("Drawn first session", "drawn when you save"))
    if plan is None:
        return lines
    dated = "plan" in parsed
    for kind, start, end in plan.design_phases():
        if kind in ("pause", "treatment-2", "follow-up"):
            weeks = ((end - start).days + 1) // 7
            what = (f"{weeks} week{'s' if weeks != 1 else ''}"
                    f"{', logging only' if kind != 'treatment-2' else ''}")
            lines.append((PHASE_LABELS[kind], f"{day_text(start)} to {day_text(end)} ({what})"
                          if dated else what))
    if plan.design != "AB" or plan.carry_over_days != DEFAULT_CARRY_OVER_DAYS:
        lines.append(("Carry-over", f"first {plan.carry_over_days} days after each switch "
                      "left out of comparisons"))
    return lines


def rule_sentence(plan: Plan) -> str:
    """The go/no-go rule in one sentence."""
    rule = plan.rule
    assert rule is not None
    points = "point" if rule.pain_change == 1 else "points"
    text = (f"Working means: average pain in the last week at least "
            f"{num_text(rule.pain_change)} {points} lower than in the baseline "
            f"(on {scale_text(plan.pain_scale)})")
    marker = plan.function
    if marker is not None and rule.function_change is not None:
        way = "higher" if marker.better == "higher" else "lower"
        unit = f" {marker.unit}" if marker.unit else ""
        text += (f", and {marker.name} at least {num_text(rule.function_change)}{unit} "
                 f"{way}")
    return f"{text}. {OTHER_OUTCOMES} {SIDE_EFFECT_RULE}"


#: The other two outcomes of the three-outcome rule, symmetric with "working".
OTHER_OUTCOMES = ("Worse by at least the same amount means stop; anything between means "
                  "change technique or dose.")
#: The side-effect part of every rule, stated before the freeze (the verdict applies it).
SIDE_EFFECT_RULE = ("Side effects: a moderate or severe one that does not settle before the "
                    "next session means stop and talk to your therapist or clinician; a mild "
                    "one that does not settle means change technique or dose.")


GENTLE_REMINDER = ("Gentle start: begin with light pressure. Raise the intensity only when you "
                   "and your therapist agree, after sessions you tolerated well.")
NERVE_NOTE = ("Shooting pain, numbness or weakness that grows are worth a medical evaluation. "
              "Massage can run alongside that care; it should not replace it.")
PAIN_CHANGE_HINT = ("Drop in weekly average pain, baseline vs last week, above 0. For many "
                    "people a double-digit change on 0-100 (1 point on 0-10) is noticeable.")
FUNCTION_CHANGE_HINT = ("How far the marker must move the better way, in its unit, above 0. "
                        "The preset suggests a noticeable step.")


def draft_rule_sentence(draft: PlanDraft) -> str | None:
    """The rule in words once its own fields (scale, marker, changes) are valid."""
    try:
        marker = _marker(draft)
        rule = _raw_rule(draft.pain_change, draft.function_change if marker else None)
        plan = _BASE.replace(pain_scale=draft.pain_scale, function=marker, rule=rule)
    except ValidationError:
        return None
    return rule_sentence(plan)


def summary_notes(draft: PlanDraft, today: date) -> list[str]:
    """Sentences under the summary: the rule in words, and the gentle/nerve reminders."""
    notes: list[str] = []
    if any(value == DASH for _, value in summary_lines(draft, today)):
        notes.append("Lines showing — need a valid value in the form first.")
    sentence = draft_rule_sentence(draft)
    notes.append(sentence or "The rule appears here once its fields are valid.")
    if draft.gentle_start:
        notes.append(GENTLE_REMINDER)
    if draft.nerve_symptoms:
        notes.append(NERVE_NOTE)
    return notes


def value_text(key: str, value: Any) -> str:
    """A flat plan value in plain words."""
    if value is None or value == [] or value == "":
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if key == "pain_scale":
        return scale_text(int(value))
    if key == "care_role":
        return CARE_ROLES.get(str(value), str(value))
    if isinstance(value, float | int):
        return num_text(value)
    return str(value)


def _shown(key: str) -> bool:
    return key != "function.default_change"


def change_lines(changes: tuple[tuple[str, Any, Any], ...]) -> list[str]:
    """``minutes per session: 45 → 60`` for each changed field a person would recognise."""
    return [f"{FLAT_LABELS.get(k, k)}: {value_text(k, old)} → {value_text(k, new)}"
            for k, old, new in changes if _shown(k)]


def original_lines(block: Block) -> list[str]:
    """The original value of every field an amendment has changed (the verdict uses these)."""
    original = block.plan.flat()
    keys = dict.fromkeys(k for a in block.amendments for k, _, _ in a.changes if _shown(k))
    return [f"{FLAT_LABELS.get(k, k)}: {value_text(k, original.get(k))}" for k in keys]


def amendment_lines(block: Block) -> list[str]:
    """Each amendment as a heading (date and reason) and its changes, indented below."""
    lines = []
    for a in block.amendments:
        lines.append(f"{a.made_on.isoformat()}: “{a.reason}”")
        lines += [f"  {line}" for line in change_lines(a.changes)]
    return lines
