"""Disk full and I/O errors: a clear refusal, the file as it was, nothing left behind.

Faults are injected into the real system calls (``os.open``, ``os.write``, ``os.fsync``,
``os.replace``) for files in the test's folder only, in the manner of SQLite's I/O-error
tests: a chosen call fails, then the same operation is repeated with the fault one call later,
until it runs to completion. After every failure the journal file is byte-for-byte what it
was, the store's memory equals the file, no temp file is left, and the next write works.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from journal.paths import backups_dir
from journal.store import JournalFileError, JournalWriteError, Store

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(),
                                reason="needs /proc to tell our files from others")

OPS = ("open", "write", "fsync", "replace")


class Faults:
    """Fail chosen system calls on files under ``folder``; everything else passes through."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
        self.folder = str(folder)
        self.real = {name: getattr(os, name) for name in OPS}
        self.ops: tuple[str, ...] = ()
        self.errno = errno.ENOSPC
        self.fail_at: int | None = None  # fail the n-th matching call (1-based) ...
        self.persistent = False  # ... and, if persistent, every one after it
        self.only: str | None = None  # "temp": only temp files; "folder": only the folder
        self.count = 0
        self.failed: list[str] = []
        for name in OPS:
            monkeypatch.setattr(os, name, self._wrap(name))

    def arm(self, *ops: str, err: int = errno.ENOSPC, at: int | None = 1,
            persistent: bool = False, only: str | None = None) -> None:
        self.ops, self.errno, self.fail_at = ops or OPS, err, at
        self.persistent, self.only = persistent, only
        self.count, self.failed = 0, []

    def disarm(self) -> None:
        self.fail_at = None

    def _target(self, name: str, args: tuple[object, ...]) -> str:
        first = args[0]
        if name in ("write", "fsync"):
            try:
                return os.readlink(f"/proc/self/fd/{first}")
            except OSError:
                return ""
        return os.fsdecode(first) if isinstance(first, str | bytes | os.PathLike) else ""

    def _wrap(self, name: str):
        real = self.real[name]

        def call(*args, **kwargs):
            if self.fail_at is not None and name in self.ops:
                target = self._target(name, args)
                if target.startswith(self.folder) and (
                        self.only is None
                        or (self.only == "temp" and target.endswith(".tmp"))
                        or (self.only == "folder" and os.path.isdir(target))):
                    self.count += 1
                    if self.count == self.fail_at or (self.persistent
                                                      and self.count > self.fail_at):
                        where = "/" if os.path.isdir(target) else Path(target).name
                        self.failed.append(f"{name} {where}")
                        raise OSError(self.errno, os.strerror(self.errno))
            return real(*args, **kwargs)

        return call


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch, journal_path: Path) -> Faults:
    return Faults(monkeypatch, journal_path.parent)


def _temp_files(path: Path) -> list[Path]:
    return [p for folder in (path.parent, backups_dir(path)) if folder.is_dir()
            for p in folder.iterdir() if p.name.endswith(".tmp")]


def _assert_untouched(store: Store, path: Path, before: bytes, clock) -> None:
    assert path.read_bytes() == before, "the journal file changed"
    assert _temp_files(path) == [], "a temp file was left behind"
    assert store.export() == Store(path, clock).export(), "memory and file disagree"


@pytest.fixture
def busy_store(store: Store, clock) -> Store:
    """A journal with some entries whose backup for today is already made."""
    for i in range(1, 6):
        store.log_day(clock.today() - timedelta(days=i), pain=i, note=f"day {i}")
    return store


# --- each fault on its own -------------------------------------------------------------------
REASONS = {errno.ENOSPC: "the disk is full", errno.EIO: "input/output error"}


