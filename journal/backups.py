"""Copies of the journal file in the ``backups`` folder beside it (``journal locate`` shows it).

Plain file operations (no TinyDB, no Textual). Every copy is written like the journal itself:
a temp file, fsync, atomic rename, as a 0600 file in a 0700 folder.

Names carry the journal's stem, so two journals in one folder never share a backup::

    journal-2026-11-21.json                       daily: the journal as it was before the
                                                  first change of that day (last 14 kept)
    journal-2026-11.json                          monthly: the first daily copy of the month
                                                  (last 12 kept)
    journal-2026-11-21-203000.json                made by ``journal backup`` (kept)
    journal-2026-11-21-203000-before-restore.json the journal as it was just before
                                                  ``journal restore`` replaced it (kept)

A second copy in the same second gets ``-2``, ``-3`` ... after the time. Copies that a person
asked for (and safety copies) are never deleted automatically.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from datetime import date, datetime
from pathlib import Path

from journal.clock import Clock
from journal.domain.models import Journal
from journal.domain.record import record
from journal.journal_file import (
    JournalFileError,
    atomic_write_bytes,
    decode,
    file_lock,
    load_journal,
    plain_reason,
    read_bytes,
    write_error,
)
from journal.paths import backups_dir, ensure_private_dir

DAILY_KEEP = 14
MONTHLY_KEEP = 12
SAFETY_TAG = "-before-restore"


@record()
class BackupName:
    """What a backup's file name says about it."""

    kind: str  # "daily", "monthly", "manual" or "before-restore"
    taken: datetime  # the moment its content stands for, for ordering (newest first)
    serial: int = 1

    @property
    def label(self) -> str:
        """How a person reads it: ``2026-11-21``, ``2026-11 (monthly)``, ``2026-11-21 20:30``."""
        if self.kind == "monthly":
            return f"{self.taken:%Y-%m} (monthly)"
        if self.kind == "daily":
            return f"{self.taken:%Y-%m-%d}"
        text = f"{self.taken:%Y-%m-%d %H:%M:%S}"
        return f"{text} (before a restore)" if self.kind == "before-restore" else text


def _pattern(journal_file: Path) -> re.Pattern[str]:
    stem, suffix = re.escape(journal_file.stem), re.escape(journal_file.suffix)
    return re.compile(
        rf"^{stem}-(?P<y>\d{{4}})-(?P<m>\d{{2}})"
        rf"(?:-(?P<d>\d{{2}})(?:-(?P<t>\d{{6}})(?:-(?P<n>\d+))?(?P<safety>{SAFETY_TAG})?)?)?"
        rf"{suffix}$"
    )


def parse_name(journal_file: Path, name: str) -> BackupName | None:
    """The meaning of a file name in the backups folder, or None if it is not our backup."""
    match = _pattern(journal_file).match(name)
    if match is None:
        return None
    try:
        y, m = int(match["y"]), int(match["m"])
        if match["d"] is None:
            return BackupName("monthly", datetime(y, m, 1))
        d = int(match["d"])
        if match["t"] is None:
            return BackupName("daily", datetime(y, m, d))
        t = match["t"]
        taken = datetime(y, m, d, int(t[:2]), int(t[2:4]), int(t[4:]))
    except ValueError:
        return None
    kind = "before-restore" if match["safety"] else "manual"
    return BackupName(kind, taken, int(match["n"] or 1))


def _sort_key(info: BackupName) -> tuple[datetime, int, int]:
    # A monthly copy equals the first daily copy of its month; list it just after it.
    rank = {"monthly": 0, "daily": 1, "manual": 2, "before-restore": 3}[info.kind]
    return (info.taken, rank, info.serial)


def _named(journal_file: Path) -> list[tuple[BackupName, Path]]:
    folder = backups_dir(journal_file)
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for path in entries:
        info = parse_name(journal_file, path.name)
        if info is not None and path.is_file():
            found.append((info, path))
    found.sort(key=lambda pair: _sort_key(pair[0]), reverse=True)
    return found


def list_backups(journal_file: Path) -> list[Path]:
    """Every backup of this journal, newest first."""
    return [path for _, path in _named(journal_file)]


def describe(journal_file: Path, backup: Path) -> str:
    """A short label for a backup (its date, and its kind when not daily)."""
    info = parse_name(journal_file, backup.name)
    return info.label if info else backup.name


def owns_temp_name(journal_file: Path, name: str) -> bool:
    """True when ``name`` is the target of one of this journal's backup temp files."""
    return parse_name(journal_file, name) is not None


def _read(journal_file: Path) -> bytes | None:
    try:
        return journal_file.read_bytes()
    except FileNotFoundError:
        return None


class NotABackupError(OSError):
    """Something other than a backup file (a symlink, a folder) sits at a backup's name."""

    def __init__(self, path: Path, mode: int) -> None:
        kind = ("a symbolic link" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode)
                else "not a regular file")
        super().__init__(errno.EEXIST, f"{path} is {kind}, not a backup copy; remove it "
                         "(or move it away) so that the copy can be made", str(path))


