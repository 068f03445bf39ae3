"""Palette entries name the key bound to their action, read from the screen's bindings."""

from __future__ import annotations

import pytest
from conftest import screen_text

from journal.app import JournalApp
from journal.demo import demo_journal
from journal.screens.log import LogCommands, LogScreen


async def test_every_log_palette_entry_shows_the_key_its_binding_has(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LogScreen)
        provider = LogCommands(screen)
        titles = [title for title, _about, _run in provider._commands()]
        assert len(titles) == len(LogCommands.OFFERS)
        assert "Log: save this day (^s)" in titles
        assert "Log: previous day (←)" in titles
        assert "Log: record the session (s)" in titles
        # The footer shows the same key for the same action.
        assert "^s Save" in screen_text(app).rstrip().splitlines()[-1]


async def test_an_offer_without_a_binding_is_refused(store, clock):
    from journal.screens.palette import bound_entries

    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        with pytest.raises(KeyError):
            list(bound_entries(app.screen, [("no_such_action", "Nothing", "")]))
