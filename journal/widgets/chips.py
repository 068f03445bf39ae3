"""A one-line picker of several items: the plan's target areas and other care.

A SelectionList takes a row per item; a tired person planning a block should see every field
at once. Here the items sit side by side (wrapping onto a second line only in a narrow window):
left and right (or up and down) move, space or enter ticks and unticks.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.content import Content

from journal.widgets.inputs import KeysOnArrival
from journal.widgets.messages import ValueMessage, WidgetMessage

NBSP = "\u00a0"  # keeps "low back" together when the line wraps



def chip_row(items: list[tuple[str, bool]], marks: str, cursor: int | None) -> Content:
    """Items side by side, each marked on (``marks[0]``, in bold accent) or off (``marks[1]``);
    the one under the ``cursor`` (when focused) reversed. Spaces inside an item do not break."""
    parts: list[Content | str | tuple[str, str]] = []
    for i, (label, on) in enumerate(items):
        text = f"{marks[0] if on else marks[1]}{NBSP}{label.replace(' ', NBSP)}"
        style = "bold $text-accent" if on else ""
        if i == cursor:
            style = f"{style} reverse".strip()
        if parts:
            parts.append("  ")
        parts.append((text, style) if style else text)
    return Content.assemble(*parts)


class ChipList(KeysOnArrival, can_focus=True):
    """Items in a row; ticked ones marked ✓. ``selected`` lists the ticked values."""

    BINDINGS = [
        Binding("left,up", "move(-1)", "Previous", show=False),
        Binding("right,down", "move(1)", "Next", show=False),
        Binding("home", "first", "First", show=False),
        Binding("space,enter", "tick", "Tick", show=False),
    ]

    class Changed(WidgetMessage["ChipList"]):
        """A person ticked or unticked an item."""

    def __init__(self, items: Iterable[str], selected: Iterable[str] = (), *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = tuple(items)
        self._selected = {item for item in selected if item in self.items}
        self.cursor = 0

    @property
    def selected(self) -> list[str]:
        return [item for item in self.items if item in self._selected]

    def select(self, value: str) -> None:
        if value in self.items and value not in self._selected:
            self._selected.add(value)
            self._changed()

    def deselect(self, value: str) -> None:
        if value in self._selected:
            self._selected.discard(value)
            self._changed()

    def _changed(self) -> None:
        self.refresh(layout=True)
        self.post_message(self.Changed(self))

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.items)
        self.refresh()

    def action_first(self) -> None:
        self.cursor = 0
        self.refresh()

    def action_tick(self) -> None:
        item = self.items[self.cursor]
        if item in self._selected:
            self.deselect(item)
        else:
            self.select(item)

    def render(self) -> Content:
        return chip_row([(item, item in self._selected) for item in self.items], "✓·",
                        self.cursor if self.has_focus else None)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class ChoiceChips(KeysOnArrival, can_focus=True):
    """One choice out of a few, side by side (the chosen one marked ●, wrapping when narrow):
    left and right choose the previous or next one at once (space and enter choose the one
    under the cursor too). Takes a row where radio buttons take four."""

    BINDINGS = [
        Binding("left,up", "move(-1)", "Previous", show=False),
        Binding("right,down", "move(1)", "Next", show=False),
        Binding("space,enter", "choose", "Choose", show=False),
    ]

    class Changed(ValueMessage["ChoiceChips", str]):
        """A person chose another item."""

    def __init__(self, choices: Iterable[tuple[str, str]], chosen: str, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = tuple(choices)
        self.value = chosen
        self.cursor = max(0, self.pressed_index)

    @property
    def labels(self) -> list[str]:
        return [label for _value, label in self.choices]

    @property
    def pressed_index(self) -> int:
        return next((i for i, (value, _l) in enumerate(self.choices) if value == self.value),
                    -1)

    def set_value(self, value: str) -> None:
        """Show ``value`` as chosen (from the program: no Changed message)."""
        if value != self.value:
            self.value = value
            self.cursor = max(0, self.pressed_index)
            self.refresh(layout=True)

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.choices)
        self.action_choose()

    def action_choose(self) -> None:
        value = self.choices[self.cursor][0]
        if value != self.value:
            self.value = value
            self.refresh(layout=True)
            self.post_message(self.Changed(self, value))

    def render(self) -> Content:
        return chip_row([(label, value == self.value) for value, label in self.choices], "●○",
                        self.cursor if self.has_focus else None)

    def on_focus(self) -> None:
        self.cursor = max(0, self.pressed_index)
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
