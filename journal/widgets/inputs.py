"""Text fields that keep the order of keys typed in a burst.

Textual types a character as soon as a field takes the key, but runs a key binding
(backspace, delete, the arrows) only once the key has bubbled up to the app, after the
field may have taken characters typed later. Keys that arrive together (a fast typist, a slow
SSH link) could then come out of order: with "11" selected, backspace then 4 became "4" and
then "". Every text field of the app is an :class:`InOrderInput`.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input

from journal.ui.keys import declared_bindings


async def act_on_key(widget: Widget, event: events.Key) -> bool:
    """Run ``widget``'s own (non-priority) binding for ``event`` now, as the widget takes the
    key; True when there was one. Called from a subclass's ``on_key``, which Textual runs
    before the base class's key handling; ``prevent_default`` keeps that from running too."""
    for binding in declared_bindings(type(widget)):
        if binding.key != event.key or binding.priority:
            continue
        if await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class KeysOnArrival(Widget):
    """A widget whose own keys act as they arrive (not once they reach the app), so in a burst
    they act before a later tab (a priority key) has moved the focus on."""

    async def on_key(self, event: events.Key) -> None:
        await act_on_key(self, event)


class InOrderInput(Input):
    """An Input whose editing keys act in the order they were typed, also in a burst.

    The field's own bindings run as it takes the key, like characters do. This handler runs
    before Input's own key handler (Textual calls a subclass's first); ``prevent_default``
    then keeps Input from handling the key a second time.
    """

    async def on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            await act_on_key(self, event)
