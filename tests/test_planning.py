"""The plan form as plain data: drafts, per-field messages, the summary, new-block dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.demo import demo_journal
from journal.domain.errors import ValidationError
from journal.domain.models import (
    COMMON_AREAS,
    CONCURRENT_CARE,
    FUNCTION_PRESETS,
    Amendment,
    Block,
    FunctionMarker,
    Journal,
    Plan,
    Rule,
)
from journal.views.planning import (
    DASH,
    GENTLE_REMINDER,
    NERVE_NOTE,
    OTHER_OUTCOMES,
    SIDE_EFFECT_RULE,
    PlanDraft,
    amendment_lines,
    block_status,
    draft_errors,
    draft_from_plan,
    free_first_session,
    new_draft,
    next_block_draft,
    original_lines,
    plan_from_draft,
    preset_key,
    summary_compact,
    summary_lines,
    summary_notes,
    unused_name,
    with_preset,
    with_scale,
)

TODAY = date(2026, 11, 21)


def valid_draft(**changes: object) -> PlanDraft:
    return PlanDraft(name="Back", first_session="2026-12-01").replace(**changes)


# --- draft <-> plan ----------------------------------------------------------------------------
def test_default_draft_is_a_gentle_valid_plan():
    plan = plan_from_draft(valid_draft())
    assert (plan.baseline_days, plan.minutes, plan.sessions_per_week, plan.weeks) == (7, 45, 1, 8)
    assert plan.pressure == "light" and plan.pain_scale == 10
    assert plan.function == FUNCTION_PRESETS["walking"]
    assert plan.rule == Rule(1, 5)


markers = st.one_of(
    st.none(),
    st.sampled_from(list(FUNCTION_PRESETS.values())),
    st.builds(FunctionMarker, st.sampled_from(["stairs climbed", "hours of sleep"]),
              st.sampled_from(["floors", "hours", ""]), st.sampled_from(["higher", "lower"]),
              st.sampled_from([1.0, 2.5])),
)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    scale = draw(st.sampled_from([10, 100]))
    marker = draw(markers)
    return Plan(
        name=draw(st.sampled_from(["Neck", "Low back, spring", "Knees (2)"])),
        first_session=draw(st.dates(date(2020, 1, 1), date(2030, 12, 31))),
        weeks=draw(st.integers(1, 52)),
        sessions_per_week=draw(st.integers(1, 7)),
        minutes=draw(st.integers(1, 240)),
        baseline_days=draw(st.integers(0, 60)),
        pain_scale=scale,
        function=marker,
        rule=Rule(draw(st.sampled_from([0.5, 1, 1.5, 2, 10]))
                  if scale == 10 else draw(st.sampled_from([5, 10, 12.5, 30])),
                  draw(st.sampled_from([0.5, 1, 5, 30])) if marker else None),
        areas=tuple(draw(st.lists(st.sampled_from([*COMMON_AREAS, "left wrist"]),
                                  unique=True, max_size=4))),
        pressure=draw(st.sampled_from(["light", "moderate", "firm", "slow, broad strokes"])),
        technique=draw(st.sampled_from(["", "Swedish", "myofascial"])),
        therapist=draw(st.sampled_from(["", "A. Lind"])),
        cost_per_session=draw(st.sampled_from([None, 0, 55.5, 60.0, 1234.25])),
        currency=draw(st.sampled_from(["", "EUR"])),
        concurrent_care=tuple(draw(st.lists(st.sampled_from([*CONCURRENT_CARE, "yoga"]),
                                            unique=True, max_size=3))),
        care_role=draw(st.sampled_from(["supports", "replaces"])),
        gentle_start=draw(st.booleans()),
        nerve_symptoms=draw(st.booleans()),
    )


def canonical(plan: Plan) -> Plan:
    """A plan with its free-text lists in the order the form shows them (ticked first)."""
    return plan.replace(
        areas=(*[a for a in COMMON_AREAS if a in plan.areas],
               *[a for a in plan.areas if a not in COMMON_AREAS]),
        concurrent_care=(*[c for c in CONCURRENT_CARE if c in plan.concurrent_care],
                         *[c for c in plan.concurrent_care if c not in CONCURRENT_CARE]))


@settings(max_examples=150, deadline=None)
@given(plans())
def test_a_plan_shown_in_the_form_and_saved_unchanged_is_the_same_plan(plan):
    draft = draft_from_plan(plan)
    assert draft_errors(draft) == {}
    again = plan_from_draft(draft)
    assert again == canonical(plan)
    assert draft_from_plan(again) == draft


@pytest.mark.parametrize(("field", "value"), [
    ("minutes", "0"), ("minutes", "240"), ("minutes", "241"), ("minutes", "2.5"),
    ("weeks", "52"), ("weeks", "53"), ("sessions_per_week", "7"), ("sessions_per_week", "0"),
    ("baseline_days", "0"), ("baseline_days", "60"), ("baseline_days", "61"),
    ("cost", ""), ("cost", "-1"), ("cost", "100000"), ("cost", "1e9"), ("cost", "12,50"),
    ("first_session", "2026-02-30"), ("first_session", "tomorrow"),
])
def test_form_checks_agree_with_the_model(field, value):
    """No range is duplicated: the form accepts exactly what the model accepts."""
    arg = {"cost": "cost_per_session"}.get(field, field)
    try:
        Plan(**{"name": "x", "first_session": "2026-12-01", "weeks": 8, "sessions_per_week": 1,
                "minutes": 45, arg: value})
        model_ok = True
    except ValidationError:
        model_ok = False
    assert (field not in draft_errors(valid_draft(**{field: value}))) is model_ok


def test_every_problem_is_reported_at_its_own_field_at_once():
    draft = valid_draft(name=" ", minutes="0", cost="abc", pain_change="20",
                        function_name="", pressure="own")
    errors = draft_errors(draft)
    assert list(errors) == ["name", "minutes", "pressure_own", "cost", "function_name",
                            "pain_change"]
    assert errors["minutes"] == ("minutes per session: must be a whole number from 1 to 240 "
                                 "(got 0)")
    assert errors["pain_change"].startswith("pain change needed: must be from 0 to 10")
    assert errors["pressure_own"].startswith("pressure:")
    with pytest.raises(ValidationError) as caught:
        plan_from_draft(draft)
    assert caught.value.field == "name"  # the first in form order


def test_pain_change_range_follows_the_scale():
    assert "pain_change" in draft_errors(valid_draft(pain_change="20"))
    assert draft_errors(valid_draft(pain_scale="100", pain_change="20")) == {}


def test_no_marker_means_pain_only():
    plan = plan_from_draft(valid_draft(function_preset="none", function_name="",
                                       function_change="not a number"))
    assert plan.function is None and plan.rule.function_change is None


def test_presets_and_scale_switch_fill_defaults():
    draft = with_preset(valid_draft(), "night-wakings")
    assert (draft.function_name, draft.function_unit, draft.function_better,
            draft.function_change) == ("night wakings from pain", "wakings", "lower", "1")
    assert preset_key(plan_from_draft(draft).function) == "night-wakings"
    assert with_preset(draft, "custom").function_name == "night wakings from pain"
    assert with_scale(valid_draft(), "100").pain_change == "10"
    assert with_scale(valid_draft(pain_change="3"), "100").pain_change == "3"  # own choice kept


# --- summary -----------------------------------------------------------------------------------
def test_summary_lists_dates_totals_and_cost():
    draft = valid_draft(sessions_per_week="2", minutes="45", cost="60", currency="EUR")
    lines = dict(summary_lines(draft, TODAY))
    assert lines["Baseline"] == "Tue 2026-11-24 to Mon 2026-11-30 (7 days)"
    assert lines["First session"] == "Tue 2026-12-01"
    assert lines["Last session"] == "Sat 2027-01-23"
    assert lines["Evaluation day"] == "Tue 2027-01-26"
    assert lines["Sessions"] == "16 (2 a week for 8 weeks)"
    assert lines["Total minutes"] == "720 (12 h)"
    assert lines["Planned cost"] == "960.00 EUR"
    assert lines["Today"] == "Baseline starts in 3 days"


def test_summary_shows_a_dash_where_a_needed_field_is_invalid():
    lines = dict(summary_lines(valid_draft(weeks="x", cost="abc"), TODAY))
    assert lines["Sessions"] == lines["Last session"] == lines["Planned cost"] == DASH
    assert lines["First session"] == "Tue 2026-12-01"
    notes = summary_notes(valid_draft(weeks="x"), TODAY)
    assert notes[0].startswith("Lines showing —")
    assert dict(summary_lines(valid_draft(), TODAY))["Planned cost"] == "no cost given"


def test_summary_notes_state_the_rule_and_the_reminders():
    notes = summary_notes(valid_draft(gentle_start=True, nerve_symptoms=True), TODAY)
    assert notes[0] == ("Working means: average pain in the last week at least 1 point lower "
                        "than in the baseline (on 0-10), and walking minutes before stopping "
                        "at least 5 minutes higher. " + OTHER_OUTCOMES + " " + SIDE_EFFECT_RULE)
    assert "moderate or severe" in SIDE_EFFECT_RULE and "mild" in SIDE_EFFECT_RULE
    assert GENTLE_REMINDER in notes and NERVE_NOTE in notes
    assert "evaluation" in NERVE_NOTE and "not replace" in NERVE_NOTE
    assert "cure" not in " ".join(notes).lower()


# --- blocks ------------------------------------------------------------------------------------
def block(name: str, first: date, weeks: int = 4, baseline: int = 7, bid: str = "b") -> Block:
    return Block(bid, Plan(name, first, weeks, 1, 45, baseline))


def test_block_status_past_active_planned():
    b = block("x", date(2026, 11, 1), weeks=2)  # baseline 10-25 .. 11-01, treatment to 11-14
    assert block_status(b, date(2026, 10, 24)) == "planned"
    assert block_status(b, date(2026, 10, 25)) == "active"
    assert block_status(b, date(2026, 11, 14)) == "active"
    assert block_status(b, date(2026, 11, 15)) == "past"


def test_new_block_from_this_one_copies_plan_with_dates_after_it():
    journal = demo_journal(TODAY)
    source = journal.blocks[0]
    draft = next_block_draft(journal, source, TODAY)
    first = source.current.treatment_end + timedelta(days=1 + source.current.baseline_days)
    assert draft.first_session == first.isoformat()
    assert draft.name == "Low back & shoulders, spring (2)"
    plan = plan_from_draft(draft)
    assert plan == source.current.replace(name=draft.name, first_session=first)


def test_new_block_from_a_long_past_one_starts_today():
    old = block("Old", date(2025, 1, 10))
    journal = Journal(blocks=[old])
    draft = next_block_draft(journal, old, TODAY)
    assert draft.first_session == (TODAY + timedelta(days=7)).isoformat()


def test_new_dates_skip_blocks_already_planned():
    journal = Journal(blocks=[block("A", date(2026, 12, 1), bid="a"),
                              block("B", date(2027, 1, 5), bid="b")])
    first = free_first_session(journal, TODAY, 7, 4)
    # A spans 11-24..12-28, B spans 12-29..02-01: the only free start is after B.
    assert first == date(2027, 2, 2) + timedelta(days=7)
    assert date.fromisoformat(new_draft(journal, TODAY).first_session) > date(2027, 2, 1)


def test_unused_name_counts_up():
    journal = Journal(blocks=[block("Neck", date(2026, 1, 10), bid="a"),
                              block("Neck (2)", date(2026, 3, 10), bid="b")])
    assert unused_name(journal, "Knees") == "Knees"
    assert unused_name(journal, "Neck") == "Neck (3)"
    assert unused_name(journal, "Neck (2)") == "Neck (3)"


def test_history_lines_keep_the_original_and_each_dated_reason():
    plan = Plan("Back", date(2026, 11, 1), 8, 2, 45, rule=Rule(1, None))
    made = datetime(2026, 11, 10, 20, 0)
    b = Block("b", plan, (
        Amendment(date(2026, 11, 10), "therapist advised", (("minutes", 45, 30),), made),
        Amendment(date(2026, 11, 12), "stricter", (("rule.pain_change", 1, 2),
                                                   ("function.default_change", 1, 2)), made),
    ))
    assert original_lines(b) == ["minutes per session: 45", "pain change needed: 1"]
    assert amendment_lines(b) == [
        "2026-11-10: “therapist advised”", "  minutes per session: 45 → 30",
        "2026-11-12: “stricter”", "  pain change needed: 1 → 2",
    ]


def test_the_compact_summary_states_the_whole_rule_side_effects_included():
    """At 80x24 the summary is compact; it still says what stops and what changes the block."""
    lines = summary_compact(new_draft(Journal(), TODAY), TODAY)
    assert lines[-2].startswith("Works if: pain 1 point lower")
    assert lines[-1] == ("Worse by as much: stop; between: change. A side effect not settled "
                         "by the next session: stop if moderate or severe, change if mild.")
