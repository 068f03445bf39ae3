"""Designs (A-B, A-B-A, A-B-A-B), carry-over days, follow-up and the randomisation test.

The A-B-A-B block here: first session Mon 9 Mar 2026, 7 baseline days (2-8 Mar), treatment 2
weeks (9-22 Mar), pause 1 week (23-29 Mar), treatment 2 for 1 week (30 Mar-5 Apr), follow-up
1 week (6-12 Apr), 2 carry-over days. Every mean below is worked out by hand.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.analysis.design import compare_values, design_evidence
from journal.analysis.phases import carry_over_days, design_phases
from journal.analysis.randomisation import edgington_test, smallest_p_words
from journal.domain.errors import ValidationError
from journal.domain.models import Block, DayEntry, Journal, Plan, Rule, draw_start

FIRST = date(2026, 3, 9)
AFTER = date(2026, 4, 20)


def abab(**changes: object) -> Plan:
    values: dict[str, object] = dict(
        name="Reversal", first_session=FIRST, weeks=2, sessions_per_week=2, minutes=30,
        baseline_days=7, rule=Rule(1.0), design="ABAB", pause_weeks=1, second_weeks=1,
        follow_up_weeks=1, carry_over_days=2)
    values.update(changes)
    return Plan(**values)  # type: ignore[arg-type]


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def journal_for(plan: Plan, pain_of: dict[tuple[date, date], float]) -> tuple[Journal, Block]:
    block = Block("b1", plan)
    journal = Journal(blocks=[block])
    for (start, end), value in pain_of.items():
        day = start
        while day <= end:
            journal.entries[day] = DayEntry(day, pain=value)
            day += timedelta(days=1)
    return journal, block


CONSISTENT = {
    (d(3, 2), d(3, 8)): 6,     # baseline
    (d(3, 9), d(3, 10)): 5,    # treatment carry-over (left out)
    (d(3, 11), d(3, 22)): 4,   # treatment
    (d(3, 23), d(3, 24)): 4,   # pause carry-over (left out)
    (d(3, 25), d(3, 29)): 6,   # pause: pain returns
    (d(3, 30), d(3, 31)): 6,   # treatment 2 carry-over (left out)
    (d(4, 1), d(4, 5)): 4,     # treatment 2: eases again
    (d(4, 6), d(4, 7)): 9,     # follow-up carry-over (left out)
    (d(4, 8), d(4, 12)): 4.5,  # follow-up
}


# --- the plan's phases --------------------------------------------------------------------
def test_ab_is_unchanged_by_default():
    p = Plan("Plain", FIRST, 2, 2, 30)
    assert (p.design, p.follow_up_weeks, p.carry_over_days) == ("AB", 4, 2)
    assert [k for k, _, _ in p.design_phases()] == ["baseline", "treatment", "follow-up"]
    assert p.block_end == p.treatment_end == d(3, 22)
    assert p.follow_up_end == d(4, 19)
    assert p.position(d(3, 23)) == "Follow-up week 1 of 4"
    assert p.total_sessions == 4


def test_abab_phases_sessions_and_positions():
    p = abab()
    assert p.design_phases() == (
        ("baseline", d(3, 2), d(3, 8)), ("treatment", d(3, 9), d(3, 22)),
        ("pause", d(3, 23), d(3, 29)), ("treatment-2", d(3, 30), d(4, 5)),
        ("follow-up", d(4, 6), d(4, 12)))
    assert p.total_sessions == 6  # 2 a week for 2 + 1 weeks
    assert p.planned_session_days()[-2:] == [d(3, 30), d(4, 3)]
    assert p.last_session == d(4, 3)
    assert p.phase(d(3, 25)) == "pause" and p.phase(d(3, 30)) == "treatment-2"
    assert p.position(d(3, 24)) == "Pause week 1 of 1"
    assert p.position(d(3, 31)) == "Treatment 2 week 1, day 2"
    assert p.due_words(d(3, 24)) == "no sessions; keep logging"
    assert p.spans(d(4, 5)) and not p.spans(d(4, 6))
    # The second treatment phase is as long as the first unless told otherwise.
    assert abab(second_weeks=None).phase_span("treatment-2") == (d(3, 30), d(4, 12))


def test_carry_over_days_are_the_first_days_after_each_switch():
    phases = {p.kind: p for p in design_phases(abab())}
    assert phases["baseline"].carry_over is None
    assert phases["pause"].counted.start == d(3, 25)
    assert carry_over_days(abab()) == {d(3, 9), d(3, 10), d(3, 23), d(3, 24), d(3, 30),
                                       d(3, 31), d(4, 6), d(4, 7)}
    assert carry_over_days(abab(carry_over_days=0)) == frozenset()


def test_design_fields_round_trip_through_flat_and_old_plans_load():
    p = abab(window_from=d(3, 9), window_to=d(3, 28), seed=7)
    assert Plan.from_flat(p.flat()) == p
    old = {k: v for k, v in Plan("Old", FIRST, 2, 2, 30).flat().items()
           if k not in ("design", "pause_weeks", "second_weeks", "follow_up_weeks",
                        "carry_over_days", "window_from", "window_to", "seed")}
    assert Plan.from_flat(old).design == "AB"


# --- randomised start ----------------------------------------------------------------------
def test_the_draw_is_uniform_reproducible_and_leaves_the_full_baseline():
    p = abab(first_session=d(1, 1), window_from=d(3, 9), window_to=d(3, 28), seed=42)
    assert p.first_session == draw_start(d(3, 9), d(3, 28), 42)
    assert d(3, 9) <= p.first_session <= d(3, 28)
    assert p.baseline_start == d(3, 2)  # 7 days before the window's first date
    assert p.admissible_starts == 20
    drawn = [draw_start(d(3, 9), d(3, 11), seed) for seed in range(3000)]
    counts = [drawn.count(d(3, 9 + i)) for i in range(3)]
    assert all(900 < c < 1100 for c in counts)  # about a third each


def test_a_randomised_start_needs_five_baseline_days_and_a_seed():
    with pytest.raises(ValidationError, match="at least 5"):
        abab(baseline_days=4, window_from=d(3, 9), window_to=d(3, 20), seed=1)
    with pytest.raises(ValidationError, match="seed"):
        abab(window_from=d(3, 9), window_to=d(3, 20))
    with pytest.raises(ValidationError, match="end on or after"):
        abab(window_from=d(3, 9), window_to=d(3, 1), seed=1)


def test_smallest_p_words():
    assert "1/10 = 0.100" in smallest_p_words(10)
    assert "at least 20 dates" in smallest_p_words(10)
    assert "at least 20" not in smallest_p_words(20)


# --- comparisons ---------------------------------------------------------------------------
def test_each_comparison_of_a_consistent_abab_block():
    journal, block = journal_for(abab(), CONSISTENT)
    ev = design_evidence(journal, block, AFTER)
    got = {(c.from_kind, c.to_kind): c.pain for c in ev.comparisons}
    assert list(got) == [("baseline", "treatment"), ("treatment", "pause"),
                         ("pause", "treatment-2"), ("treatment-2", "follow-up")]
    ab = got[("baseline", "treatment")]
    assert (ab.before_mean, ab.after_mean, ab.change) == (6, 4, -2)  # carry-over 5s left out
    assert (ab.before_days, ab.after_days) == (7, 12)
    assert ab.nap.estimate == 1.0 and ab.tau.estimate == 1.0 and ab.met
    back = got[("treatment", "pause")]
    assert (back.before_mean, back.after_mean, back.change) == (4, 6, 2)
    assert back.nap.estimate == 0.0 and back.tau.estimate == -1.0 and back.met
    again = got[("pause", "treatment-2")]
    assert (again.change, again.met) == (-2, True)
    follow = got[("treatment-2", "follow-up")]
    # Last week of treatment 2 after carry-over (1-5 Apr, 4) against 8-12 Apr (4.5).
    assert (follow.before_mean, follow.after_mean, follow.change) == (4, 4.5, 0.5)
    assert follow.expected == "hold" and follow.met is True
    assert ev.consistent is True
    assert ev.sentence.startswith("Consistent with the sessions helping")
    assert "seems to have lasted" in ev.follow_up_sentence


def test_an_inconsistent_abab_block_names_the_switch():
    pain = dict(CONSISTENT)
    pain[(d(3, 25), d(3, 29))] = 4.5  # pain does not come back in the pause
    journal, block = journal_for(abab(), pain)
    ev = design_evidence(journal, block, AFTER)
    back = ev.comparisons[1].pain
    assert back.change == 0.5 and back.met is False  # worse by 0.5, rule asks 1
    assert ev.consistent is False
    assert "Treatment → Pause" in ev.sentence and "did not come back" in ev.sentence
    assert "regression to the mean" in ev.sentence


def test_ab_has_no_consistency_and_aba_compares_the_pause():
    journal, block = journal_for(abab(design="AB"), CONSISTENT)
    ev = design_evidence(journal, block, AFTER)
    assert ev.consistent is None and ev.sentence == ""
    assert [(c.from_kind, c.to_kind) for c in ev.comparisons] == [
        ("baseline", "treatment"), ("treatment", "follow-up")]
    data = ev.to_dict()
    assert data["consistent_with_effect"] is None and data["randomisation_test"] is None
    assert data["design"]["kind"] == "AB" and data["design"]["randomised"] is None
    journal, block = journal_for(abab(design="ABA"), CONSISTENT)
    ev = design_evidence(journal, block, AFTER)
    assert [c.to_kind for c in ev.comparisons] == ["treatment", "pause", "follow-up"]
    assert ev.consistent is True


def test_compare_values_for_a_marker_where_higher_is_better():
    c = compare_values("function", [10, 12], [15, 17], "higher", 5, "better")
    assert (c.change, c.improvement, c.met) == (5, 5, True)
    assert c.nap.estimate == 1.0
    worse = compare_values("function", [15, 17], [10, 12], "higher", 5, "worse")
    assert worse.met is True and worse.nap.estimate == 0.0
    thin = compare_values("pain", [], [3], "lower", 1, "better")
    assert thin.met is None and thin.nap.estimate is None


# --- Edgington's randomisation test ---------------------------------------------------------
D0 = date(2026, 1, 1)


def series(values: list[float]) -> dict[date, float]:
    return {D0 + timedelta(days=i): v for i, v in enumerate(values)}


def test_randomisation_test_by_hand():
    # Days 0-9; admissible starts days 5, 6, 7; drawn: day 6.
    values = series([6, 6, 6, 6, 6, 6, 3, 3, 3, 3])
    starts = [D0 + timedelta(days=i) for i in (5, 6, 7)]
    last = D0 + timedelta(days=9)
    # s=5: 6 - (6+3+3+3+3)/5 = 2.4; s=6: 6 - 3 = 3; s=7: 39/7 - 3 = 2.571...
    test = edgington_test(values, D0, last, starts, starts[1])
    assert [round(v, 3) for _, v in test.statistics] == [2.4, 3.0, 2.571]
    assert (test.p, test.k, test.observed, test.min_p) == (pytest.approx(1 / 3), 3, 3.0,
                                                           pytest.approx(1 / 3))
    assert edgington_test(values, D0, last, starts, starts[0]).p == 1.0
    # One carry-over day: s=5 gives 6 - 3 = 3 as well, a tie that counts: p = 2/3.
    test = edgington_test(values, D0, last, starts, starts[1], carry_over=1)
    assert test.p == pytest.approx(2 / 3)
    # Higher is better: the same data read the other way round is the least extreme.
    assert edgington_test(values, D0, last, starts, starts[1], better="higher").p == 1.0


def test_randomisation_test_in_a_block_uses_the_drawn_start():
    p = abab(window_from=d(3, 9), window_to=d(3, 15), seed=3)
    drawn = p.first_session
    pain = {(p.baseline_start, drawn - timedelta(days=1)): 6,
            (drawn, p.treatment_end): 3}
    journal, block = journal_for(p, pain)
    ev = design_evidence(journal, block, AFTER)
    assert ev.randomisation is not None and ev.randomisation.k == 7
    data = ev.to_dict()
    assert data["design"]["randomised"] == {
        "window": ["2026-03-09", "2026-03-15"], "seed": 3,
        "drawn_start": drawn.isoformat(), "admissible_starts": 7, "min_p": 1 / 7}
    assert data["randomisation_test"]["statistic"] == "mean difference"
    assert data["randomisation_test"]["k"] == 7


def _definition_p(values: list[float], starts: list[int], actual: int, c: int) -> float:
    """scan/SCRT's AB definition written out plainly: mean(A) - mean(B) at every start."""
    def stat(s: int) -> float | None:
        a, b = values[:s], values[s + c:]
        return statistics.mean(a) - statistics.mean(b) if a and b else None

    observed = stat(actual)
    assert observed is not None
    return sum(1 for s in starts if (v := stat(s)) is None or v >= observed - 1e-9) / len(starts)


