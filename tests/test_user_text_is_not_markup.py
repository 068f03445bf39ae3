"""Text people type (block names, markers, notes) is shown as typed, never read as markup."""

from __future__ import annotations

from conftest import screen_text

from journal.app import JournalApp
from journal.demo import DEMO_BLOCK_ID, demo_journal

NAME = "Back [/] [b]and[/b] neck"


async def test_a_block_name_with_brackets_shows_as_typed_on_every_screen(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    block = store.journal.block_by_id(DEMO_BLOCK_ID)
    store.update_block(block.id, block.current.replace(name=NAME), reason="renamed [x]")
    app = JournalApp(store)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        for key in ("f2", "f3", "f4", "f5"):
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert NAME in screen_text(app), key


async def test_notifications_quote_names_as_typed(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    block = store.journal.block_by_id(DEMO_BLOCK_ID)
    store.update_block(block.id, block.current.replace(name=NAME), reason="renamed")
    app = JournalApp(store)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("ctrl+d")  # "Copied from <name> with new dates ..."
        await pilot.pause()
        assert "Copied from Back [/] [b]and[/b]" in screen_text(app)
