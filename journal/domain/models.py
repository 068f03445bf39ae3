"""The things a person records: a block plan, day entries, sessions and side effects.

All are frozen records (:mod:`journal.domain.record`) validated on construction, so an
invalid object cannot exist and nothing half-valid can reach the store. Dates are
``datetime.date``; timestamps are time-zone aware ``datetime`` values.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from journal.domain import checks
from journal.domain.clinical import MEDICINE_MAX, NO_MEASURES, BlockMeasures
from journal.domain.errors import ValidationError
from journal.domain.record import fields, record, replace

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any


PAIN_SCALES = (10, 100)
BETTER = ("higher", "lower")
PRESSURES = ("light", "moderate", "firm")
COMMON_AREAS = ("low back", "neck", "shoulders", "upper back", "hips", "knees", "head/jaw")
CONCURRENT_CARE = ("physical therapy", "exercise", "injections", "medication")
CARE_ROLES = {"supports": "massage supports the other care", "replaces": "massage replaces it"}
TOLERANCES = {"ok": "ok", "too-light": "too light", "too-strong": "too strong"}
SIDE_EFFECT_KINDS = {
    "soreness": "soreness",
    "stiffness": "stiffness",
    "pain-increase": "temporary pain increase",
    "nausea": "nausea",
    "light-headedness": "light-headedness / low blood pressure",
    "malaise": "flu-like malaise",
    "fatigue": "fatigue",
    "other": "other",
}
SEVERITIES = {1: "mild", 2: "moderate", 3: "severe"}

#: The largest value of the function marker (walking minutes, wakings, degrees): far beyond
#: any real measure, small enough that every average and chart stays finite.
FUNCTION_MAX = 1_000_000

#: Study designs (DOMAIN: A = no sessions, B = sessions): the simple block, a planned pause
#: after treatment, and a pause followed by a second treatment phase.
DESIGNS = {"AB": "A-B (baseline, treatment)", "ABA": "A-B-A (planned pause after treatment)",
           "ABAB": "A-B-A-B (pause, then a second treatment phase)"}
#: Phase kinds in time order, as the report names them.
PHASE_KINDS = ("baseline", "treatment", "pause", "treatment-2", "follow-up")
PHASE_LABELS = {"baseline": "Baseline", "treatment": "Treatment", "pause": "Pause",
                "treatment-2": "Treatment 2", "follow-up": "Follow-up"}
DEFAULT_PAUSE_WEEKS = 2
DEFAULT_FOLLOW_UP_WEEKS = 4
DEFAULT_CARRY_OVER_DAYS = 2
#: A randomised start needs at least this many baseline days before the window (scan's
#: ``rand_test`` default minimum of 5 points per phase).
MIN_RANDOMISED_BASELINE = 5


def draw_start(window_from: date, window_to: date, seed: int) -> date:
    """The first-session date drawn uniformly over the window's days with ``seed``.

    ``random.Random(seed)`` is stable across Python versions for ``randrange``, so the
    stored seed reproduces the date anywhere.
    """
    import random  # lazily: quick commands never draw

    k = (window_to - window_from).days + 1
    return window_from + timedelta(days=random.Random(seed).randrange(k))


#: Change in pain that the rule asks for by default, per scale (DOMAIN: 10 on 0-100, 1 on 0-10).
DEFAULT_PAIN_CHANGE = {10: 1.0, 100: 10.0}


@record()
class FunctionMarker:
    """The one personal measure of function, e.g. walking minutes before stopping."""

    name: str
    unit: str
    better: str = "higher"
    default_change: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", checks.text(self.name, "function marker name",
                                                     required=True))
        object.__setattr__(self, "unit", checks.text(self.unit, "function marker unit",
                                                     max_len=30))
        object.__setattr__(self, "better", checks.choice(self.better, "better direction",
                                                         BETTER))
        object.__setattr__(self, "default_change", checks.number(
            self.default_change, "function change needed", 0, FUNCTION_MAX))

    @property
    def direction_words(self) -> str:
        return "higher is better" if self.better == "higher" else "lower is better"

    def value_words(self, number: str) -> str:
        """``walking minutes before stopping 20`` or ``head-turn range 40 degrees``: the unit
        written once, left out when the name already says it."""
        if self.unit and self.unit.casefold() not in self.name.casefold():
            return f"{self.name} {number} {self.unit}"
        return f"{self.name} {number}"

    def improvement(self, before: float, after: float) -> float:
        """Change from ``before`` to ``after``, positive when it moved the better way."""
        return after - before if self.better == "higher" else before - after


FUNCTION_PRESETS: dict[str, FunctionMarker] = {
    "walking": FunctionMarker("walking minutes before stopping", "minutes", "higher", 5.0),
    "night-wakings": FunctionMarker("night wakings from pain", "wakings", "lower", 1.0),
    "head-turn": FunctionMarker("head-turn range", "degrees", "higher", 10.0),
}


@record()
class Rule:
    """The go/no-go rule written down before the block starts.

    Both thresholds are improvements (positive numbers) in the units of the pain scale and of
    the function marker: "pain down by at least 1 point", "walking up by at least 5 minutes".
    """

    pain_change: float
    function_change: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "pain_change", checks.number(
            self.pain_change, "pain change needed", 0, 100))
        if self.function_change is not None:
            object.__setattr__(self, "function_change", checks.number(
                self.function_change, "function change needed", 0, FUNCTION_MAX))

    def check_positive(self) -> None:
        """Refuse a threshold of 0: with it, no change at all would count as working.

        Checked wherever a rule is typed (the Plan form, ``journal block add/amend``, the
        store), not on loading, so a journal saved by an older version still opens.
        """
        if self.pain_change <= 0:
            raise ValidationError("pain change needed", "must be above 0: with 0, pain that "
                                  "did not change at all would count as working")
        if self.function_change is not None and self.function_change <= 0:
            raise ValidationError("function change needed", "must be above 0: with 0, a "
                                  "marker that did not change at all would count as working")


def default_rule(scale: int, marker: FunctionMarker | None) -> Rule:
    """The rule prefilled for a new plan (DOMAIN.md: a noticeable change)."""
    return Rule(DEFAULT_PAIN_CHANGE[scale], marker.default_change if marker else None)


@record()
class Plan:
    """A bounded block of massage therapy, as planned before it starts."""

    name: str
    first_session: date
    weeks: int
    sessions_per_week: int
    minutes: int
    baseline_days: int = 7
    pain_scale: int = 10
    function: FunctionMarker | None = None
    rule: Rule | None = None
    areas: tuple[str, ...] = ()
    pressure: str = "light"
    technique: str = ""
    therapist: str = ""
    cost_per_session: float | None = None
    currency: str = ""
    concurrent_care: tuple[str, ...] = ()
    care_role: str = "supports"
    gentle_start: bool = False
    nerve_symptoms: bool = False
    design: str = "AB"
    pause_weeks: int = DEFAULT_PAUSE_WEEKS
    second_weeks: int | None = None
    follow_up_weeks: int = DEFAULT_FOLLOW_UP_WEEKS
    carry_over_days: int = DEFAULT_CARRY_OVER_DAYS
    window_from: date | None = None
    window_to: date | None = None
    seed: int | None = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "name", checks.text(self.name, "name", required=True))
        self._check_design()
        s(self, "first_session", checks.iso_day(self.first_session, "first session date"))
        s(self, "weeks", checks.number(self.weeks, "number of weeks", 1, 52, integer=True))
        s(self, "sessions_per_week", checks.number(
            self.sessions_per_week, "sessions per week", 1, 7, integer=True))
        s(self, "minutes", checks.number(self.minutes, "minutes per session", 1, 240,
                                         integer=True))
        s(self, "baseline_days", checks.number(self.baseline_days, "baseline days", 0, 60,
                                               integer=True))
        scale = checks.number(self.pain_scale, "pain scale", 10, 100, integer=True)
        if scale not in PAIN_SCALES:
            raise ValidationError("pain scale", "must be 10 (0-10) or 100 (0-100)")
        s(self, "pain_scale", scale)
        if self.rule is None:
            s(self, "rule", default_rule(int(scale), self.function))
        assert self.rule is not None
        if self.rule.pain_change > scale:
            raise ValidationError("pain change needed", f"must be from 0 to {scale}")
        if self.function is None and self.rule.function_change is not None:
            s(self, "rule", Rule(self.rule.pain_change, None))
        if self.function is not None and self.rule.function_change is None:
            s(self, "rule", Rule(self.rule.pain_change, self.function.default_change))
        s(self, "areas", tuple(dict.fromkeys(
            checks.text(a, "target areas", max_len=40) for a in self.areas if a.strip())))
        s(self, "pressure", checks.text(self.pressure, "pressure", max_len=60) or "light")
        s(self, "technique", checks.text(self.technique, "technique", max_len=80))
        s(self, "therapist", checks.text(self.therapist, "therapist", max_len=80))
        s(self, "cost_per_session", checks.optional_number(
            self.cost_per_session, "cost per session", 0, 100_000))
        s(self, "currency", checks.text(self.currency, "currency", max_len=10))
        s(self, "concurrent_care", tuple(dict.fromkeys(
            checks.text(c, "concurrent care", max_len=60) for c in self.concurrent_care
            if c.strip())))
        s(self, "care_role", checks.choice(self.care_role, "massage role", CARE_ROLES))

    def _check_design(self) -> None:
        """Design fields; a randomised start draws ``first_session`` from window and seed."""
        s = object.__setattr__
        design = str(self.design).strip().upper().replace("-", "")
        if design not in DESIGNS:
            raise ValidationError("design", "must be AB, ABA or ABAB")
        s(self, "design", design)
        s(self, "pause_weeks", checks.number(self.pause_weeks, "pause weeks", 1, 26,
                                             integer=True))
        if self.second_weeks is not None:
            s(self, "second_weeks", checks.number(self.second_weeks, "second treatment weeks",
                                                  1, 52, integer=True))
        s(self, "follow_up_weeks", checks.number(self.follow_up_weeks, "follow-up weeks", 0, 52,
                                                 integer=True))
        s(self, "carry_over_days", checks.number(self.carry_over_days, "carry-over days", 0, 6,
                                                 integer=True))
        if self.window_from is None and self.window_to is None:
            s(self, "seed", None)
            return
        if self.window_from is None or self.window_to is None:
            raise ValidationError("start window", "needs both a first and a last date")
        s(self, "window_from", checks.iso_day(self.window_from, "start window"))
        s(self, "window_to", checks.iso_day(self.window_to, "start window"))
        if self.window_to < self.window_from:
            raise ValidationError("start window", "must end on or after its first date")
        if (self.window_to - self.window_from).days > 365:
            raise ValidationError("start window", "must be at most a year long")
        if self.seed is None:
            raise ValidationError("seed", "is needed to draw the first session")
        s(self, "seed", checks.number(self.seed, "seed", 0, 2**63 - 1, integer=True))
        s(self, "first_session", draw_start(self.window_from, self.window_to, self.seed))
        if checks.number(self.baseline_days, "baseline days", 0, 60,
                         integer=True) < MIN_RANDOMISED_BASELINE:
            raise ValidationError("baseline days", f"must be at least "
                                  f"{MIN_RANDOMISED_BASELINE} with a randomised start")

    # --- design ------------------------------------------------------------------------
    @property
    def randomised(self) -> bool:
        return self.window_from is not None

    @property
    def admissible_starts(self) -> int:
        """k, the number of first-session dates the draw could have picked (1 if fixed)."""
        if self.window_from is None or self.window_to is None:
            return 1
        return (self.window_to - self.window_from).days + 1

    @property
    def second_treatment_weeks(self) -> int:
        """Weeks of the second treatment phase (A-B-A-B); as long as the first by default."""
        return self.second_weeks if self.second_weeks is not None else self.weeks

    def design_phases(self) -> tuple[tuple[str, date, date], ...]:
        """(kind, first day, last day) of every phase in time order; the one source of truth.

        Follow-up is last in every design; with 0 follow-up weeks it is left out. Worked out
        once per plan (a plan does not change): charts over decades ask every block's often.
        """
        return self._phases

    @functools.cached_property
    def _phases(self) -> tuple[tuple[str, date, date], ...]:
        day = timedelta(days=1)
        out = [("baseline", self.baseline_start, self.first_session - day),
               ("treatment", self.first_session, self.treatment_end)]
        end = self.treatment_end
        if self.design in ("ABA", "ABAB"):
            out.append(("pause", end + day, end + timedelta(days=7 * self.pause_weeks)))
            end = out[-1][2]
        if self.design == "ABAB":
            out.append(("treatment-2", end + day,
                        end + timedelta(days=7 * self.second_treatment_weeks)))
            end = out[-1][2]
        if self.follow_up_weeks:
            out.append(("follow-up", end + day, end + timedelta(days=7 * self.follow_up_weeks)))
        return tuple(out)

    def phase_span(self, kind: str) -> tuple[date, date] | None:
        return next(((a, b) for k, a, b in self.design_phases() if k == kind), None)

    @functools.cached_property
    def block_end(self) -> date:
        """The last day of the designed phases before follow-up (pause and treatment 2 included).

        Equal to :attr:`treatment_end` for an A-B block.
        """
        return [b for k, _, b in self.design_phases() if k != "follow-up"][-1]

    @property
    def follow_up_end(self) -> date:
        return self.block_end + timedelta(days=7 * self.follow_up_weeks)

    @property
    def last_treatment_end(self) -> date:
        """The last day of the last treatment phase (treatment 2 in an A-B-A-B block)."""
        return [b for k, _, b in self.design_phases() if k.startswith("treatment")][-1]

    # --- dates -------------------------------------------------------------------------
    @property
    def baseline_start(self) -> date:
        """``baseline_days`` before the first session, or before the window's first date when
        the start is randomised (so every admissible date leaves at least that baseline)."""
        first = self.window_from if self.window_from is not None else self.first_session
        return first - timedelta(days=self.baseline_days)

    @property
    def treatment_end(self) -> date:
        """The last day of the treatment phase (weeks x 7 days from the first session)."""
        return self.first_session + timedelta(days=self.weeks * 7 - 1)

    @property
    def last_session(self) -> date:
        return self.planned_session_days()[-1]

    @property
    def evaluation_day(self) -> date:
        """The day the verdict is due: the day after the treatment phase."""
        return self.treatment_end + timedelta(days=1)

    @property
    def total_sessions(self) -> int:
        weeks = self.weeks + (self.second_treatment_weeks if self.design == "ABAB" else 0)
        return weeks * self.sessions_per_week

    @property
    def total_minutes(self) -> int:
        return self.total_sessions * self.minutes

    @property
    def planned_cost(self) -> float | None:
        if self.cost_per_session is None:
            return None
        return self.cost_per_session * self.total_sessions

    def planned_session_days(self) -> list[date]:
        """Session days spread evenly over each week, starting on the first-session date."""
        offsets = sorted({round(i * 7 / self.sessions_per_week) for i in
                          range(self.sessions_per_week)})
        days = [self.first_session + timedelta(days=7 * w + o)
                for w in range(self.weeks) for o in offsets]
        second = self.phase_span("treatment-2")
        if second is not None:
            days += [second[0] + timedelta(days=7 * w + o)
                     for w in range(self.second_treatment_weeks) for o in offsets]
        return days

    def spans(self, day: date) -> bool:
        """True when ``day`` is in the baseline or a designed phase (not follow-up)."""
        return self.baseline_start <= day <= self.block_end

    def overlaps(self, other: Plan) -> bool:
        """True when the two blocks share a day, baselines included (blocks may not)."""
        return self.baseline_start <= other.block_end and \
            other.baseline_start <= self.block_end

    def phase(self, day: date) -> str:
        """``before``, or the kind of phase ``day`` is in (see :data:`PHASE_KINDS`).

        Every day after the designed phases is ``follow-up``, also past the planned weeks.
        """
        if day < self.baseline_start:
            return "before"
        for kind, _start, end in self.design_phases():
            if day <= end and kind != "follow-up":
                return kind
        return "follow-up"

    def position(self, day: date) -> str:
        """Where ``day`` sits, in words: "Baseline day 3 of 7", "Treatment week 2, day 4"."""
        phase = self.phase(day)
        if phase == "before":
            n = (self.baseline_start - day).days
            return f"Baseline starts in {n} day{'s' if n != 1 else ''}"
        if phase == "baseline" and not self.randomised:
            return f"Baseline day {(day - self.baseline_start).days + 1} of {self.baseline_days}"
        if phase == "baseline":
            n = (self.first_session - day).days
            return f"Baseline, first session in {n} day{'s' if n != 1 else ''}"
        start = self.phase_span(phase)
        offset = (day - (start[0] if start else self.block_end + timedelta(days=1))).days
        if phase in ("treatment", "treatment-2"):
            return f"{PHASE_LABELS[phase]} week {offset // 7 + 1}, day {offset % 7 + 1}"
        if phase == "pause":
            return f"Pause week {offset // 7 + 1} of {self.pause_weeks}"
        weeks = offset // 7 + 1
        if weeks <= self.follow_up_weeks:
            return f"Follow-up week {weeks} of {self.follow_up_weeks}"
        return f"Follow-up week {weeks} (after the planned {self.follow_up_weeks})"

    def due_words(self, day: date) -> str:
        """What the phase asks of the person on ``day``, for status lines and the Log header."""
        phase = self.phase(day)
        if phase in ("before", "baseline"):
            return "no sessions yet; log pain daily"
        if phase in ("treatment", "treatment-2"):
            return "sessions as planned; keep logging"
        if phase == "pause":
            return "no sessions; keep logging"
        if day <= self.follow_up_end:
            return "no sessions; keep logging to see whether relief lasts"
        return "follow-up is over; logging is still welcome"

    def flat(self) -> dict[str, Any]:
        """The plan as a flat dict of JSON-ready values (``function.name``, ``rule.pain_change``).

        Amendments name the fields they change with these keys.
        """
        out: dict[str, Any] = {}
        for name in fields(self):
            value = getattr(self, name)
            if name == "function":
                for k in ("name", "unit", "better", "default_change"):
                    out[f"function.{k}"] = getattr(value, k) if value else None
            elif name == "rule":
                out["rule.pain_change"] = value.pain_change
                out["rule.function_change"] = value.function_change
            elif isinstance(value, date):
                out[name] = value.isoformat()
            elif isinstance(value, tuple):
                out[name] = list(value)
            else:
                out[name] = value
        return out

    @classmethod
    def from_flat(cls, data: dict[str, Any]) -> Plan:
        """Build (and so validate) a plan from :meth:`flat` output."""
        known = set(fields(cls)) - {"function", "rule"}
        kwargs: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        missing = [k for k in ("name", "first_session", "weeks", "sessions_per_week", "minutes")
                   if kwargs.get(k) is None]
        if missing:
            raise ValidationError("plan", f"is missing {', '.join(missing)} (every plan has "
                                  "a name, first_session, weeks, sessions_per_week and minutes)")
        for key in ("areas", "concurrent_care"):
            if key in kwargs:
                kwargs[key] = tuple(kwargs[key] or ())
        if data.get("function.name"):
            kwargs["function"] = FunctionMarker(
                data["function.name"], data.get("function.unit") or "",
                data.get("function.better") or "higher",
                data.get("function.default_change") or 1.0)
        if data.get("rule.pain_change") is not None:
            kwargs["rule"] = Rule(data["rule.pain_change"], data.get("rule.function_change"))
        return cls(**kwargs)

    def replace(self, **changes: Any) -> Plan:
        return replace(self, **changes)


@record()
class Amendment:
    """A dated, reasoned change to a plan whose baseline has begun. The original stays."""

    made_on: date
    reason: str
    changes: tuple[tuple[str, Any, Any], ...]
    made_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", checks.text(self.reason, "reason for the change",
                                                       required=True, max_len=200))
        if not self.changes:
            raise ValidationError("changes", "an amendment must change at least one field")

    def touches_rule(self) -> bool:
        return any(key.startswith("rule.") for key, _, _ in self.changes)


@record()
class Block:
    """A planned block with its identity and its amendments.

    ``plan`` is the plan as it stood when the baseline began (the frozen rule); the verdict
    always uses it. :attr:`current` applies the amendments on top.
    """

    id: str
    plan: Plan
    amendments: tuple[Amendment, ...] = ()
    created_at: datetime | None = None
    #: PEG-3, impression, expectation, medicine name, other care notes (domain/clinical.py).
    measures: BlockMeasures = NO_MEASURES

    @property
    def name(self) -> str:
        return self.current.name

    @functools.cached_property
    def current(self) -> Plan:
        if not self.amendments:
            return self.plan
        data = self.plan.flat()
        for amendment in self.amendments:
            for key, _old, new in amendment.changes:
                data[key] = new
        return Plan.from_flat(data)

    def spans(self, day: date) -> bool:
        """True when ``day`` lies in the block as first planned or as amended."""
        return self.plan.spans(day) or self.current.spans(day)

    def each_day(self) -> list[date]:
        """Every day inside the block, as first planned or as amended, in order."""
        first = min(self.plan.baseline_start, self.current.baseline_start)
        last = max(self.plan.block_end, self.current.block_end)
        return [day for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
                if self.spans(day)]

    def first_logged_day(self, journal: Journal) -> date | None:
        """The first day inside the block with anything logged (an entry or a session).

        The block's own days are looked up, so a long journal's other days are not built."""
        return next((day for day in self.each_day() if day in journal.sessions
                     or ((entry := journal.entry(day)) is not None and not entry.is_empty)),
                    None)

    def is_frozen(self, journal: Journal) -> bool:
        """Whether changes must now be dated amendments beside the original plan.

        A plan freezes when the first day inside it (baseline included) is logged, not on a
        date: until then nothing has been measured against it, so a backdated plan can still
        have its typo fixed as a plain edit.
        """
        return self.first_logged_day(journal) is not None

    def pain_logged_since(self, journal: Journal) -> date | None:
        """The first day inside the block with pain logged (its pain scale is then fixed)."""
        return next((day for day in self.each_day()
                     if (entry := journal.entry(day)) is not None and entry.pain is not None),
                    None)

    def check_change(self, new: Plan, journal: Journal) -> None:
        """Refuse a change that would mix two pain scales in one block.

        Pain logged on 0-10 and on 0-100 can never be averaged together, so once the block
        holds logged pain its scale stays; a new scale needs a new block.
        """
        new.rule.check_positive()  # type: ignore[union-attr]
        if new.pain_scale == self.current.pain_scale:
            return
        since = self.pain_logged_since(journal)
        if since is not None:
            raise ValidationError(
                "pain scale", f"cannot change from 0-{self.current.pain_scale} to "
                f"0-{new.pain_scale}: this block holds pain logged on 0-"
                f"{self.current.pain_scale} since {since.isoformat()}, and values on two scales "
                "are never averaged. Keep the scale, or plan a new block on the other one")


def plan_changes(old: Plan, new: Plan) -> tuple[tuple[str, Any, Any], ...]:
    """The flat fields that differ between two plans, as (key, old, new) triples."""
    a, b = old.flat(), new.flat()
    return tuple((k, a.get(k), b.get(k)) for k in b if a.get(k) != b.get(k))


@record()
class NumberField:
    """One number field of a record type: the one place its limits and label are written.

    ``name`` is the model's field, the stored document's key, the CSV column and (with
    dashes) the ``journal log`` option; ``label`` is what a message about it says.
    Validation, the store's quick check of stored days and CSV import all read the table.
    """

    name: str
    label: str
    high: float
    integer: bool = False
    low: float = 0
    #: Must be given (otherwise None and blank text mean "not given").
    required: bool = False

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    def check(self, value: object) -> Any:
        """The value, cleaned; :class:`ValidationError` naming the label and the range."""
        if self.required:
            return checks.number(value, self.label, self.low, self.high, integer=self.integer)
        return checks.optional_number(value, self.label, self.low, self.high,
                                      integer=self.integer)


#: The number fields of a day entry (:class:`DayEntry`), in the order a day is shown.
DAY_NUMBERS = (
    NumberField("pain", "pain", 100),
    NumberField("function", "function", FUNCTION_MAX),
    NumberField("sleep_wakings", "night wakings", 50, integer=True),
    NumberField("mood", "mood/anxiety", 10, integer=True),
    NumberField("fatigue", "fatigue", 10, integer=True),
    NumberField("medicine", "pain medicine", MEDICINE_MAX, integer=True),
)


#: The number fields of a session (:class:`Session`).
SESSION_NUMBERS = (
    NumberField("minutes", "minutes", 480, integer=True, low=1, required=True),
    NumberField("cost", "cost", 100_000),
)


@record(slots=True)
class DayEntry:
    """One calendar day's record. One entry per date; logging a date again updates it."""

    day: date
    pain: float | None = None
    function: float | None = None
    sleep_wakings: int | None = None
    mood: int | None = None
    fatigue: int | None = None
    flare: bool = False
    note: str = ""
    recorded_at: datetime | None = None
    edited_at: datetime | None = None
    #: Doses of pain medicine taken that day (0 = none; None = not said). See domain/clinical.
    medicine: int | None = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "day", checks.iso_day(self.day, "date"))
        for field in DAY_NUMBERS:
            s(self, field.name, field.check(getattr(self, field.name)))
        if not isinstance(self.flare, bool):
            s(self, "flare", checks.flag(self.flare, "flare-up"))
        s(self, "note", checks.text(self.note, "note", max_len=checks.MAX_NOTE, multiline=True))

    def check_scale(self, scale: int) -> None:
        """Pain must fit the scale of the block that covers the day."""
        if self.pain is not None:
            checks.number(self.pain, "pain", 0, scale)

    @property
    def is_empty(self) -> bool:
        return (self.pain is None and self.function is None and self.sleep_wakings is None
                and self.mood is None and self.fatigue is None and not self.flare
                and not self.note and self.medicine is None)

    def replace(self, **changes: Any) -> DayEntry:
        return replace(self, **changes)


