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


async def act_on_key(widget: Widget, event: events.Key) -> bool:
    """Run ``widget``'s own (non-priority) binding for ``event`` now, as the widget takes the
    key; True when there was one. (The one place that reads a widget's bindings table.)"""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class InOrderInput(Input):
    """An Input whose editing keys act in the order they were typed, also in a burst.

    The field's own bindings run as it takes the key, like characters do.
    """

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable and await act_on_key(self, event):
            return
        await super()._on_key(event)