def _present(path: Path) -> bool:
    """True when a backup file is at ``path``; anything else there is reported, not taken
    for a backup (a symlink could point anywhere, or be replaced later)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISREG(st.st_mode):
        return True
    raise NotABackupError(path, st.st_mode)


def daily_backup(journal_file: Path, today: date) -> Path | None:
    """Copy the journal aside before the first write of ``today``, and make this month's
    copy if it is missing (a full disk may have stopped it on an earlier day).

    Returns the new daily copy, or None when today's copy already exists or there is no
    journal yet. The store calls this under the journal's write lock and remembers that it
    did, so this costs two ``lstat`` calls per day. Raises ``OSError`` when a copy cannot be
    written, or when something other than a backup file sits at a copy's name.
    """
    folder = backups_dir(journal_file)
    stem, suffix = journal_file.stem, journal_file.suffix
    daily = folder / f"{stem}-{today.isoformat()}{suffix}"
    monthly = folder / f"{stem}-{today:%Y-%m}{suffix}"
    wanted = [path for path in (daily, monthly) if not _present(path)]
    if not wanted:
        return None
    raw = _read(journal_file)
    if raw is None or not raw.strip():
        return None
    ensure_private_dir(folder)
    for path in wanted:
        atomic_write_bytes(path, raw)
    # With the clock set back, the copy just made may be the oldest of its kind: it stays.
    prune(journal_file, keep=wanted)
    return daily if daily in wanted else None


def prune(journal_file: Path, keep: list[Path] | None = None) -> list[Path]:
    """Delete daily copies beyond the newest 14 and monthly ones beyond the newest 12
    (never one of ``keep``)."""
    removed = []
    named = _named(journal_file)
    for kind, limit in (("daily", DAILY_KEEP), ("monthly", MONTHLY_KEEP)):
        for _, path in [pair for pair in named if pair[0].kind == kind][limit:]:
            if keep and path in keep:
                continue
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path)
    return removed


def _unique_name(journal_file: Path, moment: datetime, tag: str) -> Path:
    folder = backups_dir(journal_file)
    base = f"{journal_file.stem}-{moment:%Y-%m-%d-%H%M%S}"
    candidate = folder / f"{base}{tag}{journal_file.suffix}"
    serial = 2
    while candidate.exists():
        candidate = folder / f"{base}-{serial}{tag}{journal_file.suffix}"
        serial += 1
    return candidate


def backup_now(journal_file: Path, clock: Clock) -> Path:
    """Copy the journal to the backups folder now (``journal backup``); returns the copy.

    The file is copied as it is, even when it would not open: a copy can only help.
    """
    if not journal_file.is_file():
        raise JournalFileError(journal_file, "does not exist yet, so there is nothing to back "
                               "up.")
    with file_lock(journal_file):
        try:
            raw = _read(journal_file)
        except OSError as exc:
            raise JournalFileError(journal_file, f"cannot be read ({plain_reason(exc)}), so "
                                   "no copy was made.") from exc
        if raw is None:
            raise JournalFileError(journal_file, "does not exist any more, so there is nothing "
                                   "to back up.")
        try:
            ensure_private_dir(backups_dir(journal_file))
            target = _unique_name(journal_file, clock.now(), "")
            atomic_write_bytes(target, raw)
        except OSError as exc:
            raise write_error(journal_file, exc, what="the backup copy") from exc
    return target


def restore(journal_file: Path, backup: Path, clock: Clock) -> Path | None:
    """Put ``backup`` back as the journal (``journal restore FILE``).

    The backup must open as a journal that holds something, or nothing happens (a
    :class:`JournalFileError` names the backup). The current journal file, whatever state it
    is in, is first copied to a ``-before-restore`` backup, whose path is returned (None when
    there was no journal file). The replacement is atomic and done under the write lock, so a
    running app or a ``journal log`` never sees half of it; a running app shows the restored
    journal on its next refresh.
    """
    backup = Path(backup)
    try:
        raw = read_bytes(backup)  # read once: the bytes checked are the bytes put back
        journal = decode(backup, raw)[1]
    except JournalFileError as exc:
        raise JournalFileError(backup, f"{exc.problem} Nothing was restored.") from None
    if journal_file.exists() and backup.resolve() == journal_file.resolve():
        raise JournalFileError(backup, "is the journal file itself. Nothing was restored.")
    if journal == Journal():
        raise JournalFileError(backup, "holds an empty journal; putting it back would leave "
                               "nothing. Nothing was restored.")
    safety: Path | None = None
    try:
        ensure_private_dir(journal_file.parent)
        with file_lock(journal_file):
            current = _read(journal_file)
            if current is not None:
                ensure_private_dir(backups_dir(journal_file))
                safety = _unique_name(journal_file, clock.now(), SAFETY_TAG)
                atomic_write_bytes(safety, current)
            atomic_write_bytes(journal_file, raw)
    except OSError as exc:
        raise write_error(journal_file, exc, what="restoring the backup") from exc
    return safety


def newest_good_backup(journal_file: Path) -> Path | None:
    """The newest backup that opens as a journal (for the message about a damaged file)."""
    for path in list_backups(journal_file):
        try:
            load_journal(path)
        except JournalFileError:
            continue
        return path
    return None
