"""Themes in the running app: shipped ones registered, choice remembered, bad files skipped."""

from __future__ import annotations

import json
import os

from conftest import screen_text

from journal import paths
from journal import settings as settings_file
from journal.app import JournalApp


async def test_default_theme_is_calm_and_all_shipped_themes_registered(store):
    app = JournalApp(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "calm"
        for name in ("calm", "paper", "high-contrast", "dusk", "sage"):
            assert name in app.available_themes


async def test_theme_choice_is_remembered_between_runs(store):
    app = JournalApp(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.theme = "high-contrast"
        await pilot.pause()
    saved = json.loads(paths.settings_file().read_text())
    assert saved["theme"] == "high-contrast"
    again = JournalApp(store)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == "high-contrast"


async def test_theme_key_cycles_through_our_themes(store):
    app = JournalApp(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        before = app.theme
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme != before
        assert app.theme in {"calm", "paper", "high-contrast", "dusk", "sage"}


async def test_broken_user_theme_is_reported_and_skipped(store):
    folder = paths.themes_dir()
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('name = "broken"\nprimary = "not-a-colour"\n')
    (folder / "mine.toml").write_text('name = "mine"\nprimary = "#336699"\n')
    app = JournalApp(store)
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert "broken" not in app.available_themes
        assert "mine" in app.available_themes
        text = screen_text(app)
        assert "broken.toml skipped: 'primary' is" in text
        app.theme = "mine"  # a valid user theme can be selected without a crash
        await pilot.pause()


async def test_a_saved_theme_that_no_longer_exists_falls_back(store):
    settings_file.save_settings(paths.settings_file(), {"theme": "gone-theme"})
    app = JournalApp(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "calm"


async def test_no_color_is_respected(store, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = JournalApp(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.no_color
    assert os.environ["NO_COLOR"] == "1"
