"""A strip of the block's days: logged, missed, session and flare-up days at a glance.

Four rows, one column per day, a space between weeks::

    Base    Wk 1    Wk 2
            ◆  ◆    ◆  ◇          sessions: recorded ◆, planned but not recorded ◇
    ●●●●●●● ●●○●▲●● ●●·····       days: logged ●, missed ○, flare-up ▲, still to come ·
             !       !            side effects (in the flare colour when one did not settle)

The selected day is drawn reversed, today underlined. When the block is wider than the
widget, a window of weeks around the selected day is shown with ‹ › at the cut edges.
Colours come only from theme variables (component classes below).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from journal.views.daybook import DayMark, StripGroup

LEGEND = "◆ session ◇ planned ● logged ○ missed ▲ flare-up ! side effect  [ ] days"


@dataclass
class _Cell:
    x: int
    day: date

#: Phases drawn in the colour of another: a pause is an A phase, treatment 2 a B phase.
PHASE_STYLE = {"pause": "baseline", "treatment-2": "treatment"}


class DayStrip(Widget, can_focus=True):
    """The days of the block. Posts :class:`DayStrip.Picked` when a day is clicked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "day-strip--baseline",
        "day-strip--treatment",
        "day-strip--follow-up",
        "day-strip--none",
        "day-strip--logged",
        "day-strip--missed",
        "day-strip--future",
        "day-strip--flare",
        "day-strip--session",
        "day-strip--planned",
        "day-strip--side-effect",
        "day-strip--unsettled",
        "day-strip--selected",
        "day-strip--today",
        "day-strip--edge",
    }

    DEFAULT_CSS = """
    DayStrip {
        height: 4;
        width: 1fr;
        padding: 0 1;
        & > .day-strip--baseline { color: $phase-baseline; text-style: bold; }
        & > .day-strip--treatment { color: $phase-treatment; text-style: bold; }
        & > .day-strip--follow-up { color: $phase-followup; text-style: bold; }
        & > .day-strip--none { color: $muted-text; }
        & > .day-strip--logged { color: $pain-line; }
        & > .day-strip--missed { color: $muted-text; }
        & > .day-strip--future { color: $muted-text; }
        & > .day-strip--flare { color: $flare; text-style: bold; }
        & > .day-strip--session { color: $session-marker; }
        & > .day-strip--planned { color: $muted-text; }
        & > .day-strip--side-effect { color: $side-effect; text-style: bold; }
        & > .day-strip--unsettled { color: $flare; text-style: bold; }
        & > .day-strip--selected { text-style: reverse bold; }
        & > .day-strip--today { text-style: underline; }
        & > .day-strip--edge { color: $muted-text; }
    }
    DayStrip:focus {
        background: $boost;
    }
    """

    class Picked(Message):
        """A day was clicked."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.groups: list[StripGroup] = []
        self.selected: date | None = None
        self._cells: list[_Cell] = []

    def show(self, groups: list[StripGroup], selected: date) -> None:
        self.groups = groups
        self.selected = selected
        self.refresh()

    # --- drawing ---------------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"day-strip--{name}", partial=True)

    def _window(self, width: int) -> tuple[int, int]:
        """Indices [start, end) of the groups that fit ``width``, around the selected day."""
        sizes = [len(g.days) + 1 for g in self.groups]
        if sum(sizes) <= width:
            return 0, len(self.groups)
        budget = max(8, width - 4)  # room for the ‹ › edges
        focus = next((i for i, g in enumerate(self.groups)
                      if any(m.day == self.selected for m in g.days)), len(self.groups) - 1)
        start, end, used = focus, focus + 1, sizes[focus]
        while True:
            grew = False
            if end < len(sizes) and used + sizes[end] <= budget:
                used += sizes[end]
                end += 1
                grew = True
            if start > 0 and used + sizes[start - 1] <= budget:
                start -= 1
                used += sizes[start]
                grew = True
            if not grew:
                return start, end

    def _day_glyph(self, mark: DayMark) -> tuple[str, Style]:
        if mark.future:
            glyph, style = "·", self._style("future")
        elif mark.flare:
            glyph, style = "▲", self._style("flare")
        elif mark.logged:
            glyph, style = "●", self._style("logged")
        elif mark.missed:
            glyph, style = "○", self._style("missed")
        else:
            glyph, style = "·", self._style("future")
        if mark.today:
            style += self._style("today")
        if mark.day == self.selected:
            style += self._style("selected")
        return glyph, style

    def render(self) -> Text:
        width = max(10, self.size.width)
        start, end = self._window(width)
        rows = [Text(), Text(), Text(), Text()]
        self._cells = []
        left_cut, right_cut = start > 0, end < len(self.groups)
        if left_cut:
            for row in rows:
                row.append("‹ ", self._style("edge"))
        x = 2 if left_cut else 0
        shown = self.groups[start:end]
        for n, group in enumerate(shown):
            # A short run (a 3-day baseline) keeps one blank column before the next label.
            room = len(group.days) + (1 if n == len(shown) - 1 else 0)
            label = group.label[:room].ljust(len(group.days) + 1)
            rows[0].append(label, self._style(PHASE_STYLE.get(group.phase, group.phase)))
            for mark in group.days:
                if mark.session:
                    rows[1].append("◆", self._style("session"))
                elif mark.planned_session:
                    rows[1].append("◇", self._style("planned"))
                else:
                    rows[1].append(" ")
                rows[2].append(*self._day_glyph(mark))
                if mark.unsettled:
                    rows[3].append("!", self._style("unsettled"))
                elif mark.side_effect:
                    rows[3].append("!", self._style("side-effect"))
                else:
                    rows[3].append(" ")
                self._cells.append(_Cell(x, mark.day))
                x += 1
            for row in rows[1:]:
                row.append(" ")
            x += 1
        if right_cut:
            for row in rows:
                row.append("›", self._style("edge"))
        return Text("\n").join(rows)

    # --- input -----------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for cell in self._cells:
            if cell.x == offset.x:
                self.post_message(self.Picked(cell.day))
                return
