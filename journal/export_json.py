"""The json export written piece by piece, so a long journal never sits in memory twice.

``json.dumps`` of the whole export (:func:`journal.domain.codec.journal_to_export`) builds
every record as a dict and then one string of the whole file: at 100 years that is about ten
times the journal file on top of the journal itself. Here each record is encoded with the
codec's own ``encode_*`` functions and formatted alone, and the text goes out in chunks of
about :data:`CHUNK` characters. The bytes are exactly those of the one-shot export
(``tests/test_export_stream.py`` compares them): the same order, the same two-space
indentation, non-ASCII kept, and every character that could act on a terminal written as a
``\\uXXXX`` escape (:func:`journal.printable.shown_json`), which JSON reads back as the same
character, so the file means exactly what the journal holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journal.domain.models import Journal

#: Characters gathered before a chunk is handed on: large enough that writing costs little,
#: small enough that memory stays flat.
CHUNK = 1 << 15


def _records(journal: Journal) -> list[tuple[str, Iterable[Any], Callable[[Any], Any]]]:
    """The export's lists in the codec's order, each with the records and their encoder."""
    from journal.domain import codec

    return [
        ("blocks", sorted(journal.blocks, key=lambda b: b.id), codec.encode_block),
        ("days", (journal.entries[d] for d in sorted(journal.entries)), codec.encode_entry),
        ("sessions", (journal.sessions[d] for d in sorted(journal.sessions)),
         codec.encode_session),
        ("side_effects", sorted(journal.side_effects, key=lambda s: (s.day, s.id)),
         codec.encode_side_effect),
    ]


def _pieces(journal: Journal) -> Iterator[str]:
    """The text of ``json.dumps(journal_to_export(journal), indent=2, ensure_ascii=False)``."""
    from journal.domain.codec import FORMAT_VERSION

    def dumps(value: Any) -> str:
        return json.dumps(value, indent=2, ensure_ascii=False)

    yield f'{{\n  "format": {dumps("trial-journal")},\n  "version": {dumps(FORMAT_VERSION)}'
    for name, records, encode in _records(journal):
        yield f",\n  {dumps(name)}: "
        opening = "[\n    "
        for record in records:
            yield opening
            # A string never holds a raw newline in JSON text: every "\n" is layout.
            yield dumps(encode(record)).replace("\n", "\n    ")
            opening = ",\n    "
        yield "[]" if opening == "[\n    " else "\n  ]"
    yield "\n}\n"


def export_chunks(journal: Journal) -> Iterator[str]:
    """The json export (with its final newline) in chunks of about :data:`CHUNK` characters.

    Joined, the chunks are exactly ``shown_json(json.dumps(...)) + "\\n"`` of the whole
    export. :func:`journal.printable.shown_json` can work chunk by chunk because each
    character it escapes stands alone (json.dumps never leaves a raw carriage return).
    """
    from journal.printable import shown_json

    gathered: list[str] = []
    size = 0
    for piece in _pieces(journal):
        gathered.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield shown_json("".join(gathered))
            gathered, size = [], 0
    if gathered:
        yield shown_json("".join(gathered))
