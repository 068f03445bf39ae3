"""Comfortable for a tired person at 80x24 (issue 18): every screen at 80x24 and 60x20, with
nothing cut and a line saying what is hidden; the plan in a few keys."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import screen_text

from journal.app import JournalApp
from journal.demo import demo_journal
from journal.domain.models import FUNCTION_PRESETS
from journal.screens.plan import PlanScreen

SIZES = [(80, 24), (60, 20)]


async def shown(app, pilot, key: str) -> str:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen_text(app)


def assert_nothing_cut(text: str) -> None:
    """No label ends in an ellipsis, and the footer's last key is whole."""
    assert "…" not in text, [line for line in text.splitlines() if "…" in line]
    footer = text.splitlines()[-1].rstrip()
    assert footer.endswith(("Help", "screens", "palette")), footer


# --- the plan in a few keys ----------------------------------------------------------------
async def test_the_example_block_is_planned_in_at_most_25_keys(store, clock):
    """Name, first session, 6 weeks x 2 x 45 minutes, moderate pressure, two areas, a cost
    and the walking-minutes marker (+5): presets and pickers do the rest."""
    keys = ["f3",                      # the Plan screen, cursor in Name
            *"Back",                   # the name
            "tab", "1", "4",           # first session: the next 14th (typing replaces)
            "tab", "6",                # 6 weeks
            "tab", "2",                # 2 a week
            "tab",                     # 45 minutes: the default
            "tab", "right",            # pressure: light -> moderate
            "tab", "enter", "right", "enter",  # areas: low back and neck
            "tab", "6", "0",           # cost per session
            "ctrl+s"]                  # walking minutes before stopping, +5: the default
    assert len(keys) <= 25
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
    (block,) = store.journal.blocks
    plan = block.plan
    assert (plan.name, plan.first_session) == ("Back", date(2026, 12, 14))
    assert (plan.weeks, plan.sessions_per_week, plan.minutes) == (6, 2, 45)
    assert plan.pressure == "moderate" and plan.areas == ("low back", "neck")
    assert plan.cost_per_session == 60
    assert plan.function == FUNCTION_PRESETS["walking"] and plan.rule.function_change == 5


async def test_typing_into_a_prefilled_field_replaces_it(store, clock):
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(app, pilot, "f3")
        await pilot.press("tab", *"2026-12-14", "tab")
        await pilot.pause()
        assert app.screen.query_one("#pf-first_session").value == "2026-12-14"
        await pilot.press(*"8")  # weeks: was 8, typed 8 -> 8, not 88
        await pilot.pause()
        assert app.screen.query_one("#pf-weeks").value == "8"


async def test_more_fields_are_one_key_away(store, clock):
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(app, pilot, "f3")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "pf-baseline_days"
        text = screen_text(app)
        for title in ("Baseline days", "Gentle start", "Technique"):
            assert title in text
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "pf-name"


# --- every screen at 80x24 and 60x20 -------------------------------------------------------
@pytest.mark.parametrize("demo", [True, False], ids=["demo", "new"])
async def test_plan_at_80x24_shows_every_essential_field_and_the_summary(store, clock, demo):
    if demo:
        store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await shown(app, pilot, "f3")
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        for title in ("Name", "First session", "Weeks", "Per week", "Minutes", "Pressure",
                      "Areas", "Cost/session", "Function"):
            assert title in text, title
        for key in ("name", "first_session", "weeks", "sessions_per_week", "minutes",
                    "pressure", "areas", "cost", "function_preset"):
            widget = screen.query_one(f"#pf-{key}")
            assert widget.region.bottom <= 23, key  # on screen, above the footer
        summary = screen.query_one("#plan-summary")
        scroll = screen.query_one("#plan-summary-scroll")
        assert summary.region.height <= scroll.region.height  # all of it, no scrolling
        words = " ".join(text.split())
        assert "Verdict on" in words and "Works if: pain 1 point lower" in words
        assert "change if mild." in words  # the rule's last line (its side-effect part) fits
        assert_nothing_cut(text)


@pytest.mark.parametrize(("width", "height"), SIZES)
async def test_every_screen_fits_without_cutting(store, clock, width, height):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store, demo=True)
    async with app.run_test(size=(width, height)) as pilot:
        log = await shown(app, pilot, "f2")
        assert "Low back & shoulders, spring" in " ".join(log.split())  # the block's name
        assert "Treatment week 8, day 4" in log
        assert_nothing_cut(log)

        plan = await shown(app, pilot, "f3")
        assert_nothing_cut(plan)
        if width < 76:
            assert "The block list and the summary need a window 76 columns wide" in plan

        charts = await shown(app, pilot, "f4")
        assert_nothing_cut(charts)
        assert "Pain p" in charts and "Function f" in charts
        assert "4 weeks w" in charts and ("Block b" in charts or "This block b" in charts)
        assert "Low back & shoulders, spring, 23 Sep – 24 Nov 2026" in charts
        if height < 24:
            assert "Hidden: sessions (" in charts

        review = await shown(app, pilot, "f5")
        assert_nothing_cut(review)
        assert "Verdict so far: CONTINUE" in review

        help_text = " ".join((await shown(app, pilot, "f1")).split())
        assert "Keys (trial-journal" in help_text
        assert "How a block works" in help_text and "Baseline (default" in help_text


async def test_at_160_columns_the_log_shows_the_last_two_weeks(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store, demo=True)
    async with app.run_test(size=(160, 50)) as pilot:
        text = await shown(app, pilot, "f2")
        assert "Last two weeks" in text
        yesterday = store.journal.entries[date(2026, 11, 20)]
        assert "Fri 20 Nov" in text and f"{yesterday.pain:g}" in text
    app = JournalApp(store, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Last two weeks" not in await shown(app, pilot, "f2")


async def test_a_discarded_copy_leaves_the_active_block_on_the_plan(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot, "f3")
        await pilot.press("ctrl+d")  # a copy of the active block, not saved
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")  # discard
        await pilot.pause()
        text = await shown(app, pilot, "f3")
        assert "Block: Low back & shoulders, spring" in text
        assert app.screen.query_one("#pf-name").value == "Low back & shoulders, spring"
