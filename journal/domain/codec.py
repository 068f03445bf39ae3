"""Conversion between domain objects and plain JSON-ready dicts.

The store keeps these dicts in its TinyDB tables and ``journal export --format json`` writes the
same shapes, so the on-disk format and the export format are one documented format
(``FORMAT_VERSION``). Decoding validates through the model constructors, so a hand-edited or
damaged document is refused with a field-level message instead of crashing later.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from journal.domain import checks
from journal.domain.clinical import BlockMeasures, CareNote, PegAnswer
from journal.domain.errors import OutOfRange, ValidationError
from journal.domain.models import (
    DAY_NUMBERS,
    SESSION_NUMBERS,
    TOLERANCES,
    Amendment,
    Block,
    DayEntry,
    DaySource,
    InvalidRecord,
    Journal,
    NumberField,
    Plan,
    Session,
    SideEffect,
)
from journal.domain.record import fields as record_fields
from journal.domain.record import trusted_reader

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any


#: Version of the journal file and json export format. Bump when an older version would lose
#: something on its next write. 2: a block may hold a design (pause, second treatment,
#: start window) and clinician measures, a day its medicine doses; version 1 ignored those
#: fields and dropped them when it rewrote a record, so it must refuse such a file instead.
#: Version-1 files are read as they are and marked 2 at their first write.
FORMAT_VERSION = 2

TABLES = ("blocks", "days", "sessions", "side_effects")

#: The field that names each table's documents: one document per value (the file is refused
#: otherwise, see ``journal_file.check_tables``).
RECORD_KEYS = {"blocks": "id", "days": "date", "sessions": "date", "side_effects": "id"}



def _ts(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_ts(value: Any, field: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            checks.in_window(moment.date(), field)
            return moment
    raise ValidationError(field, "must be a timestamp written as YYYY-MM-DDTHH:MM:SS+HH:MM")


def _require(doc: Any, what: str) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise ValidationError(what, "must be a JSON object")
    return doc


#: Design fields at these values are not written, so an A-B block is stored exactly as before
#: designs existed and older versions read the file unchanged (missing keys read as these).
DESIGN_DEFAULTS: dict[str, Any] = {"design": "AB", "pause_weeks": 2, "second_weeks": None,
                                   "follow_up_weeks": 4, "carry_over_days": 2,
                                   "window_from": None, "window_to": None, "seed": None}


def _plan_doc(plan: Plan) -> dict[str, Any]:
    return {k: v for k, v in plan.flat().items()
            if not (k in DESIGN_DEFAULTS and v == DESIGN_DEFAULTS[k])}


def encode_block(block: Block) -> dict[str, Any]:
    return {
        "id": block.id,
        "plan": _plan_doc(block.plan),
        "amendments": [
            {
                "made_on": a.made_on.isoformat(),
                "made_at": _ts(a.made_at),
                "reason": a.reason,
                "changes": [list(c) for c in a.changes],
            }
            for a in block.amendments
        ],
        "created_at": _ts(block.created_at),
        **({} if block.measures.is_empty else {"measures": encode_measures(block.measures)}),
    }


def encode_measures(m: BlockMeasures) -> dict[str, Any]:
    """A block's clinician measures (written only when there are some)."""
    return {
        "expectation": m.expectation,
        "impression": m.impression,
        "medicine_name": m.medicine_name,
        "peg": [{"date": a.day.isoformat(), "pain": a.pain, "enjoyment": a.enjoyment,
                 "activity": a.activity, "recorded_at": _ts(a.recorded_at)} for a in m.peg],
        "care_notes": [{"date": n.day.isoformat(), "text": n.text} for n in m.care_notes],
        "declined": list(m.declined),
    }


