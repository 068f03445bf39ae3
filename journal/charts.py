"""Charts of pain, function and side effects over time, drawn as text.

Two pure steps, so that a screen, a report and a test can all use them:

* :func:`chart_data` turns the journal, a date and a :class:`ChartSpec` into the things to draw
  (:class:`ChartData`): the logged values (daily, or weekly/monthly means for long ranges), the
  weekly averages, the baseline and target levels, session days, side effects, flare-ups and
  the phases of the block.
* :func:`render_chart` draws that with plotext and returns the chart as a string: coloured with
  ANSI escapes when a palette of theme colours is given, plain text otherwise.

Choices that a reader of the chart relies on:

* A day that was not logged stays empty. Nothing is interpolated; an average line breaks where a
  week (or month) has no value.
* Weeks are counted from the block's first session, so "week 3" on the chart is treatment week 3;
  the baseline is averaged as one segment of its own.
* The baseline and target lines use the rule as it was written before the block began
  (``block.plan.rule``), never a later amendment.
* The cost of drawing does not grow with history: a chart never has more points than it has
  columns. Long ranges are reduced to weekly, monthly, quarterly or yearly means.

Nothing here imports Textual or TinyDB; plotext is imported only when a chart is drawn.
"""

from __future__ import annotations

import math
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain, compress, islice
from typing import Any, NamedTuple

from journal.domain.clinical import PEG_MAX
from journal.domain.models import Block, DayEntry, FunctionMarker, Journal, Plan

__all__ = [
    "KINDS",
    "RANGES",
    "RANGE_TITLES",
    "Bucket",
    "ChartData",
    "ChartSpec",
    "Level",
    "PhaseSpan",
    "chart_data",
    "plot_columns",
    "render_chart",
]

KINDS = ("pain", "function", "effects", "peg")
RANGES = ("block", "all", "4w")
RANGE_TITLES = {"block": "this block", "all": "all time", "4w": "last 4 weeks"}

#: How long after the treatment phase days still count as the block's follow-up.
FOLLOW_UP_DAYS = 84
_FOLLOW_UP = timedelta(days=FOLLOW_UP_DAYS)
_ONE_DAY = timedelta(days=1)
#: Width of the y-axis labels (lane names and tick values), so the two panels line up.
LABEL_WIDTH = 7
#: Rows of the strip under the main chart: frame, four lanes, frame, date labels.
STRIP_ROWS = 7
#: Smallest main panel (frame plus three rows of plot).
MIN_MAIN_ROWS = 5
#: Fewest plot columns worth drawing.
MIN_COLUMNS = 20

RESOLUTIONS = ("day", "week", "month", "quarter", "year")
RESOLUTION_WORDS = {"day": "daily", "week": "weekly", "month": "monthly",
                    "quarter": "quarterly", "year": "yearly"}
SEVERITY_MARKS = {1: "▂", 2: "▅", 3: "█"}
PHASE_MARKS = {"baseline": "┄", "treatment": "━", "pause": "┈", "treatment-2": "━",
               "follow-up": "─"}
PHASE_COLOURS = {"baseline": "phase-baseline", "treatment": "phase-treatment",
                 "pause": "phase-baseline", "treatment-2": "phase-treatment",
                 "follow-up": "phase-followup"}
#: A logged day left out of phase comparisons as carry-over, drawn dimmed.
CARRY_MARK = "∘"
SESSION_MARK = "◆"
FLARE_MARK = "▲"
DAY_MARK = "•"
#: The weekly (or monthly ...) average: one heavy step per row, never a half-block, so the
#: row it sits on is its value.
AVERAGE_MARK = "━"
BASELINE_MARK = "─"
TARGET_MARK = "╌"

LOG_HINT = "Log a day with F2 and it will appear here."


@dataclass(frozen=True)
class ChartSpec:
    """What to draw and how big.

    ``kind`` is "pain", "function", "peg" (the weekly PEG-3 score, 0-10, lower is better) or
    "effects" (sessions, side effects and flare-ups only);
    ``range`` is "block", "all" or "4w"; ``width`` and ``height`` are in terminal cells.
    ``block_id`` None means the current block. ``palette`` maps theme variable names
    (``pain-line``: ``#rrggbb``) to colours; None draws plain text without escapes. The
    palette is left out of equality and hashing (a mapping is not hashable), so a cache keyed
    on a spec must add the colours itself.
    """

    kind: str
    range: str
    width: int
    height: int
    block_id: str | None = None
    palette: Mapping[str, str] | None = field(default=None, compare=False, hash=False)


class Bucket(NamedTuple):
    """A value over the days ``start``..``end`` (one day, a week, a month ...).

    A named tuple, as :class:`PhaseSpan`: a chart makes one per bucket and series, and a
    tuple is made in a fraction of the time of a frozen dataclass.
    """

    start: date
    end: date
    value: float

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Level:
    """A horizontal line at ``value`` from ``start`` to ``end``."""

    value: float
    start: date
    end: date


class PhaseSpan(NamedTuple):
    """The part of one phase of a block that falls inside the chart's range (a few per
    block: an all-time chart of a long history makes hundreds)."""

    name: str  # a Plan phase kind: "baseline", "treatment", "pause", ... "follow-up"
    start: date
    end: date
    block_id: str


@dataclass(frozen=True)
class ChartData:
    """Everything a chart shows, before it is drawn. Dates are inclusive."""

    kind: str
    range: str
    title: str
    start: date
    end: date
    resolution: str = "day"
    columns: int = 0
    y_min: float = 0.0
    y_max: float = 10.0
    points: tuple[Bucket, ...] = ()
    averages: tuple[tuple[Bucket, ...], ...] = ()
    baseline: Level | None = None
    target: Level | None = None
    baseline_words: str = ""
    target_words: str = ""
    sessions: tuple[Bucket, ...] = ()
    side_effects: tuple[Bucket, ...] = ()
    flares: tuple[Bucket, ...] = ()
    phases: tuple[PhaseSpan, ...] = ()
    boundaries: tuple[date, ...] = ()
    anchor: date | None = None
    message: str | None = None
    #: The points on days left out of phase comparisons (the first days after each switch),
    #: drawn dimmed instead of as plain points.
    carry_over: tuple[Bucket, ...] = ()


# ---------------------------------------------------------------------------------------------
# Sizes


def plot_columns(width: int) -> int:
    """Columns of the plot area for a chart ``width`` cells wide (labels, axis and frame off)."""
    return width - LABEL_WIDTH - 2


