"""A read-only look at the journal file for ``journal status --short``, without the store.

``status --short`` runs on every shell prompt, so it must not pay for what only writers need:
TinyDB, the write lock, the daily backup, the clean-up of temp files, nor building an entry
for each of thousands of days when it needs one. This module reads the file once and checks it
with the store's own functions (:mod:`journal.journal_file`, :mod:`journal.domain.codec`):
the same strict JSON, the same structure, every block, session and side effect decoded as the
store does, and only the days asked for built as entries; the others pass a quick test that
accepts only what the store certainly accepts.

Anything unusual (a damaged or newer file, an empty file, something that is not a file, a read
error) is not answered here: :func:`read_journal` returns None and the caller opens the store,
which refuses the file with its full message (naming the newest backup that opens) and the
usual exit code. The fast path therefore never changes what a person sees, only how soon.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection
from datetime import date

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    from pathlib import Path

    from journal.domain.models import Journal


def read_journal(path: str | os.PathLike[str],
                 days: Collection[date] | None = None) -> Journal | None:
    """The journal in ``path`` when it can be read plainly, else None (ask the store).

    With ``days``, only those days' entries are put in the journal; every other entry is
    still checked with the store's own quick test (:func:`journal.domain.codec.clean_day_docs`),
    narrower than its full checks, so a file the store would refuse is never answered here.
    A missing file is an empty journal, as it is for the store.
    """
    from journal.domain.models import Journal
    from journal.journal_file import read_all

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not hang the prompt
    except FileNotFoundError:
        return Journal()
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None  # the store names the problem
        raw = read_all(fd)
    except OSError:
        return None
    finally:
        os.close(fd)
    if not raw.strip():
        return None  # empty: the store checks whether backups say it was damaged
    from journal.journal_file import JournalFileError, decode

    if days is None:
        try:
            return decode(_as_path(path), raw)[1]
        except JournalFileError:
            return None
    from journal.journal_file import collector_paused

    with collector_paused():
        return _decode_some(path, raw, {day.isoformat() for day in days})


def _decode_some(path: str | os.PathLike[str], raw: bytes, wanted: set[str]) -> Journal | None:
    """As :func:`journal.journal_file.decode`, building only the ``wanted`` days' entries."""
    from journal.domain import codec
    from journal.journal_file import JournalFileError, check_tables, parse_json, record_tables

    where = _as_path(path)
    try:
        tables = record_tables(check_tables(where, parse_json(where, raw)))
    except JournalFileError:
        return None
    day_docs = tables.pop("days")
    try:
        if not codec.clean_day_docs(day_docs):
            return None
        journal = codec.journal_from_tables(tables)
        for doc in day_docs:
            if doc["date"] in wanted:
                entry = codec.decode_entry(doc)
                journal.entries[entry.day] = entry
    except Exception:
        return None  # the store decodes the file again and says what is wrong
    return journal


def _as_path(path: str | os.PathLike[str]) -> Path:
    """``path`` as journal_file's readers take it: they only name it in their messages, so
    any path-like does, without importing pathlib for the quick commands."""
    return path  # type: ignore[return-value]  # only ever printed (see above)
