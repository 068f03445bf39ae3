"""A check box whose state shows in the characters themselves.

Textual draws ``▐X▌`` for a ticked *and* an unticked box,
telling them apart by colour alone; in a theme where the two colours are close, or on a
terminal without colour, the state cannot be seen. This draws the mark only when it is set,
so ``▐X▌`` is ticked and ``▐ ▌`` is not, in every theme.
"""

from __future__ import annotations

from textual.widgets import Checkbox

UNSET = " "


class TickBox(Checkbox):
    """A Checkbox whose ``X`` is drawn only when ticked."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # a class constant in Textual
        return "X" if self.value else UNSET
