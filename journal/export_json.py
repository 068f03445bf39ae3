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

A journal read from its file builds its day entries on first use (:class:`journal.domain.
models.DaySource`); the export builds each day only while it writes it, so the entries of a
long journal are never all built and kept at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from operator import lt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

    from journal.domain.models import DayEntry, Journal

#: Characters gathered before a chunk is handed on: large enough that writing costs little,
#: small enough that memory stays flat.
CHUNK = 1 << 15

#: The words for each kind of record, one and many (the export's and the import's summaries).
KINDS = {"blocks": ("block", "blocks"), "days": ("day", "days"),
         "sessions": ("session", "sessions"), "side_effects": ("side effect", "side effects")}


def count_words(counts: dict[str, int]) -> str:
    """``1 block, 12 days, 3 sessions`` (zero counts left out; "nothing" when all are)."""
    parts = [f"{n} {KINDS[k][0] if n == 1 else KINDS[k][1]}" for k, n in counts.items() if n]
    return ", ".join(parts) or "nothing"


def _records(journal: Journal) -> list[tuple[str, Iterable[Any], Callable[[Any], Any]]]:
    """The export's lists in the codec's order, each with the records and their encoder."""
    from journal.domain import codec

    return [
        ("blocks", sorted(journal.blocks, key=lambda b: b.id), codec.encode_block),
        ("days", _days(journal), codec.encode_entry),
        ("sessions", _by_date(journal.sessions), codec.encode_session),
        ("side_effects", sorted(journal.side_effects, key=lambda s: (s.day, s.id)),
         codec.encode_side_effect),
    ]


def _by_date(records: Mapping[date, Any]) -> Iterator[Any]:
    """The records in date order, without a list of every date when they are in order
    already (as the store keeps them): a century of days is a list of 33,000 dates."""
    if all(map(lt, records, islice(records, 1, None))):
        return iter(records.values())
    return (records[day] for day in sorted(records))


def _days(journal: Journal) -> Iterator[DayEntry]:
    """The day entries in date order. Days the journal has not built yet are built one at a
    time as they are written, then dropped: ``journal.entries`` would build every entry and
    keep them all for as long as the journal lives (at 100 years, most of the file's size)."""
    source = journal.unbuilt_days
    if source is None:
        return _by_date(journal.entries)
    return source.each_by_date()


def _pieces(journal: Journal, counts: dict[str, int]) -> Iterator[str]:
    """The text of ``json.dumps(journal_to_export(journal), indent=2, ensure_ascii=False)``."""
    from journal.domain.codec import FORMAT_VERSION

    def dumps(value: Any) -> str:
        return json.dumps(value, indent=2, ensure_ascii=False)

    yield f'{{\n  "format": {dumps("trial-journal")},\n  "version": {dumps(FORMAT_VERSION)}'
    for name, records, encode in _records(journal):
        yield f",\n  {dumps(name)}: "
        opening = "[\n    "
        counts[name] = 0
        for record in records:
            counts[name] += 1
            yield opening
            # A string never holds a raw newline in JSON text: every "\n" is layout.
            yield dumps(encode(record)).replace("\n", "\n    ")
            opening = ",\n    "
        yield "[]" if opening == "[\n    " else "\n  ]"
    yield "\n}\n"


def export_chunks(journal: Journal, counts: dict[str, int] | None = None) -> Iterator[str]:
    """The json export (with its final newline) in chunks of about :data:`CHUNK` characters.

    ``counts``, if given, is filled with the number of records written of each kind (the
    order of :data:`KINDS`), for the summary once the chunks are all written.

    Joined, the chunks are exactly ``shown_json(json.dumps(...)) + "\\n"`` of the whole
    export. :func:`journal.printable.shown_json` can work chunk by chunk because each
    character it escapes stands alone (json.dumps never leaves a raw carriage return).
    """
    from journal.printable import shown_json

    gathered: list[str] = []
    size = 0
    for piece in _pieces(journal, {} if counts is None else counts):
        gathered.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield shown_json("".join(gathered))
            gathered, size = [], 0
    if gathered:
        yield shown_json("".join(gathered))
