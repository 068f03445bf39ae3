"""Verdict integrity (issue 14), bullet by bullet, through the analysis API.

Every block here: 7 baseline days (2-8 Mar 2026), first session 9 Mar, 2 weeks, 2 sessions a
week recorded as planned, rule "pain down by at least 1 point" (and walking up 5 minutes when
a case has the marker). Judged on 25 Mar, after the block ended. Means are worked out by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest

from journal.analysis.context import trend_words
from journal.analysis.summary import review_block
from journal.analysis.verdict import evaluate
from journal.analysis.words import decisive
from journal.domain.errors import ValidationError
from journal.domain.models import (
    FUNCTION_PRESETS,
    Amendment,
    Block,
    DayEntry,
    FunctionMarker,
    Journal,
    Plan,
    Rule,
    Session,
    SideEffect,
)
from journal.report import build_report
from journal.views.planning import PlanDraft, draft_errors

FIRST = date(2026, 3, 9)
AFTER = date(2026, 3, 25)
WALK = FUNCTION_PRESETS["walking"]


@dataclass
class Case:
    """One block: pain (and walking) per baseline and treatment day, and what else happened."""

    base: list[Any]
    treat: list[Any]
    base_walk: list[Any] | None = None
    treat_walk: list[Any] | None = None
    scale: int = 10
    marker: FunctionMarker | None = None
    rule: Rule = field(default_factory=lambda: Rule(1.0))
    sessions: bool = True
    effects: list[SideEffect] = field(default_factory=list)
    amendments: tuple[Amendment, ...] = ()
    cost: float | None = 50.0
    baseline_days: int | None = None

    def build(self) -> tuple[Journal, Block]:
        days = self.baseline_days if self.baseline_days is not None else len(self.base)
        plan = Plan("Case", FIRST, 2, 2, 30, baseline_days=days, pain_scale=self.scale,
                    function=self.marker, rule=self.rule, cost_per_session=self.cost,
                    currency="EUR")
        block = Block("b1", plan, self.amendments)
        journal = Journal(blocks=[block])
        bw = self.base_walk or [None] * len(self.base)
        tw = self.treat_walk or [None] * len(self.treat)
        for start, pains, walks in ((plan.baseline_start, self.base, bw),
                                    (FIRST, self.treat, tw)):
            for i, (p, w) in enumerate(zip(pains, walks, strict=True)):
                if p is not None or w is not None:
                    day = start + timedelta(days=i)
                    journal.entries[day] = DayEntry(day, pain=p, function=w)
        if self.sessions:
            for day in plan.planned_session_days():
                journal.sessions[day] = Session(day, 30)
        journal.side_effects.extend(self.effects)
        return journal, block


def effect(day: int, severity: int, settled: bool | None, kind: str = "soreness") -> SideEffect:
    return SideEffect(f"e{day}{severity}", date(2026, 3, day), kind, severity, settled)


def report(case: Case, fmt: str = "markdown", today: date = AFTER) -> str:
    journal, block = case.build()
    return build_report(journal, block, today, fmt)


# --- 1. frozen means frozen -----------------------------------------------------------------

def _amend(*changes: tuple[str, Any, Any]) -> tuple[Amendment, ...]:
    return (Amendment(date(2026, 3, 15), "changed my mind", tuple(changes)),)


FROZEN_CASES = [
    # Walking did not move (10 -> 10): the frozen rule says change. Dropping the marker
    # afterwards would make pain alone decide (continue), but only beside the original.
    pytest.param(Case([6] * 7, [4] * 14, [10] * 7, [10] * 14, marker=WALK, rule=Rule(1, 5),
                      amendments=_amend(("function.name", WALK.name, None),
                                        ("function.unit", "minutes", None),
                                        ("function.better", "higher", None),
                                        ("rule.function_change", 5, None))),
                 "change", "continue", id="marker-removed"),
    # Walking fell 10 -> 4 (worse by 6 >= 5): stop. Flipping "higher is better" to "lower"
    # would call that an improvement (continue); the frozen direction decides.
    pytest.param(Case([6] * 7, [4] * 14, [10] * 7, [4] * 14, marker=WALK, rule=Rule(1, 5),
                      amendments=_amend(("function.better", "higher", "lower"))),
                 "stop", "continue", id="direction-flipped"),
    # Threshold raised from 1 to 3 after the freeze: pain fell 2, the original rule holds.
    pytest.param(Case([6] * 7, [4] * 14, amendments=_amend(("rule.pain_change", 1.0, 3.0))),
                 "continue", "change", id="threshold-raised"),
    # Baseline amended from 7 to 5 days: the frozen 7-day baseline (mean 6.86, down 1.36 to
    # 5.5) decides; the amended one (mean 6, down 0.5) would say change.
    pytest.param(Case([9, 9, 6, 6, 6, 6, 6], [5.5] * 14,
                      amendments=_amend(("baseline_days", 7, 5))),
                 "continue", "change", id="baseline-shortened"),
]


@pytest.mark.parametrize(("case", "frozen", "amended"), FROZEN_CASES)
def test_the_frozen_plan_decides_and_the_amended_one_stands_beside_it(case, frozen, amended):
    journal, block = case.build()
    v = evaluate(block, journal, AFTER)
    assert v.decision == frozen
    assert v.amended is not None and v.amended.decision == amended
    data = json.loads(build_report(journal, block, AFTER, "json"))
    assert data["verdict"]["decision"] == frozen
    assert data["verdict"]["amended"]["decision"] == amended
    text = build_report(journal, block, AFTER, "markdown")
    assert f"would say **{v.amended.headline}**" in text


def test_a_verdict_without_amendments_has_none_beside_it():
    journal, block = Case([6] * 7, [4] * 14).build()
    assert evaluate(block, journal, AFTER).amended is None
    data = json.loads(build_report(journal, block, AFTER, "json"))
    assert data["verdict"]["amended"] is None


def test_a_pain_scale_change_is_refused_once_pain_is_logged():
    journal, block = Case([6] * 7, [4] * 14).build()
    with pytest.raises(ValidationError) as exc:
        block.check_change(block.current.replace(pain_scale=100, rule=Rule(10)), journal)
    assert exc.value.field == "pain scale" and "never averaged" in str(exc.value)
    # Nothing logged yet: the same change is fine.
    empty = Journal(blocks=[block])
    block.check_change(block.current.replace(pain_scale=100, rule=Rule(10)), empty)


@pytest.mark.parametrize(("entries", "sessions", "frozen"), [
    ({}, {}, False),  # backdated plan, nothing logged: plain edits
    ({date(2026, 3, 1): DayEntry(date(2026, 3, 1), pain=5)}, {}, False),  # the day before
    ({date(2026, 3, 2): DayEntry(date(2026, 3, 2), pain=5)}, {}, True),  # first baseline day
    ({date(2026, 3, 2): DayEntry(date(2026, 3, 2))}, {}, False),  # an empty entry logs nothing
    ({}, {FIRST: Session(FIRST, 30)}, True),  # a session is logged too
])
def test_a_plan_freezes_when_the_first_day_inside_it_is_logged(entries, sessions, frozen):
    block = Block("b1", Plan("Case", FIRST, 2, 2, 30))
    journal = Journal(blocks=[block], entries=dict(entries), sessions=dict(sessions))
    assert block.is_frozen(journal) is frozen


def test_a_backdated_plan_gets_its_typo_fixed_as_a_plain_edit(store, clock):
    today = clock.today()
    plan = Plan("Typo blok", today - timedelta(days=3), 4, 2, 45)  # baseline began 10 days ago
    block = store.add_block(plan)
    fixed = store.update_block(block.id, plan.replace(name="Typo block"))
    assert fixed.amendments == () and fixed.plan.name == "Typo block"
    store.log_day(today - timedelta(days=1), pain=5)
    with pytest.raises(ValidationError) as exc:
        store.update_block(block.id, fixed.plan.replace(minutes=60))
    assert exc.value.field == "reason for the change"
    amended = store.update_block(block.id, fixed.plan.replace(minutes=60), "shorter is sore")
    assert amended.plan.minutes == 45 and amended.current.minutes == 60


# --- 3. three outcomes, symmetric -----------------------------------------------------------

OUTCOME_CASES = [
    pytest.param([5] * 7, [5] * 14, "change", "No clear change", id="flat"),
    pytest.param([5] * 7, [5] * 13 + [5.1], "change", "No clear change", id="one-5.1-last-week"),
    pytest.param([5] * 7, [5.01] * 14, "change", "No clear change", id="rise-0.01"),
    pytest.param([5] * 7, [6] * 14, "stop", "Pain got worse by at least the 1 point",
                 id="worse-by-threshold"),
    pytest.param([5] * 7, [4] * 14, "continue", "Pain improved", id="better-by-threshold"),
    pytest.param([5] * 7, [4.5] * 14, "change", "No clear change", id="between"),
]


@pytest.mark.parametrize(("base", "treat", "decision", "meaning"), OUTCOME_CASES)
def test_three_outcomes_as_the_rule_was_written(base, treat, decision, meaning):
    journal, block = Case(base, treat).build()
    v = evaluate(block, journal, AFTER)
    assert v.decision == decision
    assert v.meaning.startswith(meaning)


def test_a_rise_of_0_01_reads_as_no_clear_change_with_its_digits():
    journal, block = Case([5] * 7, [5.01] * 14).build()
    v = evaluate(block, journal, AFTER)
    assert any("up 0.01 points" in r and "no clear change" in r for r in v.reasons)
    assert not any("up 0.0 points" in r for r in v.reasons)


@pytest.mark.parametrize(("walk_after", "decision", "meaning"), [
    (4, "stop", "Pain improved enough; walking minutes before stopping got worse by at least "
                "the 5 minutes your rule allows."),
    (12, "change", "Pain improved enough; walking minutes before stopping did not change "
                   "clearly."),
    (16, "continue", "Pain and walking minutes before stopping both improved"),
])
def test_mixed_results_are_named_as_mixed(walk_after, decision, meaning):
    journal, block = Case([6] * 7, [3] * 14, [10] * 7, [walk_after] * 14, marker=WALK,
                          rule=Rule(1, 5)).build()
    v = evaluate(block, journal, AFTER)
    assert v.decision == decision
    assert v.meaning.startswith(meaning)
    assert "worse than in the baseline, not better" not in v.meaning


# --- 4. exact arithmetic --------------------------------------------------------------------

def test_a_flat_series_changes_by_exactly_zero():
    journal, block = Case([5.1] * 7, [5.1] * 14).build()
    r = review_block(journal, block, AFTER)
    assert r.pain.change_exact == 0 and r.pain.change == 0.0
    assert r.verdict.check("pain").moved_words() == "no change"
    assert r.delivery.cost_per_point is None
    text = report(Case([5.1] * 7, [5.1] * 14))
    assert "per point" not in text.split("No cost per point")[0].split("## Sessions")[1]
    assert "e-16" not in text and "13,510" not in text


def test_6_1_to_5_12_is_a_fall_of_exactly_0_98():
    journal, block = Case([6.1] * 7, [5.12] * 14).build()
    v = evaluate(block, journal, AFTER)
    assert v.check("pain").improvement == Fraction(98, 100)
    assert v.decision == "change"


# --- 5. thresholds above 0 ------------------------------------------------------------------

@pytest.mark.parametrize(("rule", "field_name"), [
    (Rule(0), "pain change needed"), (Rule(1, 0), "function change needed")])
def test_a_zero_threshold_is_refused(rule, field_name):
    with pytest.raises(ValidationError) as exc:
        rule.check_positive()
    assert exc.value.field == field_name and "above 0" in str(exc.value)


@pytest.mark.parametrize(("fields", "key"), [
    ({"pain_change": "0"}, "pain_change"), ({"pain_change": "-1"}, "pain_change"),
    ({"function_change": "0"}, "function_change")])
def test_a_zero_threshold_is_refused_at_the_field(fields, key):
    draft = PlanDraft(name="X", first_session="2026-12-01", **fields)
    assert key in draft_errors(draft)


def test_the_store_refuses_a_zero_threshold(store):
    with pytest.raises(ValidationError):
        store.add_block(Plan("Zero", date(2026, 12, 1), 2, 2, 30, rule=Rule(0)))
    assert store.journal.blocks == []


# --- 6. no sessions, no continue ------------------------------------------------------------

def test_a_block_without_sessions_is_not_judged_as_working():
    case = Case([6] * 7, [4] * 14, sessions=False)
    journal, block = case.build()
    v = evaluate(block, journal, AFTER)
    assert v.decision == "insufficient-data"
    assert any("No session is recorded" in r for r in v.reasons)
    r = review_block(journal, block, AFTER)
    assert r.delivery.cost_per_point is None
    assert "0.00 per point" not in report(case)


# --- 7. not enough data means no interpretation ---------------------------------------------

def test_not_enough_data_says_what_is_missing_and_from_when():
    # Running block on 12 Mar: only 3 treatment days logged (9-11 Mar).
    case = Case([6] * 7, [4] * 3)
    journal, block = case.build()
    today = date(2026, 3, 12)
    v = evaluate(block, journal, today)
    assert v.decision == "insufficient-data"
    assert v.ready_from == date(2026, 3, 12)
    assert any("Only 3 days with pain logged in the 3 treatment days so far" in r
               for r in v.reasons)
    assert any("A verdict is possible from 12 Mar 2026" in r for r in v.reasons)
    text = report(case, today=today)
    assert "For context only" not in text and "IMMPACT" not in text
    assert "On a 0-100 scale" not in text
    assert "per point of pain" not in text
    assert "day pairs" not in text.split("## Statistics")[1].split("## Side effects")[0]
    assert "not put into words" in text


def test_a_finished_block_with_a_thin_baseline_cannot_get_a_verdict():
    journal, block = Case([6, None, None, None, None, None, 6], [4] * 14).build()
    v = evaluate(block, journal, AFTER)
    assert v.decision == "insufficient-data" and v.ready_from is None
    assert any("Only 2 baseline days with pain logged" in r for r in v.reasons)


# --- 8. cost per point only when the threshold was reached ----------------------------------

@pytest.mark.parametrize(("treat", "per_point", "note"), [
    ([4] * 14, 200 / 20, ""),  # 4 sessions x 50 = 200 EUR for 20 points on 0-100
    ([5.5] * 14, None, "pain did not improve by the 1 point your rule asks"),
    ([7] * 14, None, "pain did not improve by the 1 point your rule asks"),
])
def test_cost_per_point_only_when_the_rule_was_reached(treat, per_point, note):
    journal, block = Case([6] * 7, treat).build()
    d = review_block(journal, block, AFTER).delivery
    assert d.cost_per_point == (pytest.approx(per_point) if per_point else None)
    assert d.cost_per_point_note.startswith(note)


# --- 9. numbers agree with the decision -----------------------------------------------------

@pytest.mark.parametrize(("case", "shown", "absent"), [
    pytest.param(Case([6.1] * 7, [5.12] * 14), "down 0.98 points", "down 1.0 points",
                 id="0.98-vs-1"),
    pytest.param(Case([10] * 7, [7.04] * 14, rule=Rule(2)), "29.6% less than", "30% less",
                 id="29.6%-vs-30%"),
    pytest.param(Case([50] * 7, [40.04] * 14, scale=100, rule=Rule(10)),
                 "pain went down by 9.96 points", "10.0 points", id="9.96-vs-10"),
])
def test_figures_beside_a_decision_show_the_digits_that_decide(case, shown, absent):
    text = report(case)
    assert shown in text
    assert absent not in text


def test_just_under_the_threshold_is_said_in_those_words():
    journal, block = Case([6.1] * 7, [5.12] * 14).build()
    v = evaluate(block, journal, AFTER)
    line = next(r for r in v.reasons if r.startswith("Pain:"))
    assert "down 0.98 points; your rule asks for at least 1 point down: just under it" in line


@pytest.mark.parametrize(("value", "bounds", "text"), [
    (Fraction(98, 100), (1, 0), "0.98"), (Fraction(996, 100), (10,), "9.96"),
    (Fraction(296, 10), (30, 50), "29.6"), (Fraction(1), (1,), "1.0"),
    (Fraction(301, 100), (3,), "3.01"), (Fraction(2), (1,), "2.0")])
def test_decisive_never_rounds_onto_or_across_a_boundary(value, bounds, text):
    assert decisive(value, bounds) == text


def test_the_window_is_named_the_same_way_in_reasons_and_report():
    case = Case([6] * 7, [4] * 14)
    journal, block = case.build()
    v = evaluate(block, journal, AFTER)
    assert v.window() == "the last week of treatment (16 Mar - 22 Mar)"
    text = report(case)
    assert "## Change: baseline against the last week of treatment (16 Mar - 22 Mar)" in text
    assert any("in the last week of treatment (16 Mar - 22 Mar)" in r for r in v.reasons)


# --- 10. side effects in the rule, by severity ----------------------------------------------

@pytest.mark.parametrize(("effects", "decision", "words"), [
    ([effect(12, 1, False)], "change", "mild side effect did not settle"),
    ([effect(12, 2, False)], "stop", "moderate or severe side effect did not settle"),
    ([effect(12, 3, False)], "stop", "talk to your therapist or clinician"),
    ([effect(12, 1, True), effect(13, 2, True)], "continue", ""),
    ([effect(12, 2, None)], "continue", ""),
])
def test_side_effects_count_by_severity(effects, decision, words):
    journal, block = Case([6] * 7, [3] * 14, effects=effects).build()
    v = evaluate(block, journal, AFTER)
    assert v.decision == decision
    assert words in " ".join(v.reasons) + v.meaning


def test_a_mild_unsettled_side_effect_is_named_as_the_reason_for_change():
    journal, block = Case([6] * 7, [3] * 14, effects=[effect(12, 1, False)]).build()
    v = evaluate(block, journal, AFTER)
    assert "evidence to reconsider" in " ".join(v.reasons)
    assert v.meaning.endswith("a mild side effect did not settle before the next session, so "
                              "your rule says change technique or dose.")
    assert "reason to stop" not in v.meaning


def test_a_side_effect_after_the_last_session_is_asked_about_once_the_block_ended():
    # The last planned session is on 19 Mar; soreness on 20 Mar, not yet marked.
    journal, block = Case([6] * 7, [3] * 14, effects=[effect(20, 1, None)]).build()
    v = evaluate(block, journal, AFTER)
    assert any(r.startswith("After the last session: soreness on 20 Mar (mild)") and
               "mark whether it has settled" in r for r in v.reasons)


def test_the_report_states_the_side_effect_part_of_the_rule():
    text = report(Case([6] * 7, [4] * 14))
    assert "a moderate or severe one that does not settle before the next session means stop" \
        in text
    assert "a mild one that does not settle means change technique or dose" in text


# --- 11. Tau-BC as Tarlow proposed it -------------------------------------------------------

def test_tau_bc_pretest_keeps_tau_when_the_baseline_trend_is_not_clear():
    # 3 baseline days 8, 7, 6, then a flat 4: Tau is 1; the always-corrected Tau-BC carries
    # the short baseline's fall forward over two weeks and turns negative.
    case = Case([8, 7, 6], [4] * 14)
    journal, block = case.build()
    r = review_block(journal, block, AFTER)
    s = r.pain.stats
    assert s["tau"]["estimate"] == 1.0
    assert s["tau_bc"]["estimate"] < 0  # kept, as SingleCaseES's default
    pre = s["tau_bc_pretest"]
    assert pre["estimate"] == 1.0 and pre["corrected"] is False
    assert pre["trend_p"] == pytest.approx(1 / 3)
    text = report(case)
    assert "better on 0% of day pairs" not in text
    assert "With 3 baseline days, whether things were already changing before the sessions " \
        "began cannot be judged" in trend_words(r.pain)
    # With 4 baseline days the rule applies, and the report says why the trend is not read.
    four = report(Case([8, 7, 6, 5], [4] * 14))
    assert "With 4 baseline days, whether things were already changing before the sessions " \
        "began cannot be judged (that needs at least 5), so the trend-based figures are listed " \
        "in the numbers view but not put into words." in " ".join(four.split())
    data = json.loads(report(case, "json"))
    assert data["pain"]["stats"]["tau_bc"]["estimate"] == s["tau_bc"]["estimate"]
    assert set(data["pain"]["stats"]["tau_bc_pretest"]) == {"estimate", "se", "ci",
                                                            "corrected", "trend_p"}


def test_tau_bc_pretest_corrects_a_clear_baseline_trend():
    # 7 baseline days falling steadily 9 -> 6 (Kendall p = 2/5040 x 2), then 5.
    case = Case([9, 8.5, 8, 7.5, 7, 6.5, 6], [5] * 14)
    journal, block = case.build()
    pre = review_block(journal, block, AFTER).pain.stats["tau_bc_pretest"]
    assert pre["corrected"] is True and pre["trend_p"] < 0.05
    assert "A test of the baseline days finds that drift unlikely to be chance" in \
        " ".join(report(case).split())


def test_no_clear_trend_with_enough_days_says_tau_bc_equals_tau():
    case = Case([6, 7, 6, 7, 6, 7, 6], [4] * 14)
    assert "The baseline days show no clear drift (a test of their trend gives p =" in \
        " ".join(report(case).split())


# --- 12. words match their sources ----------------------------------------------------------

def test_reference_words_follow_their_sources():
    text = report(Case([6] * 7, [3] * 14))
    for phrase in ("many people", "IMMPACT (Dworkin et al., 2008)", "sham treatments",
                   "comparative evidence is mixed", "at 6 months pooled results favoured",
                   "benefits may not last", "## Sources"):
        assert phrase in text, phrase
    for phrase in ("most people", "sham massage", "effects often fade"):
        assert phrase not in text, phrase
    sources = text.split("## Sources")[1]
    assert "Dworkin" in sources and "meta-analysis" in sources and "Tarlow" in sources


# --- 13. small wording faults ---------------------------------------------------------------

def test_a_marker_without_a_unit_leaves_no_stray_space():
    marker = FunctionMarker("stairs climbed", "", "higher")
    journal, block = Case([6] * 7, [4] * 14, [10] * 7, [19.3] * 14, marker=marker,
                          rule=Rule(1, 5)).build()
    v = evaluate(block, journal, AFTER)
    line = next(r for r in v.reasons if r.startswith("Stairs climbed"))
    assert "up 9.3;" in line and "at least 5 up" in line
    assert " ;" not in line and "  " not in line


def test_a_short_window_is_named_by_its_real_length():
    journal, block = Case([6] * 7, [4] * 4).build()
    v = evaluate(block, journal, date(2026, 3, 13))
    assert "the 4 treatment days so far (9 Mar - 12 Mar)" in " ".join(v.reasons)
    assert "last 7 treatment days so far" not in " ".join(v.reasons)


def test_before_the_first_session_the_verdict_says_from_when():
    # On 5 Mar: 3 baseline days logged so far (2-4 Mar), 4 more to come.
    journal, block = Case([6, 6, 6, None, None, None, None], [], baseline_days=7).build()
    v = evaluate(block, journal, date(2026, 3, 5))
    assert v.decision == "insufficient-data"
    assert v.ready_from == date(2026, 3, 12)  # first session 9 Mar + 3 days: 4 logged days
    assert any("A verdict is possible from 12 Mar 2026" in r for r in v.reasons)