def _layout(kind: str, free: int) -> tuple[int, int] | None:
    """Rows for (main panel, strip) out of ``free`` rows, or None when the chart does not fit.

    The strip of sessions, side effects and flare-ups goes when there is no room for it and
    a readable main panel.
    """
    if kind == "effects":
        return (0, free) if free >= STRIP_ROWS - 1 else None
    strip = STRIP_ROWS if free - STRIP_ROWS >= MIN_MAIN_ROWS + 3 else 0
    main = free - strip
    return (main, strip) if main >= MIN_MAIN_ROWS else None


# ---------------------------------------------------------------------------------------------
# Dates and words


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def _long(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _span_words(start: date, end: date) -> str:
    if start.year == end.year:
        return f"{_short(start)} – {_long(end)}"
    return f"{_long(start)} – {_long(end)}"


def _number(value: float) -> str:
    """A value as a person would write it: 6, 5.9, 12.5, 1.2k."""
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.1f}"


def _mean(values: Sequence[float]) -> float:
    """Their mean, correctly rounded: whole numbers (as scores are logged) are summed exactly
    by ``sum``, anything else by ``math.fsum``; both give the same value for whole numbers."""
    total = sum(values)
    if type(total) is not int:
        total = math.fsum(values)
    return total / len(values)


# ---------------------------------------------------------------------------------------------
# The block, the range and the phases


def _block(journal: Journal, today: date, block_id: str | None) -> Block | None:
    if block_id is not None:
        return journal.block_by_id(block_id)
    return journal.current_block(today)


def _follow_up_end(plan: Plan, later_starts: Sequence[date]) -> date:
    """The last day of a block's follow-up: 12 weeks, or up to the next block's baseline.

    ``later_starts`` are the baseline starts of every block, sorted; finding the next one is a
    binary search, so the phases of all blocks cost n log n, not n squared.
    """
    return _follow_up_until(plan.block_end, later_starts)


def _follow_up_until(block_end: date, later_starts: Sequence[date]) -> date:
    """As :func:`_follow_up_end`, from the block's last designed day."""
    end = block_end + _FOLLOW_UP
    i = bisect_right(later_starts, block_end)
    if i < len(later_starts):
        end = min(end, later_starts[i] - _ONE_DAY)
    return end


def _earliest(days: Iterable[date], today: date) -> date | None:
    """The earliest of ``days`` up to ``today``: one pass in C (min), and a second only when
    the earliest of all lies after today (a journal planned ahead, not yet begun)."""
    first = min(days, default=None)
    if first is None or first <= today:
        return first
    return min((d for d in days if d <= today), default=None)


#: Every block's designed phases (``Plan.design_phases``: the first is the baseline, from its
#: first day) with the block, sorted by that first day: worked out once per chart.
Designs = list[tuple[tuple[tuple[str, date, date], ...], Block]]


def _designs(journal: Journal) -> Designs:
    return sorted(((b.current.design_phases(), b) for b in journal.blocks),
                  key=lambda pb: pb[0][0][1])  # by the baseline's first day, stable


def _first_day(journal: Journal, today: date, logged: Sequence[date],
               designs: Designs) -> date:
    """The first day with anything in it, up to today (``logged``: the entries' days, sorted)."""
    first_entry = logged[0] if logged and logged[0] <= today else None
    first_baseline = designs[0][0][0][1] if designs else None
    days = [d for d in (first_entry, _earliest(journal.sessions, today), first_baseline)
            if d is not None and d <= today]
    return min(days, default=today)


def _range(journal: Journal, today: date, spec: ChartSpec, block: Block | None,
           logged: Sequence[date], designs: Designs) -> tuple[date, date]:
    if spec.range == "4w":
        return today - timedelta(days=27), today
    if spec.range == "all":
        last = max(today, logged[-1]) if logged else today
        return _first_day(journal, today, logged, designs), last
    assert block is not None
    plan = block.current
    end = plan.block_end
    if today > end:
        starts = [phases[0][1] for phases, _b in designs]
        end = max(end, min(today, _follow_up_end(plan, starts)))
    return plan.baseline_start, end


def _phases(designs: Designs, today: date, start: date, end: date) -> list[PhaseSpan]:
    """The phases of every block, clipped to ``start``..``end``."""
    spans: list[PhaseSpan] = []
    starts = [phases[0][1] for phases, _b in designs]
    for phases, block in designs:
        if phases[0][1] > end:
            break  # this block and every later one begin after the range
        # Follow-up is the last phase of a design, if it has one; the chart's own follows.
        designed = phases[:-1] if phases[-1][0] == "follow-up" else phases
        block_end = designed[-1][2]
        if block_end + _FOLLOW_UP < start:
            continue  # over, follow-up included, before the range begins
        follow_end = min(_follow_up_until(block_end, starts), max(today, block_end))
        block_id = block.id
        parts = (*designed, ("follow-up", block_end + _ONE_DAY, follow_end))
        whole = start <= phases[0][1] and follow_end <= end  # (most blocks, all time)
        for name, a, b in parts:
            if not whole:
                a, b = max(a, start), min(b, end)
            if a <= b:
                spans.append(PhaseSpan(name, a, b, block_id))
    return spans


# ---------------------------------------------------------------------------------------------
# Values per day


