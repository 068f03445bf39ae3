"""The screens' header (one widget) reads and behaves as Textual's Header did."""

from __future__ import annotations

from conftest import screen_text
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.widgets import Header, Label

from journal.widgets.header import JournalHeader


class TitledApp(App[None]):
    TITLE = "trial-journal"

    def __init__(self, header: Header | JournalHeader, sub_title: str = "") -> None:
        super().__init__()
        self.header = header
        self.sub_title = sub_title

    def compose(self) -> ComposeResult:
        yield self.header
        yield Label("the screen")


async def top_lines(header: Header | JournalHeader, width: int, sub_title: str = "",
                    tall: bool = False) -> list[str]:
    app = TitledApp(header, sub_title)
    async with app.run_test(size=(width, 6)) as pilot:
        await pilot.pause()
        if tall:
            await pilot.click(type(header), offset=(width // 2, 0))
            await pilot.pause()
        return screen_text(app).splitlines()[:3]


async def test_the_header_reads_as_textuals_header():
    """Icon, centred title and sub-title, a long one cut with an ellipsis; tall or not."""
    for width, sub_title, tall in [(80, "", False), (120, "demo journal (throwaway copy)", False),
                                   (50, "a sub-title far too long for this window", False),
                                   (80, "demo", True)]:
        ours = await top_lines(JournalHeader(), width, sub_title, tall)
        textual = await top_lines(Header(), width, sub_title, tall)
        assert ours == textual, (width, sub_title, tall)
    short = await top_lines(JournalHeader(), 50, "a sub-title far too long for this window")
    assert short[0].startswith(" ⭘") and "trial-journal — a sub-title" in short[0]
    assert short[0].rstrip().endswith("…")


async def test_the_title_follows_the_apps_sub_title():
    header = JournalHeader()
    app = TitledApp(header)
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        app.sub_title = "demo"
        await pilot.pause()
        assert "trial-journal — demo" in screen_text(app).splitlines()[0]


async def test_the_icon_opens_the_command_palette_and_the_title_makes_the_header_tall():
    header = JournalHeader()
    app = TitledApp(header)
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        await pilot.hover(JournalHeader, offset=(1, 0))
        await pilot.pause()
        assert header.tooltip == "Open the command palette"
        await pilot.click(JournalHeader, offset=(40, 0))
        await pilot.pause()
        assert header.size.height == 3
        await pilot.click(JournalHeader, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
