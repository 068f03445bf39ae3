"""Block analysis with hand-worked numbers: phases, weekly means, change, percent, 0-100.

The journal used by most tests (``two_week_journal``):

    baseline  2 Mar - 8 Mar 2026 (7 days)   pain 6 6 7 5 6 6 6      walking 10 x 7
    week 1    9 Mar - 15 Mar                 pain 6 5 5 5 4 5 5      walking 12 x 7
    week 2    16 Mar - 22 Mar (18 Mar missed) pain 4 4 . 4 3 5 4    walking 16 x 6

so, by hand:
    baseline pain mean = (6+6+7+5+6+6+6)/7 = 42/7 = 6.0
    week 1 pain mean   = (6+5+5+5+4+5+5)/7 = 35/7 = 5.0
    week 2 pain mean   = (4+4+4+3+5+4)/6   = 24/6 = 4.0   (6 of 7 days logged)
    end window (16-22 Mar) = week 2, so end mean 4.0
    change = 4.0 - 6.0 = -2.0 points; improvement +2.0
    percent of baseline = -2/6 x 100 = -33.33...%
    on 0-100 (a 0-10 scale, x10) = -20.0
    walking: 10 -> 16, change +6 minutes, +60%, no 0-100 value
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal.analysis.context import reference_lines, stats_lines
from journal.analysis.phases import phases_for
from journal.analysis.summary import review_block, with_stats
from journal.domain.models import (
    FUNCTION_PRESETS,
    Block,
    DayEntry,
    Journal,
    Plan,
    Rule,
    Session,
    SideEffect,
)

FIRST = date(2026, 3, 9)
BASE_PAIN = [6, 6, 7, 5, 6, 6, 6]
WEEK1_PAIN = [6, 5, 5, 5, 4, 5, 5]
WEEK2_PAIN = [4, 4, None, 4, 3, 5, 4]


def make_plan(**changes: object) -> Plan:
    values: dict[str, object] = dict(
        name="Test block", first_session=FIRST, weeks=2, sessions_per_week=2, minutes=30,
        baseline_days=7, pain_scale=10, function=FUNCTION_PRESETS["walking"],
        rule=Rule(1.0, 5.0), cost_per_session=50.0, currency="EUR")
    values.update(changes)
    return Plan(**values)  # type: ignore[arg-type]


def fill(journal: Journal, start: date, pain: list, function: list | None = None,
         flares: set[int] | None = None) -> None:
    """Day entries from ``start``, one per list item; None leaves the day unlogged."""
    function = function if function is not None else [None] * len(pain)
    for i, (p, f) in enumerate(zip(pain, function, strict=True)):
        if p is None and f is None:
            continue
        day = start + timedelta(days=i)
        journal.entries[day] = DayEntry(day, pain=p, function=f,
                                        flare=bool(flares and i in flares))


def two_week_journal(plan: Plan | None = None) -> tuple[Journal, Block]:
    plan = plan or make_plan()
    block = Block("b1", plan)
    journal = Journal(blocks=[block])
    fill(journal, plan.baseline_start, BASE_PAIN, [10] * 7)
    fill(journal, FIRST, WEEK1_PAIN, [12] * 7, flares={4})
    fill(journal, FIRST + timedelta(days=7), WEEK2_PAIN, [16, 16, None, 16, 16, 16, 16])
    return journal, block


AFTER = date(2026, 3, 25)  # the block ended on 22 Mar


def test_phases_of_a_finished_block():
    plan = make_plan()
    p = phases_for(plan, AFTER, today_logged=False)
    assert p.status == "finished" and not p.so_far
    assert (p.baseline.start, p.baseline.end) == (date(2026, 3, 2), date(2026, 3, 8))
    assert (p.treatment.start, p.treatment.end) == (FIRST, date(2026, 3, 22))
    assert p.end_window is not None
    assert (p.end_window.start, p.end_window.end) == (date(2026, 3, 16), date(2026, 3, 22))


def test_end_window_while_running_is_the_last_seven_treatment_days_so_far():
    plan = make_plan()
    # 18 Mar, not yet logged: the day is not over, so the window ends on 17 Mar.
    p = phases_for(plan, date(2026, 3, 18), today_logged=False)
    assert p.status == "running" and p.so_far
    assert (p.end_window.start, p.end_window.end) == (date(2026, 3, 11), date(2026, 3, 17))
    # Once today is logged it counts.
    p = phases_for(plan, date(2026, 3, 18), today_logged=True)
    assert p.end_window.end == date(2026, 3, 18)
    # Three days into treatment the window is those three days only.
    p = phases_for(plan, date(2026, 3, 12), today_logged=False)
    assert (p.end_window.start, p.end_window.end) == (FIRST, date(2026, 3, 11))
    # Before the first session there is no end window.
    p = phases_for(plan, date(2026, 3, 5), today_logged=True)
    assert p.status == "baseline" and p.end_window is None


def test_weekly_means_change_percent_and_0_100_by_hand():
    journal, block = two_week_journal()
    r = review_block(journal, block, AFTER)
    labels = [row.period.label for row in r.rows]
    assert labels == ["Baseline", "Week 1", "Week 2"]
    assert [row.pain_mean for row in r.rows] == [pytest.approx(6.0), pytest.approx(5.0),
                                                 pytest.approx(4.0)]
    assert [row.pain_logged for row in r.rows] == [7, 7, 6]
    assert [row.function_mean for row in r.rows] == [10, 12, 16]
    assert [row.flare_days for row in r.rows] == [0, 1, 0]

    pain = r.pain
    assert pain.baseline_mean == pytest.approx(6.0)
    assert pain.end_mean == pytest.approx(4.0)
    assert pain.change == pytest.approx(-2.0)
    assert pain.improvement == pytest.approx(2.0)
    assert pain.change_percent == pytest.approx(-100 / 3)
    assert pain.change_0_100 == pytest.approx(-20.0)
    assert pain.improvement_0_100 == pytest.approx(20.0)

    walk = r.function
    assert walk is not None
    assert walk.change == pytest.approx(6.0)
    assert walk.change_percent == pytest.approx(60.0)
    assert walk.change_0_100 is None
    assert "no fixed range" in walk.notes["change_0_100"]


def test_a_0_100_pain_scale_is_not_multiplied():
    # Same shape on a 0-100 scale: 60 -> 40 is -20 points on 0-100 and -33.3%.
    plan = make_plan(pain_scale=100, rule=Rule(10.0, 5.0))
    block = Block("b1", plan)
    journal = Journal(blocks=[block])
    fill(journal, plan.baseline_start, [60] * 7)
    fill(journal, FIRST, [50] * 7 + [40] * 7)
    r = review_block(journal, block, AFTER)
    assert r.pain.change == pytest.approx(-20.0)
    assert r.pain.change_0_100 == pytest.approx(-20.0)
    assert r.pain.change_percent == pytest.approx(-100 / 3)


def test_lower_is_better_marker_counts_a_fall_as_improvement():
    # Night wakings 3 -> 1: change -2 wakings, improvement +2, percent -66.7%.
    plan = make_plan(function=FUNCTION_PRESETS["night-wakings"], rule=Rule(1.0, 1.0))
    block = Block("b1", plan)
    journal = Journal(blocks=[block])
    fill(journal, plan.baseline_start, [6] * 7, [3] * 7)
    fill(journal, FIRST, [5] * 14, [2] * 7 + [1] * 7)
    r = review_block(journal, block, AFTER)
    assert r.function.change == pytest.approx(-2.0)
    assert r.function.improvement == pytest.approx(2.0)
    assert r.function.change_percent == pytest.approx(-200 / 3)
    assert r.function.stats["nap"]["estimate"] == 1.0  # every B day fewer wakings than any A day


def test_statistics_are_oriented_so_that_less_pain_is_better():
    # Baseline pain 6, 8; treatment 5, 7. Pairs (A, B): (6,5) better, (6,7) worse,
    # (8,5) better, (8,7) better -> NAP = 3/4, Tau = 2 x 3/4 - 1 = 1/2.
    # PND: the best baseline day is 6; of B only 5 is better -> 1/2.
    # Tau-U: S_AB = 3 - 1 = 2; baseline oriented (-6, -8) falls over time, S_trendA = -1;
    # (2 - (-1)) / (2 x 2) = 3/4.
    plan = make_plan(baseline_days=2, weeks=1, function=None, rule=Rule(1.0))
    block = Block("b1", plan)
    journal = Journal(blocks=[block])
    fill(journal, plan.baseline_start, [6, 8])
    fill(journal, FIRST, [5, 7])
    r = review_block(journal, block, FIRST + timedelta(days=2))
    s = r.pain.stats
    assert (s["n_baseline"], s["n_treatment"]) == (2, 2)
    assert s["nap"]["estimate"] == pytest.approx(0.75)
    assert s["tau"]["estimate"] == pytest.approx(0.5)
    assert s["pnd"]["estimate"] == pytest.approx(0.5)
    assert s["tau_u"]["estimate"] == pytest.approx(0.75)
    assert stats_lines(r.pain)[0].startswith(
        "Compared one by one with each baseline day, a day after the sessions began was the "
        "better one 75% of the time (pain was lower;")
    assert stats_lines(r.pain)[-1] == ("On 1 of 2 days after the sessions began (50%), pain "
                                       "was lower than on even the best baseline day.")


def test_one_day_phases_give_none_not_a_crash():
    # One baseline day (pain 6) and one treatment day (pain 5): means and change exist,
    # NAP = 1 (the one pair is better) but no SE or CI, Tau-BC needs 2 baseline days.
    plan = make_plan(baseline_days=1, weeks=1, function=None, rule=Rule(1.0))
    block = Block("b1", plan)
    journal = Journal(blocks=[block])
    fill(journal, plan.baseline_start, [6])
    fill(journal, FIRST, [5])
    r = review_block(journal, block, FIRST + timedelta(days=1))
    assert r.pain.change == pytest.approx(-1.0)
    s = r.pain.stats
    assert s["nap"]["estimate"] == 1.0
    assert s["nap"]["se"] is None and s["nap"]["ci"] is None
    assert s["tau_bc"]["estimate"] is None
    assert "2 logged baseline days" in r.pain.stat_notes["tau_bc"]
    assert r.verdict.decision == "insufficient-data"


def test_no_baseline_days_at_all():
    plan = make_plan(baseline_days=0, function=None, rule=Rule(1.0))
    block = Block("b1", plan)
    journal = Journal(blocks=[block])
    fill(journal, FIRST, [5] * 14)
    r = review_block(journal, block, AFTER)
    assert [row.period.label for row in r.rows] == ["Week 1", "Week 2"]
    assert r.pain.baseline_mean is None and r.pain.change is None
    assert r.pain.change_percent is None and "baseline" in r.pain.notes["change"]
    assert r.pain.stats["nap"]["estimate"] is None
    assert r.verdict.decision == "insufficient-data"
    assert reference_lines(r.pain) == []


def test_zero_baseline_mean_leaves_percent_undefined():
    plan = make_plan(function=None, rule=Rule(1.0))
    block = Block("b1", plan)
    journal = Journal(blocks=[block])
    fill(journal, plan.baseline_start, [0] * 7)
    fill(journal, FIRST, [1] * 14)
    r = review_block(journal, block, AFTER)
    assert r.pain.change == pytest.approx(1.0)
    assert r.pain.change_percent is None
    assert "baseline mean is 0" in r.pain.notes["change_percent"]


def test_follow_up_days_get_their_own_row_but_not_the_verdict():
    journal, block = two_week_journal()
    fill(journal, date(2026, 3, 23), [2, 2])  # two follow-up days: pain 2
    r = review_block(journal, block, AFTER)
    assert r.rows[-1].period.label == "Follow-up"
    assert r.rows[-1].pain_mean == pytest.approx(2.0)
    assert r.pain.end_mean == pytest.approx(4.0)  # still the last treatment week


def test_completeness_flares_sessions_and_cost():
    journal, block = two_week_journal()
    plan = block.plan
    days = plan.planned_session_days()  # 9, 13, 16, 20 Mar (2 per week, spread)
    assert days == [date(2026, 3, 9), date(2026, 3, 13), date(2026, 3, 16), date(2026, 3, 20)]
    journal.sessions[days[0]] = Session(days[0], 30, cost=50.0)
    journal.sessions[days[1]] = Session(days[1], 45, cost=None, tolerance="too-strong")
    journal.sessions[days[2]] = Session(days[2], 30, cost=70.0)
    r = review_block(journal, block, AFTER)
    base, treat, end = r.completeness
    assert (base.pain_logged, base.span.days) == (7, 7)
    assert (treat.pain_logged, treat.span.days) == (13, 14)
    assert (end.pain_logged, end.span.days) == (6, 7)
    assert treat.share == pytest.approx(13 / 14)
    # One flare in 13 logged treatment days -> 7/13 per week; none in the baseline.
    assert treat.flares_per_week == pytest.approx(7 / 13)
    assert base.flares_per_week == 0
    d = r.delivery
    assert (d.sessions_done, d.sessions_planned_to_date, d.sessions_planned_total) == (3, 4, 4)
    assert d.minutes_delivered == 105 and d.minutes_planned_total == 120
    assert d.too_strong == 1
    # 50 + (no cost recorded: the planned 50) + 70 = 170; planned 4 x 50 = 200.
    assert d.cost_so_far == pytest.approx(170.0)
    assert d.sessions_without_cost == 1
    assert d.cost_planned_total == pytest.approx(200.0)
    # Pain improved by 20 points on 0-100: 170 / 20 = 8.5 per point.
    assert d.cost_per_point == pytest.approx(8.5)


def test_no_cost_per_point_without_improvement():
    plan = make_plan(function=None, rule=Rule(1.0))
    block = Block("b1", plan)
    journal = Journal(blocks=[block])
    fill(journal, plan.baseline_start, [5] * 7)
    fill(journal, FIRST, [6] * 14)
    journal.sessions[FIRST] = Session(FIRST, 30, cost=50.0)
    r = review_block(journal, block, AFTER)
    assert r.delivery.cost_per_point is None
    assert r.delivery.cost_per_point_note.startswith(
        "pain did not improve by the 1 point your rule asks")


def test_side_effects_by_kind_and_settled():
    journal, block = two_week_journal()
    journal.side_effects += [
        SideEffect("e1", FIRST, "soreness", 1, True),
        SideEffect("e2", date(2026, 3, 13), "soreness", 2, None),
        SideEffect("e3", date(2026, 3, 16), "nausea", 1, False),
        SideEffect("e4", date(2026, 4, 30), "nausea", 3, False),  # outside the block
    ]
    r = review_block(journal, block, AFTER)
    e = r.side_effects
    assert (e.total, e.settled, len(e.not_settled), e.unknown) == (3, 1, 1, 1)
    kinds = {k.kind: (k.count, k.settled, k.not_settled, k.unknown, k.worst) for k in e.by_kind}
    assert kinds == {"soreness": (2, 1, 0, 1, 2), "nausea": (1, 0, 1, 0, 1)}


def test_reference_context_never_promises():
    journal, block = two_week_journal()
    lines = reference_lines(review_block(journal, block, AFTER).pain)
    text = " ".join(lines)
    # 20 points on 0-100 (double-digit) and a 33% reduction (moderately important band).
    assert "went down by 20.0 points" in text and "double-digit" in text
    assert "33% less" in text and "moderately important" in text
    assert "7 points" in text and "11" in text and "29" in text
    assert "neither a target nor a promise" in text
    assert "significant" not in text.lower()


def test_statistics_can_wait_for_a_worker_and_are_cached():
    journal, block = two_week_journal()
    lazy = review_block(journal, block, AFTER, stats=False)
    full = with_stats(lazy)
    assert full.has_stats
    assert full.verdict == lazy.verdict
    # Asked again without statistics, the cached ones come back at once.
    again = review_block(journal, block, AFTER, stats=False)
    assert again.has_stats
    assert again.pain.stats == full.pain.stats


def test_longest_block_is_quick_once_computed():
    """A year of daily logging: the first exact computation may take a while (it runs in a
    worker); everything the screen draws first, and every later visit, must be fast."""
    import time

    plan = make_plan(weeks=52, sessions_per_week=7, baseline_days=60, pain_scale=100,
                     rule=Rule(10.0, 5.0))
    block = Block("long", plan)
    journal = Journal(blocks=[block])
    n_days = 60 + 52 * 7
    fill(journal, plan.baseline_start, [(i * 37) % 101 for i in range(n_days)],
         [(i * 11) % 61 for i in range(n_days)])
    end = plan.treatment_end + timedelta(days=1)
    start = time.perf_counter()
    review_block(journal, block, end, stats=False)
    first_draw = time.perf_counter() - start
    with_stats(review_block(journal, block, end, stats=False))
    start = time.perf_counter()
    review_block(journal, block, end, stats=False)
    cached = time.perf_counter() - start
    assert first_draw < 0.25 and cached < 0.25
