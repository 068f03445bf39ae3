"""The clinician measures on screen, driven by keys: PEG-3 and expectation on the Log screen,
the impression on the Review screen, beside the verdict."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import screen_text

from journal.app import JournalApp
from journal.domain.clinical import BlockMeasures, PegAnswer
from journal.domain.models import Plan, Rule, Session
from journal.screens.log import LogScreen
from journal.screens.review import ReviewScreen
from journal.widgets.measure_prompts import PegPrompt, ScalePrompt

TODAY = date(2026, 11, 21)


def flat(app) -> str:
    """The screen as one line of words (the bars beside wrapped lines left out)."""
    text = screen_text(app)
    for bar in "█▌▐▇":
        text = text.replace(bar, " ")
    return " ".join(text.split())


async def log_screen(app, pilot) -> LogScreen:
    await pilot.pause()
    assert isinstance(app.screen, LogScreen)
    return app.screen


def end_of_baseline_block(store) -> str:
    """A block whose baseline ends today: PEG-3 is due."""
    block = store.add_block(Plan("Neck", TODAY + timedelta(days=1), weeks=4,
                                 sessions_per_week=2, minutes=30))
    store.update_measures(block.id, lambda b: b.measures.replace(expectation=5))
    return block.id


async def test_peg_is_asked_on_the_log_screen_and_answered_in_five_keys(store):
    end_of_baseline_block(store)
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_screen(app, pilot)
        assert ("PEG-3 for the end of the baseline is due (three numbers 0-10)? p answers."
                in flat(app))
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PegPrompt)
        assert "PEG-3 for the end of the baseline: the past week, 0-10 each" in flat(app)
        await pilot.press("6", "4", "5")  # each digit moves on by itself
        await pilot.pause()
        assert "Pain on average 6" in flat(app) and "General activity 5" in flat(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        (answer,) = store.journal.blocks[0].measures.peg
        assert (answer.day, answer.pain, answer.enjoyment, answer.activity) == (TODAY, 6, 4, 5)
        assert answer.score == 5.0
        assert "PEG-3 for the end of the baseline is due" not in flat(app)


async def test_ten_is_one_then_zero_and_backspace_corrects(store):
    end_of_baseline_block(store)
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_screen(app, pilot)
        await pilot.press("p", "1", "0", "7", "backspace", "3", "1", "enter")
        await pilot.pause()
        (answer,) = store.journal.blocks[0].measures.peg
        assert (answer.pain, answer.enjoyment, answer.activity) == (10, 3, 1)


async def test_incomplete_peg_is_not_saved_and_says_what_is_missing(store):
    end_of_baseline_block(store)
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_screen(app, pilot)
        await pilot.press("p", "4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PegPrompt)
        assert "Not saved: type enjoyment of life, general activity (0-10)" in flat(app)
        assert store.journal.blocks[0].measures.peg == ()


async def test_escape_skips_the_week_and_the_skip_is_remembered(store, clock):
    end_of_baseline_block(store)
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_screen(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        (skip,) = store.journal.blocks[0].measures.peg
        assert skip.skipped and skip.day == TODAY
        assert "is due" not in flat(app)
    # Two days later, same week: still not asked (a new app, the stored skip).
    clock.moment += timedelta(days=2)
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_screen(app, pilot)
        assert "PEG-3" not in flat(app)


async def test_expectation_is_asked_once_when_the_plan_freezes(store):
    store.add_block(Plan("Neck", TODAY + timedelta(days=4), weeks=4, sessions_per_week=2,
                         minutes=30))
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_screen(app, pilot)
        assert "Before the block: how much do you expect it to help (0-10)? p answers." in flat(app)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ScalePrompt)
        await pilot.press("7", "enter")
        await pilot.pause()
        assert store.journal.blocks[0].measures.expectation == 7
        assert "expect it to help" not in flat(app)


async def test_declining_the_expectation_is_remembered(store):
    store.add_block(Plan("Neck", TODAY + timedelta(days=4), weeks=4, sessions_per_week=2,
                         minutes=30))
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_screen(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        m = store.journal.blocks[0].measures
        assert m.expectation is None and m.declined == ("expectation",)
        assert "expect it to help" not in flat(app)


async def test_the_pain_medicine_field_saves_doses(store):
    end_of_baseline_block(store)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await log_screen(app, pilot)
        screen.query_one("#f-medicine").focus()
        await pilot.press("2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.journal.entries[TODAY].medicine == 2
        screen.query_one("#f-medicine").focus()
        await pilot.press("backspace", "9", "9", "ctrl+s")
        await pilot.pause()
        assert "pain medicine: must be a whole number from 0 to 50 (got 99)" in flat(app)
        assert store.journal.entries[TODAY].medicine == 2


def finished_flat_block(store, impression: int | None = None) -> None:
    """A block that ended in October with pain unchanged: the rule says change."""
    plan = Plan("Back", date(2026, 10, 1), weeks=4, sessions_per_week=2, minutes=30,
                rule=Rule(1.0))
    block = store.add_block(plan)
    for i in range(35):
        day = plan.baseline_start + timedelta(days=i)
        store.log_day(day, pain=5, medicine=0 if i < 7 else 2)
    for day in plan.planned_session_days():  # without a session the block is not judged
        store.save_session(Session(day, 30))
    store.update_measures(block.id, lambda b: BlockMeasures(impression=impression, peg=(
        PegAnswer(date(2026, 9, 30), 6, 6, 6),)))


async def test_review_g_rates_the_impression_and_shows_it_beside_the_verdict(store):
    finished_flat_block(store)
    app = JournalApp(store)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        text = flat(app)
        assert "CHANGE TECHNIQUE OR DOSE" in text
        assert "Pain medicine on 28 of 28 treatment days vs 0 of 7 baseline days" in text
        assert "a change in medicine can hide or add to an effect of the sessions" in text
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ScalePrompt)
        assert "2 much improved" in flat(app)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert store.journal.blocks[0].measures.impression == 2
        text = flat(app)
        assert "Your own impression of the change: much improved (2 of 1-7)." in text
        assert "Your rule says no clear change; you rated the change as much improved" in text
        assert "CHANGE TECHNIQUE OR DOSE" in text  # the decision stays the rule's
        assert "PEG-3" in text and "Medicine days" in text


async def test_log_screen_asks_for_the_impression_after_the_treatment_phase(store):
    finished_flat_block(store)
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_screen(app, pilot)
        assert "Treatment has ended: how would you rate the change (1-7)? p answers." \
            in flat(app)
        await pilot.press("p", "4", "enter")
        await pilot.pause()
        assert store.journal.blocks[0].measures.impression == 4
        assert "Treatment has ended" not in flat(app)


def test_digit_entry_moves_on_by_itself_and_reads_1_0_as_ten():
    from journal.widgets.measure_prompts import DigitEntry

    entry = DigitEntry(3, 10)
    for n in (5, 4, 6):
        assert entry.digit(n)
    assert entry.complete and entry.values == [5, 4, 6]
    assert not entry.digit(3)  # all three are in
    tens = DigitEntry(3, 10)
    for n in (1, 0, 1, 2, 1):
        tens.digit(n)
    assert tens.values == [10, 1, 2] and tens.complete
    scale = DigitEntry(1, 7, low=1)
    assert not scale.digit(0) and not scale.digit(8)
    assert scale.digit(3) and scale.digit(6) and scale.values == [6]  # a new digit replaces
