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
    #: The designed phases after the first treatment, as (kind, planned span): a pause and a
    #: second treatment phase (A-B-A, A-B-A-B); empty for an A-B block.
    later: tuple[tuple[str, Span], ...] = ()


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
        later=tuple((kind, Span(start, end)) for kind, start, end in plan.design_phases()
                    if kind in ("pause", "treatment-2")),
    )


# --- the phases of a design ----------------------------------------------------------------
@dataclass(frozen=True)
class PhaseSpan:
    """One phase of a block's design: its planned days and the days that count in comparisons.

    ``counted`` leaves out the first carry-over days of every phase that follows a switch
    (treatment, pause, treatment 2, follow-up), when soreness or lingering relief from the
    previous phase may still show. ``carry_over`` is those left-out days (possibly empty).
    """

    kind: str
    span: Span
    counted: Span
    carry_over: Span | None


def design_phases(plan: Plan) -> tuple[PhaseSpan, ...]:
    """Every phase of ``plan`` in time order, from :meth:`Plan.design_phases`."""
    out = []
    for kind, start, end in plan.design_phases():
        span = Span(start, end)
        skip = 0 if kind == "baseline" else min(plan.carry_over_days, span.days)
        counted = Span(start + timedelta(days=skip), end)
        carry = Span(start, start + timedelta(days=skip - 1)) if skip else None
        out.append(PhaseSpan(kind, span, counted, carry))
    return tuple(out)


def carry_over_days(plan: Plan) -> frozenset[date]:
    """The days left out of comparisons as carry-over, for dimming on charts."""
    return frozenset(d for p in design_phases(plan) if p.carry_over
                     for d in p.carry_over.each_day())
