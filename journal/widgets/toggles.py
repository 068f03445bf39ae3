"""Check boxes, radio buttons and tick lists whose state shows in the characters themselves.

Textual draws ``▐X▌`` for a ticked *and* an unticked box (and ``●`` in every radio button),
telling them apart by colour alone; in a theme where the two colours are close, or on a
terminal without colour, the state cannot be seen. These draw the mark only when it is set,
so ``▐X▌`` is ticked and ``▐ ▌`` is not, in every theme.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList

UNSET = " "


class TickBox(Checkbox):
    """A Checkbox whose ``X`` is drawn only when ticked."""

    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:
        return "X" if self.value else UNSET


class RadioDot(RadioButton):
    """A RadioButton whose dot is drawn only when chosen."""

    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:
        return RadioButton.BUTTON_INNER if self.value else UNSET


class TickList(SelectionList[str]):
    """A SelectionList whose ``X`` is drawn only beside the ticked options."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count:
            return strip
        ticked = self.get_option_at_index(index).value in self.selected
        segments = list(strip)
        if ticked or len(segments) < 2:
            return strip
        mark = segments[1]
        segments[1] = Segment(UNSET * len(mark.text), mark.style, mark.control)
        return Strip(segments, strip.cell_length)