@record(slots=True)
class Session:
    """A massage session as it was delivered (one per date)."""

    day: date
    minutes: int
    pressure: str = "light"
    areas: tuple[str, ...] = ()
    cost: float | None = None
    tolerance: str = "ok"
    note: str = ""
    block_id: str | None = None
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "day", checks.iso_day(self.day, "date"))
        for field in SESSION_NUMBERS:
            s(self, field.name, field.check(getattr(self, field.name)))
        s(self, "pressure", checks.text(self.pressure, "pressure", max_len=60) or "light")
        s(self, "areas", tuple(dict.fromkeys(
            checks.text(a, "areas", max_len=40) for a in self.areas if a.strip())))
        s(self, "tolerance", checks.choice(self.tolerance, "tolerance", TOLERANCES))
        s(self, "note", checks.text(self.note, "note", max_len=checks.MAX_NOTE, multiline=True))

    def replace(self, **changes: Any) -> Session:
        return replace(self, **changes)


@record()
class SideEffect:
    """Something felt after a session. ``settled`` is None until someone says."""

    id: str
    day: date
    kind: str
    severity: int
    settled: bool | None = None
    note: str = ""
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "day", checks.iso_day(self.day, "date"))
        s(self, "kind", checks.choice(self.kind, "side effect", SIDE_EFFECT_KINDS))
        s(self, "severity", checks.number(self.severity, "severity", 1, 3, integer=True))
        if self.settled is not None and not isinstance(self.settled, bool):
            s(self, "settled", checks.flag(self.settled, "settled"))
        s(self, "note", checks.text(self.note, "note", max_len=200))

    @property
    def label(self) -> str:
        return SIDE_EFFECT_KINDS[self.kind]

    def replace(self, **changes: Any) -> SideEffect:
        return replace(self, **changes)


