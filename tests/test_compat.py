"""One test per Textual internal used in journal/ui/compat.py: each fails loudly when a Textual
release changes what the use relies on (a renamed attribute would otherwise be set in vain and
the app would quietly get slower)."""

from __future__ import annotations

import inspect
from datetime import timedelta

import textual.screen
from textual.app import App
from textual.events import ScreenResume
from textual.screen import Screen

from journal.app import JournalApp
from journal.demo import demo_journal
from journal.ui import compat


def _demo(store, clock):
    store.replace_all(demo_journal(clock.today() - timedelta(days=0), clock.now().tzinfo))


def _count_refreshes(monkeypatch) -> list[bool]:
    """Count Textual's full stylesheet refreshes, noting whether any screen existed then."""
    refreshes: list[bool] = []
    original = compat.ThemedStartApp.refresh_css

    def refresh_css(self, animate: bool = True) -> None:
        refreshes.append(bool(self.screen_stack))
        original(self, animate)

    monkeypatch.setattr(compat.ThemedStartApp, "refresh_css", refresh_css)
    return refreshes


async def test_a_theme_change_still_reaches_refresh_css(store, clock, monkeypatch):
    """ThemedStartApp relies on Textual restyling for a new theme through refresh_css."""
    refreshes = _count_refreshes(monkeypatch)
    _demo(store, clock)
    app = JournalApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = len(refreshes)
        app.theme = next(t for t in sorted(app.available_themes) if t != app.theme)
        await pilot.pause()
        assert refreshes[before:] and all(refreshes[before:])


def test_textual_still_counts_stylesheet_updates_per_screen():
    """mark_styled relies on these two counters, compared when a screen is shown."""
    assert isinstance(App()._css_update_count, int)
    assert Screen()._css_update_count == -1  # a new screen: styled for no stylesheet yet


async def test_opening_a_mode_costs_no_full_restyle(store, clock, monkeypatch):
    """With mark_styled, opening Plan, Charts and Review does not restyle every screen; if
    Textual stopped reading the counter, the refresh would come back (and this would fail)."""
    refreshes = _count_refreshes(monkeypatch)
    _demo(store, clock)
    app = JournalApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = len(refreshes)
        for key in ("f3", "f4", "f5"):
            await pilot.press(key)
            await pilot.pause()
        assert refreshes[before:] == []
    # And the counter is what prevents it: without mark_styled, Textual refreshes.
    monkeypatch.setattr(compat.ThemedStartApp, "mark_styled", lambda self, screen: None)
    app = JournalApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = len(refreshes)
        await pilot.press("f3")
        await pilot.pause()
        assert refreshes[before:]


def test_screen_resume_still_offers_to_skip_the_restyle():
    """skip_resume_restyle relies on ScreenResume.refresh_styles, read by Screen's handler."""
    event = ScreenResume()
    assert event.refresh_styles is True
    compat.skip_resume_restyle(event)
    assert event.refresh_styles is False
    assert "event.refresh_styles" in inspect.getsource(textual.screen)


async def test_screen_text_reads_what_the_screen_shows_modals_included():
    """screen_text (tests and screenshots) relies on the compositor and the screen stack."""
    from textual.app import App, ComposeResult
    from textual.screen import ModalScreen
    from textual.widgets import Label

    from journal.ui.compat import screen_text as compat_text

    class Dialog(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            yield Label("a dialog on top")

    class Small(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("\n\n\nthe screen below")  # under the dialog's line

    app = Small()
    async with app.run_test(size=(40, 6)) as pilot:
        await app.push_screen(Dialog())
        await pilot.pause()
        text = compat_text(app)
    assert "a dialog on top" in text and "the screen below" in text
