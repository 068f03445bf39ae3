"""The key bindings a widget or screen class declares, read from its ``BINDINGS``."""

from __future__ import annotations

from functools import cache

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode


@cache
def declared_bindings(node_class: type[DOMNode]) -> tuple[Binding, ...]:
    """The bindings of ``node_class`` and its bases; a class's own binding for a key replaces
    its base's, as Textual merges them."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(node_class.__mro__):
        own = base.__dict__.get("BINDINGS")
        if own:
            keys.update(BindingsMap(own).key_to_bindings)
    return tuple(binding for bindings in keys.values() for binding in bindings)
