"""The screens' header: the icon that opens the command palette and the title, in one widget.

Textual's ``Header`` is four widgets (itself, the icon, the title and the clock's space), each
styled, laid out and drawn on its own. This one draws the same line (the icon in its 8
columns, the title and sub-title centred between them and the clock's 10 columns, in the same
colours) as the text of one widget. As in Textual's header, a click on the icon opens the
command palette (its tooltip says so, and it lights up under the mouse), a click elsewhere
makes the header three lines tall or one line again, and the title follows the app's and the
screen's ``title`` and ``sub_title``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

#: Columns of the icon (docked left in Textual's header) and of the clock's space (right).
ICON_WIDTH, CLOCK_WIDTH = 8, 10
ICON = "⭘"


class JournalHeader(Widget):
    """The app's title bar, as Textual's ``Header`` (without a clock) shows it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"journal-header--icon-hover"}
    DEFAULT_CSS = """
    JournalHeader {
        dock: top;
        width: 100%;
        background: $panel;
        color: $foreground;
        height: 1;
        &.-tall {
            height: 3;
        }
        .journal-header--icon-hover {
            background: $foreground 10%;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._icon_hover = False

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._title_changed, init=False)
            self.watch(node, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    @property
    def title_content(self) -> Content:
        """The title and sub-title shown: the screen's, or else the app's (as in Textual)."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def _icon_column(self, icon: str) -> Content:
        column = Content(f" {icon}").pad_right(ICON_WIDTH - 1 - len(icon))
        if not self._icon_hover:
            return column
        _, background = self.background_colors
        hover = self.get_component_styles("journal-header--icon-hover").background
        return column.stylize_before(Style(background=background + hover))

    def render(self) -> Content:
        width, height = self.size
        room = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        title = self.title_content.truncate(room, ellipsis=True).center(room)
        # Tall (three lines), as in Textual's header: the title on the first line, the icon
        # in the middle of its column.
        middle = (height - 1) // 2
        lines = [Content.assemble(self._icon_column(ICON if y == middle else " "),
                                  title if y == 0 else " " * room, " " * CLOCK_WIDTH)
                 for y in range(max(1, height))]
        return lines[0] if len(lines) == 1 else Content("\n").join(lines)

    def _on_icon(self, x: int) -> bool:
        return x < ICON_WIDTH

    def on_mouse_move(self, event: events.MouseMove) -> None:
        over = self._on_icon(event.x)
        if over != self._icon_hover:
            self._icon_hover = over
            self.tooltip = "Open the command palette" if over else None
            self.refresh()

    def on_leave(self) -> None:
        if self._icon_hover:
            self._icon_hover = False
            self.tooltip = None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        if self._on_icon(event.x) and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
        else:
            self.toggle_class("-tall")
