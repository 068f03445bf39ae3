"""Small input widgets for the Log screen: number fields and one-key choices.

``NumberInput`` takes only digits (and one decimal point), so letters typed while it has focus
can act as screen keys (``t`` today, ``s`` session) without ever landing in the value. It is
one line, without a frame, so a whole day fits on a 24-line terminal.

``Choice`` is a row of options picked with a letter, the arrow keys or a click: faster than a
radio set for "ok / too light / too strong" and "settled / did not settle".
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widget import Widget

from journal.widgets.inputs import InOrderInput
from journal.widgets.messages import ValueMessage, WidgetMessage

DECIMAL = r"[0-9]*[.,]?[0-9]*"
WHOLE = r"[0-9]*"


#: One line, no frame: the look of Textual's compact Input, written as this app's own rules.
#: (``Input(compact=True)`` sets its class while the field is built, and Textual then styles
#: the field once for nothing before it is mounted and styled again; a day's form has seven.)
ONE_LINE_CSS = """
%s {
    border: none !important;
    height: 1;
    padding: 0;
    &.-invalid {
        background-tint: $error 20%%;
    }
}
"""

#: The class Input's own check gives a field without validators at its first check (a blur
#: or a typed value); given now, that check is no class change and restyle.
VALID = "-valid"


class NumberInput(InOrderInput):
    """A one-line field for a number; anything but digits (and one point) is not typed.

    A character it will not take is never dropped without a word: it posts :class:`Refused`
    with the character, and the screen says why at the field ("pain cannot be negative").
    """

    DEFAULT_CSS = ONE_LINE_CSS % "NumberInput"

    class Refused(WidgetMessage["NumberInput"]):
        """A typed character was not taken into the field."""

        def __init__(self, field: NumberInput, character: str) -> None:
            super().__init__(field)
            self.character = character

    def __init__(self, *, integer: bool = False, id: str | None = None,
                 placeholder: str = "", value: str = "") -> None:
        super().__init__(value=value, restrict=WHOLE if integer else DECIMAL, id=id,
                         placeholder=placeholder, select_on_focus=True, classes=VALID)
        self.integer = integer
        self._typed: str | None = None

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Only digits and the decimal point are typed; other keys stay screen keys."""
        return character is not None and (character.isdigit() or character in ".,")

    # Textual runs these before the key and paste handlers of InOrderInput and Input (a
    # subclass's handler comes first), so what was typed is known when Input refuses it.
    async def on_key(self, event: events.Key) -> None:
        self._typed = event.character if event.is_printable else None

    def on_paste(self, event: events.Paste) -> None:
        self._typed = event.text.splitlines()[0] if event.text else None

    def restricted(self) -> None:
        """Instead of a bell nobody connects with the key: say which character was refused."""
        if self._typed:
            self.post_message(self.Refused(self, self._typed))


class TextField(InOrderInput):
    """A one-line free-text field (letters are typed, not taken as screen keys)."""

    DEFAULT_CSS = ONE_LINE_CSS % "TextField"

    def __init__(self, *, id: str | None = None, placeholder: str = "",
                 value: str = "") -> None:
        super().__init__(value=value, id=id, placeholder=placeholder, select_on_focus=False,
                         classes=VALID)


class Toggle(Widget, can_focus=True):
    """A yes/no box drawn as ``[x] label``; space (or a click) flips it.

    ``enter`` is left to the screen (which saves), unlike a Checkbox where it toggles.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "Toggle", show=False),
    ]

    DEFAULT_CSS = """
    Toggle {
        height: 1;
        width: auto;
        padding: 0 1 0 0;
    }
    Toggle:focus {
        background: $boost;
        text-style: bold;
    }
    """

    value: reactive[bool] = reactive(False)

    class Changed(ValueMessage["Toggle", bool]):
        """The box was ticked or cleared."""

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label

    def render(self) -> Text:
        # Plain Text, not a str: "[x]" in a str would be read as markup and vanish.
        return Text(f"[{'x' if self.value else ' '}] {self.label}")

    def watch_value(self, value: bool) -> None:
        self.post_message(self.Changed(self, value))

    def action_toggle(self) -> None:  # type: ignore[override]  # space flips it; not DOMNode's
        self.value = not self.value

    def on_click(self) -> None:
        self.value = not self.value


class Choice(Widget, can_focus=True):
    """One of a few options: a letter picks it, left/right move, a click selects.

    ``options`` are ``(value, label, letter)``. ``value`` is None until something is picked.
    With ``advance``, picking by letter moves the focus on, so a list of questions is
    answered with one key each.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous option", show=False),
        Binding("right,space", "move(1)", "Next option", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice--picked", "choice--letter"}

    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: auto;
        padding: 0 1;
        & > .choice--picked { text-style: bold reverse; }
        & > .choice--letter { text-style: underline; }
    }
    Choice:focus {
        background: $boost;
        text-style: bold;
    }
    """

    value: reactive[str | None] = reactive(None)

    class Changed(ValueMessage["Choice", "str | None"]):
        """Another option was chosen (None: cleared)."""

    def __init__(self, options: list[tuple[str, str, str]], value: str | None = None, *,
                 id: str | None = None, advance: bool = True) -> None:
        super().__init__(id=id)
        self.options = options
        self.advance = advance
        self._spans: list[tuple[int, int, str]] = []
        self.set_reactive(Choice.value, value)

    def render(self) -> Text:
        picked = self.get_component_rich_style("choice--picked", partial=True)
        letter_style = self.get_component_rich_style("choice--letter", partial=True)
        text = Text()
        self._spans = []
        for value, label, letter in self.options:
            start = len(text)
            mark = "(•) " if value == self.value else "( ) "
            base = picked if value == self.value else Style()
            text.append(mark, base)
            i = label.lower().find(letter)
            if i >= 0:
                text.append(label[:i], base)
                text.append(label[i], base + letter_style)
                text.append(label[i + 1:], base)
            else:
                text.append(label, base)
            self._spans.append((start, len(text), value))
            text.append("   ")
        return text

    def watch_value(self, value: str | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_move(self, step: int) -> None:
        values = [v for v, _, _ in self.options]
        if self.value not in values:
            self.value = values[0 if step > 0 else -1]
            return
        self.value = values[(values.index(self.value) + step) % len(values)]

    def on_key(self, event: events.Key) -> None:
        for value, _, letter in self.options:
            if event.character == letter:
                self.value = value
                event.stop()
                event.prevent_default()
                if self.advance:  # answered: on to the next question
                    self.screen.focus_next()
                return

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, value in self._spans:
            if start <= offset.x < end:
                self.value = value
                return
