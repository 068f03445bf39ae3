"""The Log screen's decisions without a terminal: day boundary, usual time, strip, hints, forms."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from journal.demo import DEMO_BLOCK_ID, demo_journal
from journal.domain.models import (
    FUNCTION_PRESETS,
    Block,
    DayEntry,
    Journal,
    Plan,
    Session,
    SideEffect,
)
from journal.views import daybook

TZ = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 21)
WALKING = FUNCTION_PRESETS["walking"]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def demo() -> Journal:
    return demo_journal(TODAY, TZ)


def small_block(first_session: date, **changes) -> Block:
    plan = Plan(name="Neck", first_session=first_session, weeks=4, sessions_per_week=2,
                minutes=30, function=WALKING, cost_per_session=50.0, currency="EUR",
                areas=("neck",), **changes)
    return Block("blk", plan)


# --- the day boundary ------------------------------------------------------------------------
@pytest.mark.parametrize(("settings", "expected"), [
    ({}, 4),
    ({"day_start_hour": 6}, 6),
    ({"day_start_hour": 0}, 0),
    ({"day_start_hour": 13}, 4),
    ({"day_start_hour": True}, 4),
    ({"day_start_hour": "5"}, 4),
    ({"theme": "calm"}, 4),
])
def test_day_start_hour_from_settings(settings, expected):
    assert daybook.day_start_hour(settings) == expected


@pytest.mark.parametrize(("hour", "minute", "start", "expected"), [
    (1, 30, 4, date(2026, 11, 21)),   # small hours: the evening before
    (3, 59, 4, date(2026, 11, 21)),
    (4, 0, 4, date(2026, 11, 22)),    # the day has started
    (1, 30, 0, date(2026, 11, 22)),   # day_start_hour 0: midnight is the boundary
    (23, 59, 4, date(2026, 11, 22)),
])
def test_logging_day(hour, minute, start, expected):
    now = at(date(2026, 11, 22), hour, minute)
    assert daybook.logging_day(now, start) == expected
    assert daybook.in_small_hours(now, start) == (expected != now.date())


def test_boundary_days_are_yesterday_and_today():
    assert daybook.boundary_days(at(date(2026, 11, 22), 1, 30)) == (
        date(2026, 11, 21), date(2026, 11, 22))


# --- the usual logging time ---------------------------------------------------------------
def entries_at(*stamps: tuple[date, datetime]) -> dict[date, DayEntry]:
    return {d: DayEntry(d, pain=4, recorded_at=stamp) for d, stamp in stamps}


def test_usual_time_is_the_median_of_recent_same_day_entries():
    d = TODAY
    entries = entries_at(
        (d - timedelta(days=3), at(d - timedelta(days=3), 20, 10)),
        (d - timedelta(days=2), at(d - timedelta(days=2), 20, 20)),
        (d - timedelta(days=1), at(d - timedelta(days=1), 20, 40)),
        # filled in a week later: says nothing about the habit
        (d - timedelta(days=9), at(d - timedelta(days=2), 9, 0)),
    )
    assert daybook.usual_logging_time(entries, TODAY) == time(20, 20)


def test_usual_time_counts_small_hours_as_late_evening():
    d = TODAY
    entries = entries_at(
        (d - timedelta(days=3), at(d - timedelta(days=3), 23, 30)),
        (d - timedelta(days=2), at(d - timedelta(days=2), 23, 50)),
        # logged at 00:30 for the day before
        (d - timedelta(days=1), at(d, 0, 30)),
    )
    assert daybook.usual_logging_time(entries, TODAY + timedelta(days=1)) == time(23, 50)


def test_usual_time_needs_a_few_entries():
    entries = entries_at((TODAY - timedelta(days=1), at(TODAY - timedelta(days=1), 20)),
                         (TODAY - timedelta(days=2), at(TODAY - timedelta(days=2), 20)))
    assert daybook.usual_logging_time(entries, TODAY) is None
    text, far = daybook.timing_line(at(TODAY, 14), None, 4)
    assert "same time each day" in text and not far


def test_timing_line_is_gentle_when_far_from_usual():
    text, far = daybook.timing_line(at(TODAY, 14, 5), time(20, 20), 4)
    assert far
    assert "usually log around 20:20" in text
    assert "about 6 hours earlier" in text
    assert "Saving now is fine" in text
    text, far = daybook.timing_line(at(TODAY, 21, 0), time(20, 20), 4)
    assert not far and text == "You usually log around 20:20."
    # 01:30 is 3 hours after 22:30, not 21 hours before it
    _, far = daybook.timing_line(at(TODAY, 1, 30), time(22, 30), 4)
    assert not far


# --- where a day sits ------------------------------------------------------------------------
def test_position_lines_for_the_demo_block():
    journal = demo()
    plan = journal.blocks[0].current
    assert daybook.position_line(journal, TODAY, TODAY) == "Treatment week 8, day 4"
    session_day = plan.planned_session_days()[3]
    journal.sessions.pop(session_day, None)
    assert daybook.position_line(journal, session_day, TODAY).endswith(" - session planned")
    journal.sessions[session_day] = Session(session_day, 45)
    assert daybook.position_line(journal, session_day, TODAY).endswith(" - session recorded")
    assert daybook.position_line(journal, plan.baseline_start + timedelta(days=2), TODAY) == (
        "Baseline day 3 of 7")
    assert daybook.position_line(
        journal, plan.treatment_end + timedelta(days=3), TODAY) == "Follow-up week 1 of 4"
    assert daybook.position_line(Journal(), TODAY, TODAY) == "No block"


def test_position_before_a_planned_block():
    journal = Journal(blocks=[small_block(TODAY + timedelta(days=10))])
    assert daybook.position_line(journal, TODAY, TODAY) == "Baseline starts in 3 days"


# --- the strip -----------------------------------------------------------------------------
def test_strip_covers_the_block_and_marks_days():
    journal = demo()
    plan = journal.blocks[0].current
    journal.side_effects = [s.replace(settled=False) if s.day == plan.first_session else s
                            for s in journal.side_effects]
    groups = daybook.strip_groups(journal, TODAY, TODAY)
    labels = [g.label for g in groups]
    assert labels == ["Base", *[f"Wk {n}" for n in range(1, 9)]]
    marks = {m.day: m for g in groups for m in g.days}
    assert min(marks) == plan.baseline_start and max(marks) == plan.treatment_end
    assert marks[TODAY].today and not marks[TODAY].logged and not marks[TODAY].missed
    missed = plan.first_session + timedelta(days=11)
    assert marks[missed].missed and not marks[missed].logged
    flare = plan.first_session + timedelta(days=17)
    assert marks[flare].flare and marks[flare].logged
    assert marks[plan.first_session].session and marks[plan.first_session].side_effect
    tomorrow = TODAY + timedelta(days=1)
    assert marks[tomorrow].future and marks[tomorrow].planned_session
    assert not marks[tomorrow].session
    cancelled = plan.first_session + timedelta(days=25)
    assert marks[cancelled].planned_session and not marks[cancelled].session
    unsettled = [d for d, m in marks.items() if m.unsettled]
    assert len(unsettled) == 1
    assert all(not m.missed for m in marks.values() if m.future)


def test_strip_in_follow_up_runs_to_today():
    journal = demo()
    plan = journal.blocks[0].current
    today = plan.treatment_end + timedelta(days=9)
    groups = daybook.strip_groups(journal, today, today)
    assert [g.label for g in groups][-2:] == ["F 1", "F 2"]
    last = groups[-1].days[-1]
    assert last.day == today and last.today
    # follow-up days are not "missed": the block is over
    assert not any(m.missed for g in groups for m in g.days if m.phase == "follow-up")


def test_strip_without_a_block_is_the_last_five_weeks():
    groups = daybook.strip_groups(Journal(), TODAY, TODAY)
    days = [m.day for g in groups for m in g.days]
    assert len(days) == 35 and days[-1] == TODAY
    assert all(len(g.days) == 7 for g in groups)
    assert groups[0].label == "18 Oct"


# --- hints ---------------------------------------------------------------------------------
def test_previous_entry_is_yesterday_or_the_last_recent_one():
    journal = Journal(entries={
        TODAY - timedelta(days=1): DayEntry(TODAY - timedelta(days=1), pain=3, function=20.5,
                                            mood=4),
        TODAY - timedelta(days=3): DayEntry(TODAY - timedelta(days=3), pain=6),
        TODAY - timedelta(days=20): DayEntry(TODAY - timedelta(days=20), pain=7),
    })
    assert daybook.previous_entry(journal, TODAY).day == TODAY - timedelta(days=1)
    assert daybook.hint_values(daybook.previous_entry(journal, TODAY)) == {
        "pain": "3", "function": "20.5", "mood": "4"}
    assert daybook.previous_entry(journal, TODAY - timedelta(days=1)).pain == 6
    assert daybook.previous_entry(journal, TODAY - timedelta(days=10)) is None


# --- side effects --------------------------------------------------------------------------
def test_settle_questions_only_on_session_days():
    block = small_block(TODAY - timedelta(days=7))
    plan = block.current
    s1, s2 = plan.planned_session_days()[:2]
    open_effect = SideEffect("fx1", s1, "soreness", 2)
    answered = SideEffect("fx2", s1, "stiffness", 1, settled=True)
    journal = Journal(blocks=[block], side_effects=[open_effect, answered],
                      sessions={s1: Session(s1, 30)})
    assert daybook.settle_questions(journal, s2) == [open_effect]
    assert daybook.settle_questions(journal, s2 + timedelta(days=1)) == []
    assert daybook.settle_questions(journal, s1) == []  # nothing from before the first


def test_unsettled_signal_names_the_effect_and_says_what_it_means():
    effect = SideEffect("fx", TODAY - timedelta(days=4), "pain-increase", 2, settled=False)
    journal = Journal(side_effects=[effect])
    signals = daybook.unsettled_signals(journal, TODAY)
    assert signals == [effect]
    text = daybook.signal_text(signals)
    assert "temporary pain increase (moderate)" in text
    assert "lower the intensity" in text and "reconsider" in text
    assert daybook.unsettled_signals(journal, TODAY + timedelta(days=30)) == []
    assert daybook.signal_text([]) == ""


# --- forms --------------------------------------------------------------------------------
def test_day_form_refuses_out_of_range_with_the_allowed_range():
    raw = {"pain": "11", "function": "20", "sleep_wakings": "1.5", "mood": "12",
           "fatigue": "", "flare": True, "note": "x" * 2001}
    values, errors = daybook.parse_day_form(raw, 10, WALKING)
    assert errors == {
        "pain": "pain: must be a number from 0 to 10 (got 11)",
        "sleep_wakings": "night wakings: must be a whole number from 0 to 50 (got 1.5)",
        "mood": "mood/anxiety: must be a whole number from 0 to 10 (got 12)",
        "note": "note: must be at most 2,000 characters (got 2,001)",
    }
    assert values["function"] == 20 and values["fatigue"] is None and values["flare"] is True


def test_day_form_names_the_function_marker_and_uses_the_scale():
    _, errors = daybook.parse_day_form({"function": "."}, 10, WALKING)
    assert errors["function"].startswith("walking minutes before stopping: must be a number")
    values, errors = daybook.parse_day_form({"pain": "45", "function": "12,5"}, 100, WALKING)
    assert errors == {} and values == {"pain": 45, "function": 12.5}


def test_only_changed_values_are_saved():
    entry = DayEntry(TODAY, pain=4, function=20, note="stiff")
    values, _ = daybook.parse_day_form(
        {"pain": "4", "function": "22", "sleep_wakings": "", "mood": "", "fatigue": "",
         "flare": False, "note": "stiff"}, 10, WALKING)
    assert daybook.changed_values(values, entry) == {"function": 22}
    assert daybook.changed_values(values, None) == {
        "pain": 4, "function": 22, "note": "stiff"}


def test_session_prefill_from_plan_then_from_what_was_saved():
    block = small_block(TODAY)
    journal = Journal(blocks=[block])
    assert daybook.session_prefill(journal, TODAY) == {
        "minutes": "30", "pressure": "light", "areas": "neck", "cost": "50",
        "tolerance": "ok", "note": ""}
    journal.sessions[TODAY] = Session(TODAY, 25, "moderate", ("neck", "shoulders"), 45.5,
                                      "too-strong", block_id=block.id)
    assert daybook.session_prefill(journal, TODAY)["areas"] == "neck, shoulders"
    assert daybook.session_prefill(journal, TODAY)["tolerance"] == "too-strong"
    assert daybook.session_summary(journal.sessions[TODAY], "EUR") == (
        "25 min · moderate · neck, shoulders · 45.50 EUR · intensity too strong")


def test_session_form_checks_every_field_first():
    session, errors = daybook.parse_session_form(
        {"minutes": "0", "pressure": "light", "areas": "neck", "cost": "-1",
         "tolerance": "ok"}, TODAY)
    assert session is None
    assert errors == {"minutes": "minutes: must be a whole number from 1 to 480 (got 0)",
                      "cost": "cost: must be a number from 0 to 100,000 (got -1)"}
    session, errors = daybook.parse_session_form(
        {"minutes": "40", "pressure": "", "areas": "neck, , shoulders", "cost": "",
         "tolerance": "too-light"}, TODAY)
    assert errors == {}
    assert session == Session(TODAY, 40, "light", ("neck", "shoulders"), None, "too-light")


def test_demo_has_a_block_to_draw():
    assert demo().blocks[0].id == DEMO_BLOCK_ID


def test_side_effects_belong_to_the_session_just_before():
    block = small_block(TODAY - timedelta(days=7))
    s1, s2 = block.current.planned_session_days()[:2]
    journal = Journal(blocks=[block], sessions={s1: Session(s1, 30)})
    assert daybook.effects_day(journal, s1) == s1
    assert daybook.effects_day(journal, s1 + timedelta(days=1)) == s1   # the morning after
    assert daybook.effects_day(journal, s2) == s2                       # planned session day
    assert daybook.effects_day(journal, s1 + timedelta(days=3)) == s1
    no_session = Journal()
    assert daybook.effects_day(no_session, TODAY) == TODAY


def test_daybook_needs_neither_textual_nor_tinydb():
    import subprocess
    import sys

    code = ("import sys, journal.views.daybook\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'rich', 'tinydb')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