pain_values = st.lists(st.integers(0, 10), min_size=8, max_size=30)


@settings(max_examples=150, deadline=None)
@given(pain_values, st.data())
def test_p_is_between_one_over_k_and_one_and_matches_the_definition(values, data):
    n = len(values)
    lo = data.draw(st.integers(1, n - 3))
    hi = data.draw(st.integers(lo, n - 2))
    starts = list(range(lo, hi + 1))
    actual = data.draw(st.sampled_from(starts))
    c = data.draw(st.integers(0, 1))
    days = [D0 + timedelta(days=s) for s in starts]
    test = edgington_test(series(values), D0, D0 + timedelta(days=n - 1), days,
                          D0 + timedelta(days=actual), carry_over=c)
    assert test.p is not None
    assert 1 / len(starts) - 1e-12 <= test.p <= 1
    assert test.p == pytest.approx(_definition_p(values, starts, actual, c))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 100), min_size=8, max_size=30), st.integers(-500, 500),
       st.data())
def test_shifting_every_value_by_a_constant_does_not_change_p(tenths, shift, data):
    # Values in tenths (as typed: 4.5), shifted by a constant number of tenths; each shifted
    # value is the decimal it stands for, so the test is about p, not float rounding.
    values = [t / 10 for t in tenths]
    shifted = [(t + shift) / 10 for t in tenths]
    n = len(values)
    lo = data.draw(st.integers(1, n - 3))
    starts = [D0 + timedelta(days=s) for s in range(lo, n - 1)]
    actual = data.draw(st.sampled_from(starts))
    last = D0 + timedelta(days=n - 1)
    before = edgington_test(series(values), D0, last, starts, actual)
    after = edgington_test(series(shifted), D0, last, starts, actual)
    assert before.p == after.p