class InvalidRecord:
    """A stored record holding a value out of range (a far date, a huge number, text that is
    not UTF-8), as a file written before the bound existed may. It is left out of the journal
    that views and analysis see, kept in the file as it is, and listed by ``journal check``.
    """

    __slots__ = ("doc", "key", "problem", "table")

    def __init__(self, table: str, key: str | None, problem: str, doc: Any) -> None:
        self.table = table  # "blocks", "days", "sessions" or "side_effects"
        self.key = key  # its date or id, when it has one
        self.problem = problem
        self.doc = doc

    def __repr__(self) -> str:
        return f"InvalidRecord({self.table!r}, {self.key!r}, {self.problem!r})"


class DaySource:
    """Stored days not yet built as entries, which a journal builds on first use.

    A command that needs a few days (``journal log`` looks at one day and one field's history)
    then never builds the thousands of entries of a long journal. The codec supplies the one
    implementation (``codec.StoredDays``): the days are already checked, only their building
    waits.
    """

    __slots__ = ()

    def build(self) -> dict[date, DayEntry]:
        """Every entry, keyed by date, in file order."""
        raise NotImplementedError

    def get(self, day: date) -> DayEntry | None:
        """One day's entry, building only that one."""
        raise NotImplementedError

    def logged(self, key: str) -> list[tuple[date, Any]]:
        """Each day's value of the number field ``key`` (None where it was not logged)."""
        raise NotImplementedError

    def changed(self, changes: dict[date, DayEntry | None]) -> DaySource:
        """These days with ``changes`` applied (None removes a day)."""
        raise NotImplementedError

    def dates(self) -> list[date]:
        """The logged days' dates, in file order."""
        raise NotImplementedError

    def each_by_date(self) -> Iterator[DayEntry]:
        """Every entry in date order, each built as it is reached and not kept."""
        raise NotImplementedError