def _daily_values(journal: Journal, block: Block | None, kind: str, start: date, end: date,
                  logged: list[date] | None = None, in_order: bool | None = None
                  ) -> tuple[Mapping[date, float], dict[date, float]]:
    """The logged values in range and the flare-up days, in one pass.

    Values are on the scale of ``block`` (pain) or its marker (function): pain from a block
    with another pain scale is converted; function values logged while a different marker was
    in use are left out, because they measure something else. A short range looks its days
    up; a long one takes the logged days in it (``logged``: all of them, sorted, if known;
    ``in_order``: whether the journal keeps them in that order, if known) by
    bisection and, when every block shares one scale and marker, reads each day's value and
    flag once, with no Python step per day beyond that read (:class:`DaySeries`).
    """
    scale = block.current.pain_scale if block else 10
    marker = block.current.function if block else None
    # Pain from a block with another scale is converted; function values under another
    # marker are left out. Only the kind charted matters (the pain chart compares no markers).
    mixed = (any(b.current.pain_scale != scale for b in journal.blocks) if kind == "pain" else
             any(b.current.function != marker for b in journal.blocks) if kind == "function"
             else False)
    n_days = (end - start).days + 1
    if n_days < journal.logged_count():  # a block's weeks: only their days are built
        pairs: list[tuple[date, DayEntry]] = [
            (d, e) for d in _days(start, end) if (e := journal.entry(d)) is not None]
    else:
        entries = journal.entries
        # A long range: the logged days in date order (the store keeps them so; sorted
        # otherwise), cut to the range by bisection.
        days = sorted(entries) if logged is None else logged
        if logged is None or in_order is None:
            in_order = days == list(entries)  # as the store keeps them: cheap to confirm
        lo, hi = bisect_left(days, start), bisect_right(days, end)
        in_range: Collection[DayEntry] = (
            (entries.values() if hi - lo == len(entries) else  # all of them: no copy
             list(islice(entries.values(), lo, hi))) if in_order else
            list(map(entries.__getitem__, days[lo:hi])))
        if hi - lo < len(days):
            days = days[lo:hi]
        if kind not in ("pain", "function"):
            answers = _peg_values(journal, start, end) if kind == "peg" else {}
            return answers, _flare_days(in_range)
        if not mixed:
            return _plain_values(days, in_range, kind), _flare_days(in_range)
        pairs = list(zip(days, in_range, strict=True))
    values: dict[date, float] = {}
    flares: dict[date, float] = {}
    for day, entry in pairs:
        if entry.flare:
            flares[day] = 1.0
        value = entry.pain if kind == "pain" else entry.function if kind == "function" else None
        if value is None:
            continue
        if mixed:
            owner = journal.block_for(day)
            if owner is not None and owner is not block:
                if kind == "pain":
                    value = value * scale / owner.current.pain_scale
                elif not _same_marker(owner.current.function, marker):
                    continue
        values[day] = float(value)
    if kind == "peg":
        values = _peg_values(journal, start, end)
    return values, flares


class DaySeries(Mapping[date, float]):
    """Values by day, held as two lists in date order: a long range's values are made and
    bucketed by C built-ins and bisection, never by a Python step per day. ``figures`` are
    as logged (whole numbers stay ints: means and sums come out the same, correctly rounded);
    read through the mapping they are floats, as everywhere else."""

    def __init__(self, days: list[date], figures: list[float]) -> None:
        self.days = days
        self.figures = figures

    def __getitem__(self, day: date) -> float:
        i = bisect_left(self.days, day)
        if i == len(self.days) or self.days[i] != day:
            raise KeyError(day)
        return float(self.figures[i])

    def __iter__(self) -> Iterator[date]:
        return iter(self.days)

    def __len__(self) -> int:
        return len(self.days)

    def values(self) -> Iterator[float]:  # type: ignore[override]  # read once, in order
        return map(float, self.figures)


def _plain_values(days: list[date], entries: Iterable[DayEntry], kind: str) -> DaySeries:
    """Each day's pain or function (all on one scale and marker), as the loop in
    :func:`_daily_values` gives them, in one read of each day: a comprehension reading one
    attribute (specialised by the interpreter) takes about half the time of
    ``map(attrgetter(...))``; the rest is done by C built-ins."""
    raw: list[Any] = ([e.pain for e in entries] if kind == "pain" else
                      [e.function for e in entries])
    try:
        sum(raw)  # numbers add up in C, fast; a day without this value (None) cannot
    except TypeError:
        pass  # some day has no value: keep only the days that have one
    else:
        return DaySeries(days, raw)
    present = [value is not None for value in raw]
    return DaySeries(list(compress(days, present)), list(compress(raw, present)))


def _flare_days(entries: Iterable[DayEntry]) -> dict[date, float]:
    """The flare-up days among ``entries`` (each entry is keyed by its own day)."""
    return dict.fromkeys([e.day for e in entries if e.flare], 1.0)


def _peg_values(journal: Journal, start: date, end: date) -> dict[date, float]:
    """PEG-3 scores answered in range (every block's; skipped weeks have none)."""
    return {a.day: a.score for b in journal.blocks for a in b.measures.peg
            if a.score is not None and start <= a.day <= end}


def _same_marker(a: FunctionMarker | None, b: FunctionMarker | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.name, a.unit, a.better) == (b.name, b.unit, b.better)


# ---------------------------------------------------------------------------------------------
# Buckets


