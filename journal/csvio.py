"""Day rows as CSV: ``journal export --format csv`` and ``journal import FILE.csv``.

The format
----------
A cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written with a leading ``'``, as OWASP advises, and so is a
cell that starts with ``'`` followed by one of those or another ``'``; import removes exactly
that one ``'``, so an export reads back byte for byte.
UTF-8 (a leading byte-order mark is accepted on import), RFC 4180: comma-separated, lines end
with CRLF (``\\r\\n``), a cell holding a comma, a double quote or a line break is enclosed in
double quotes with inner quotes doubled; notes may span lines inside their quotes. The header
is exactly::

    date,pain,function,sleep_wakings,mood,fatigue,flare,note,session_minutes,session_cost,medicine

One row per calendar date that has a day entry or a session, oldest first. ``date`` is
``YYYY-MM-DD``; numbers are written as stored (``4``, ``4.5``); an absent value is an empty
cell; ``flare`` is ``1`` for a flare-up and empty otherwise (import also accepts ``0``,
``yes``/``no``, ``true``/``false``); ``session_minutes`` and ``session_cost`` describe the
session delivered that day, if any; ``medicine`` is the doses of pain medicine taken that day
(0 for none, empty when not said). Columns added later are added at the end, so a file
written before them (without ``medicine``) still imports.

On import, columns may come in any order and any of them except ``date`` may be left out. A
row with a session creates the session with the pressure and areas of the block that covers
its date (CSV does not carry them). Everything is checked before anything is written: each bad
row is reported with its line number and the column at fault.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from journal.domain import checks
from journal.domain.errors import ValidationError
from journal.domain.models import DAY_NUMBERS, DayEntry, Journal, Session
from journal.importer import ImportRefused

#: The file's columns, in the order they are written (a number column of a day is named as
#: its field in :data:`DAY_NUMBERS`).
COLUMNS = ("date", "pain", "function", "sleep_wakings", "mood", "fatigue", "flare", "note",
           "session_minutes", "session_cost", "medicine")
DAY_COLUMNS = (*(f.name for f in DAY_NUMBERS), "flare", "note")
#: What the CSV says about a session, for comparing with a session already in the journal.
SESSION_FIELDS = ("minutes", "cost")

#: Field names used by the model's validation -> the column that holds the value.
_COLUMN_FOR = {**{f.label: f.name for f in DAY_NUMBERS}, "flare-up": "flare",
               "minutes": "session_minutes", "cost": "session_cost"}


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
#: injection"): ``=HYPERLINK(...)`` in a note would run when the file is opened.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutral(cell: str) -> str:
    """The cell as written: a leading ``'`` makes a spreadsheet show it as text. A cell that
    already starts with ``'`` and then a formula character (or a second ``'``) gets one too,
    so :func:`_as_read` can always remove exactly one and every export round-trips."""
    if cell.startswith(FORMULA_START) or _looks_neutralised(cell):
        return "'" + cell
    return cell


def _looks_neutralised(cell: str) -> bool:
    return cell.startswith("'") and cell[1:2] in (*FORMULA_START, "'")


def _as_read(cell: str) -> str:
    """The value a cell written by :func:`_neutral` stands for."""
    return cell[1:] if _looks_neutralised(cell) else cell


def _cell(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _flare(cell: str) -> bool:
    if not cell:
        return False
    try:
        return checks.flag(cell, "flare")
    except ValidationError:
        raise ValidationError("flare", f"must be 1 or empty (yes/no and true/false work too; "
                              f"got {cell[:20]!r})") from None


def journal_to_csv(journal: Journal) -> str:
    """The day rows of ``journal`` as CSV text (header included, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for day in sorted(set(journal.entries) | set(journal.sessions)):
        entry = journal.entries.get(day)
        session = journal.sessions.get(day)
        row = dict.fromkeys(COLUMNS, "")
        row["date"] = day.isoformat()
        if entry:
            row.update({f.name: _cell(getattr(entry, f.name)) for f in DAY_NUMBERS})
            row["flare"] = "1" if entry.flare else ""
            row["note"] = entry.note
        if session:
            row["session_minutes"] = _cell(session.minutes)
            row["session_cost"] = _cell(session.cost)
        writer.writerow([_neutral(row[name]) for name in COLUMNS])
    return out.getvalue()


def _header(row: list[str]) -> list[str]:
    names = [cell.strip().lower() for cell in row]
    problems = []
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        problems.append(f"line 1: unknown column{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(repr(n) for n in unknown)}; the columns are "
                        + ",".join(COLUMNS))
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        problems.append(f"line 1: column{'s' if len(twice) > 1 else ''} "
                        f"{', '.join(twice)} appear{'s' if len(twice) == 1 else ''} twice")
    if "date" not in names:
        problems.append("line 1: the header has no date column; it must be "
                        + ",".join(COLUMNS))
    if problems:
        raise ImportRefused("it has an unusable header", problems)
    return names


def _row(cells: dict[str, str], existing: Journal, now: datetime, today: date,
         ) -> tuple[date, DayEntry | None, Session | None]:
    day = checks.iso_day(cells["date"], "date")
    if day > today:
        raise ValidationError("date", f"cannot be in the future (today is {today})")
    has_day = any(cells.get(c, "").strip() for c in DAY_COLUMNS)
    minutes = cells.get("session_minutes", "").strip()
    cost = cells.get("session_cost", "").strip()
    entry = None
    if has_day or not (minutes or cost):
        flare = cells.get("flare", "").strip()
        # The cells are CSV text: DayEntry and Session parse and check them (hence Any and
        # the ignores).
        numbers: dict[str, Any] = {f.name: cells.get(f.name) for f in DAY_NUMBERS}
        entry = DayEntry(day=day, flare=_flare(flare), note=cells.get("note", ""),
                         recorded_at=now, **numbers)
        entry.check_scale(existing.pain_scale_for(day))
    session = None
    if cost and not minutes:
        raise ValidationError("session_cost", "needs session_minutes on the same row")
    if minutes:
        covering = existing.block_covering(day)
        owner = existing.block_for(day)
        plan = covering.current if covering else None
        session = Session(
            day=day,
            minutes=minutes,  # type: ignore[arg-type]  # text, checked
            pressure=plan.pressure if plan else "light",
            areas=plan.areas if plan else (),
            cost=cost or None,  # type: ignore[arg-type]  # text, checked
            block_id=owner.id if owner else None,
            recorded_at=now,
        )
    return day, entry, session


def journal_from_csv(text: str, existing: Journal, now: datetime, today: date) -> Journal:
    """The day entries and sessions that CSV ``text`` describes, every row checked.

    Pain is checked against the scale of the block in ``existing`` that covers each date.
    Raises :class:`ImportRefused` listing each bad row as ``line N: column: why``.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        first = next(reader, None)
    except csv.Error as exc:
        raise ImportRefused("it is not readable CSV", [f"line 1: {exc}"]) from None
    if first is None or not any(c.strip() for c in first):
        raise ImportRefused("it is empty: the first line must be the header "
                            + ",".join(COLUMNS))
    names = _header(first)
    incoming = Journal()
    problems: list[str] = []
    seen: dict[date, int] = {}
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"line {start}: {exc}")
            break
        end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            problems.append(f"line {start}: has {len(row)} cells, the header has {len(names)}")
            continue
        try:
            day, entry, session = _row(dict(zip(names, map(_as_read, row), strict=True)),
                                       existing, now, today)
        except ValidationError as exc:
            column = _COLUMN_FOR.get(exc.field, exc.field)
            problems.append(f"line {start}: {column}: {exc.problem}")
            continue
        if day in seen:
            problems.append(f"line {start}: date {day} is also on line {seen[day]}")
            continue
        seen[day] = start
        if entry is not None:
            incoming.entries[day] = entry
        if session is not None:
            incoming.sessions[day] = session
    if problems:
        raise ImportRefused(f"it has {len(problems)} bad row{'s' if len(problems) != 1 else ''}",
                            problems)
    return incoming