class DayEntries(Mapping[date, DayEntry]):
    """A journal's day entries as a read-only mapping that builds only the days looked up
    (:attr:`Journal.days`): a screen that shows a few weeks of a long journal, or a report on
    one block, does not build every entry."""

    __slots__ = ("_journal",)

    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    def __getitem__(self, day: date) -> DayEntry:
        entry = self._journal.entry(day)
        if entry is None:
            raise KeyError(day)
        return entry

    def get(self, day: date, default: Any = None) -> Any:
        entry = self._journal.entry(day)
        return default if entry is None else entry

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self._journal.entry(day) is not None

    def __iter__(self) -> Iterator[date]:
        return iter(self._journal.logged_dates())

    def __len__(self) -> int:
        return self._journal.logged_count()


class Journal:
    """Everything in one journal, in memory: the read model that screens and analysis use.

    ``invalid`` lists stored records set aside as out of range (see :class:`InvalidRecord`);
    they take no part in equality, views or analysis. The entries may come as a
    :class:`DaySource`, built on first use of :attr:`entries`.
    """

    __slots__ = ("_days", "_entries", "blocks", "invalid", "sessions", "side_effects")

    def __init__(self, blocks: list[Block] | None = None,
                 entries: dict[date, DayEntry] | None = None,
                 sessions: dict[date, Session] | None = None,
                 side_effects: list[SideEffect] | None = None, *,
                 days: DaySource | None = None) -> None:
        self.blocks: list[Block] = [] if blocks is None else blocks
        self._entries: dict[date, DayEntry] | None = (
            None if days is not None else {} if entries is None else entries)
        self._days = days
        self.sessions: dict[date, Session] = {} if sessions is None else sessions
        self.side_effects: list[SideEffect] = [] if side_effects is None else side_effects
        self.invalid: list[InvalidRecord] = []

    @property
    def entries(self) -> dict[date, DayEntry]:
        """Every day entry, keyed by date."""
        if self._entries is None:
            assert self._days is not None
            self._entries, self._days = self._days.build(), None
        return self._entries

    @entries.setter
    def entries(self, entries: dict[date, DayEntry]) -> None:
        self._entries, self._days = entries, None

    @property
    def unbuilt_days(self) -> DaySource | None:
        """The days while they are not built as entries yet, else None."""
        return self._days

    @property
    def days(self) -> DayEntries:
        """The day entries as a mapping that builds only the days looked up (for reading;
        :attr:`entries` is the dict itself)."""
        return DayEntries(self)

    def logged_dates(self) -> list[date]:
        """The dates of every day entry (without building them)."""
        if self._entries is None:
            assert self._days is not None
            return self._days.dates()
        return list(self._entries)

    def logged_count(self) -> int:
        """How many day entries there are (without building them)."""
        return len(self.logged_dates()) if self._entries is None else len(self._entries)

    def entry(self, day: date) -> DayEntry | None:
        """The entry of ``day``, if logged (without building every entry)."""
        if self._entries is None:
            assert self._days is not None
            return self._days.get(day)
        return self._entries.get(day)

    def logged(self, key: str) -> list[tuple[date, Any]]:
        """Each logged day's value of the number field ``key``, None where it was not given
        (without building every entry)."""
        if self._entries is None:
            assert self._days is not None
            return self._days.logged(key)
        return [(day, getattr(entry, key)) for day, entry in self._entries.items()]

    def _parts(self) -> tuple[Any, ...]:
        return (self.blocks, self.entries, self.sessions, self.side_effects)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._parts() == other._parts()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return (f"Journal(blocks={self.blocks!r}, entries={self.entries!r}, "
                f"sessions={self.sessions!r}, side_effects={self.side_effects!r})")

    def block_by_id(self, block_id: str) -> Block | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    def block_by_name(self, name: str) -> Block | None:
        wanted = name.strip().casefold()
        return next((b for b in self.blocks if b.name.casefold() == wanted), None)

    def blocks_by_start(self) -> list[Block]:
        return sorted(self.blocks, key=lambda b: b.current.baseline_start)

    def block_covering(self, day: date) -> Block | None:
        """The block whose baseline or treatment phase contains ``day``."""
        return next((b for b in self.blocks if b.current.spans(day)), None)

    def block_for(self, day: date) -> Block | None:
        """The block ``day`` belongs to: the covering one, else the latest that ended before."""
        covering = self.block_covering(day)
        if covering is not None:
            return covering
        ended = [b for b in self.blocks if b.current.treatment_end < day]
        return max(ended, key=lambda b: b.current.treatment_end, default=None)

    def block_finder(self) -> Callable[[date], Block | None]:
        """:meth:`block_for` for many days: each plan read once, each day found by bisection
        (a loop over days calling ``block_for`` reads every block for every day)."""
        spans = sorted((b.current.baseline_start, b.current.block_end, i)
                       for i, b in enumerate(self.blocks))
        if any(a[1] >= b[0] for a, b in itertools.pairwise(spans)):
            return self.block_for  # overlapping blocks (a hand-edited file): the plain rule
        starts = [span[0] for span in spans]

        def find(day: date) -> Block | None:
            # The last block begun by ``day`` covers it or is the latest that ended before it.
            at = bisect.bisect_right(starts, day) - 1
            return self.blocks[spans[at][2]] if at >= 0 else None

        return find

    def pain_scale_for(self, day: date) -> int:
        block = self.block_for(day)
        return block.current.pain_scale if block else 10

    def current_block(self, today: date) -> Block | None:
        """The running block, else the next planned one, else the most recent one."""
        covering = self.block_covering(today)
        if covering:
            return covering
        upcoming = [b for b in self.blocks if b.current.baseline_start > today]
        if upcoming:
            return min(upcoming, key=lambda b: b.current.baseline_start)
        return self.block_for(today)

    def side_effects_on(self, day: date) -> list[SideEffect]:
        return [s for s in self.side_effects if s.day == day]

    def open_side_effects(self, before: date) -> list[SideEffect]:
        """Side effects recorded before ``before`` that nobody has yet marked as settled."""
        return [s for s in self.side_effects if s.day < before and s.settled is None]

    def next_session_day(self, after: date) -> date | None:
        """The first day after ``after`` with a session recorded or planned, if any."""
        days = [d for d in self.sessions if d > after]
        for block in self.blocks:
            plan = block.current
            if plan.treatment_end > after:
                days += [d for d in plan.planned_session_days() if d > after]
        return min(days, default=None)

    def settle_due(self, today: date) -> list[SideEffect]:
        """Open side effects whose question is due: asked at the next session after them,
        so due from that session's day on (not on the days in between)."""
        due = []
        for effect in self.open_side_effects(before=today):
            asked = self.next_session_day(effect.day)
            if asked is not None and asked <= today:
                due.append(effect)
        return due
