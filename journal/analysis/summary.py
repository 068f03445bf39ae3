"""Everything known about one block as of a day: the input of the review screen and report.

:func:`review_block` is the one entry point. It reads a :class:`Journal` (never the store), so it
can be tested with hand-built journals and runs the same in the app and on the command line.
The calendar of the block (phases, sessions planned, cost per session) follows the plan as
amended, because that is what actually ran; the verdict (:func:`verdict.evaluate`) uses the
plan frozen when its first day was logged, and only shows what the amended plan would say
beside it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from journal.analysis import measures
from journal.analysis.measures import MeasureResult, measure_result
from journal.analysis.phases import Phases, Span, phases_for
from journal.analysis.verdict import Verdict, evaluate, next_step
from journal.analysis.weekly import Period, periods_for
from journal.domain.models import SIDE_EFFECT_KINDS, Block, Journal, Session, SideEffect


@dataclass(frozen=True)
class PhaseCompleteness:
    """How fully one phase was logged, and how often it flared."""

    name: str
    span: Span
    planned_days: int
    pain_logged: int
    function_logged: int | None
    flare_days: int
    days_logged: int  # days with any entry at all

    @property
    def share(self) -> float | None:
        """Days with pain logged, as a share of the days elapsed."""
        return self.pain_logged / self.span.days if self.span.days else None

    @property
    def flares_per_week(self) -> float | None:
        """Flare-up days per 7 logged days (a flare is only known on a logged day)."""
        logged = self.days_logged
        return self.flare_days * 7 / logged if logged else None


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int
    settled: int
    not_settled: int
    unknown: int
    worst: int  # highest severity, 1..3


@dataclass(frozen=True)
class SideEffectSummary:
    effects: tuple[SideEffect, ...]
    by_kind: tuple[KindCount, ...]

    @property
    def total(self) -> int:
        return len(self.effects)

    @property
    def settled(self) -> int:
        return sum(1 for e in self.effects if e.settled is True)

    @property
    def not_settled(self) -> tuple[SideEffect, ...]:
        return tuple(e for e in self.effects if e.settled is False)

    @property
    def unknown(self) -> int:
        return sum(1 for e in self.effects if e.settled is None)


@dataclass(frozen=True)
class Delivery:
    """Sessions, minutes and money: what was planned and what was delivered so far."""

    sessions_done: int
    sessions_planned_to_date: int
    sessions_planned_total: int
    minutes_delivered: int
    minutes_planned_total: int
    too_strong: int
    too_light: int
    currency: str
    cost_per_session: float | None
    cost_so_far: float | None
    sessions_without_cost: int
    cost_planned_to_date: float | None
    cost_planned_total: float | None
    cost_per_point: float | None  # per point of pain improvement on 0-100
    cost_per_point_note: str


@dataclass(frozen=True)
class WeekRow:
    """One row of the weekly table, both measures side by side."""

    period: Period
    pain_mean: float | None
    pain_logged: int
    function_mean: float | None
    function_logged: int
    flare_days: int
    sessions: int


@dataclass(frozen=True)
class BlockReview:
    block: Block
    phases: Phases
    pain: MeasureResult
    function: MeasureResult | None
    verdict: Verdict
    amended_verdict: Verdict | None  # the amended plan's verdict (= verdict.amended)
    rows: tuple[WeekRow, ...]
    completeness: tuple[PhaseCompleteness, ...]
    side_effects: SideEffectSummary
    delivery: Delivery
    next_step: str

    @property
    def so_far(self) -> bool:
        return self.phases.so_far

    @property
    def has_stats(self) -> bool:
        return self.pain.stats is not None and (
            self.function is None or self.function.stats is not None)


def with_stats(review: BlockReview) -> BlockReview:
    """``review`` with the statistics of both measures worked out (cached after the first time).

    Pure and thread-safe: the review screen runs it in a worker so a year-long block does not
    hold up the screen.
    """
    if review.has_stats:
        return review
    return dataclasses.replace(
        review, pain=measures.with_stats(review.pain),
        function=measures.with_stats(review.function) if review.function else None)


def _follow_up_end(journal: Journal, block: Block) -> date | None:
    """The day before the next block's baseline, so follow-up rows stop there."""
    end = block.current.treatment_end
    later = [b.current.baseline_start for b in journal.blocks
             if b.id != block.id and b.current.baseline_start > end]
    return min(later) - timedelta(days=1) if later else None


def _side_effects(journal: Journal, span: Span) -> SideEffectSummary:
    effects = tuple(sorted((e for e in journal.side_effects if e.day in span),
                           key=lambda e: (e.day, e.kind)))
    kinds = []
    for kind, label in SIDE_EFFECT_KINDS.items():
        mine = [e for e in effects if e.kind == kind]
        if mine:
            kinds.append(KindCount(
                kind, label, len(mine),
                sum(1 for e in mine if e.settled is True),
                sum(1 for e in mine if e.settled is False),
                sum(1 for e in mine if e.settled is None),
                max(e.severity for e in mine)))
    return SideEffectSummary(effects, tuple(kinds))


