"""What the small widgets post: a message about one widget, and the value it now holds.

Textual routes ``@on(Widget.Changed, "#selector")`` by the message's ``control``; every field
posts one of these so that it is named the same way everywhere.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.message import Message
from textual.widget import Widget

W = TypeVar("W", bound=Widget)
V = TypeVar("V")


class WidgetMessage(Message, Generic[W]):
    """A message about ``widget``, which ``control`` names."""

    def __init__(self, widget: W) -> None:
        super().__init__()
        self.widget = widget

    @property
    def control(self) -> W:
        return self.widget


class ValueMessage(WidgetMessage[W], Generic[W, V]):
    """A widget's value changed: ``value`` is the new one."""

    def __init__(self, widget: W, value: V) -> None:
        super().__init__(widget)
        self.value = value