def _text_list(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(what, "must be a list of text")
    return value


def decode_measures(doc: Any) -> BlockMeasures:
    """The measures of a block document; a block saved before they existed has none."""
    if doc is None:
        return BlockMeasures()
    doc = _require(doc, "block measures")
    peg, notes = doc.get("peg") or [], doc.get("care_notes") or []
    if not isinstance(peg, list) or not isinstance(notes, list):
        raise ValidationError("block measures", "peg and care_notes must be lists")
    return BlockMeasures(
        expectation=doc.get("expectation"),
        impression=doc.get("impression"),
        medicine_name=doc.get("medicine_name") or "",
        peg=tuple(PegAnswer(
            day=_require(a, "PEG answer").get("date"),  # type: ignore[arg-type]  # any value: checked
            pain=a.get("pain"), enjoyment=a.get("enjoyment"), activity=a.get("activity"),
            recorded_at=_parse_ts(a.get("recorded_at"), "PEG recorded at")) for a in peg),
        declined=tuple(_text_list(doc.get("declined"), "declined")),
        care_notes=tuple(CareNote(_require(n, "care note").get("date"),  # type: ignore[arg-type]  # any value: checked
                                  n.get("text") or "") for n in notes),
    )


def decode_block(doc: Any) -> Block:
    doc = _require(doc, "block")
    block_id = doc.get("id")
    if not isinstance(block_id, str) or not block_id:
        raise ValidationError("block id", "must be non-empty text")
    plan = Plan.from_flat(_require(doc.get("plan"), "plan"))
    amendments = []
    for raw in doc.get("amendments") or []:
        raw = _require(raw, "amendment")
        changes = raw.get("changes")
        if not isinstance(changes, list) or not all(
            isinstance(c, list) and len(c) == 3 and isinstance(c[0], str) for c in changes
        ):
            raise ValidationError("amendment changes", "must be a list of [field, old, new]")
        amendments.append(Amendment(
            made_on=checks.iso_day(raw.get("made_on"), "amendment date"),
            reason=raw.get("reason") or "",
            changes=tuple(tuple(c) for c in changes),
            made_at=_parse_ts(raw.get("made_at"), "amendment time"),
        ))
    block = Block(block_id, plan, tuple(amendments), _parse_ts(doc.get("created_at"), "created"),
                  decode_measures(doc.get("measures")))
    block.current  # noqa: B018 - validates that the amended plan is itself valid
    return block


def encode_entry(entry: DayEntry) -> dict[str, Any]:
    return {
        "date": entry.day.isoformat(),
        "pain": entry.pain,
        "function": entry.function,
        "sleep_wakings": entry.sleep_wakings,
        "mood": entry.mood,
        "fatigue": entry.fatigue,
        "flare": entry.flare,
        "note": entry.note,
        "recorded_at": _ts(entry.recorded_at),
        "edited_at": _ts(entry.edited_at),
        **({} if entry.medicine is None else {"medicine": entry.medicine}),
    }


def _fast_entry(doc: dict[str, Any]) -> DayEntry | None:
    """A stored entry whose values are already clean, built without re-running each check.

    Returns None when anything is unusual; the caller then takes the validating path, so
    the same documents are accepted and refused either way.
    """
    return _entry_from_clean(doc) if clean_day_docs([doc]) else None


#: Day entry fields :func:`clean_day_docs` checks besides the numbers of ``DAY_NUMBERS``.
#: A field it does not check would reach the journal unvalidated through the quick path, so
#: a new field of DayEntry stops the import here until it is added to the check.
_CHECKED_DAY_FIELDS = ("day", "flare", "note", "recorded_at", "edited_at")
if set(record_fields(DayEntry)) != {*_CHECKED_DAY_FIELDS, *(f.name for f in DAY_NUMBERS)}:
    raise TypeError("codec.clean_day_docs does not check every field of DayEntry")


def _stamp(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


#: The entry held in a stored day that :func:`clean_day_docs` has passed, built without
#: validating again. Fields not named here (the numbers) are taken as stored.
_entry_from_clean = trusted_reader(
    DayEntry, keys={"day": "date"},
    convert={"day": date.fromisoformat, "flare": lambda v: v is True,
             "note": lambda v: v or "", "recorded_at": _stamp, "edited_at": _stamp})


#: Session fields :func:`clean_session_docs` checks besides ``SESSION_NUMBERS``
#: (``block_id`` is stored as it is, by either path).
_CHECKED_SESSION_FIELDS = ("day", "pressure", "areas", "tolerance", "note", "block_id",
                           "recorded_at")
if set(record_fields(Session)) != {*_CHECKED_SESSION_FIELDS,
                                   *(f.name for f in SESSION_NUMBERS)}:
    raise TypeError("codec.clean_session_docs does not check every field of Session")

_session_from_clean = trusted_reader(
    Session, keys={"day": "date"},
    convert={"day": date.fromisoformat, "areas": tuple, "note": lambda v: v or "",
             "recorded_at": _stamp})


def decode_entry(doc: Any) -> DayEntry:
    doc = _require(doc, "day")
    fast = _fast_entry(doc)
    if fast is not None:
        return fast
    flare = doc.get("flare", False)
    if not isinstance(flare, bool):
        raise ValidationError("flare-up", "must be true or false")
    return DayEntry(
        day=doc.get("date"),
        pain=doc.get("pain"),
        function=doc.get("function"),
        sleep_wakings=doc.get("sleep_wakings"),
        mood=doc.get("mood"),
        fatigue=doc.get("fatigue"),
        flare=flare,
        note=doc.get("note") or "",
        recorded_at=_parse_ts(doc.get("recorded_at"), "recorded at"),
        edited_at=_parse_ts(doc.get("edited_at"), "edited at"),
        medicine=doc.get("medicine"),
    )


def _clean_dates(docs: list[Any]) -> bool:
    """Every document is a dict whose date is ISO text within the journal's window."""
    if not set(map(type, docs)) <= {dict}:
        return False
    dates = [doc.get("date") for doc in docs]
    if not set(map(type, dates)) <= {str} or not all(map(checks.ISO_DAY.fullmatch, dates)):
        return False
    if dates and (min(dates) < checks.MIN_DAY_TEXT or max(dates) > checks.MAX_DAY_TEXT):
        return False
    try:
        all(map(date.fromisoformat, dates))
    except ValueError:
        return False
    return True


def _clean_texts(values: list[Any], max_len: int, *, multiline: bool) -> bool:
    """Text that :func:`checks.text` would return unchanged (stripped, short enough, no
    control characters or lone surrogates)."""
    return (set(map(type, values)) <= {str}
            and max(map(len, values), default=0) <= max_len
            and values == list(map(str.strip, values))
            and not checks.unclean("".join(values), multiline=multiline))


def _clean_numbers(docs: list[Any], table: tuple[NumberField, ...]) -> bool:
    """Every number of ``table`` is of its kind and in its range, as stored (a whole number
    stored as 4.0, which validation would turn into 4, is not clean)."""
    for field in table:
        key, low, high = field.name, field.low, field.high
        values = [v for doc in docs if (v := doc.get(key)) is not None]
        if field.required and len(values) != len(docs):
            return False
        kinds = set(map(type, values))
        if not kinds <= ({int} if field.integer else {int, float}):
            return False
        if float in kinds:
            floats = [v for v in values if type(v) is float]
            if not all(map(math.isfinite, floats)) or any(map(float.is_integer, floats)):
                return False
        if values and (min(values) < low or max(values) > high):
            return False
    return True


def _clean_stamps(docs: list[Any], keys: tuple[str, ...]) -> bool:
    """Timestamps that are ISO text within the journal's window (or absent)."""
    stamps = [v for doc in docs for key in keys if (v := doc.get(key)) is not None]
    if not set(map(type, stamps)) <= {str}:
        return False
    if stamps and (min(stamps) < checks.MIN_DAY_TEXT or max(stamps)[:4] > checks.MAX_DAY_TEXT[:4]):
        return False
    try:
        all(map(datetime.fromisoformat, stamps))
    except ValueError:
        return False
    return True


def clean_day_docs(docs: list[Any]) -> bool:
    """True when every one of these stored days is certain to decode unchanged.

    One field at a time over all the days (loops that run in C), for opening a journal that
    may hold years of them; the per-entry quick path asks it about one day. It is
    deliberately narrow: a whole number stored as 4.0, a note with surrounding spaces,
    anything unusual gives False and the days then go through the validating path, which
    accepts or names the problem exactly as before.
    """
    return (_clean_dates(docs)
            and _clean_texts([doc.get("note") or "" for doc in docs], checks.MAX_NOTE,
                             multiline=True)
            and {type(doc.get("flare", False)) for doc in docs} <= {bool}
            and _clean_numbers(docs, DAY_NUMBERS)
            and _clean_stamps(docs, ("recorded_at", "edited_at")))


def clean_session_docs(docs: list[Any]) -> bool:
    """As :func:`clean_day_docs`, for stored sessions."""
    if not (_clean_dates(docs) and _clean_numbers(docs, SESSION_NUMBERS)
            and _clean_stamps(docs, ("recorded_at",))):
        return False
    areas = [doc.get("areas") for doc in docs]
    if not set(map(type, areas)) <= {list}:
        return False
    every_area = [area for listed in areas for area in listed]
    pressures = [doc.get("pressure") for doc in docs]
    return (_clean_texts(pressures, 60, multiline=False) and all(pressures)
            and {doc.get("tolerance") for doc in docs} <= set(TOLERANCES)
            and _clean_texts(every_area, 40, multiline=False) and all(every_area)
            and all(len(set(listed)) == len(listed) for listed in areas)
            and _clean_texts([doc.get("note") or "" for doc in docs], checks.MAX_NOTE,
                             multiline=True))


#: Records checked together by :func:`decode_entries` and :func:`decode_sessions`: large
#: enough for the checks to run in C, small enough that one unusual record sends only a few
#: others down the slower path.
DECODE_CHUNK = 64


def _decode_chunked(table: str, docs: list[Any], invalid: list[InvalidRecord] | None,
                    clean: Callable[[list[Any]], bool]) -> list[Any]:
    """Each stored record of ``table`` in file order: a document that passed ``clean`` as it
    is (for the caller to build without re-running each check, about half the time of
    opening a long journal otherwise), any other decoded by the validating decoder, which
    refuses a bad one with its reason; out-of-range ones are set aside.

    Records are checked a chunk at a time, so one unusual record sends only a few others
    down the slower path.
    """
    records: list[Any] = []
    for start in range(0, len(docs), DECODE_CHUNK):
        chunk = docs[start:start + DECODE_CHUNK]
        if clean(chunk):
            records.extend(chunk)
            continue
        for doc in chunk:
            record = _set_aside(invalid, table, doc, DECODERS[table])
            if record is not None:
                records.append(record)
    return records


class StoredDays(DaySource):
    """The journal's days as read from the file: checked at once, built as entries only when
    asked (see :class:`DaySource`). Each record is a clean stored document or an entry the
    validating path already built; ``changes`` are days saved since."""

    __slots__ = ("_by_date", "_changes", "_records")

    def __init__(self, records: list[Any],
                 changes: dict[date, DayEntry | None] | None = None) -> None:
        self._records = records
        self._changes = changes or {}
        self._by_date: dict[str, Any] | None = None

    @staticmethod
    def _entry(record: Any) -> DayEntry:
        return _entry_from_clean(record) if type(record) is dict else record

    def build(self) -> dict[date, DayEntry]:
        entries = {entry.day: entry for entry in map(self._entry, self._records)}
        for day, entry in self._changes.items():
            if entry is None:
                entries.pop(day, None)
            else:
                entries[day] = entry
        return entries

    def get(self, day: date) -> DayEntry | None:
        return self._lookup(day, keep=True)

    def each_by_date(self) -> Iterator[DayEntry]:
        for day in sorted(self.dates()):
            entry = self._lookup(day, keep=False)
            if entry is not None:
                yield entry

    def _lookup(self, day: date, *, keep: bool) -> DayEntry | None:
        """The entry of ``day``; with ``keep`` the entry built is kept for the next lookup (a
        view looks a day up many times), without it is built and let go (the export)."""
        if day in self._changes:
            return self._changes[day]
        if self._by_date is None:
            self._by_date = {record["date"] if type(record) is dict else record.day.isoformat():
                             record for record in self._records}
        key = day.isoformat()
        record = self._by_date.get(key)
        if type(record) is dict:
            entry = self._entry(record)
            if keep:
                self._by_date[key] = entry
            return entry
        return record

    def logged(self, key: str) -> list[tuple[date, Any]]:
        if key not in _DAY_NUMBER_NAMES:
            raise KeyError(f"{key!r} is not a number field of a day")
        return self._pairs(key)

    def changed(self, changes: dict[date, DayEntry | None]) -> StoredDays:
        return StoredDays(self._records, {**self._changes, **changes})

    def dates(self) -> list[date]:
        return [day for day, _ in self._pairs(None)]

    def _pairs(self, key: str | None) -> list[tuple[date, Any]]:
        """(day, its value of ``key``, or None without a key) of every day, without building
        entries; the days saved since come last."""
        pairs = [(date.fromisoformat(record["date"]), record.get(key) if key else None)
                 if type(record) is dict else (record.day, getattr(record, key) if key else None)
                 for record in self._records]
        if not self._changes:
            return pairs
        kept = [pair for pair in pairs if pair[0] not in self._changes]
        return kept + [(day, getattr(entry, key) if key else None)
                       for day, entry in self._changes.items() if entry is not None]


_DAY_NUMBER_NAMES = frozenset(field.name for field in DAY_NUMBERS)


def stored_days(docs: list[Any], invalid: list[InvalidRecord] | None = None) -> StoredDays:
    """Every stored day, checked now and built when first asked (a later document for the
    same date wins)."""
    return StoredDays(_decode_chunked("days", docs, invalid, clean_day_docs))


def decode_entries(docs: list[Any],
                   invalid: list[InvalidRecord] | None = None) -> dict[date, DayEntry]:
    """Every stored day, keyed by date (a later document for the same date wins)."""
    return stored_days(docs, invalid).build()


def decode_sessions(docs: list[Any],
                    invalid: list[InvalidRecord] | None = None) -> dict[date, Session]:
    """Every stored session, keyed by date, checked and built as days are."""
    sessions = {}
    for record in _decode_chunked("sessions", docs, invalid, clean_session_docs):
        session = _session_from_clean(record) if type(record) is dict else record
        sessions[session.day] = session
    return sessions


def _set_aside(invalid: list[InvalidRecord] | None, table: str, doc: Any,
               decode: Any) -> Any:
    """``decode(doc)``; with ``invalid`` given, a record out of range is listed there (None
    is returned) instead of refusing the whole journal. Any other problem still raises."""
    try:
        return decode(doc)
    except OutOfRange as exc:
        if invalid is None:
            raise
        key = None
        if isinstance(doc, dict):
            value = doc.get(RECORD_KEYS[table])
            key = value if isinstance(value, str) else None
        invalid.append(InvalidRecord(table, key, str(exc), doc))
        return None


def encode_session(session: Session) -> dict[str, Any]:
    return {
        "date": session.day.isoformat(),
        "minutes": session.minutes,
        "pressure": session.pressure,
        "areas": list(session.areas),
        "cost": session.cost,
        "tolerance": session.tolerance,
        "note": session.note,
        "block_id": session.block_id,
        "recorded_at": _ts(session.recorded_at),
    }


def decode_session(doc: Any) -> Session:
    doc = _require(doc, "session")
    areas = doc.get("areas") or []
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
        raise ValidationError("areas", "must be a list of text")
    return Session(
        day=doc.get("date"),
        minutes=doc.get("minutes"),
        pressure=doc.get("pressure") or "light",
        areas=tuple(areas),
        cost=doc.get("cost"),
        tolerance=doc.get("tolerance") or "ok",
        note=doc.get("note") or "",
        block_id=doc.get("block_id"),
        recorded_at=_parse_ts(doc.get("recorded_at"), "recorded at"),
    )


def encode_side_effect(effect: SideEffect) -> dict[str, Any]:
    return {
        "id": effect.id,
        "date": effect.day.isoformat(),
        "kind": effect.kind,
        "severity": effect.severity,
        "settled": effect.settled,
        "note": effect.note,
        "recorded_at": _ts(effect.recorded_at),
    }


def decode_side_effect(doc: Any) -> SideEffect:
    doc = _require(doc, "side effect")
    effect_id = doc.get("id")
    if not isinstance(effect_id, str) or not effect_id:
        raise ValidationError("side effect id", "must be non-empty text")
    settled = doc.get("settled")
    if settled is not None and not isinstance(settled, bool):
        raise ValidationError("settled", "must be true, false or null")
    return SideEffect(
        id=effect_id,
        day=doc.get("date"),
        kind=doc.get("kind"),
        severity=doc.get("severity"),
        settled=settled,
        note=doc.get("note") or "",
        recorded_at=_parse_ts(doc.get("recorded_at"), "recorded at"),
    )


#: How each table's documents become domain records.
DECODERS: dict[str, Callable[[Any], Any]] = {
    "blocks": decode_block, "days": decode_entry, "sessions": decode_session,
    "side_effects": decode_side_effect}


def journal_from_tables(tables: dict[str, list[Any]]) -> Journal:
    """Build the in-memory journal from lists of documents, validating each one (the day
    entries are built when first asked: see :class:`StoredDays`)."""
    invalid: list[InvalidRecord] = []
    blocks = [block for doc in tables.get("blocks", [])
              if (block := _set_aside(invalid, "blocks", doc, decode_block)) is not None]
    days = stored_days(tables.get("days", []), invalid)
    sessions = decode_sessions(tables.get("sessions", []), invalid)
    effects = [effect for doc in tables.get("side_effects", [])
               if (effect := _set_aside(invalid, "side_effects", doc, decode_side_effect))
               is not None]
    effects.sort(key=lambda s: (s.day, s.id))
    journal = Journal(blocks, sessions=sessions, side_effects=effects, days=days)
    journal.invalid = invalid
    return journal


def journal_to_export(journal: Journal) -> dict[str, Any]:
    """The whole journal as the versioned json export (stable order, so round trips match)."""
    return {
        "format": "trial-journal",
        "version": FORMAT_VERSION,
        "blocks": [encode_block(b) for b in sorted(journal.blocks, key=lambda b: b.id)],
        "days": [encode_entry(journal.entries[d]) for d in sorted(journal.entries)],
        "sessions": [encode_session(journal.sessions[d]) for d in sorted(journal.sessions)],
        "side_effects": [encode_side_effect(s) for s in
                         sorted(journal.side_effects, key=lambda s: (s.day, s.id))],
    }
