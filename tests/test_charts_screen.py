"""The Charts screen (F4): renders for the demo and an empty journal, keys switch, resize."""

from __future__ import annotations

from conftest import screen_text

from journal.app import JournalApp
from journal.demo import demo_journal
from journal.screens.charts import ChartsScreen
from journal.widgets.chart_view import ChartView


def chart_of(app: JournalApp) -> ChartView:
    return app.screen.query_one("#chart", ChartView)


async def open_charts(pilot) -> None:
    await pilot.press("f4")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChartsScreen)


async def test_demo_journal_shows_the_pain_chart_with_its_landmarks(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_charts(pilot)
        text = screen_text(app)
        assert "Pain 0-10 (lower is better) · Low back & shoulders, spring" in text
        assert "baseline 6.1" in text
        assert "target ≤ 5.1" in text
        for lane in ("phase", "session", "effects", "flare"):
            assert f"{lane}┤" in text
        assert "treatment" in text
        assert "◆" in text and "•" in text
        assert "30 Sep" in text  # dates on the x axis


async def test_keys_switch_chart_and_range(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_charts(pilot)
        chart = chart_of(app)

        await pilot.press("f")
        await pilot.pause()
        assert chart.kind == "function"
        assert "Walking minutes before stopping (minutes, higher is better)" in screen_text(app)

        await pilot.press("a")
        await pilot.pause()
        assert "all time" in chart.plain.splitlines()[0]

        await pilot.press("w")
        await pilot.pause()
        assert "last 4 weeks" in chart.plain.splitlines()[0]

        await pilot.press("c")  # on to the weekly PEG-3 series, same range
        await pilot.pause()
        assert chart.kind == "peg"
        assert chart.plain.startswith("PEG-3 0-10, weekly (lower is better)")
        assert "last 4 weeks" in chart.plain.splitlines()[0]

        await pilot.press("c")  # back to pain, same range
        await pilot.pause()
        assert chart.plain.startswith("Pain 0-10")
        assert "last 4 weeks" in chart.plain.splitlines()[0]

        await pilot.press("r")  # last 4 weeks -> this block
        await pilot.pause()
        assert chart.range == "block"
        assert "Low back & shoulders, spring" in chart.plain.splitlines()[0]

        await pilot.press("b", "p")
        await pilot.pause()
        assert (chart.kind, chart.range) == ("pain", "block")
        assert app.screen.query_one("#range-block").has_class("-selected")
        assert not app.screen.query_one("#range-all").has_class("-selected")


async def test_empty_journal_shows_what_to_do(store):
    app = JournalApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_charts(pilot)
        assert "No block planned yet. Plan one with F3" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "No pain logged in this range yet. Log a day with F2" in text
        assert "┌" not in text


async def test_chart_redraws_on_resize_and_not_needlessly(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_charts(pilot)
        chart = chart_of(app)
        narrow = max(len(line) for line in chart.plain.splitlines())
        assert narrow <= chart.size.width
        draws = chart.draw_count

        await pilot.press("p")  # already the pain chart: nothing to draw again
        await pilot.pause()
        chart.refresh()
        await pilot.pause()
        assert chart.draw_count == draws

        await pilot.resize_terminal(140, 44)
        await pilot.pause()
        wide = max(len(line) for line in chart.plain.splitlines())
        assert wide > narrow + 40
        assert len(chart.plain.splitlines()) > 24
        assert chart.draw_count > draws


async def test_chart_follows_the_theme_and_new_entries(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_charts(pilot)
        chart = chart_of(app)
        draws = chart.draw_count
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert chart.draw_count > draws

        draws = chart.draw_count
        store.log_day(clock.today(), pain=1, function=40)
        app.journal_changed()
        await pilot.pause()
        assert chart.draw_count > draws


async def test_chart_actions_are_in_the_command_palette(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_charts(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"function chart")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # the palette searches in a worker
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChartsScreen)
        assert chart_of(app).kind == "function"