@pytest.mark.parametrize("err", REASONS, ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize("op", ["write", "fsync", "replace"])
def test_failed_write_is_refused_plainly_and_changes_nothing(
        busy_store, journal_path, clock, faults, op, err):
    before = journal_path.read_bytes()
    faults.arm(op, err=err, only="temp")
    with pytest.raises(JournalWriteError) as caught:
        busy_store.log_day(clock.today(), pain=7, note="unsaved")
    assert faults.failed, "no fault was injected"
    message = str(caught.value)
    assert REASONS[err] in message and "unchanged" in message
    assert "Errno" not in message and "Traceback" not in message
    assert clock.today() not in busy_store.journal.entries
    _assert_untouched(busy_store, journal_path, before, clock)
    faults.disarm()
    busy_store.log_day(clock.today(), pain=7, note="saved")
    assert Store(journal_path, clock).journal.entries[clock.today()].note == "saved"


def test_disk_full_while_copying_the_days_backup_saves_nothing_and_says_so(
        busy_store, journal_path, clock, faults):
    clock.advance(days=1)  # a new day: the next write first copies the journal aside
    before = journal_path.read_bytes()
    faults.arm("write", only="temp")
    with pytest.raises(JournalWriteError) as caught:
        busy_store.log_day(clock.today(), pain=2)
    assert "backup" in str(caught.value) and "the disk is full" in str(caught.value)
    assert faults.failed[0].startswith("write .journal-")  # it failed inside the backup
    _assert_untouched(busy_store, journal_path, before, clock)
    faults.disarm()
    busy_store.log_day(clock.today(), pain=2)
    assert (backups_dir(journal_path) / f"journal-{clock.today().isoformat()}.json").exists()


def test_failing_to_create_the_lock_file_is_a_write_error(store, journal_path, clock, faults):
    journal_path.parent.mkdir(parents=True)
    faults.arm("open", err=errno.EROFS)
    with pytest.raises(JournalWriteError, match="read-only"):
        store.log_day(clock.today(), pain=1)
    assert not journal_path.exists()


def test_a_folder_that_cannot_be_synced_does_not_undo_a_complete_write(
        busy_store, journal_path, clock, faults):
    # The file is already renamed into place; like SQLite, a failed folder sync is not fatal.
    faults.arm("fsync", err=errno.EIO, persistent=True, only="folder")
    busy_store.log_day(clock.today(), pain=4)
    assert faults.failed == ["fsync /"]
    assert Store(journal_path, clock).journal.entries[clock.today()].pain == 4


# --- every failure point in turn ------------------------------------------------------------
def _step(failed: str) -> str:
    """``write .journal-2026-11-21.json.x8k2.tmp`` -> ``write daily backup``."""
    op, _, name = failed.partition(" ")
    if name.endswith(".lock"):
        return f"{op} lock"
    if name == "/":
        return f"{op} folder"
    if not name.startswith("."):
        return f"{op} {name}"
    core = name[1:].rpartition(".")[0].rpartition(".")[0]
    kind = {"journal.json": "journal"}.get(core, "monthly backup" if core.count("-") == 2
                                            else "daily backup")
    return f"{op} {kind}"


@pytest.mark.parametrize("persistent", [False, True], ids=["once", "persistent"])
@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_a_fault_at_every_step_of_a_write_is_survived(
        busy_store, journal_path, clock, monkeypatch, tmp_path, persistent, err):
    """The day's first write: lock, daily and monthly backup copies, then the journal."""
    template = journal_path.read_bytes()
    faults = Faults(monkeypatch, tmp_path / "attempts")
    clock.set(clock.now().replace(day=1))  # a new month, so the monthly copy is made too
    points = set()
    for n in range(1, 60):
        path = tmp_path / "attempts" / f"{n}" / "journal.json"
        path.parent.mkdir(parents=True)
        path.write_bytes(template)
        store = Store(path, clock)
        faults.arm(err=err, at=n, persistent=persistent)
        try:
            store.log_day(clock.today(), pain=5)
        except JournalWriteError:
            assert faults.failed
            # The call whose failure stopped the write (a folder sync failing is not fatal).
            points.add(next(step for step in map(_step, faults.failed)
                            if step not in ("open folder", "fsync folder")))
            faults.disarm()
            _assert_untouched(store, path, template, clock)
            assert clock.today() not in store.journal.entries
            store.log_day(clock.today(), pain=5)  # and the next write works
            assert Store(path, clock).journal.entries[clock.today()].pain == 5
            continue
        faults.disarm()
        assert Store(path, clock).journal.entries[clock.today()].pain == 5
        if not faults.failed:
            break  # the write ran to completion without meeting the fault: every step tried
        assert {_step(f) for f in faults.failed} <= {"open folder", "fsync folder"}
    else:
        pytest.fail("the write never completed")
    assert points == {"open lock"} | {f"{op} {what}" for op in ("open", "write", "fsync", "replace")
                                      for what in ("daily backup", "monthly backup", "journal")}


# --- a real limit instead of a simulated one -----------------------------------------------
FSIZE_CHILD = textwrap.dedent("""
    import resource, sys
    from datetime import date, datetime, timezone
    from journal.clock import FixedClock
    from journal.store import JournalWriteError, Store
    store = Store(sys.argv[1], FixedClock(datetime(2026, 11, 21, 20, tzinfo=timezone.utc)))
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        store.log_day(date(2026, 11, 21), pain=5, note="x" * 2000)
    except JournalWriteError as exc:
        print(exc)
        sys.exit(0)
    sys.exit("the write was not refused")
""")


def test_file_size_limit_of_the_system_refuses_the_write_cleanly(busy_store, journal_path):
    before = journal_path.read_bytes()
    done = subprocess.run([sys.executable, "-c", FSIZE_CHILD, str(journal_path),
                           str(len(before) + 200)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "larger than this system allows" in done.stdout and "unchanged" in done.stdout
    assert journal_path.read_bytes() == before
    assert _temp_files(journal_path) == []


def test_an_unreadable_journal_is_reported_not_crashed_on(journal_path, clock, faults):
    journal_path.parent.mkdir(parents=True)
    journal_path.write_text("{}")
    faults.arm("open", err=errno.EIO)
    with pytest.raises(JournalFileError, match="cannot be read"):
        Store(journal_path, clock)


def test_a_failed_first_write_does_not_come_back_with_the_next_one(
        store, journal_path, clock, faults):
    from journal.domain.models import Plan

    plan = Plan(name="Back", first_session=clock.today(), weeks=4, sessions_per_week=1,
                minutes=30)
    faults.arm("write", only="temp")
    with pytest.raises(JournalWriteError):
        store.add_block(plan)
    faults.disarm()
    store.log_day(clock.today(), pain=3)
    reopened = Store(journal_path, clock).journal
    assert reopened.blocks == [] and store.journal.blocks == []
    assert reopened.entries[clock.today()].pain == 3
