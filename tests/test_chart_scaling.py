"""The all-time chart's data step grows with what it shows, not with the square of history.

Counts, not timings: how often the plans' dates are read (a loop over pairs of blocks reads
them blocks x blocks times) and how often a day is looked up one by one in Python (a walk
over every day of history). Timings are the bench's job (``make bench``, figure 2).
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import bench_journal

from journal import charts
from journal.charts import ChartSpec, chart_data, render_chart
from journal.domain.models import DayEntry, Journal, Plan

BENCH = Path(__file__).resolve().parent.parent / "bench"
TODAY = date(2026, 11, 21)


def _bench_journal(years: int) -> Journal:
    return bench_journal(years, TODAY)


class CountingDays(dict[date, DayEntry]):
    """The journal's entries, counting each day looked up one at a time from Python."""

    lookups = 0

    def __getitem__(self, day: date) -> DayEntry:
        CountingDays.lookups += 1
        return super().__getitem__(day)

    def get(self, day: date, default: Any = None) -> Any:
        CountingDays.lookups += 1
        return super().get(day, default)


@pytest.fixture(scope="module")
def journals() -> dict[int, Journal]:
    return {years: _bench_journal(years) for years in (3, 12)}


def _spec(journal: Journal, kind: str = "pain") -> ChartSpec:
    return ChartSpec(kind, "all", 120, 30, journal.blocks[-1].id)


def test_reading_plan_dates_grows_with_blocks_not_their_square(journals, monkeypatch):
    reads = {"n": 0}
    original = Plan.baseline_start

    def counted(plan: Plan) -> date:
        reads["n"] += 1
        return original.fget(plan)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(Plan, "baseline_start", property(counted))
    per_block = {}
    for years, journal in journals.items():
        reads["n"] = 0
        chart_data(journal, TODAY, _spec(journal))
        per_block[years] = reads["n"] / len(journal.blocks)
    small, large = (len(journals[y].blocks) for y in (3, 12))
    assert large >= 3 * small  # the test means something: four times the history
    # Linear: the same few reads per block at any size (quadratic would be ~4x more).
    assert per_block[12] <= per_block[3] * 1.3, per_block


@pytest.mark.parametrize("kind", ["pain", "function", "effects"])
def test_the_all_time_chart_works_per_bucket_not_per_day(journals, monkeypatch, kind):
    """Monthly or quarterly buckets over years of days: the days come from a sorted list cut
    by bisection (two per bucket and series) and are read by C built-ins; no day is looked up
    or placed in its bucket one by one."""
    bisections = {"n": 0}

    def counted(real: Any) -> Any:
        def search(*args: Any) -> int:
            bisections["n"] += 1
            return int(real(*args))
        return search

    for name in ("bisect_left", "bisect_right"):
        monkeypatch.setattr(charts, name, counted(getattr(bisect, name)), raising=False)
    lookups, per_bucket = {}, {}
    for years, journal in journals.items():
        counting = Journal(journal.blocks, CountingDays(journal.entries), journal.sessions,
                           journal.side_effects)
        CountingDays.lookups = bisections["n"] = 0
        data = chart_data(counting, TODAY, _spec(counting, kind))
        assert data.resolution in ("month", "quarter")
        buckets = data.columns if data.resolution == "day" else len(
            charts._resolution_groups(data.start, data.end, data.columns, None)[1])
        lookups[years] = CountingDays.lookups
        per_bucket[years] = bisections["n"] / buckets
        assert len(journal.entries) > 10 * buckets
        assert data == chart_data(journal, TODAY, _spec(journal, kind))  # same chart
    # A handful of lookups for the baseline's days at most, the same at any length of history.
    assert lookups[12] == lookups[3] and lookups[12] < 60, lookups
    # Two bisections per bucket for each of at most four series, plus a few; never per day.
    assert max(per_bucket.values()) <= 9, per_bucket


def test_an_out_of_order_journal_charts_the_same(journals):
    """Days added out of date order (an import, a late entry) are sorted, not assumed."""
    journal = journals[3]
    days = sorted(journal.entries)
    shuffled = dict(sorted(journal.entries.items(), key=lambda kv: kv[0].toordinal() % 7))
    assert list(shuffled) != days
    jumbled = Journal(journal.blocks, shuffled, journal.sessions, journal.side_effects)
    for kind in ("pain", "function", "effects"):
        assert chart_data(jumbled, TODAY, _spec(jumbled, kind)) == chart_data(
            journal, TODAY, _spec(journal, kind))
    later = TODAY + timedelta(days=10)
    assert render_chart(jumbled, later, _spec(jumbled)) == render_chart(journal, later,
                                                                       _spec(journal))


def test_the_phase_lane_hands_plotext_at_most_one_mark_per_column(journals):
    """Many blocks on a narrow all-time chart: more phase spans than columns, but never more
    marks than columns (several spans in one column used to be one mark each)."""
    journal = journals[12]
    data = chart_data(journal, TODAY, ChartSpec("pain", "all", 60, 30, journal.blocks[-1].id))
    assert len(data.phases) > 1.5 * data.columns  # the test means something
    lane = charts._phase_lane(data)
    columns = [charts._column(x, (data.end - data.start).days + 1, data.columns)
               for xs in lane.values() for x in xs]
    assert len(columns) == len(set(columns)) <= data.columns
    assert set(lane) >= {"baseline", "treatment", "follow-up"}


@pytest.mark.parametrize(("columns", "x_max"), [(111, 3653.0), (31, 36525.0), (51, 400.0)])
def test_the_column_of_a_position_is_where_plotext_draws_it(columns, x_max):
    """The phase lane leaves out marks that fall in a column already drawn; that only keeps
    the chart the same if ``_column`` is the column plotext puts a position in."""
    import plotext

    rng = __import__("random").Random(columns)
    positions = [0.0, x_max, x_max / 2, *(rng.uniform(0, x_max) for _ in range(40))]
    with charts._PLOTEXT:
        for x in positions:
            fig = plotext.main()
            fig.clear_figure()
            plotext.limitsize(False, False)
            fig.plotsize(columns + 2, 5)
            fig.xlim(0, x_max)
            fig.ylim(0, 2)
            fig.xticks([], [])
            fig.yticks([], [])
            fig.scatter([x], [1], marker="x")
            rows = charts._ANSI.sub("", fig.build()).splitlines()
            frame = next(row for row in rows if "┌" in row)
            assert len(frame.strip()) == columns + 2  # the canvas is ``columns`` wide
            row = next(row for row in rows if "x" in row)
            assert row.index("x") - frame.index("┌") - 1 == charts._column(x, x_max, columns)