def _week_starts(start: date, end: date, block: Block | None, whole_baseline: bool
                 ) -> list[date]:
    """First days of the weeks in range: counted from the block's first session, and cut
    where a phase begins (so no week straddles two phases). Without a block, ISO weeks."""
    if block is None:
        anchor = start - timedelta(days=start.weekday())
        cuts: set[date] = set()
    else:
        plan = block.current
        anchor = plan.first_session
        cuts = {plan.baseline_start, plan.first_session,
                plan.treatment_end + timedelta(days=1)}
    first = anchor + timedelta(days=7 * ((start - anchor).days // 7))
    cuts.update(first + timedelta(days=7 * i) for i in range((end - first).days // 7 + 1))
    if block is not None and whole_baseline:
        plan = block.current
        cuts = {d for d in cuts if not plan.baseline_start < d < plan.first_session}
    return sorted({start, *(d for d in cuts if start < d <= end)})


def _calendar_starts(start: date, end: date, resolution: str) -> list[date]:
    """First days of the months, quarters or years in range (the first one clipped)."""
    months = {"month": 1, "quarter": 3, "year": 12}[resolution]
    index = (start.year * 12 + start.month - 1) // months * months
    starts = [start]
    while True:
        index += months
        day = date(index // 12, index % 12 + 1, 1)
        if day > end:
            return starts
        starts.append(day)


def _calendar_count(start: date, end: date, resolution: str) -> int:
    """How many first days :func:`_calendar_starts` gives, worked out without listing them."""
    months = {"month": 1, "quarter": 3, "year": 12}[resolution]
    first = (start.year * 12 + start.month - 1) // months * months
    return 1 + (end.year * 12 + end.month - 1 - first) // months


def _groups(starts: Sequence[date], end: date) -> list[tuple[date, date]]:
    """(first, last) day pairs from sorted first days."""
    ends = [d - _ONE_DAY for d in starts[1:]] + [end]
    return list(zip(starts, ends, strict=True))


def _bucketise(groups: Sequence[tuple[date, date]],
               values: Mapping[date, float], how: str = "mean") -> list[Bucket | None]:
    """One bucket per group (None where nothing was logged).

    The days are sorted once (C's sort) and each group's are found by bisection, so the
    Python work is per group; the sums run in C, in date order.
    """
    if isinstance(values, DaySeries):
        days, figures = values.days, values.figures
    else:
        days = sorted(values)
        figures = list(map(values.__getitem__, days))
    out: list[Bucket | None] = []
    for first, last in groups:
        lo, hi = bisect_left(days, first), bisect_right(days, last)
        if lo == hi:
            out.append(None)
            continue
        inside = figures[lo:hi]
        value = max(inside) if how == "max" else _mean(inside)
        out.append(Bucket(first, last, value))
    return out


def _counts(groups: Sequence[tuple[date, date]], days: Sequence[date]) -> list[Bucket | None]:
    """One bucket per group holding how many of ``days`` (sorted) fall in it (None for none):
    two bisections per group, whatever the number of days."""
    out: list[Bucket | None] = []
    for first, last in groups:
        n = bisect_right(days, last) - bisect_left(days, first)
        out.append(Bucket(first, last, float(n)) if n else None)
    return out


def _days(first: date, last: date) -> Iterable[date]:
    for i in range((last - first).days + 1):
        yield first + timedelta(days=i)


def _runs(buckets: Sequence[Bucket | None]) -> tuple[tuple[Bucket, ...], ...]:
    """Split a bucket list at the empty ones: each run is drawn as one unbroken line."""
    runs: list[tuple[Bucket, ...]] = []
    run: list[Bucket] = []
    for bucket in [*buckets, None]:
        if bucket is None:
            if run:
                runs.append(tuple(run))
            run = []
        else:
            run.append(bucket)
    return tuple(runs)


def _resolution_groups(start: date, end: date, columns: int, block: Block | None
                       ) -> tuple[str, list[tuple[date, date]]]:
    """The finest resolution with at most one bucket per column, and its groups."""
    n_days = (end - start).days + 1
    if n_days <= columns:
        return "day", [(d, d) for d in (start + timedelta(days=i) for i in range(n_days))]
    for resolution in RESOLUTIONS[1:]:
        if resolution == "week":
            if n_days / 7 > columns + 1:
                continue  # clearly too many weeks; do not work them out
            starts = _week_starts(start, end, block, whole_baseline=False)
        else:
            if resolution != "year" and _calendar_count(start, end, resolution) > columns:
                continue  # too many months or quarters: count them, do not list them
            starts = _calendar_starts(start, end, resolution)
        if len(starts) <= columns:
            return resolution, _groups(starts, end)
    # Even yearly means do not fit (a very narrow chart): merge years evenly.
    per = math.ceil(len(starts) / columns)
    return "year", _groups(starts[::per], end)


# ---------------------------------------------------------------------------------------------
# Levels


def _levels(block: Block | None, kind: str, baseline_values: Mapping[date, float],
            start: date, end: date, today: date) -> tuple[Level | None, Level | None, str, str]:
    """Baseline mean and the go/no-go target, as the rule frozen before the block defined it.

    Dates, scale and marker are the block's as amended (what actually ran); the thresholds are
    the original rule's, with a pain threshold converted if the pain scale was amended.
    Returns the two levels and the words for them in the legend.
    """
    if block is None:
        return None, None, "", ""
    plan = block.current
    rule = block.plan.rule
    base = [v for d in _days(plan.baseline_start, plan.first_session - timedelta(days=1))
            if (v := baseline_values.get(d)) is not None]
    if not base:
        return None, None, "", ""
    mean = _mean(base)
    line_start = max(start, plan.baseline_start)
    line_end = min(end, plan.treatment_end + timedelta(days=FOLLOW_UP_DAYS))
    if line_start > line_end:
        return None, None, "", ""
    baseline = Level(mean, line_start, line_end)
    so_far = " so far" if today < plan.first_session - timedelta(days=1) else ""
    base_words = f"baseline{so_far} {_number(mean)}"
    target_start = max(start, plan.first_session)
    if rule is None or target_start > line_end:
        return baseline, None, base_words, ""
    if kind == "pain":
        change = rule.pain_change * plan.pain_scale / block.plan.pain_scale
        better = "lower"
    elif kind == "function" and rule.function_change is not None and plan.function is not None:
        change = rule.function_change
        better = plan.function.better
    else:
        return baseline, None, base_words, ""
    if better == "higher":
        value = mean + change
        words = f"target ≥ {_number(value)} (baseline + {_number(change)})"
    else:
        value = max(0.0, mean - change)
        words = f"target ≤ {_number(value)} (baseline − {_number(change)})"
    return baseline, Level(value, target_start, line_end), base_words, words


def _nice_step(span: float, max_ticks: int) -> float:
    raw = span / max(1, max_ticks - 1)
    exponent = math.floor(math.log10(raw)) if raw > 0 else 0
    for mult in (1, 2, 5, 10):
        step = mult * 10**exponent
        if step >= raw:
            return float(step)
    return float(10 ** (exponent + 1))


def _y_axis(y_min: float, y_max: float, rows: int, extendable: bool,
            preferred: float | None = None) -> tuple[float, list[float], int]:
    """Tick values that fall exactly on rows, so a label never sits next to the wrong row.

    Returns (new y_max, ticks, rows used). Rows are only given up (left blank under the chart)
    when no nice tick step fits all of them; ``extendable`` lets the top grow to a round value
    (function markers), while a pain scale keeps its top. ``preferred`` is a step to use
    whenever the rows allow it (every 2 points on 0-10, every 20 on 0-100).
    """
    span = y_max - y_min
    if rows < 3 or span <= 0:
        return y_max, [y_min, y_max], rows
    if preferred:
        k = round(span / preferred)
        if abs(span / preferred - k) < 1e-9 and 1 <= k <= rows - 1:
            return y_max, [y_min + i * preferred for i in range(k + 1)], 1 + k * ((rows - 1) // k)
    best: tuple[tuple[Any, ...], float, list[float], int] | None = None
    exponent = math.floor(math.log10(span)) - 2
    for e in range(exponent, exponent + 4):
        for mult in (1, 2, 5):
            step = mult * 10.0**e
            k_exact = span / step
            if extendable:
                k = math.ceil(k_exact - 1e-9)
            elif abs(k_exact - round(k_exact)) < 1e-9:
                k = round(k_exact)
            else:
                continue
            if not 1 <= k <= rows - 1:
                continue
            top = y_min + k * step
            if (top - y_min) > 1.5 * span:
                continue
            used = 1 + k * ((rows - 1) // k)
            spacing = (used - 1) // k
            # Rows that show nothing: those given up plus those above the highest value.
            wasted = (rows - used) + (top - y_max) / (top - y_min) * used
            score = (k >= 2, spacing >= 2, -round(wasted, 3), k if spacing >= 2 else -k)
            if best is None or score > best[0]:
                best = (score, top, [y_min + i * step for i in range(k + 1)], used)
    if best is None:
        return y_max, [y_min, y_max], rows
    return best[1], best[2], best[3]


def _y_range(kind: str, scale: int, values: Iterable[float]) -> tuple[float, float]:
    if kind == "peg":
        return 0.0, float(PEG_MAX)
    if kind == "pain":
        return 0.0, float(scale)
    vals = list(values)
    top = max(vals, default=1.0) or 1.0
    low = min(vals, default=0.0)
    y_min = 0.0
    if low > 0.5 * top:  # a narrow band high up: do not squash it against the top
        step = _nice_step(top - low, 5)
        y_min = math.floor(low / step) * step
    return y_min, top


# ---------------------------------------------------------------------------------------------
# The pure data step


def chart_data(journal: Journal, today: date, spec: ChartSpec) -> ChartData:
    """What the chart for ``spec`` shows, computed from the journal (no drawing)."""
    if spec.kind not in KINDS:
        raise ValueError(f"unknown chart kind {spec.kind!r}; expected one of {KINDS}")
    if spec.range not in RANGES:
        raise ValueError(f"unknown chart range {spec.range!r}; expected one of {RANGES}")
    block = _block(journal, today, spec.block_id)
    what = _what_words(spec.kind, block)
    if spec.range == "block" and block is None:
        return ChartData(spec.kind, spec.range, what, today, today, message=(
            "No block planned yet. Plan one with F3; until then, press a to see all the days "
            "logged so far."))
    # The logged days, sorted once (C's sort: the store keeps them nearly in order): the range
    # and the values are cut from them by bisection.
    logged: list[date] | None = None
    in_order = None
    if spec.range == "all":
        keys = list(journal.entries)
        logged = sorted(keys)
        in_order = logged == keys  # the same dates in the same places: a quick pass
    designs = _designs(journal)
    start, end = _range(journal, today, spec, block, logged or [], designs)
    title = _title(what, spec.range, block, start, end)
    columns = max(1, plot_columns(spec.width))
    if spec.kind == "function" and (block is None or block.current.function is None):
        return ChartData(spec.kind, spec.range, title, start, end, message=(
            "This block has no function marker, so there is nothing to chart here. Add one "
            "to the plan with F3 (e.g. walking minutes before stopping)."))

    resolution, groups = _resolution_groups(start, end, columns, block)
    # Session and flare-up days are counted per bucket, by bisection of their sorted days.
    session_days = sorted(journal.sessions)
    severity: dict[date, float] = {}
    for effect in journal.side_effects:
        if start <= effect.day <= end:
            severity[effect.day] = max(severity.get(effect.day, 0), effect.severity)
    values, flares = _daily_values(journal, block, spec.kind, start, end, logged, in_order)
    phases = _phases(designs, today, start, end)
    boundaries = tuple(p.start for p in phases
                       if p.start > start and (block is None or p.block_id == block.id))
    common: dict[str, Any] = dict(
        kind=spec.kind, range=spec.range, title=title, start=start, end=end,
        resolution=resolution, columns=columns,
        sessions=tuple(b for b in _counts(groups, session_days) if b),
        side_effects=tuple(b for b in _bucketise(groups, severity, "max") if b),
        flares=tuple(b for b in _counts(groups, sorted(flares)) if b),
        phases=tuple(phases), boundaries=boundaries,
        anchor=block.current.first_session if block else None,
    )
    if spec.kind == "effects":
        message = None
        if not (common["sessions"] or common["side_effects"] or common["flares"]):
            message = ("No sessions, side effects or flare-ups in this range yet. Log them with "
                       "F2 and they will appear here.")
        return ChartData(**common, message=message)

    scale = block.current.pain_scale if block else 10
    noun = {"pain": "pain", "peg": "PEG-3"}.get(spec.kind, "function")
    if not values:
        return ChartData(**common, message=f"No {noun} logged in this range yet. {LOG_HINT}")
    if len(values) == 1:
        (day, value), = values.items()
        return ChartData(**common, message=(
            f"Only one day of {noun} logged in this range so far ({_number(value)} on "
            f"{_short(day)}). The chart starts with the second day. {LOG_HINT}"))

    if block is not None and block.current.baseline_start < start:
        # The baseline may lie outside the range (last 4 weeks); its mean still counts.
        plan = block.current
        base_values, _ = _daily_values(journal, block, spec.kind, plan.baseline_start,
                                       plan.first_session - timedelta(days=1))
    else:
        base_values = values
    baseline, target, baseline_words, target_words = _levels(
        block, spec.kind, base_values, start, end, today)
    buckets = _bucketise(groups, values)
    points = tuple(b for b in buckets if b)
    carry: tuple[Bucket, ...] = ()
    if resolution == "day" and block is not None and spec.kind != "peg":
        from journal.analysis.phases import carry_over_days

        left_out = carry_over_days(block.current)
        carry = tuple(b for b in points if b.start in left_out)
    averages: tuple[tuple[Bucket, ...], ...]
    if resolution == "day" and spec.kind == "peg":
        averages = ()  # one answer a week: the answers are the weekly values
    elif resolution == "day":
        week_groups = _groups(_week_starts(start, end, block, whole_baseline=True), end)
        averages = _runs(_split_runs(_bucketise(week_groups, values), block))
    else:
        averages = _runs(buckets)
    levels = [lvl.value for lvl in (baseline, target) if lvl]
    y_min, y_max = _y_range(spec.kind, scale, chain(values.values(), levels))
    return ChartData(
        **common, y_min=y_min, y_max=y_max,
        points=points, averages=averages, baseline=baseline, target=target,
        baseline_words=baseline_words, target_words=target_words, carry_over=carry)


def _split_runs(buckets: Sequence[Bucket | None], block: Block | None) -> list[Bucket | None]:
    """Insert a break wherever the phase changes, so each phase is its own line."""
    if block is None:
        return list(buckets)
    plan = block.current
    out: list[Bucket | None] = []
    previous: str | None = None
    for bucket in buckets:
        if bucket is not None:
            phase = plan.phase(bucket.start)
            if previous is not None and phase != previous:
                out.append(None)
            previous = phase
        out.append(bucket)
    return out


def _what_words(kind: str, block: Block | None) -> str:
    if kind == "pain":
        scale = block.current.pain_scale if block else 10
        return f"Pain 0-{scale} (lower is better)"
    if kind == "peg":
        return f"PEG-3 0-{PEG_MAX}, weekly (lower is better)"
    if kind == "function":
        marker = block.current.function if block else None
        if marker is None:
            return "Function"
        unit = f"{marker.unit}, " if marker.unit else ""
        return f"{marker.name[:1].upper()}{marker.name[1:]} ({unit}{marker.direction_words})"
    return "Sessions, side effects and flare-ups"


def _title(what: str, range_name: str, block: Block | None, start: date, end: date) -> str:
    if range_name == "block" and block is not None:
        where = f"{block.name}, {_span_words(start, end)}"
    else:
        where = f"{RANGE_TITLES[range_name]}, {_span_words(start, end)}"
    return f"{what} · {where}"


# ---------------------------------------------------------------------------------------------
# Drawing


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Held while plotext's one figure is drawn on (charts are drawn from any thread).
_PLOTEXT = threading.Lock()


def _rgb(palette: Mapping[str, str] | None, name: str) -> tuple[int, int, int] | str:
    """A palette colour as plotext's (r, g, b), or "default" when there is none."""
    if not palette:
        return "default"
    value = str(palette.get(name, "")).strip()
    match = re.fullmatch(r"#?([0-9a-fA-F]{6})([0-9a-fA-F]{2})?", value)
    if match:
        h = match.group(1)
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    match = re.fullmatch(r"#?([0-9a-fA-F]{3})", value)
    if match:
        h = match.group(1)
        return int(h[0] * 2, 16), int(h[1] * 2, 16), int(h[2] * 2, 16)
    return "default"


def _paint(text: str, palette: Mapping[str, str] | None, name: str) -> str:
    """``text`` in the palette colour ``name`` (ANSI), or unchanged for plain output."""
    colour = _rgb(palette, name)
    if isinstance(colour, str):  # "default": no colour
        return text
    r, g, b = colour
    return f"\x1b[38;2;{r};{g};{b}m{text}\x1b[39m"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _title_lines(title: str, width: int) -> list[str]:
    """The title on one line, or split at " · " onto two: what is charted, then the block's
    name and dates (those are only shortened when the line alone is still too long)."""
    if len(title) <= width or " · " not in title:
        return [_fit(title, width)]
    what, where = title.split(" · ", 1)
    return [_fit(what, width), _fit(where, width)]


def _wrap_sentence(text: str, width: int) -> str:
    import textwrap

    return "\n".join(_fit(line, width) for line in textwrap.wrap(text, max(10, width))) or text


def _legend(data: ChartData, palette: Mapping[str, str] | None, width: int,
            strip: bool = True) -> list[str]:
    """The key to the chart's symbols, in the colours used, wrapped to ``width``.

    Sessions and flare-ups are named by their lanes in the strip, so only the severity marks
    of side effects need a key there; without a strip nothing of it is shown.
    """
    items: list[tuple[str, str]] = []  # (plain text, painted text)

    def item(mark: str, colour: str, words: str) -> None:
        items.append((f"{mark} {words}", f"{_paint(mark, palette, colour)} {words}"))

    if data.kind != "effects":
        colour = "pain-line" if data.kind in ("pain", "peg") else "function-line"
        if data.kind == "peg" and data.resolution == "day":
            item(DAY_MARK, colour, "PEG-3 answer (pain, enjoyment, activity: their mean)")
        elif data.resolution == "day":
            item(DAY_MARK, colour, "daily")
            if data.carry_over:
                item(CARRY_MARK, "muted-text", "carry-over day (left out)")
            item(AVERAGE_MARK * 2, colour, "weekly average")
        else:
            item(DAY_MARK, colour, f"{RESOLUTION_WORDS[data.resolution]} average")
        if data.baseline:
            item(BASELINE_MARK * 2, "baseline-line", data.baseline_words)
        if data.target:
            item(TARGET_MARK * 2, "target-line", data.target_words)
    if strip:
        sev = "".join(_paint(m, palette, "side-effect") for m in SEVERITY_MARKS.values())
        items.append(("▂▅█ side effect mild/moderate/severe",
                      f"{sev} side effect mild/moderate/severe"))
    lines: list[tuple[str, str]] = []
    for plain, painted in items:
        if lines and len(lines[-1][0]) + 3 + len(plain) <= width:
            lines[-1] = (f"{lines[-1][0]}   {plain}", f"{lines[-1][1]}   {painted}")
        else:
            lines.append((_fit(plain, width), painted if len(plain) <= width else plain[:width]))
    return [painted + " " * max(0, width - len(plain)) for plain, painted in lines]


def render_chart(journal: Journal, today: date, spec: ChartSpec) -> str:
    """The chart for ``spec`` as text, ``spec.width`` x ``spec.height`` cells at most.

    When there is nothing to draw (no data, a single day, no function marker) the result is a
    sentence saying why and what to do, not an empty frame. Without a palette the text holds
    no escape sequences, so it can go straight into a Markdown report.
    """
    data = chart_data(journal, today, spec)
    if data.message:
        lines = [*_title_lines(data.title, spec.width), "",
                 *_wrap_sentence(data.message, spec.width).splitlines()]
        return "\n".join(lines[: max(1, spec.height)])
    palette = spec.palette
    legend = _legend(data, palette, spec.width)
    title = _title_lines(data.title, spec.width)
    free = spec.height - len(title) - len(legend)
    layout = _layout(spec.kind, free)
    if layout is None or plot_columns(spec.width) < MIN_COLUMNS:
        lines = _wrap_sentence("The window is too small for this chart; make it a little "
                               "larger.", spec.width).splitlines()
        return "\n".join(lines[: max(1, spec.height)])
    main_rows, strip_rows = layout
    hidden = _hidden_words(data, spec, free, strip_rows)
    notice = [_paint(_fit(hidden, spec.width), palette, "muted-text")] if hidden else []
    if not strip_rows:
        legend = _legend(data, palette, spec.width, strip=False)
        main_rows = spec.height - len(title) - len(legend)
    if notice and main_rows - 1 >= MIN_MAIN_ROWS:
        main_rows -= 1
    else:
        notice = []
    body = _draw(data, spec.width, main_rows, strip_rows, palette)
    lines = [*title, *legend, *notice, *body.splitlines()]
    text = "\n".join(lines)
    if not palette:
        text = "\n".join(line.rstrip() for line in _ANSI.sub("", text).splitlines())
    return text


def _hidden_words(data: ChartData, spec: ChartSpec, free: int, strip_rows: int) -> str:
    """One line naming what a small window leaves out and how much larger it must be
    (rows and columns to add): the strip of sessions, side effects and flare-ups, and the
    daily values."""
    parts = []
    if spec.kind != "effects" and not strip_rows:
        more = STRIP_ROWS + MIN_MAIN_ROWS + 3 - free + 1  # +1: this notice's own row
        parts.append(f"sessions (+{more} rows)")
    n_days = (data.end - data.start).days + 1
    if data.resolution == "week" and spec.range != "all":
        more = n_days - data.columns
        parts.append(f"each day (+{more} columns)")
    return f"Hidden: {', '.join(parts)}." if parts else ""


def _x(data: ChartData, day: date) -> float:
    """Day ``day`` occupies [x, x + 1) on the chart's x axis."""
    return float((day - data.start).days)


def _mids(data: ChartData, buckets: Iterable[Bucket]) -> list[float]:
    """Where each bucket is drawn on the x axis: the middle of its days (one comprehension:
    a long chart has hundreds)."""
    origin = data.start
    return [float((b.start - origin).days) + ((b.end - b.start).days + 1) / 2 for b in buckets]


def _draw(data: ChartData, width: int, main_rows: int, strip_rows: int,
          palette: Mapping[str, str] | None) -> str:
    import plotext

    spare = 0
    axis: tuple[float, list[float]] = (data.y_max, [])
    if main_rows:
        # Frame lines, plus the date labels when no strip sits under the main panel.
        chrome = 2 if strip_rows else 3
        top, ticks, used = _y_axis(
            data.y_min, data.y_max, main_rows - chrome, extendable=data.kind == "function",
            preferred=data.y_max / 5 if data.kind == "pain" else None)
        spare = main_rows - chrome - used
        main_rows -= spare
        axis = (top, ticks)
    with _PLOTEXT:  # plotext has one figure per process: one chart at a time
        fig = plotext.main()  # the whole figure (the active one may be a subplot)
        fig.clear_figure()  # no state left from the chart drawn before
        plotext.limitsize(False, False)  # the size asked for, not the size of some terminal
        return _draw_on(fig, data, width, main_rows, strip_rows, spare, axis, palette)


def _draw_on(fig: Any, data: ChartData, width: int, main_rows: int, strip_rows: int,
             spare: int, axis: tuple[float, list[float]],
             palette: Mapping[str, str] | None) -> str:
    fig.plotsize(width, main_rows + strip_rows)
    panels = [p for p, rows in (("main", main_rows), ("strip", strip_rows)) if rows]
    fig.subplots(len(panels), 1)
    x_max = _x(data, data.end) + 1
    for row, name in enumerate(panels, start=1):
        plt = fig.subplot(row, 1)
        plt.plotsize(width, main_rows if name == "main" else strip_rows)
        plt.canvas_color("default")
        plt.axes_color("default")
        plt.ticks_color(_rgb(palette, "muted-text"))
        plt.xlim(0, x_max)
        if name == "main":
            _draw_main(plt, data, palette, main_rows - (2 if strip_rows else 3), *axis)
        else:
            _draw_strip(plt, data, palette)
        if row == len(panels):
            xs, labels = _x_ticks(data, plot_columns(width))
            plt.xticks(xs, labels)
        else:
            plt.xticks([], [])
    return fig.build() + "\n" * spare


def _label(text: str) -> str:
    return text[:LABEL_WIDTH].rjust(LABEL_WIDTH)


def _draw_main(plt: Any, data: ChartData, palette: Mapping[str, str] | None,
               rows: int, y_max: float, ticks: Sequence[float]) -> None:
    line = _rgb(palette, "pain-line" if data.kind in ("pain", "peg") else "function-line")
    plt.ylim(data.y_min, y_max)
    plt.yticks(list(ticks), [_label(_number(t)) for t in ticks])
    for day in data.boundaries:
        name = next((p.name for p in data.phases if p.start == day), "treatment")
        plt.vline(_x(data, day), _rgb(palette, PHASE_COLOURS[name]))
    # Drawn in this order, later on top: the reference lines under everything, then the
    # averages (a step on the row of their value: on the target's row it has reached it),
    # then the daily values.
    base_y, target_y = _level_rows(data, rows, y_max)
    for level, y, mark, colour in ((data.baseline, base_y, BASELINE_MARK, "baseline-line"),
                                   (data.target, target_y, TARGET_MARK, "target-line")):
        if level is not None:
            a = _x(data, level.start)
            b = _x(data, level.end) + 1
            plt.plot([a, b - 1e-6], [y, y], marker=mark, color=_rgb(palette, colour))
    for run in data.averages:
        if data.resolution == "day":
            for bucket in run:
                if data.baseline and _is_baseline_mean(data, bucket):
                    continue  # the baseline line already shows it
                a = _x(data, bucket.start)
                b = _x(data, bucket.end) + 1
                plt.plot([a, b - 1e-6], [bucket.value, bucket.value], marker=AVERAGE_MARK,
                         color=line)
        elif len(run) > 1:
            plt.plot(_mids(data, run), [b.value for b in run], marker=AVERAGE_MARK,
                     color=line)
    shown = [b for b in data.points if b not in data.carry_over]
    plt.scatter(_mids(data, shown), [b.value for b in shown],
                marker=DAY_MARK, color=line)
    if data.carry_over:
        plt.scatter(_mids(data, data.carry_over),
                    [b.value for b in data.carry_over], marker=CARRY_MARK,
                    color=_rgb(palette, "muted-text"))


def _is_baseline_mean(data: ChartData, bucket: Bucket) -> bool:
    """True for the baseline's own average, which the baseline line already shows."""
    return (data.baseline is not None and data.anchor is not None
            and bucket.start >= data.baseline.start and bucket.end < data.anchor
            and abs(bucket.value - data.baseline.value) < 1e-9)


def _level_rows(data: ChartData, rows: int, y_max: float) -> tuple[float, float]:
    """Where to draw the baseline and target lines.

    A short chart has few rows; when both levels round to the same row the target moves one
    row towards "better", so both stay visible. The legend gives their exact values.
    """
    base = data.baseline.value if data.baseline else 0.0
    target = data.target.value if data.target else 0.0
    if not (data.baseline and data.target) or rows < 2:
        return base, target
    unit = (y_max - data.y_min) / (rows - 1)

    def row(y: float) -> int:
        return round((y - data.y_min) / unit)

    if row(base) != row(target):
        return base, target
    direction = -1 if target < base else 1
    if target == base:
        direction = -1 if data.kind in ("pain", "peg") else 1
    r = row(target) + direction
    if 0 <= r < rows:
        return base, data.y_min + r * unit
    return data.y_min + (row(base) - direction) * unit, target


def _draw_strip(plt: Any, data: ChartData, palette: Mapping[str, str] | None) -> None:
    plt.ylim(0.5, 4.5)
    plt.yticks([4, 3, 2, 1], [_label(t) for t in ("phase", "session", "effects", "flare")])
    lane = _phase_lane(data)
    for name, mark in reversed(PHASE_MARKS.items()):  # short baselines drawn last, on top
        xs = lane.get(name)
        if xs:
            plt.scatter(xs, [4] * len(xs), marker=mark, color=_rgb(palette, PHASE_COLOURS[name]))
    if data.sessions:
        plt.scatter(_mids(data, data.sessions), [3] * len(data.sessions),
                    marker=SESSION_MARK, color=_rgb(palette, "session-marker"))
    for severity, mark in SEVERITY_MARKS.items():
        marks = [b for b in data.side_effects if int(b.value) == severity]
        if marks:
            plt.scatter(_mids(data, marks), [2] * len(marks), marker=mark,
                        color=_rgb(palette, "side-effect"))
    if data.flares:
        plt.scatter(_mids(data, data.flares), [1] * len(data.flares),
                    marker=FLARE_MARK, color=_rgb(palette, "flare"))
    # Phase names over their lines, where they fit.
    columns = data.columns
    per_day = columns / max(1.0, _x(data, data.end) + 1)
    for span in data.phases:
        room = int(((span.end - span.start).days + 1) * per_day)
        if room < 5:
            continue  # not even a name's first four letters fit
        name = "treatment 2" if span.name == "treatment-2" else span.name
        for words in (f" {name} ", name, "again" if span.name == "treatment-2" else name[:4]):
            if len(words) + 1 <= room:
                plt.text(words, _x(data, span.start) + 1 / per_day, 4, alignment="left",
                         color=_rgb(palette, PHASE_COLOURS[span.name]))
                break


def _column(x: float, x_max: float, columns: int) -> int:
    """The plot column a position on the x axis (0..``x_max``) is drawn in: plotext's scale
    puts the axis limits at the middle of the first and the last column."""
    return math.floor(round(0.5 + (columns - 1) * x / x_max, 8))


def _phase_lane(data: ChartData) -> dict[str, list[float]]:
    """Where the phase lane puts each phase's mark: at most one position per column.

    Each phase span is sampled every half column (at least once, so a short baseline shows),
    its end kept off the column where the next phase begins. Where several phases fall in one
    column, the one drawn on top keeps it (the order of :data:`PHASE_MARKS`: baseline first),
    exactly as plotext would draw all the samples; the others are not handed to plotext at
    all. So an all-time chart of many blocks draws no more marks than it has columns.
    """
    columns = max(1, data.columns)
    x_max = _x(data, data.end) + 1
    step = x_max / columns / 2
    starts = {p.start for p in data.phases}
    by_name: dict[str, list[PhaseSpan]] = {name: [] for name in PHASE_MARKS}
    for span in data.phases:
        if span.name in by_name:  # (every kind of phase a plan has)
            by_name[span.name].append(span)
    origin = data.start
    cells: dict[int, tuple[str, float]] = {}
    for name, spans in by_name.items():  # the phase drawn on top first
        for span in spans:
            a = float((span.start - origin).days)
            b = (span.end - origin).days + 1.0
            if b - a <= step:  # one sample (most spans of a long history): the middle
                x = a + (b - a) * 0.5
                column = _column(x, x_max, columns)
                if column not in cells:
                    cells[column] = (name, x)
                continue
            if b - a > 3 * step and span.end + _ONE_DAY in starts:
                b -= step  # keep off the column where the next phase begins
            n = math.ceil((b - a) / step)
            for i in range(n):
                x = a + (b - a) * (i + 0.5) / n
                cells.setdefault(_column(x, x_max, columns), (name, x))
    lane: dict[str, list[float]] = {}
    for name, x in cells.values():
        lane.setdefault(name, []).append(x)
    return lane


def _x_ticks(data: ChartData, columns: int) -> tuple[list[float], list[str]]:
    """Date ticks spaced for the labels to fit, anchored on the first session where shown."""
    n_days = (data.end - data.start).days + 1
    if n_days <= 150:
        label_width = 7
        max_ticks = max(2, columns // (label_width + 3))
        step = next((s for s in (1, 2, 7, 14, 28, 56, 91) if n_days / s <= max_ticks), 91)
        anchor = data.anchor if data.anchor and step >= 7 else data.start
        offset = (data.start - anchor).days % step
        first = data.start + timedelta(days=(step - offset) % step)
        days = []
        day = first
        while day <= data.end:
            days.append(day)
            day += timedelta(days=step)
        return [_x(data, d) + 0.5 for d in days], [_short(d) for d in days]
    label_width = 8
    max_ticks = max(2, columns // (label_width + 3))
    months = (data.end.year - data.start.year) * 12 + data.end.month - data.start.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= max_ticks), 120)
    while step < 1200 and months / step * 5 > columns:
        # A century on a narrow chart: year labels a decade apart would overlap (and plotext
        # would drop different ones from one draw to the next), so 20, 50 or 100 years.
        step = {120: 240, 240: 600, 600: 1200}[step]
    # The first days of the months whose index is a multiple of ``step``, one per tick.
    lo = data.start.year * 12 + data.start.month - 1
    hi = data.end.year * 12 + data.end.month - 1
    days = [day for index in range(-(-lo // step) * step, hi + 1, step)
            if (day := date(index // 12, index % 12 + 1, 1)) >= data.start]
    labels = [str(d.year) if step >= 12 else f"{MONTHS[d.month - 1]} {d.year}" for d in days]
    return [_x(data, d) for d in days], labels
