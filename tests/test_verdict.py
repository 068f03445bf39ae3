"""The verdict of the pre-set rule: each decision, amendments, and too little data.

Every journal here is a 2-week block (first session 9 Mar 2026, ended 22 Mar) with a 7-day
baseline; the rule is "pain down by at least 1 point and walking up by at least 5 minutes"
unless a test says otherwise. Means are worked out by hand in each test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal.analysis.summary import review_block
from journal.analysis.verdict import pain_threshold
from journal.domain.models import (
    FUNCTION_PRESETS,
    Amendment,
    Block,
    DayEntry,
    Journal,
    Plan,
    Rule,
    Session,
    SideEffect,
)

FIRST = date(2026, 3, 9)
AFTER = date(2026, 3, 25)


def plan(**changes: object) -> Plan:
    values: dict[str, object] = dict(
        name="Test block", first_session=FIRST, weeks=2, sessions_per_week=2, minutes=30,
        baseline_days=7, pain_scale=10, function=FUNCTION_PRESETS["walking"],
        rule=Rule(1.0, 5.0))
    values.update(changes)
    return Plan(**values)  # type: ignore[arg-type]


def journal_with(base_pain: list, treat_pain: list, base_walk: list | None = None,
                 treat_walk: list | None = None, p: Plan | None = None,
                 amendments: tuple[Amendment, ...] = ()) -> tuple[Journal, Block]:
    p = p or plan()
    block = Block("b1", p, amendments)
    journal = Journal(blocks=[block])
    base_walk = base_walk if base_walk is not None else [None] * len(base_pain)
    treat_walk = treat_walk if treat_walk is not None else [None] * len(treat_pain)
    for start, pains, walks in ((p.baseline_start, base_pain, base_walk),
                                (FIRST, treat_pain, treat_walk)):
        for i, (pain, walk) in enumerate(zip(pains, walks, strict=True)):
            if pain is None and walk is None:
                continue
            day = start + timedelta(days=i)
            journal.entries[day] = DayEntry(day, pain=pain, function=walk)
    for day in p.planned_session_days():  # the sessions ran as planned
        journal.sessions[day] = Session(day, p.minutes)
    return journal, block


def test_continue_when_pain_and_function_both_reach_their_thresholds():
    # Pain 6 -> 4 (down 2 >= 1), walking 10 -> 16 (up 6 >= 5).
    journal, block = journal_with([6] * 7, [5] * 7 + [4] * 7, [10] * 7, [12] * 7 + [16] * 7)
    v = review_block(journal, block, AFTER).verdict
    assert v.decision == "continue"
    assert v.headline == "Continue"
    assert not v.so_far
    assert any(r.startswith("Pain: 6.0 in the baseline, 4.0 in the last week of treatment "
                            "(16 Mar - 22 Mar): down 2.0 points") and r.endswith("reached.")
               for r in v.reasons)
    assert any("up 6.0 minutes" in r for r in v.reasons)


def test_exactly_at_the_threshold_counts_as_reached():
    # Baseline mean 1.1 and end mean 0.1 differ by 0.9999999999999999 in binary floating
    # point; a person sees "down 1.0" and that must count as reaching "at least 1 point".
    journal, block = journal_with([1.1] * 7, [0.1] * 14, [10] * 7, [15] * 14)
    r = review_block(journal, block, AFTER)
    assert r.verdict.decision == "continue"
    assert r.verdict.pain_reached and r.verdict.function_reached


def test_change_when_a_threshold_is_not_reached():
    # Pain 6 -> 5.5 (down 0.5 < 1); walking 10 -> 16 reached.
    journal, block = journal_with([6] * 7, [6] * 7 + [5.5] * 7, [10] * 7, [16] * 14)
    v = review_block(journal, block, AFTER).verdict
    assert v.decision == "change"
    assert v.headline == "Change technique or dose"
    assert v.pain_reached is False and v.function_reached is True
    assert any("down 0.5 points" in r and "not reached" in r for r in v.reasons)


def test_stop_when_pain_is_worse_by_at_least_the_threshold():
    # Pain 5 -> 6.2: worse by 1.2, at least the 1 point of the rule, the other way.
    journal, block = journal_with([5] * 7, [5] * 7 + [6.2] * 7, [10] * 7, [16] * 14)
    v = review_block(journal, block, AFTER).verdict
    assert v.decision == "stop"
    assert v.worse and not v.side_effect_stop
    assert v.meaning == ("Pain got worse by at least the 1 point your rule allows; walking "
                         "minutes before stopping improved enough.")
    assert any("up 1.2 points" in r and "worse than the baseline" in r for r in v.reasons)


def test_a_small_rise_in_pain_is_no_clear_change_not_stop():
    # Pain 5 -> 5.3: 0.3 the wrong way, less than the 1 point of the rule.
    journal, block = journal_with([5] * 7, [5] * 7 + [5.3] * 7, [10] * 7, [16] * 14)
    v = review_block(journal, block, AFTER).verdict
    assert v.decision == "change" and not v.worse


def test_stop_when_function_falls_by_at_least_its_threshold():
    # Pain 6 -> 4 reached, but walking 15 -> 10 is 5 minutes the wrong way (= the threshold).
    journal, block = journal_with([6] * 7, [4] * 14, [15] * 7, [10] * 14)
    v = review_block(journal, block, AFTER).verdict
    assert v.decision == "stop" and v.worse


def test_a_small_fall_in_function_is_not_counted_as_worse():
    # Walking 15 -> 13: 2 minutes the wrong way, less than the 5 the rule asks for.
    journal, block = journal_with([6] * 7, [4] * 14, [15] * 7, [13] * 14)
    v = review_block(journal, block, AFTER).verdict
    assert v.decision == "change"
    assert any("not counted as worse" in r for r in v.reasons)


def test_stop_when_a_side_effect_did_not_settle_even_if_thresholds_are_reached():
    journal, block = journal_with([6] * 7, [4] * 14, [10] * 7, [16] * 14)
    journal.side_effects.append(SideEffect("e1", date(2026, 3, 12), "pain-increase", 2, False))
    v = review_block(journal, block, AFTER).verdict
    assert v.decision == "stop"
    assert v.side_effect_stop and not v.worse
    assert v.meaning.startswith("A moderate or severe side effect did not settle before the "
                                "next session: your rule says stop")
    assert any("temporary pain increase on 12 Mar (moderate)" in r for r in v.reasons)


def test_side_effects_that_settled_or_are_not_yet_marked_do_not_stop():
    journal, block = journal_with([6] * 7, [4] * 14, [10] * 7, [16] * 14)
    journal.side_effects += [SideEffect("e1", date(2026, 3, 12), "soreness", 2, True),
                             SideEffect("e2", date(2026, 3, 19), "soreness", 1, None)]
    assert review_block(journal, block, AFTER).verdict.decision == "continue"


def test_insufficient_data_with_three_baseline_days():
    journal, block = journal_with([6, None, 6, None, 6, None, None], [4] * 14,
                                  [10] * 7, [16] * 14)
    v = review_block(journal, block, AFTER).verdict
    assert v.decision == "insufficient-data"
    assert v.headline == "Not enough data yet"
    assert any("Only 3 baseline days with pain logged" in r for r in v.reasons)


def test_insufficient_data_with_three_days_in_the_end_window():
    # The last week (16-22 Mar) has pain on 3 days only.
    journal, block = journal_with([6] * 7, [4] * 7 + [4, None, 4, None, 4, None, None],
                                  [10] * 7, [16] * 14)
    r = review_block(journal, block, AFTER)
    v = r.verdict
    assert v.decision == "insufficient-data"
    assert any("Only 3 days with pain logged in the last week of treatment" in r
               for r in v.reasons)
    # The block is over: no "yet", and the next step does not ask for more logging.
    assert v.meaning == "Too few days were logged to apply your rule."
    assert r.next_step.startswith("The rule cannot be applied")


def test_insufficient_function_data_also_blocks_the_verdict():
    journal, block = journal_with([6] * 7, [4] * 14, [10, 10, 10] + [None] * 4, [16] * 14)
    v = review_block(journal, block, AFTER).verdict
    assert v.decision == "insufficient-data"
    assert any("walking minutes before stopping logged" in r for r in v.reasons)


def test_insufficient_data_before_the_first_session():
    journal, block = journal_with([6] * 4, [])
    v = review_block(journal, block, date(2026, 3, 6)).verdict
    assert v.decision == "insufficient-data"
    assert any("has not begun" in r for r in v.reasons)


def test_a_running_block_says_so_far():
    # 18 Mar, not yet logged: the last 7 treatment days so far are 11-17 Mar.
    journal, block = journal_with([6] * 7, [4] * 9, [10] * 7, [16] * 9)
    v = review_block(journal, block, date(2026, 3, 18)).verdict
    assert v.so_far and v.decision == "continue"
    assert any("the last 7 treatment days so far" in r for r in v.reasons)


def test_pain_only_rule_says_so():
    p = plan(function=None, rule=Rule(1.0))
    journal, block = journal_with([6] * 7, [4] * 14, p=p)
    v = review_block(journal, block, AFTER).verdict
    assert v.decision == "continue" and v.pain_only
    assert "pain only" in v.meaning
    assert any("about pain alone" in r for r in v.reasons)


def test_verdict_uses_the_frozen_rule_and_shows_the_amended_one():
    # Frozen rule: pain down 1. Amended on 15 Mar to pain down 3. Pain fell 2 (6 -> 4):
    # the original rule says continue; the amended one would say change.
    p = plan()
    amendment = Amendment(date(2026, 3, 15), "hoping for more",
                          (("rule.pain_change", 1.0, 3.0),))
    journal, block = journal_with([6] * 7, [4] * 14, [10] * 7, [16] * 14, p=p,
                                  amendments=(amendment,))
    assert block.current.rule.pain_change == 3.0
    r = review_block(journal, block, AFTER)
    assert r.verdict.decision == "continue"
    assert r.verdict.rule.pain_change == 1.0
    assert r.amended_verdict is not None
    assert r.amended_verdict.decision == "change"
    assert r.amended_verdict.rule.pain_change == 3.0


def test_an_amendment_that_does_not_touch_the_rule_gives_the_same_second_verdict():
    amendment = Amendment(date(2026, 3, 15), "therapist moved", (("therapist", "", "A. B."),))
    journal, block = journal_with([6] * 7, [4] * 14, [10] * 7, [16] * 14, amendments=(amendment,))
    r = review_block(journal, block, AFTER)
    assert r.verdict.decision == "continue"
    assert r.amended_verdict is not None and r.amended_verdict.decision == "continue"


def test_pain_threshold_follows_an_amended_scale():
    # "1 point on 0-10" frozen, data now on 0-100: 10 points.
    assert pain_threshold(Rule(1.0), 10, 100) == pytest.approx(10.0)
    assert pain_threshold(Rule(10.0), 100, 100) == pytest.approx(10.0)
