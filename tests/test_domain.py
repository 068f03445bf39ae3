"""Domain validation: one error type whose message names the field and what is allowed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.domain import checks
from journal.domain.errors import ValidationError
from journal.domain.models import (
    DAY_NUMBERS,
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


def plan(**kw) -> Plan:
    base = dict(name="Neck", first_session=date(2026, 1, 5), weeks=8, sessions_per_week=2,
                minutes=45)
    return Plan(**{**base, **kw})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minutes": 0}, "minutes per session: must be a whole number from 1 to 240 (got 0)"),
        ({"weeks": 60}, "number of weeks: must be a whole number from 1 to 52 (got 60)"),
        ({"sessions_per_week": 8}, "sessions per week: must be a whole number from 1 to 7"),
        ({"baseline_days": -1}, "baseline days: must be a whole number from 0 to 60"),
        ({"pain_scale": 50}, "pain scale: must be 10 (0-10) or 100 (0-100)"),
        ({"name": "  "}, "name: is required"),
        ({"first_session": "5/1/2026"}, "first session date: must be a date written as"),
        ({"cost_per_session": -5}, "cost per session: must be a number from 0 to 100,000"),
        ({"care_role": "maybe"}, "massage role: must be one of supports, replaces"),
        ({"rule": Rule(11)}, "pain change needed: must be from 0 to 10"),
    ],
)
def test_plan_validation_names_field_and_range(kwargs, message):
    with pytest.raises(ValidationError) as info:
        plan(**kwargs)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pain": 101}, "pain: must be a number from 0 to 100 (got 101)"),
        ({"pain": "lots"}, "pain: must be a number from 0 to 100 (got 'lots')"),
        ({"function": -1}, "function: must be a number from 0 to 1,000,000 (got -1)"),
        ({"mood": 11}, "mood/anxiety: must be a whole number from 0 to 10 (got 11)"),
        ({"fatigue": 2.5}, "fatigue: must be a whole number from 0 to 10 (got 2.5)"),
        ({"sleep_wakings": 51}, "night wakings: must be a whole number from 0 to 50"),
        ({"note": "x" * 2001}, "note: must be at most 2,000 characters (got 2,001)"),
        ({"note": "bad\x00byte"}, "note: must not contain control characters"),
        ({"pain": float("nan")}, "pain: must be a number from 0 to 100"),
    ],
)
def test_day_entry_validation(kwargs, message):
    with pytest.raises(ValidationError) as info:
        DayEntry(date(2026, 1, 5), **kwargs)
    assert str(info.value).startswith(message)


def test_pain_is_checked_against_the_block_scale():
    entry = DayEntry(date(2026, 1, 5), pain=11)
    entry.check_scale(100)
    with pytest.raises(ValidationError, match="pain: must be a number from 0 to 10 "):
        entry.check_scale(10)


def test_note_keeps_newlines_and_unicode():
    note = "Slept badly.\nשלום 👋 — stiff neck"
    assert DayEntry(date(2026, 1, 5), note=note).note == note


def test_session_and_side_effect_validation():
    with pytest.raises(ValidationError,
                       match="tolerance: must be one of ok, too-light, too-strong"):
        Session(date(2026, 1, 5), 45, tolerance="meh")
    with pytest.raises(ValidationError, match="severity: must be a whole number from 1 to 3"):
        SideEffect("x", date(2026, 1, 5), "soreness", 4)
    with pytest.raises(ValidationError, match="side effect: must be one of soreness"):
        SideEffect("x", date(2026, 1, 5), "headache", 1)


def test_numbers_accept_decimal_comma_and_refuse_booleans():
    assert checks.number("4,5", "pain", 0, 10) == 4.5
    with pytest.raises(ValidationError):
        checks.number(True, "pain", 0, 10)


def test_day_words():
    today = date(2026, 3, 1)
    assert checks.day_word("today", "date", today) == today
    assert checks.day_word("Yesterday", "date", today) == date(2026, 2, 28)
    assert checks.day_word("2026-02-03", "date", today) == date(2026, 2, 3)
    with pytest.raises(ValidationError, match="must be today, yesterday, tomorrow, a weekday"):
        checks.day_word("2026-02-30", "date", today)


def test_plan_dates_and_totals():
    p = plan(cost_per_session=60, baseline_days=7)
    assert p.baseline_start == date(2025, 12, 29)
    assert p.treatment_end == date(2026, 3, 1)
    assert p.evaluation_day == date(2026, 3, 2)
    assert p.total_sessions == 16 and p.total_minutes == 720 and p.planned_cost == 960
    sessions = p.planned_session_days()
    assert len(sessions) == 16 and sessions[0] == p.first_session
    assert p.position(date(2026, 1, 1)) == "Baseline day 4 of 7"
    assert p.position(date(2026, 1, 14)) == "Treatment week 2, day 3"
    assert p.position(date(2026, 3, 10)) == "Follow-up week 2 of 4"


def test_rule_defaults_follow_scale_and_marker():
    assert plan().rule == Rule(1.0, None)
    assert plan(pain_scale=100).rule == Rule(10.0, None)
    assert plan(function=FUNCTION_PRESETS["walking"]).rule == Rule(1.0, 5.0)


def test_amendments_change_current_plan_but_keep_the_original():
    original = plan()
    amendment = Amendment(date(2026, 1, 20), "therapist moved", (("minutes", 45, 30),
                                                                  ("rule.pain_change", 1, 2)))
    block = Block("b1", original, (amendment,))
    assert block.current.minutes == 30 and block.current.rule.pain_change == 2
    assert block.plan.minutes == 45 and block.plan.rule.pain_change == 1
    assert amendment.touches_rule()
    with pytest.raises(ValidationError, match="reason for the change: is required"):
        Amendment(date(2026, 1, 20), " ", (("minutes", 45, 30),))


def test_plan_flat_round_trip():
    p = plan(function=FUNCTION_PRESETS["night-wakings"], areas=("neck", "shoulders"),
             concurrent_care=("exercise",), cost_per_session=55.5, currency="EUR")
    assert Plan.from_flat(p.flat()) == p


def test_records_are_frozen_compare_by_value_and_survive_a_pickle():
    """The models' own record classes behave like frozen dataclasses where it matters."""
    import pickle

    from journal.domain import record

    entry = DayEntry(date(2026, 3, 1), pain=4, note="walked")
    same = DayEntry(date(2026, 3, 1), pain=4, note="walked")
    assert entry == same and hash(entry) == hash(same)
    assert entry != entry.replace(pain=5)
    assert entry != Session(date(2026, 3, 1), 45)  # another kind of record is never equal
    with pytest.raises(AttributeError):
        entry.pain = 5  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(entry)) == entry
    assert record.fields(DayEntry)[:3] == ("day", "pain", "function")
    assert "pain=4" in repr(entry)
    with pytest.raises(ValidationError):
        entry.replace(pain=-1)  # a copy is validated like a new entry
    with pytest.raises(TypeError):
        entry.replace(colour="red")  # type: ignore[arg-type]



