"""Setting widget text safely and cheaply.

Text that people type (block names, markers, notes) may contain ``[`` and ``]``; Textual
reads plain strings as markup, so a name like "Back [/]" would crash a screen. These helpers
always set plain content, and skip the update (and its layout pass) when nothing changed.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static


def set_text(label: Label | Static, text: str) -> None:
    """Show ``text`` as typed (never markup), without a relayout when nothing changes."""
    if str(label.content) != text:
        label.update(Content(text))


def show(widget: Widget, visible: bool) -> None:
    """Show or hide ``widget``, without a relayout when nothing changes."""
    if widget.display != visible:
        widget.display = visible
