"""Setting widget text safely and cheaply.

Text that people type (block names, markers, notes) may contain ``[`` and ``]``; Textual
reads plain strings as markup, so a name like "Back [/]" would crash a screen. These helpers
always set plain content, and skip the update (and its layout pass) when nothing changed.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from journal.printable import shown


def set_text(label: Label | Static, text: str) -> None:
    """Show ``text`` as typed (never markup, controls and bidi overrides escaped), without a
    relayout when nothing changes."""
    text = shown(text)
    if str(label.content) != text:
        label.update(Content(text))


def safe_markup(text: str) -> str:
    """``text`` to put inside markup: every bracket and terminal control escaped, so it
    shows exactly as typed (a block named "Back [ left ]" keeps its brackets). Textual's own
    ``escape`` leaves a bracket alone unless a letter follows it, yet its markup takes
    ``[ and ]`` as a tag and drops it (Textual 8.2)."""
    return shown(text).replace("[", "\\[")


def show(widget: Widget, visible: bool) -> None:
    """Show or hide ``widget``, without a relayout when nothing changes."""
    if widget.display != visible:
        widget.display = visible