# --- finding the block of many days ------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(gaps=st.lists(st.integers(-20, 60), min_size=0, max_size=6),
       designs=st.lists(st.sampled_from(["AB", "ABA", "ABAB"]), min_size=6, max_size=6),
       probes=st.lists(st.integers(-30, 900), min_size=1, max_size=40))
def test_block_finder_answers_as_block_for_does(gaps, designs, probes):
    """Blocks one after another (some overlapping, as a hand-edited file may hold): the quick
    finder names the same block as block_for for every day, before, inside and after them."""
    journal = Journal()
    start = date(2026, 1, 1)
    for i, gap in enumerate(gaps):
        plan = Plan(f"B{i}", start + timedelta(days=gap), 2, 1, 30, design=designs[i])
        journal.blocks.append(Block(f"b{i}", plan))
        start = plan.block_end
    find = journal.block_finder()
    for offset in probes:
        day = date(2026, 1, 1) + timedelta(days=offset)
        assert find(day) is journal.block_for(day), day


@pytest.mark.parametrize("field", DAY_NUMBERS, ids=lambda f: f.name)
def test_each_day_number_has_one_limit_that_validation_and_the_quick_check_share(field):
    from journal.domain import codec
    from journal.domain.models import DayEntry

    top = int(field.high)
    doc = {"date": "2026-01-05", field.name: top}
    assert getattr(codec.decode_entry(doc), field.name) == top
    assert codec.clean_day_docs([doc])
    over = {"date": "2026-01-05", field.name: top + 1}
    assert not codec.clean_day_docs([over])
    with pytest.raises(ValidationError) as refused:
        DayEntry(date(2026, 1, 5), **{field.name: top + 1})
    assert field.label in str(refused.value)
    if field.integer:
        with pytest.raises(ValidationError):
            DayEntry(date(2026, 1, 5), **{field.name: 1.5})
        assert not codec.clean_day_docs([{"date": "2026-01-05", field.name: 1.5}])


def test_the_trusted_reader_reads_every_field_by_name_whatever_their_order():
    from journal.domain.record import record, trusted_reader

    @record()
    class Pair:
        second: int
        first: str = ""

    read = trusted_reader(Pair, keys={"first": "1st"}, convert={"second": int})
    assert read({"1st": "a", "second": "2"}) == Pair(2, "a")
    with pytest.raises(TypeError):
        trusted_reader(Pair, convert={"third": int})
