"""Reading a json export back, and merging imported records into a journal, all or nothing.

The json export format, version 2
---------------------------------
``journal export --format json`` writes one UTF-8 JSON object (2-space indent, keys in the
order below, a final newline) built by :func:`journal.domain.codec.journal_to_export`::

    {
      "format": "trial-journal",          # marker: always this string
      "version": 2,                       # 2 added designs, measures and medicine (below)
      "blocks": [                         # sorted by id
        {"id": "3f2a9c01b7e4",
         "plan": {...},                   # the plan as it stood when the baseline began:
                                          # name, first_session (YYYY-MM-DD), weeks,
                                          # sessions_per_week, minutes, baseline_days,
                                          # pain_scale (10 or 100), function.name,
                                          # function.unit, function.better (higher|lower),
                                          # function.default_change, rule.pain_change,
                                          # rule.function_change, areas [..], pressure,
                                          # technique, therapist, cost_per_session, currency,
                                          # concurrent_care [..], care_role, gentle_start,
                                          # nerve_symptoms; from version 2, when not
                                          # at their defaults: design, pause_weeks,
                                          # second_weeks, follow_up_weeks,
                                          # carry_over_days, window_from, window_to, seed
         "amendments": [{"made_on": "YYYY-MM-DD", "made_at": TIMESTAMP, "reason": "...",
                         "changes": [[plan key, old value, new value], ...]}],
         "created_at": TIMESTAMP,
         "measures": {...}}               # version 2, when any: PEG-3 answers, impression,
                                          # expectation, medicine name, care notes
      ],
      "days": [                           # sorted by date, one per calendar date
        {"date": "YYYY-MM-DD", "pain": number|null, "function": number|null,
         "sleep_wakings": int|null, "mood": int|null, "fatigue": int|null,
         "flare": true|false, "note": "...", "recorded_at": TIMESTAMP,
         "edited_at": TIMESTAMP, "medicine": int}   # medicine: version 2, when given
      ],
      "sessions": [                       # sorted by date, one per calendar date
        {"date": "YYYY-MM-DD", "minutes": int, "pressure": "...", "areas": [..],
         "cost": number|null, "tolerance": "ok"|"too-light"|"too-strong", "note": "...",
         "block_id": id|null, "recorded_at": TIMESTAMP}
      ],
      "side_effects": [                   # sorted by date, then id
        {"id": "...", "date": "YYYY-MM-DD", "kind": "soreness"|"stiffness"|
         "pain-increase"|"nausea"|"light-headedness"|"malaise"|"fatigue"|"other",
         "severity": 1|2|3, "settled": true|false|null, "note": "...",
         "recorded_at": TIMESTAMP}
      ]
    }

TIMESTAMP is ISO 8601 with its UTC offset (``2026-11-21T20:30:00+01:00``) or null. Readers
accept any older version; a file with a higher version is refused. The journal file itself
(and its backups) can be imported too: its tables hold the same records.

Import rules
------------
Into an empty journal an export is restored as it was. Into a non-empty journal it is merged:
records already there unchanged are skipped; a record that clashes with one already there (the
same date with different values, the same block id or name with a different plan) is refused,
and every clash is listed. The result is checked as a whole (block names unique, no
overlapping blocks, pain within each block's scale, nothing dated in the future) and nothing
is written when anything is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from journal.domain import codec
from journal.domain.errors import ValidationError
from journal.domain.models import Block, Journal
from journal.export_json import KINDS  # with the export, whose summary needs no importer

#: The parts of a day entry that are its content (timestamps are not).
ENTRY_FIELDS = ("pain", "function", "sleep_wakings", "mood", "fatigue", "flare", "note",
                "medicine")
#: The parts of a session that are its content.
SESSION_FIELDS = ("minutes", "pressure", "areas", "cost", "tolerance", "note")
SIDE_EFFECT_FIELDS = ("day", "kind", "severity", "settled", "note")


class ImportRefused(Exception):
    """The file cannot be imported. ``problems`` lists every reason, one line each."""

    def __init__(self, headline: str, problems: Sequence[str] = ()) -> None:
        self.headline = headline
        self.problems = list(problems)
        super().__init__(headline + "".join(f"\n  {p}" for p in self.problems))


@dataclass
class MergeResult:
    """The journal after the merge, with what was added and what was already there."""

    journal: Journal
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def changed(self) -> bool:
        return any(self.added.values())


def is_empty(journal: Journal) -> bool:
    return not (journal.blocks or journal.entries or journal.sessions or journal.side_effects)


# --- reading a json export ----------------------------------------------------------------
def _why(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return str(exc)
    return str(exc) or type(exc).__name__


def _tables(doc: Any) -> dict[str, list[Any]]:
    """The four record lists of an export (or of a journal file), after the version check."""
    if not isinstance(doc, dict):
        raise ImportRefused("it is not a trial-journal export",
                            ["the top level is not a JSON object"])
    if doc.get("format") == "trial-journal":
        marker, shape = doc, "export"
    elif isinstance(doc.get("meta"), dict) and doc["meta"]:
        marker, shape = next(iter(doc["meta"].values())), "file"
        if not isinstance(marker, dict) or marker.get("format") != "trial-journal":
            raise ImportRefused("it is not a trial-journal export", ["unknown format marker"])
    else:
        raise ImportRefused("it is not a trial-journal export",
                            ['it has no "format": "trial-journal" marker'])
    version = marker.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportRefused("it is not a trial-journal export",
                            ['"version" must be a whole number of 1 or more'])
    if version > codec.FORMAT_VERSION:
        raise ImportRefused(f"it was written by a newer version of trial-journal (format "
                            f"{version}; this version reads format {codec.FORMAT_VERSION} and "
                            "older); upgrade trial-journal to import it")
    tables: dict[str, list[Any]] = {}
    problems = []
    for name in codec.TABLES:
        raw = doc.get(name, [] if shape == "export" else {})
        if shape == "export" and isinstance(raw, list):
            tables[name] = raw
        elif shape == "file" and isinstance(raw, dict):
            tables[name] = list(raw.values())
        else:
            problems.append(f"{name}: must be a {'list' if shape == 'export' else 'table'} "
                            "of records")
    if problems:
        raise ImportRefused("it is not a valid trial-journal export", problems)
    return tables


def _where(table: str, index: int, raw: Any) -> str:
    label = ""
    if isinstance(raw, dict):
        if table == "blocks" and isinstance(raw.get("plan"), dict):
            label = str(raw["plan"].get("name", ""))[:40]
        elif raw.get("date") is not None:
            label = str(raw.get("date"))[:20]
    return f"{table}[{index}]" + (f" ({label})" if label else "")


def parse_export(text: str) -> Journal:
    """Decode a json export, checking every record; raise :class:`ImportRefused` listing all
    bad records by their place in the file (``days[3] (2026-11-20): pain: ...``)."""
    from pathlib import Path

    from journal.journal_file import JournalFileError, parse_json

    try:
        # The journal file's own strict reader: no NaN, no 5,000-digit number, no key given
        # twice, and a file nested 200,000 levels deep is refused, not a crash.
        doc = parse_json(Path("import"), text)
    except JournalFileError as exc:
        problem = exc.problem.removesuffix(" It has not been changed.").rstrip(".")
        problem = problem.removeprefix("is not a journal file: ").removeprefix("is ")
        raise ImportRefused("it is not valid JSON" if "JSON" in problem
                            else "it is not a trial-journal export", [problem]) from None
    tables = _tables(doc)
    problems: list[str] = []
    journal = Journal()
    first_seen: dict[tuple[str, str], str] = {}

    def once(table: str, key: str, where: str) -> bool:
        other = first_seen.setdefault((table, key), where)
        if other != where:
            problems.append(f"{where}: {key} appears twice in the file (also {other})")
            return False
        return True

    decoders = (ValidationError, ValueError, TypeError, AttributeError, KeyError)
    # table -> (decode one record, the key that must be unique, where the record goes)
    readers: dict[str, tuple[Callable[[Any], Any], Callable[[Any], str],
                             Callable[[Any], None]]] = {
        "blocks": (codec.decode_block, lambda b: f"block id {b.id}", journal.blocks.append),
        "days": (codec.decode_entry, lambda e: f"date {e.day}",
                 lambda e: journal.entries.__setitem__(e.day, e)),
        "sessions": (codec.decode_session, lambda s: f"date {s.day}",
                     lambda s: journal.sessions.__setitem__(s.day, s)),
        "side_effects": (codec.decode_side_effect, lambda f: f"id {f.id}",
                         journal.side_effects.append),
    }
    for table, (decode, key, keep) in readers.items():
        for i, raw in enumerate(tables[table]):
            where = _where(table, i, raw)
            try:
                record = decode(raw)
            except decoders as exc:
                problems.append(f"{where}: {_why(exc)}")
                continue
            if once(table, key(record), where):
                keep(record)
    if problems:
        raise ImportRefused(f"it has {len(problems)} bad record{'s' if len(problems) != 1 else ''}",
                            problems)
    return journal


# --- merging --------------------------------------------------------------------------------
def _show(value: Any) -> str:
    if value is None or value == "" or value == ():
        return "empty"
    if isinstance(value, str):
        one_line = " ".join(value.split())
        return repr(one_line if len(one_line) <= 30 else one_line[:27] + "...")
    if isinstance(value, tuple):
        return ", ".join(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _differences(ours: Any, theirs: Any, fields: Sequence[str]) -> list[str]:
    return [f"{name} (journal {_show(getattr(ours, name))}, file {_show(getattr(theirs, name))})"
            for name in fields if getattr(ours, name) != getattr(theirs, name)]


def _block_content(block: Block) -> Any:
    """What makes two blocks the same block, whatever their ids."""
    return (block.plan.flat(),
            [(a.made_on, a.reason, a.changes) for a in block.amendments])


def merge(
    existing: Journal,
    incoming: Journal,
    today: date,
    *,
    session_fields: Sequence[str] = SESSION_FIELDS,
) -> MergeResult:
    """``existing`` plus the records of ``incoming`` that are new, checked as a whole.

    ``session_fields`` says which session fields the incoming records really carry (a csv
    row has only minutes and cost); only those are compared with a session already there.
    Raises :class:`ImportRefused` listing every clash and every problem; neither journal is
    changed.
    """
    merged = Journal(blocks=list(existing.blocks), entries=dict(existing.entries),
                     sessions=dict(existing.sessions),
                     side_effects=list(existing.side_effects))
    result = MergeResult(merged)
    conflicts: list[str] = []
    new_days: set[date] = set()
    remap: dict[str, str] = {}

    for block in sorted(incoming.blocks, key=lambda b: b.id):
        same_id = existing.block_by_id(block.id)
        same_name = existing.block_by_name(block.name)
        if same_id is not None:
            if codec.encode_block(same_id) == codec.encode_block(block):
                result.unchanged["blocks"] += 1
            else:
                conflicts.append(f"block {block.name!r} (id {block.id}): the journal has a "
                                 "different plan or amendments under this id")
        elif same_name is not None:
            if _block_content(same_name) == _block_content(block):
                remap[block.id] = same_name.id
                result.unchanged["blocks"] += 1
            else:
                conflicts.append(f"block {block.name!r}: the journal already has a different "
                                 "block with this name")
        else:
            merged.blocks.append(block)
            result.added["blocks"] += 1

    for day in sorted(incoming.entries):
        entry = incoming.entries[day]
        ours = existing.entries.get(day)
        if ours is None:
            merged.entries[day] = entry
            new_days.add(day)
            result.added["days"] += 1
        elif diff := _differences(ours, entry, ENTRY_FIELDS if entry.medicine is not None
                                  else ENTRY_FIELDS[:-1]):  # an older file never says
            conflicts.append(f"day {day}: differs from the journal: {'; '.join(diff)}")
        else:
            result.unchanged["days"] += 1

    for day in sorted(incoming.sessions):
        session = incoming.sessions[day]
        if session.block_id in remap:
            session = session.replace(block_id=remap[session.block_id])
        ours_session = existing.sessions.get(day)
        if ours_session is None:
            merged.sessions[day] = session
            new_days.add(day)
            result.added["sessions"] += 1
        elif diff := _differences(ours_session, session, session_fields):
            conflicts.append(f"session {day}: differs from the journal: {'; '.join(diff)}")
        else:
            result.unchanged["sessions"] += 1

    for effect in incoming.side_effects:
        by_id = next((s for s in existing.side_effects if s.id == effect.id), None)
        if by_id is not None:
            if diff := _differences(by_id, effect, SIDE_EFFECT_FIELDS):
                conflicts.append(f"side effect {effect.day} {effect.kind} (id {effect.id}): "
                                 f"differs from the journal: {'; '.join(diff)}")
            else:
                result.unchanged["side_effects"] += 1
        elif any(not _differences(s, effect, SIDE_EFFECT_FIELDS)
                 for s in existing.side_effects):
            result.unchanged["side_effects"] += 1
        else:
            merged.side_effects.append(effect)
            new_days.add(effect.day)
            result.added["side_effects"] += 1
    merged.side_effects.sort(key=lambda s: (s.day, s.id))

    problems = check_journal(merged, today, new_days)
    if conflicts or problems:
        headline = []
        if conflicts:
            one = len(conflicts) == 1
            headline.append(f"{len(conflicts)} record{'' if one else 's'} "
                            f"clash{'es' if one else ''} with the journal")
        if problems:
            headline.append(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
        raise ImportRefused(" and ".join(headline), conflicts + problems)
    return result


def check_journal(journal: Journal, today: date, new_days: set[date]) -> list[str]:
    """Problems the whole journal would have: clashing blocks, pain off its block's scale,
    new records dated in the future."""
    problems = []
    blocks = journal.blocks_by_start()
    for i, a in enumerate(blocks):
        for b in blocks[i + 1:]:
            if a.name.casefold() == b.name.casefold():
                problems.append(f"block {b.name!r}: the name is used twice")
            pa, pb = a.current, b.current
            if pa.overlaps(pb):
                problems.append(f"block {b.name!r} ({pb.baseline_start} to {pb.block_end}) "
                                f"overlaps block {a.name!r} ({pa.baseline_start} to "
                                f"{pa.block_end}), baselines included")
    for day in sorted(journal.entries):
        entry = journal.entries[day]
        try:
            entry.check_scale(journal.pain_scale_for(day))
        except ValidationError as exc:
            problems.append(f"day {day}: {exc} (the scale of its block)")
    for day in sorted(new_days):
        if day > today:
            problems.append(f"day {day}: date: cannot be in the future (today is {today})")
    return problems
