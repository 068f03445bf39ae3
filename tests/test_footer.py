"""The main screens' footer (one widget) shows, hovers and clicks keys as Textual's footer did."""

from __future__ import annotations

from conftest import screen_text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Label

from journal.app import JournalApp
from journal.demo import demo_journal
from journal.screens.base import JournalFooter

SCREENS = Binding.Group("screens")
MOVES = Binding.Group("moves", compact=True)


class KeysScreen(Screen[None]):
    """Every kind of key a footer shows: plain, disabled, hidden, two groups, the palette."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the form"),
        Binding("x", "gone", "Gone"),
        Binding("z", "hidden", "Hidden", show=False),
        Binding("f2", "first", "First", group=SCREENS),
        Binding("f3", "second", "Second", group=SCREENS),
        Binding("left", "back", "Back", group=MOVES, key_display="←"),
        Binding("right", "on", "On", group=MOVES, key_display="→"),
        Binding("q", "stop", "Stop now"),
    ]

    def __init__(self, footer: Footer | JournalFooter) -> None:
        super().__init__()
        self.footer = footer
        self.saved = 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "gone" else True  # shown, but not available

    def action_save(self) -> None:
        self.saved += 1

    def compose(self) -> ComposeResult:
        yield Label("a screen")
        yield self.footer


class KeysApp(App[None]):
    def __init__(self, footer: Footer | JournalFooter) -> None:
        super().__init__()
        self.keys_screen = KeysScreen(footer)

    def on_mount(self) -> None:
        self.push_screen(self.keys_screen)


async def footer_line(footer: Footer | JournalFooter, width: int) -> str:
    app = KeysApp(footer)
    async with app.run_test(size=(width, 5)) as pilot:
        await pilot.pause()
        await pilot.pause()
        return screen_text(app).splitlines()[-1]


async def test_the_footer_reads_as_textuals_compact_footer():
    """The same keys, words, order and spacing (hidden keys left out, a disabled key shown)."""
    ours = await footer_line(JournalFooter(), 100)
    textual = await footer_line(Footer(compact=True), 100)
    assert ours == textual
    assert ours.startswith("^s Save x Gone  f2 f3 screens ←→ moves")
    assert ours.rstrip().endswith("▏^p palette")
    assert "Hidden" not in ours


async def test_a_narrow_footer_keeps_the_screens_own_keys_whole():
    """Under 90 columns the ctrl+p hint goes, under 86 the groups too."""
    at_88 = await footer_line(JournalFooter(), 88)
    assert "screens" in at_88 and "palette" not in at_88
    at_80 = await footer_line(JournalFooter(), 80)
    assert "screens" not in at_80 and "moves" not in at_80
    assert at_80.rstrip().endswith("Stop now")


async def test_a_click_on_a_key_runs_it_and_a_disabled_key_does_nothing():
    footer = JournalFooter()
    app = KeysApp(footer)
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        await pilot.click(JournalFooter, offset=(4, 0))  # "Save"
        await pilot.pause()
        assert app.keys_screen.saved == 1
        await pilot.click(JournalFooter, offset=(8, 0))  # "Gone": shown, not available
        await pilot.pause()
        assert app.keys_screen.saved == 1


async def test_hovering_a_key_shows_its_tooltip():
    footer = JournalFooter()
    app = KeysApp(footer)
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        await pilot.hover(JournalFooter, offset=(1, 0))
        await pilot.pause()
        assert footer.tooltip == "Save the form"
        await pilot.hover(JournalFooter, offset=(16, 0))  # f2, in the group
        await pilot.pause()
        assert footer.tooltip == "First"


async def test_the_log_screen_opens_with_its_keys_in_the_footer(store, clock):
    """The keys are drawn with the screen, not rebuilt into an empty footer a frame later."""
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        last = screen_text(app).rstrip().splitlines()[-1]
        assert last.startswith("^s Save ^z Undo s Session e Effects")
        assert "f1 Help  f2 f3 f4 f5 screens" in last
        assert not app.screen.query_one(JournalFooter).children
