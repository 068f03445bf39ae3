"""Designs on screen, driven by keys: planning A-B, A-B-A and A-B-A-B (with a drawn start),
the phases on the Log strip and the charts, and Review for a consistent and an inconsistent
A-B-A-B block.

The finished block: baseline Mon 31 Aug - Sun 6 Sep 2026, treatment 7-20 Sep, pause 21-27 Sep,
treatment 2 28 Sep - 4 Oct, follow-up 5-11 Oct; today (conftest) is Sat 21 Nov 2026.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from conftest import screen_text
from test_plan_screen import pick, type_into
from textual.widgets import Input

from journal.app import JournalApp
from journal.domain.models import Block, DayEntry, Journal, Plan, Rule, draw_start
from journal.screens.plan import PlanScreen

FIRST = date(2026, 9, 7)


def reversal(**changes: object) -> Plan:
    values: dict[str, object] = dict(
        name="Reversal", first_session=FIRST, weeks=2, sessions_per_week=2, minutes=30,
        baseline_days=7, rule=Rule(1.0), design="ABAB", pause_weeks=1, second_weeks=1,
        follow_up_weeks=1, carry_over_days=2)
    values.update(changes)
    return Plan(**values)  # type: ignore[arg-type]


def filled(pause_pain: float) -> Journal:
    """Pain 6 in the baseline, 4 under treatment, ``pause_pain`` in the pause, 4 again."""
    plan = reversal()
    journal = Journal(blocks=[Block("b1", plan)])
    pain = {"baseline": 6, "treatment": 4, "pause": pause_pain, "treatment-2": 4,
            "follow-up": 4.5}
    day = plan.baseline_start
    while day <= plan.follow_up_end:
        journal.entries[day] = DayEntry(day, pain=pain[plan.phase(day)])
        day += timedelta(days=1)
    return journal


# --- helpers (as in test_plan_screen) -------------------------------------------------------
async def open_plan(pilot) -> PlanScreen:
    await pilot.pause()
    await pilot.press("f3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PlanScreen)
    return pilot.app.screen


def summary_text(app) -> str:
    return " ".join(app.screen.query_one("#plan-summary").content.plain.split())


async def plan_basics(pilot, name: str) -> None:
    await open_plan(pilot)
    await pilot.press(*name)
    await type_into(pilot, "first_session", "2026-12-07")
    await type_into(pilot, "weeks", "4")


# --- planning each design ----------------------------------------------------------------------
async def test_a_plain_block_is_ab_with_four_weeks_of_follow_up(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_basics(pilot, "Plain")
        # The design fields that do not apply to A-B stay out of sight.
        assert not app.screen.query_one("#field-pause_weeks").display
        assert "Follow-up Mon 2027-01-04 to Sun 2027-01-31 (4 weeks, logging only)" in (
            summary_text(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
    plan = store.journal.blocks[0].plan
    assert (plan.design, plan.follow_up_weeks, plan.carry_over_days, plan.seed) == (
        "AB", 4, 2, None)
    assert plan.first_session == date(2026, 12, 7)


async def test_planning_an_aba_block_with_a_three_week_pause(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_basics(pilot, "With a pause")
        await pick(pilot, "design", "A-B-A (pause)")
        assert app.screen.query_one("#field-pause_weeks").display
        assert not app.screen.query_one("#field-second_weeks").display
        await type_into(pilot, "pause_weeks", "3")
        assert "Pause Mon 2027-01-04 to Sun 2027-01-24 (3 weeks, logging only)" in (
            summary_text(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
    plan = store.journal.blocks[0].plan
    assert (plan.design, plan.pause_weeks) == ("ABA", 3)
    assert [k for k, _, _ in plan.design_phases()] == ["baseline", "treatment", "pause",
                                                       "follow-up"]


async def test_planning_an_abab_block_with_a_randomly_drawn_first_session(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_basics(pilot, "Reversal")
        await pick(pilot, "design", "A-B-A-B (pause, again)")
        await type_into(pilot, "second_weeks", "2")
        await type_into(pilot, "window_from", "2026-12-07")
        await type_into(pilot, "window_to", "2026-12-16")
        summary = summary_text(app)
        # Before the draw: the smallest p the window allows, and the advice for p < 0.05.
        assert "10 admissible dates: the smallest p-value this design can reach is 1/10" in (
            summary)
        assert "at least 20 dates" in summary
        assert "drawn when you save" in summary
        await pilot.press("ctrl+s")
        await pilot.pause()
        plan = store.journal.blocks[0].plan
        seed = app.screen.query_one("#pf-seed", Input).value
        assert seed == str(plan.seed)  # shown in the form, stored with the plan
        assert "book the first session on this day" in summary_text(app)
        assert not app.screen.dirty
    assert plan.design == "ABAB" and plan.second_weeks == 2
    assert plan.first_session == draw_start(date(2026, 12, 7), date(2026, 12, 16), plan.seed)
    assert plan.baseline_start == date(2026, 11, 30)


# --- the phases on the Log strip and on the charts ------------------------------------------------
async def test_the_log_strip_and_header_show_the_pause(store, clock):
    clock.set(datetime(2026, 9, 24, 20, 0, tzinfo=clock.now().tzinfo))
    store.replace_all(filled(6))
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert "Pause week 1 of 1" in text
    assert "Pause: no sessions; keep logging." in text
    assert "Pause 1" in text and "T2 Wk 1" in text and "Wk 2" in text


async def test_the_chart_names_every_phase_and_dims_carry_over_days(store):
    store.replace_all(filled(6))
    app = JournalApp(store)
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        text = screen_text(app)
    assert "pause" in text and "again" in text and "follow-up" in text
    assert "∘ carry-over day (left out)" in text


# --- Review -----------------------------------------------------------------------------------
async def test_review_during_the_pause_says_what_it_asks(store, clock):
    clock.set(datetime(2026, 9, 24, 20, 0, tzinfo=clock.now().tzinfo))
    text = await review_text(store, filled(6))
    assert "Now: Pause week 1 of 1: no sessions; keep logging." in text
    assert "Too early to say whether the switches agree" in text


async def review_text(store, journal: Journal) -> str:
    store.replace_all(journal)
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        return app.screen.query_one("#review-tables").plain


async def test_review_of_a_consistent_abab_block(store):
    text = await review_text(store, filled(6))
    assert "Was it the massage? Design ABAB" in text
    assert "Treat→Pause" in text and "Pause→Treat 2" in text
    assert "Consistent with the sessions helping" in text
    assert "seems to have lasted" in text


async def test_review_of_an_abab_block_whose_pain_did_not_return(store):
    text = await review_text(store, filled(4.5))
    assert "Not consistent with the sessions helping: at the switch Treatment → Pause, pain " \
           "did not come back during the pause" in " ".join(text.split())
