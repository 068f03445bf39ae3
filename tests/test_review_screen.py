"""The review screen as a person sees it: verdict first, table, numbers one key away."""

from __future__ import annotations

import io
from datetime import date, timedelta

from conftest import screen_text
from rich.console import Console

from journal import paths
from journal import settings as settings_file
from journal.app import JournalApp
from journal.demo import demo_journal
from journal.domain.models import Block, Plan
from journal.screens.report_format import ReportFormat
from journal.screens.review import ReviewScreen


async def open_review(app: JournalApp, pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("f5")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def test_demo_journal_shows_the_verdict_and_the_weekly_table(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(app, pilot)
        text = screen_text(app)
        # The demo's pain and walking minutes both reached the rule's thresholds.
        assert "Verdict so far: CONTINUE" in text
        assert "Low back & shoulders, spring" in text
        assert "treatment week 8, day 4" in text
        assert "results so far; verdict due 25 Nov (in 4 days)" in text
        # The weekly table: baseline row and treatment weeks, on screen.
        assert "Week by week" in text
        assert "Baseline" in text and "Week 1" in text and "Week 7" in text
        assert screen.weekly_rows == 9  # baseline + weeks 1-8 (week 8 so far)
        assert "Week 8" in text and "Week 9" not in text
        assert "verdict--continue" in screen.query_one("#verdict").classes


async def test_numbers_are_one_key_away(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(app, pilot)
        numbers = screen.query_one("#stats-numbers")
        assert not numbers.display
        await pilot.press("n")
        await pilot.pause()
        assert numbers.display
        text = screen_text(app)
        assert "Estimate" in text and "95% CI" in text and "NAP" in text
        assert "0.753" in text  # pain NAP on the demo journal
        console = Console(width=120, file=io.StringIO(), record=True)
        console.print(screen._numbers_table(screen.review))
        numbers_text = console.export_text()
        for name in ("NAP:", "Tau:", "Tau-U:", "Tau-BC:", "PND:"):
            assert name in numbers_text  # each technical name with its one-line explanation
        assert "Newcombe score method" in numbers_text and "Sen/Mee" in numbers_text
        await pilot.press("n")
        await pilot.pause()
        assert not numbers.display


async def test_plain_words_statistics_and_caveats_are_there(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(app, pilot)
        screen.query_one("#review-end").scroll_visible(animate=False)
        await pilot.pause()
        text = screen_text(app)
        assert "regression to the mean" in text
        screen.query_one("#stats-words").scroll_visible(animate=False)
        await pilot.pause()
        words = screen.query_one("#stats-words").plain
        assert ("Compared one by one with each baseline day, a day after the sessions began "
                "was the better one 75% of the time (pain was lower;") in " ".join(words.split())
        for technical in ("NAP", "Tau", "PND", "Theil-Sen", "day pairs", "SE", "CI"):
            assert technical not in words.replace("Press n for the numbers", "").split(
                "their technical names")[0], technical


async def test_every_visit_opens_at_the_verdict(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot)
        scroll = screen.query_one("#review-scroll")
        screen.query_one("#review-end").scroll_visible(animate=False)
        await pilot.pause()
        assert scroll.scroll_y > 0 and "Verdict so far" not in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert scroll.scroll_y == 0
        assert "Verdict so far: CONTINUE" in screen_text(app)


async def test_finished_block_has_no_so_far(store, clock):
    # Built as if "today" were 10 days earlier: the block ended a week before the clock's today.
    store.replace_all(demo_journal(clock.today() - timedelta(days=10), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(app, pilot)
        text = screen_text(app)
        assert "Verdict: " in text and "Verdict so far" not in text
        assert "finished 14 Nov 2026 (1 week ago)" in text


async def test_empty_journal_says_what_to_do(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(app, pilot)
        text = screen_text(app)
        assert "There is no block to review yet" in text
        assert "Plan one with F3" in text
        assert screen.review is None
        assert not screen.query_one("#verdict").display


async def test_brackets_switch_between_blocks(store, clock):
    journal = demo_journal(clock.today(), clock.now().tzinfo)
    earlier = Plan("Neck, last winter", date(2026, 1, 12), weeks=4, sessions_per_week=1,
                   minutes=30)
    journal.blocks.append(Block("older", earlier))
    store.replace_all(journal)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(app, pilot)
        assert "block 2 of 2 ([ and ] to switch)" in " ".join(screen_text(app).split())
        await pilot.press("left_square_bracket")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Neck, last winter" in text and "block 1 of 2" in text
        # Nothing was logged in that block.
        assert "NOT ENOUGH DATA YET" in text
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "Low back & shoulders, spring" in screen_text(app)


async def test_save_report_writes_the_markdown_beside_the_journal(store, clock, journal_path):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ReportFormat)
        assert "Save the clinician report as" in screen_text(app)
        await pilot.press("enter")  # Markdown is highlighted the first time
        await pilot.pause()
        saved = journal_path.parent / "reports" / "low-back-shoulders-spring-2026-11-21.md"
        assert saved.exists()
        assert (saved.stat().st_mode & 0o777) == 0o600
        assert "Self-run trial, not a clinical study." in saved.read_text(encoding="utf-8")
        assert any(str(saved) in n.message for n in app._notifications)


async def test_save_report_as_html_is_remembered_for_next_time(store, clock, journal_path):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    folder = journal_path.parent / "reports"
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("escape")  # changed my mind: nothing is written
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and not folder.exists()
        await pilot.press("w", "h")
        await pilot.pause()
        page = folder / "low-back-shoulders-spring-2026-11-21.html"
        assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert (page.stat().st_mode & 0o777) == 0o600
        assert not (folder / "low-back-shoulders-spring-2026-11-21.md").exists()
    assert settings_file.load_settings(paths.settings_file())["report_format"] == "html"
    page.unlink()
    again = JournalApp(store)  # a new run offers HTML first: enter saves the page again
    async with again.run_test(size=(120, 40)) as pilot:
        await open_review(again, pilot)
        await pilot.press("w")
        await pilot.pause()
        assert again.screen.focused.id == "format-html"
        await pilot.press("enter")
        await pilot.pause()
        assert page.exists()


async def test_review_redraws_after_a_new_log_entry(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(app, pilot)
        before = screen.review
        store.log_day(clock.today(), pain=1, function=30)
        app.journal_changed()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.review is not before
        # Today is now logged, so week 8 counts 4 days.
        assert "18 Nov - 21 Nov" in screen_text(app)


async def test_review_actions_are_in_the_command_palette(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(app, pilot)
        numbers = screen.query_one("#stats-numbers")
        assert not numbers.display
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"numbers")
        await pilot.pause()
        await app.workers.wait_for_complete()  # the palette searches in a worker
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert numbers.display


def test_tables_drawn_as_text_read_exactly_as_rich_draws_them():
    """The aligned-text tables show the same characters Rich's tables did, column for column."""
    import io

    from rich.console import Console

    from journal.screens.review import grid

    rows = [["Baseline", "23 Sep - 29 Sep", "6.1", "13.7", "7/7", "0", "0"],
            ["Week 10", "2 Dec - 8 Dec", "–", "≥ 5", "0/7", "12", "3"]]
    header = ["Period", "Dates", "Pain", "Walking minutes", "Logged", "Flares", "Sessions"]
    justify = ["left", "left", "right", "right", "right", "right", "right"]
    for simple_head, gap in ((True, 2), (False, 2), (False, 3)):
        g = grid(header, rows, justify, simple_head=simple_head,  # type: ignore[arg-type]
                 gap=gap)
        console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
        console.print(g.table)
        drawn = [line.rstrip() for line in console.export_text().splitlines()]
        ours = [line.rstrip() for line in g.lines.plain.splitlines()]
        assert ours == drawn
        assert g.width == max(len(line) for line in g.lines.plain.splitlines())


async def test_weekly_table_fits_a_narrow_terminal(store, clock):
    """Too wide for the screen, the weekly table is squeezed by Rich instead of running off it."""
    journal = demo_journal(clock.today(), clock.now().tzinfo)
    store.replace_all(journal)
    app = JournalApp(store)
    async with app.run_test(size=(60, 60)) as pilot:
        await open_review(app, pilot)
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if line.lstrip().startswith("Peri…"))
        # Every column is still there, squeezed into the 60 columns (Rich shortens cells).
        assert header.rstrip().endswith("Sess…")
        assert any(line.lstrip().startswith("Base…") for line in lines)


async def test_numbers_table_is_drawn_from_the_same_table_description(store, clock):
    """The numbers behind the statistics (n) come from the one table renderer, with the
    columns it describes and each statistic's row."""
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(app, pilot)
        group = ReviewScreen._numbers_table(screen.review)
    wide = Console(width=120, file=io.StringIO(), record=True, color_system=None)
    wide.print(group)
    lines = wide.export_text().splitlines()
    header = next(line for line in lines if "Estimate" in line)
    assert header.split() == ["Estimate", "SE", "95%", "CI"]
    assert any(line.split()[:1] == ["NAP"] for line in lines)