def _delivery(block: Block, phases: Phases, sessions: list[Session],
              verdict: Verdict) -> Delivery:
    plan = block.current
    session_today = any(s.day == phases.today for s in sessions)
    counted_to = phases.today if session_today else phases.today - timedelta(days=1)
    planned_to_date = sum(1 for d in plan.planned_session_days() if d <= counted_to)
    costs = [s.cost for s in sessions]
    without = sum(1 for c in costs if c is None)
    cost_so_far: float | None
    if plan.cost_per_session is None and without == len(costs) and costs:
        cost_so_far = None
    elif not costs:
        cost_so_far = 0.0 if plan.cost_per_session is not None else None
    else:
        fill = plan.cost_per_session or 0.0
        cost_so_far = sum(c if c is not None else fill for c in costs)
    per_point: float | None = None
    pain = verdict.check("pain")
    if cost_so_far is None:
        note = "no cost was recorded"
    elif not verdict.compared or pain is None:
        note = "the rule cannot be applied yet, so there is no improvement to price"
    elif pain.outcome != "reached":
        note = (f"pain did not improve by the {pain.threshold_words()} your rule asks, so "
                "there is no improvement to price")
    else:
        improvement = pain.measure.improvement_0_100_exact
        assert improvement is not None and improvement > 0
        per_point = float(cost_so_far / improvement)
        note = ""
    planned_to_date_cost = (plan.cost_per_session * planned_to_date
                            if plan.cost_per_session is not None else None)
    return Delivery(
        sessions_done=len(sessions),
        sessions_planned_to_date=planned_to_date,
        sessions_planned_total=plan.total_sessions,
        minutes_delivered=sum(s.minutes for s in sessions),
        minutes_planned_total=plan.total_minutes,
        too_strong=sum(1 for s in sessions if s.tolerance == "too-strong"),
        too_light=sum(1 for s in sessions if s.tolerance == "too-light"),
        currency=plan.currency,
        cost_per_session=plan.cost_per_session,
        cost_so_far=cost_so_far,
        sessions_without_cost=without if plan.cost_per_session is not None else 0,
        cost_planned_to_date=planned_to_date_cost,
        cost_planned_total=plan.planned_cost,
        cost_per_point=per_point,
        cost_per_point_note=note,
    )


def _completeness(journal: Journal, name: str, span: Span | None, planned: int,
                  has_function: bool) -> PhaseCompleteness:
    span = span or Span(date.max, date.min)
    entries = [e for d in span.each_day() if (e := journal.entry(d)) is not None]
    return PhaseCompleteness(
        name=name, span=span, planned_days=planned,
        pain_logged=sum(1 for e in entries if e.pain is not None),
        function_logged=(sum(1 for e in entries if e.function is not None)
                         if has_function else None),
        flare_days=sum(1 for e in entries if e.flare),
        days_logged=sum(1 for e in entries if not e.is_empty),
    )


def review_block(journal: Journal, block: Block, today: date, *,
                 stats: bool = True) -> BlockReview:
    """Analyse ``block`` as of ``today``: measures, statistics, verdict, costs, side effects.

    With ``stats=False`` the statistics are left out unless already cached (the verdict never
    needs them); :func:`with_stats` adds them later, e.g. from a worker thread.
    """
    plan = block.current
    days = journal.days
    phases = phases_for(plan, today, today_logged=today in days)
    periods = [p for p in periods_for(phases, _follow_up_end(journal, block))
               if p.kind != "follow-up" or any(d in days for d in p.span.each_day())]
    pain = measure_result(
        "pain", label="Pain", unit="points", better="lower", scale=plan.pain_scale,
        entries=days, phases=phases, periods=periods, value=lambda e: e.pain,
        compute_stats=stats)
    function: MeasureResult | None = None
    marker = plan.function
    if marker is not None:
        function = measure_result(
            "function", label=marker.name[:1].upper() + marker.name[1:], unit=marker.unit,
            better=marker.better, scale=None, entries=days, phases=phases,
            periods=periods, value=lambda e: e.function, compute_stats=stats)

    block_span = Span(plan.baseline_start, min(plan.treatment_end, today))
    effects = _side_effects(journal, block_span)
    verdict = evaluate(block, journal, today)

    sessions = sorted((s for d, s in journal.sessions.items()
                       if d in phases.treatment and d <= today), key=lambda s: s.day)
    session_days = {s.day for s in sessions}
    # Rows of a pause or second treatment phase count that phase's sessions too.
    row_sessions = session_days | {d for d in journal.sessions if d <= today and any(
        d in span for _, span in phases.later)}
    rows = []
    fn_weekly = function.weekly if function else (None,) * len(pain.weekly)
    for pm, fm in zip(pain.weekly, fn_weekly, strict=True):
        span = pm.period.span
        rows.append(WeekRow(
            period=pm.period, pain_mean=pm.mean, pain_logged=pm.logged,
            function_mean=fm.mean if fm else None, function_logged=fm.logged if fm else 0,
            flare_days=sum(1 for d in span.each_day()
                           if (e := journal.entry(d)) is not None and e.flare),
            sessions=sum(1 for d in span.each_day() if d in row_sessions)))

    has_fn = function is not None
    completeness = (
        _completeness(journal, "baseline", phases.baseline_so_far, phases.baseline.days, has_fn),
        _completeness(journal, "treatment", phases.treatment_so_far, phases.treatment.days,
                      has_fn),
        _completeness(journal, "end_window", phases.end_window, 7, has_fn),
    )
    return BlockReview(
        block=block, phases=phases, pain=pain, function=function, verdict=verdict,
        amended_verdict=verdict.amended, rows=tuple(rows), completeness=completeness,
        side_effects=effects, delivery=_delivery(block, phases, sessions, verdict),
        next_step=next_step(verdict, phases),
    )
