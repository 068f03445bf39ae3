"""Text people type is shown exactly as typed inside markup (block names, notes, reasons)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content

from journal.printable import shown
from journal.widgets.text import safe_markup

TYPED = st.text(st.sampled_from(list("[]\\/ab =#@:x")) | st.characters(blacklist_characters="\r"),
                max_size=30)  # no CR: Textual itself shows "\\r\\n" as one line end


@given(TYPED.filter(lambda text: not text.endswith("\\")))
@settings(max_examples=500, deadline=None)
def test_typed_text_inside_markup_shows_as_typed(text):
    # Left out: a backslash at the very end, right before a tag. Textual 8.2's markup then
    # reads the tag as text, whatever escaping, so the bold is not closed (nothing is lost).
    assert Content.from_markup(f"[b]{safe_markup(text)}[/b] ·").plain == f"{shown(text)} ·"


def test_brackets_with_spaces_are_kept():
    # Textual's own escape() leaves these alone and its markup then drops them.
    for text in ("([ and ] to switch)", "Back [ left ]", "[and]"):
        assert Content.from_markup(safe_markup(text)).plain == text
