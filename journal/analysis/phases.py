"""Which calendar days make up each phase of a block, as of a given day.

The verdict compares a baseline (days before the first session) with the end of the
treatment phase. While a block runs, "the end" can only mean the latest treatment days so far,
so every window here is clipped to the last day that counts. Today counts only once it has been
logged: in the evening before logging, the day is not over yet and an empty today would make
the end window look thinner than it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from journal.domain.models import Plan

#: Length of the end window the verdict compares with the baseline (the last week).
END_WINDOW_DAYS = 7

#: Block states, in time order.
STATUSES = ("planned", "baseline", "running", "finished")


@dataclass(frozen=True)
class Span:
    """An inclusive range of calendar days; ``end < start`` means it is empty."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return max(0, (self.end - self.start).days + 1)

    @property
    def is_empty(self) -> bool:
        return self.days == 0

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def each_day(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)

    def clipped(self, last: date) -> Span:
        """The part of this span up to and including ``last``."""
        return Span(self.start, min(self.end, last))

    def words(self, *, year: bool = True) -> str:
        """"3 Oct - 9 Oct 2026" style, for tables and reports (``year=False``: "3 Oct - 9 Oct")."""
        if self.is_empty:
            return "no days"
        if self.start == self.end:
            return short_date(self.start, year=year)
        return f"{short_date(self.start)} - {short_date(self.end, year=year)}"


def short_date(day: date, *, year: bool = False) -> str:
    """``3 Oct`` (or ``3 Oct 2026``): unambiguous in every locale, unlike 10/03."""
    text = f"{day.day} {day:%b}"
    return f"{text} {day.year}" if year else text


@dataclass(frozen=True)
class Phases:
    """The days of one block that count, as of ``today``.

    ``baseline`` and ``treatment`` are the planned phases; the ``*_so_far`` versions are clipped
    to ``last_day``. ``end_window`` is the last 7 days of the treatment phase (of the treatment
    days so far while it runs, then ``so_far`` is True), or None before the first session.
    """

    today: date
    last_day: date
    status: str
    baseline: Span
    treatment: Span
    baseline_so_far: Span
    treatment_so_far: Span
    end_window: Span | None
    so_far: bool


def phases_for(plan: Plan, today: date, *, today_logged: bool) -> Phases:
    """Work out the phases of ``plan`` as of ``today``.

    ``today_logged`` says whether today already has an entry; if not, the last day that counts
    is yesterday.
    """
    last_day = today if today_logged else today - timedelta(days=1)
    baseline = Span(plan.baseline_start, plan.first_session - timedelta(days=1))
    treatment = Span(plan.first_session, plan.treatment_end)
    if today < plan.baseline_start:
        status = "planned"
    elif today < plan.first_session:
        status = "baseline"
    elif today <= plan.treatment_end:
        status = "running"
    else:
        status = "finished"
    treatment_so_far = treatment.clipped(last_day)
    end_window: Span | None = None
    if not treatment_so_far.is_empty:
        end = treatment_so_far.end
        start = max(treatment.start, end - timedelta(days=END_WINDOW_DAYS - 1))
        end_window = Span(start, end)
    return Phases(
        today=today,
        last_day=last_day,
        status=status,
        baseline=baseline,
        treatment=treatment,
        baseline_so_far=baseline.clipped(last_day),
        treatment_so_far=treatment_so_far,
        end_window=end_window,
        so_far=status != "finished",
    )
