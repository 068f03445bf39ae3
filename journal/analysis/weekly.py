"""The rows of the weekly table: the baseline, each treatment week, and any follow-up.

Weeks are counted from the first session (week 1 = first session day + 6 days), not from the
calendar week, so that "week 3" means the same thing in every block. The baseline is one row of
its own whatever its length. Logged days in the 12 weeks after the treatment phase (until the
next block begins) are one "Follow-up" row, because whether relief lasts after the sessions stop
is part of the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from journal.analysis.phases import Phases, Span
from journal.domain.models import DayEntry

#: How long after the treatment phase logged days still count as this block's follow-up.
FOLLOW_UP_DAYS = 84


@dataclass(frozen=True)
class Period:
    """One row of the weekly table. ``week`` is None for the baseline and follow-up rows."""

    label: str
    kind: str  # "baseline" | "week" | "pause" | "treatment-2" | "follow-up"
    week: int | None
    span: Span  # the days elapsed so far (clipped to the last day that counts)
    planned_days: int


def periods_for(phases: Phases, follow_up_end: date | None = None) -> list[Period]:
    """Baseline row, one row per treatment week begun so far, and a follow-up row.

    ``follow_up_end`` is the last follow-up day to include (e.g. the day before the next block
    begins); None means up to the last day that counts.
    """
    rows: list[Period] = []
    if not phases.baseline.is_empty and phases.last_day >= phases.baseline.start:
        rows.append(Period("Baseline", "baseline", None, phases.baseline_so_far,
                           phases.baseline.days))
    treatment = phases.treatment
    week_count = (treatment.days + 6) // 7
    for index in range(week_count):
        start = treatment.start + timedelta(days=7 * index)
        if start > phases.last_day:
            break
        full = Span(start, min(treatment.end, start + timedelta(days=6)))
        rows.append(Period(f"Week {index + 1}", "week", index + 1,
                           full.clipped(phases.last_day), full.days))
    designed_end = treatment.end
    for kind, planned in phases.later:  # a pause is one row; a second treatment, weekly rows
        designed_end = planned.end
        if planned.start > phases.last_day:
            continue
        parts = ([planned] if kind == "pause" else
                 [Span(d, min(planned.end, d + timedelta(days=6)))
                  for d in planned.each_day() if (d - planned.start).days % 7 == 0])
        for index, full in enumerate(parts):
            if full.start > phases.last_day:
                break
            label = "Pause" if kind == "pause" else f"T2 week {index + 1}"
            rows.append(Period(label, kind, None if kind == "pause" else index + 1,
                               full.clipped(phases.last_day), full.days))
    if phases.last_day > designed_end:
        end = min(phases.last_day, designed_end + timedelta(days=FOLLOW_UP_DAYS))
        if follow_up_end is not None:
            end = min(end, follow_up_end)
        span = Span(designed_end + timedelta(days=1), end)
        if not span.is_empty:
            rows.append(Period("Follow-up", "follow-up", None, span, span.days))
    return rows


def logged(entries: Mapping[date, DayEntry], span: Span,
           value: Callable[[DayEntry], float | None]) -> list[tuple[date, float]]:
    """(day, value) for every day in ``span`` that has a value, in date order."""
    out: list[tuple[date, float]] = []
    for day in span.each_day():
        entry = entries.get(day)
        if entry is None:
            continue
        v = value(entry)
        if v is not None:
            out.append((day, float(v)))
    return out


def exact(value: float) -> Fraction:
    """A logged value as the exact number that was typed (5.1 is 51/10, not the nearest float).

    Logged values have at most a few decimals, so their shortest decimal form is what the
    person entered; working on it keeps equal values equal and a flat series' change at 0.
    """
    return Fraction(repr(float(value)))


def exact_mean(values: Sequence[float]) -> Fraction | None:
    """The exact arithmetic mean of logged values, or None for no values."""
    return sum((exact(v) for v in values), Fraction(0)) / len(values) if values else None


def mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean (exact, then rounded once to a float), or None for no values."""
    m = exact_mean(values)
    return None if m is None else float(m)
