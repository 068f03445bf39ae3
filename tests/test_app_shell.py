"""The app opens: a welcome on an empty journal (with the data path), keys switch screens."""

from __future__ import annotations

from datetime import timedelta

from conftest import screen_text

from journal.app import JournalApp
from journal.demo import demo_journal
from journal.screens.help import HelpScreen
from journal.screens.welcome import WelcomeScreen


async def test_welcome_shows_what_and_where(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        text = screen_text(app)
        assert "Welcome to trial-journal" in text
        assert "".join(str(store.path).split()) in "".join(text.split())
        assert "Plan" in text


async def test_function_keys_switch_screens_and_help_lists_keys(store, clock):
    store.replace_all(demo_journal(clock.today() - timedelta(days=0), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current_mode == "log"
        for key, mode in (("f3", "plan"), ("f4", "charts"), ("f5", "review"), ("f2", "log")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)

        assert "How a block works" in text
        keys = app.screen.keys_markdown
        assert "`f4` Charts: Pain and function over time" in keys
        assert "`^s` Save" in keys  # the Log screen's own keys come first
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_app_picks_up_entry_written_by_another_process(store, clock, journal_path):
    from journal.store import Store

    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test() as pilot:
        other = Store(journal_path, clock)
        other.log_day(clock.today(), pain=3, function=21)
        assert clock.today() not in app.store.journal.entries
        app.check_external_changes()
        await pilot.pause()
        assert app.store.journal.entries[clock.today()].pain == 3


async def test_quit_asks_when_typed_values_are_not_saved(store, clock):
    from journal.screens.confirm import UnsavedDialog

    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("7")  # pain typed, not saved
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        text = screen_text(app)
        assert "You have changed the Log screen without saving it" in text
        assert "Save (s)" in text and "Discard (d)" in text and "Cancel (esc)" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, UnsavedDialog)
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert clock.today() not in store.journal.entries


async def test_quit_can_save_first_with_the_same_dialog_as_the_plan(store, clock):
    from journal.screens.confirm import UnsavedDialog

    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("7", "tab", "2", "5", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("s")
        await pilot.pause()
    assert not app.is_running
    entry = store.journal.entries[clock.today()]
    assert (entry.pain, entry.function) == (7, 25)


async def test_quit_without_unsaved_values_does_not_ask(store):
    app = JournalApp(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_only_the_screens_with_a_form_may_hold_unsaved_changes(store, clock):
    """The quit question is asked of the screens that declare the protocol, and only them."""
    from journal.screens.base import HoldsUnsavedChanges

    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        holds = {}
        for key, mode in (("f3", "plan"), ("f4", "charts"), ("f5", "review"), ("f2", "log")):
            await pilot.press(key)
            await pilot.pause()
            holds[mode] = isinstance(app.screen, HoldsUnsavedChanges)
        assert holds == {"plan": True, "charts": False, "review": False, "log": True}
        assert app.unsaved_screens() == []
