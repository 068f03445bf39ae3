"""Every screen renders in the default and the high-contrast theme, in that theme's colours."""

from __future__ import annotations

import pytest
from conftest import screen_text

from journal import themes
from journal.app import JournalApp
from journal.demo import demo_journal

SCREENS = {
    "f2": "Treatment week 8, day 4",
    "f3": "Low back & shoulders, spring",
    "f4": "Pain 0-10 (lower is better)",
    "f5": "Verdict so far: CONTINUE",
}


@pytest.mark.parametrize("theme_name", ["calm", "high-contrast"])
async def test_each_screen_renders_in_theme(store, clock, theme_name):
    theme = themes.load_theme_file(themes.bundled_themes_dir() / f"{theme_name}.toml")
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(110, 34)) as pilot:
        app.theme = theme_name
        for key, expected in SCREENS.items():
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            text = screen_text(app)
            assert expected in text, f"{key} in {theme_name}"
            svg = app.export_screenshot().lower()
            assert theme.background.lower() in svg
            assert theme.variables["pain-line"].lower() in svg or key != "f4"
