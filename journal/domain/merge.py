"""What a screen's save may write when the file changed while the person was typing.

A screen remembers what it last read for a record (``base``), holds what is on screen
(``mine``) and, at save time, reads what the file holds now (``theirs``). Per field:

* changed only here: written;
* changed only elsewhere: kept, and shown on screen;
* changed in both places to the same value: nothing to do;
* changed in both places differently: a conflict, for the person to settle.

Undo and redo use the same idea the other way round: a field the app changed is put back
only while the file still holds what the app wrote, so a later change from the shell is kept.
Pure functions on plain dicts: no Textual, no TinyDB.
"""

from __future__ import annotations

from collections.abc import Mapping

from journal.domain.record import record

TYPE_CHECKING = False  # not typing's: the store imports this module for ``journal log``

if TYPE_CHECKING:
    from typing import Any

    from journal.domain.models import DayEntry


class ChangedElsewhere(Exception):
    """Raised by a guarded store write when a field no longer holds the value expected.

    ``fields`` names them; the writer reads the file again and merges.
    """

    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__("changed elsewhere: " + ", ".join(fields))
        self.fields = fields


@record()
class Merge:
    """The outcome of a three-way merge of one record.

    ``writes``: fields to write, with the value typed here (changed only here).
    ``conflicts``: fields changed both here and elsewhere, differently: field -> (mine, theirs).
    ``kept``: fields changed elsewhere and kept as they are in the file.
    """

    writes: dict[str, Any]
    conflicts: dict[str, tuple[Any, Any]]
    kept: tuple[str, ...]


def changed_here(base: Mapping[str, Any], mine: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields the person changed on screen since it last read the record."""
    return tuple(k for k in mine if mine[k] != base.get(k))


def three_way(base: Mapping[str, Any], mine: Mapping[str, Any],
              theirs: Mapping[str, Any]) -> Merge:
    """Merge ``mine`` (the screen) into ``theirs`` (the file now), both descended from ``base``."""
    writes: dict[str, Any] = {}
    conflicts: dict[str, tuple[Any, Any]] = {}
    kept: list[str] = []
    for key in mine:
        old, here, there = base.get(key), mine[key], theirs.get(key)
        moved_here, moved_there = here != old, there != old
        if moved_there and not moved_here:
            kept.append(key)
        elif moved_here and not moved_there:
            writes[key] = here
        elif moved_here and moved_there and here != there:
            conflicts[key] = (here, there)
    return Merge(writes, conflicts, tuple(kept))


def refreshed(base: Mapping[str, Any], mine: Mapping[str, Any],
              theirs: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """New ``(base, mine)`` after the file changed: untouched fields follow the file.

    A field with typing keeps it and its old base, so a save still sees the conflict; a field
    typed to the very value the file now holds is no longer a change.
    """
    new_base: dict[str, Any] = {}
    new_mine: dict[str, Any] = {}
    for key in mine:
        old, here, there = base.get(key), mine[key], theirs.get(key)
        if here in (old, there):
            new_base[key] = there
            new_mine[key] = there
        else:
            new_base[key] = old
            new_mine[key] = here
    return new_base, new_mine


def put_back(changes: Mapping[str, tuple[Any, Any]],
             current: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Undo: for ``changes`` ``field -> (before, after)``, what to write and what to leave.

    A field still holding ``after`` goes back to ``before``; one that was changed elsewhere
    since is left alone (returned second). Redo is the same call with the pairs swapped.
    """
    writes: dict[str, Any] = {}
    left: list[str] = []
    for key, (before, after) in changes.items():
        now = current.get(key)
        if now == after:
            writes[key] = before
        elif now != before:
            left.append(key)
    return writes, tuple(left)


def entry_values(entry: DayEntry | None) -> dict[str, Any]:
    """An entry's stored values as a guarded save compares them (blank fields for no entry)."""
    if entry is None:
        return {"pain": None, "function": None, "sleep_wakings": None, "mood": None,
                "fatigue": None, "flare": False, "note": "", "medicine": None}
    return {"pain": entry.pain, "function": entry.function,
            "sleep_wakings": entry.sleep_wakings, "mood": entry.mood,
            "fatigue": entry.fatigue, "flare": entry.flare, "note": entry.note,
            "medicine": entry.medicine}