def test_an_ab_block_is_stored_as_before_and_a_design_round_trips():
    from journal.domain.codec import decode_block, encode_block

    plain = Block("b0", Plan("Plain", FIRST, 2, 2, 30))
    doc = encode_block(plain)
    assert not {"design", "pause_weeks", "seed", "window_from"} & set(doc["plan"])
    assert decode_block(doc) == plain
    designed = Block("b1", abab(window_from=d(3, 9), window_to=d(3, 28), seed=7))
    assert decode_block(encode_block(designed)) == designed


def test_the_weekly_table_has_rows_for_the_pause_and_the_second_treatment():
    from journal.analysis.summary import review_block

    journal, block = journal_for(abab(), CONSISTENT)
    rows = review_block(journal, block, AFTER).rows
    assert [(r.period.label, r.pain_mean) for r in rows] == [
        ("Baseline", 6), ("Week 1", 30 / 7), ("Week 2", 4), ("Pause", 38 / 7),
        ("T2 week 1", 32 / 7), ("Follow-up", (18 + 22.5) / 7)]


def test_fields_of_another_design_are_not_checked_or_stored():
    from journal.views.planning import PlanDraft, draft_errors, plan_from_draft

    draft = PlanDraft(name="x", first_session="2026-12-07", pause_weeks="0", second_weeks="x")
    assert draft_errors(draft) == {}
    plan = plan_from_draft(draft)
    assert (plan.design, plan.pause_weeks, plan.second_weeks) == ("AB", 2, None)
    errors = draft_errors(draft.replace(design="ABAB"))
    assert set(errors) == {"pause_weeks", "second_weeks"}


def test_a_bad_start_window_is_reported_at_the_window_not_the_first_session():
    from journal.views.planning import PlanDraft, draft_errors

    errors = draft_errors(PlanDraft(name="x", first_session="", window_from="2026-13-01",
                                    window_to="2026-12-20"))
    assert list(errors) == ["window_from"]
