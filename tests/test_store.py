"""The store keeps what it is given, refuses files it cannot trust, and shares the file safely."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from journal import backups, cli, journal_file
from journal.domain import codec
from journal.domain.models import FUNCTION_PRESETS, Plan, Rule, Session
from journal.store import (
    CorruptJournalError,
    JournalFileError,
    LockTimeoutError,
    NewerFormatError,
    Store,
)

DAY = date(2026, 11, 21)


@pytest.fixture(params=["flock", "filelock"])
def lock_backend(request, monkeypatch) -> str:
    """Run a test with each write lock: flock (POSIX) and the filelock library (Windows)."""
    monkeypatch.setattr(journal_file, "LIBRARY_LOCK", request.param == "filelock")
    return request.param


def full_journal(store: Store) -> None:
    """Every record type, with every optional field filled in somewhere."""
    plan = Plan(
        name="Neck, autumn", first_session=DAY - timedelta(days=20), weeks=6,
        sessions_per_week=2, minutes=45, baseline_days=7, pain_scale=10,
        function=FUNCTION_PRESETS["head-turn"], rule=Rule(1.5, 10), areas=("neck", "shoulders"),
        pressure="moderate", technique="Swedish", therapist="R. Okafor", cost_per_session=55.5,
        currency="EUR", concurrent_care=("exercise",), care_role="supports", gentle_start=True,
        nerve_symptoms=True)
    block = store.add_block(plan)
    store.log_day(DAY - timedelta(days=2), pain=6.5, function=40, sleep_wakings=2, mood=4,
                  fatigue=7, flare=True, note="Bad night.\nStiff in the morning; ünïcödé ✓ 😊")
    # A day inside the block is logged, so the plan is frozen: this is an amendment.
    store.update_block(block.id, plan.replace(minutes=60), reason="therapist's advice")
    store.log_day(DAY - timedelta(days=1), pain=4)
    store.log_day(DAY - timedelta(days=1), function=55, note="edited later")
    store.save_session(Session(DAY - timedelta(days=2), 60, "firm", ("neck",), 55.5,
                               "too-strong", "sore after"))
    first = store.add_side_effect(DAY - timedelta(days=2), "soreness", 2)
    store.add_side_effect(DAY - timedelta(days=1), "nausea", 1, settled=False, note="brief")
    store.set_settled(first.id, True)


# --- round trip ----------------------------------------------------------------------------
def test_every_record_type_survives_a_round_trip(store, journal_path, clock):
    full_journal(store)
    reopened = Store(journal_path, clock)
    assert reopened.journal == store.journal
    assert reopened.export() == store.export()
    block = reopened.journal.blocks[0]
    assert block.plan.minutes == 45 and block.current.minutes == 60
    assert block.amendments[0].reason == "therapist's advice"
    entry = reopened.journal.entries[DAY - timedelta(days=1)]
    assert (entry.pain, entry.function, entry.note) == (4, 55, "edited later")
    assert entry.recorded_at is not None and entry.edited_at is not None
    assert reopened.journal.entries[DAY - timedelta(days=2)].note.endswith("😊")
    assert [s.settled for s in reopened.journal.side_effects] == [True, False]


def test_removals_and_undo_round_trip(store, journal_path, clock):
    full_journal(store)
    day = DAY - timedelta(days=1)
    before = store.journal.entries[day]
    store.put_entry(None, day)
    store.put_session(None, DAY - timedelta(days=2))
    store.delete_side_effect(store.journal.side_effects[0].id)
    assert day not in Store(journal_path, clock).journal.entries
    store.put_entry(before, day)
    reopened = Store(journal_path, clock)
    assert reopened.journal.entries[day] == before
    assert reopened.journal.sessions == {}
    assert len(reopened.journal.side_effects) == 1
    store.delete_block(store.journal.blocks[0].id)
    assert Store(journal_path, clock).journal.blocks == []


def test_a_cleared_field_is_gone_from_the_file_and_memory_always_matches_the_file(
        store, journal_path, clock):
    # Undo puts back an entry without a medicine dose: the stored day must lose the dose
    # (an update that merged fields would keep it), and the journal in memory is the one
    # the file holds after every kind of write.
    day = DAY - timedelta(days=1)
    before = store.journal.entries.get(day)
    store.log_day(day, pain=3, medicine=2)
    assert Store(journal_path, clock).journal.entries[day].medicine == 2
    entry = store.journal.entries[day].replace(medicine=None)
    store.put_entry(entry, day)
    days = json.loads(journal_path.read_text())["days"].values()
    assert next(d for d in days if d["date"] == day.isoformat()).get("medicine") is None
    assert store.journal == Store(journal_path, clock).journal
    full_journal(store)
    store.set_settled(store.journal.side_effects[0].id, None)
    store.put_entry(before, day)
    assert store.journal == Store(journal_path, clock).journal
    store.delete_block(store.journal.blocks[0].id)
    assert store.journal == Store(journal_path, clock).journal


def test_replace_all_writes_the_whole_journal_in_one_step(store, journal_path, clock):
    from journal.demo import demo_journal

    demo = demo_journal(clock.today(), clock.now().tzinfo)
    store.replace_all(demo)
    assert codec.journal_to_export(Store(journal_path, clock).journal) == \
        codec.journal_to_export(demo)


def test_text_that_is_not_valid_unicode_is_refused_and_an_old_file_holding_it_still_opens(
        store, journal_path, clock):
    # A shell hands Python bytes that are not UTF-8 as lone surrogates: refused where it enters.
    from journal.domain.errors import OutOfRange
    from journal.domain.models import DayEntry

    with pytest.raises(OutOfRange, match="UTF-8"):
        DayEntry(DAY, pain=2, note="caf\udce9")
    # A file written before that bound: the day is set aside (listed), the rest opens, and a
    # later save keeps the set-aside record in the file exactly as it was.
    store.log_day(DAY - timedelta(days=1), pain=3)
    raw = journal_path.read_text().replace('"days":{', '"days": {"9": {"date": '
                                           f'"{DAY.isoformat()}", "note": "caf\\udce9"}}, ', 1)
    journal_path.write_text(raw)
    reopened = Store(journal_path, clock)
    assert DAY not in reopened.journal.entries
    assert [(i.table, i.key) for i in reopened.journal.invalid] == [("days", DAY.isoformat())]
    reopened.log_day(DAY - timedelta(days=2), pain=4)
    assert "caf\\udce9" in journal_path.read_text()
    assert len(Store(journal_path, clock).journal.invalid) == 1


# --- permissions -----------------------------------------------------------------------------
def test_file_is_private_and_new_folders_too_whatever_the_umask(tmp_path, clock, lock_backend):
    path = tmp_path / "a" / "b" / "journal.json"
    old = os.umask(0)
    try:
        store = Store(path, clock)
        store.log_day(DAY, pain=3)
        store.log_day(DAY, pain=4)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "a").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o700
    assert store.lock_path.stat().st_mode & 0o777 == 0o600


def test_an_existing_folder_is_not_chmodded(tmp_path, clock):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    Store(shared / "j.json", clock).log_day(DAY, pain=3)
    assert shared.stat().st_mode & 0o777 == 0o755
    assert (shared / "j.json").stat().st_mode & 0o777 == 0o600


# --- files that must be refused ----------------------------------------------------------
VALID_META = {"1": {"format": "trial-journal", "version": 1}}
GOOD_DAY = {"date": "2026-11-20", "pain": 3}

BAD_FILES = {
    "truncated JSON": b'{"meta": {"1": {"format": "trial-journal", "version": 1}}, "days": {"1"',
    "not JSON at all": b"\x89PNG\r\n\x1a\n\x00\x00binary",
    "plain text": b"Dear diary, today my back hurt.",
    "top level is a list": b"[1, 2, 3]",
    "another program's JSON": json.dumps({"name": "x", "items": {"1": {"a": 1}}}).encode(),
    "wrong table type": json.dumps({"meta": VALID_META, "days": [GOOD_DAY]}).encode(),
    "invalid record": json.dumps({"meta": VALID_META,
                                  "days": {"1": {"date": "2026-11-20", "pain": "lots"}}}).encode(),
    "NaN": b'{"meta": {"1": {"format": "trial-journal", "version": 1}}, '
           b'"days": {"1": {"date": "2026-11-20", "pain": NaN}}}',
    "duplicate days": json.dumps({"meta": VALID_META,
                                  "days": {"1": GOOD_DAY, "2": GOOD_DAY}}).encode(),
    "duplicate key": b'{"meta": {"1": {"format": "trial-journal", "version": 1}}, '
                     b'"days": {"1": {"date": "2026-11-20"}, "1": {"date": "2026-11-19"}}}',
    "odd document id": json.dumps({"meta": VALID_META, "days": {"01": GOOD_DAY}}).encode(),
}


@pytest.mark.parametrize("raw", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_damaged_or_foreign_file_is_refused_by_name_and_left_unchanged(journal_path, clock, raw):
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(raw)
    with pytest.raises(CorruptJournalError) as caught:
        Store(journal_path, clock)
    message = str(caught.value)
    assert str(journal_path) in message
    assert "has not been changed" in message
    assert "Traceback" not in message and "Errno" not in message
    assert journal_path.read_bytes() == raw
    # Neither the app nor the command line goes on to write over it.
    assert cli.main(["--data", str(journal_path)]) == cli.EXIT_DATA
    assert journal_path.read_bytes() == raw


def test_a_version_1_journal_is_read_and_marked_with_the_current_version_at_its_first_save(
        journal_path, clock):
    """Version 1 dropped fields it did not know (designs, clinician measures, medicine) when
    it rewrote a record; once this version has written a file, version 1 must refuse it."""
    journal_path.parent.mkdir(parents=True)
    journal_path.write_text(json.dumps({"meta": VALID_META, "days": {"1": GOOD_DAY}}))
    store = Store(journal_path, clock)
    assert len(store.journal.entries) == 1
    assert json.loads(journal_path.read_text())["meta"]["1"]["version"] == 1  # reading: as is
    store.log_day(clock.today(), pain=3)
    meta = json.loads(journal_path.read_text())["meta"]
    assert meta == {"1": {"format": "trial-journal", "version": codec.FORMAT_VERSION}}
    assert codec.FORMAT_VERSION == 2


def test_file_from_a_newer_version_is_refused_with_upgrade_advice(journal_path, clock):
    journal_path.parent.mkdir(parents=True)
    raw = json.dumps({"meta": {"1": {"format": "trial-journal", "version": 99}},
                      "days": {"1": GOOD_DAY}}).encode()
    journal_path.write_bytes(raw)
    with pytest.raises(NewerFormatError) as caught:
        Store(journal_path, clock)
    message = str(caught.value)
    assert str(journal_path) in message and "newer version" in message and "upgrade" in message
    assert "restore" not in message  # the file is fine; an old backup would lose data
    assert journal_path.read_bytes() == raw


def test_corrupt_file_message_names_newest_good_backup_and_restore_command(
        store, journal_path, clock, monkeypatch):
    monkeypatch.setenv("TRIAL_JOURNAL_DATA", str(journal_path))  # the default journal
    store.log_day(DAY - timedelta(days=1), pain=3)
    clock.advance(days=1)
    store.log_day(DAY, pain=4)  # first write of the new day: yesterday's state is copied
    newest = backups.list_backups(journal_path)[0]
    # An even newer backup that is itself damaged is skipped.
    broken = newest.with_name(f"journal-{clock.today().isoformat()}-080000.json")
    broken.write_text("{")
    journal_path.write_text('{"meta": ')
    with pytest.raises(CorruptJournalError) as caught:
        Store(journal_path, clock)
    message = str(caught.value)
    assert str(newest) in message
    assert f"journal restore {newest}" in message
    assert str(broken) not in message


def test_restore_command_in_the_message_names_a_non_default_journal(tmp_path, clock):
    path = tmp_path / "other place" / "pain.json"
    first = Store(path, clock)
    first.log_day(DAY, pain=2)
    backup = backups.backup_now(path, clock)
    path.write_text("nonsense")
    with pytest.raises(CorruptJournalError) as caught:
        Store(path, clock)
    expected = f"journal --data {shlex.quote(str(path))} restore {shlex.quote(str(backup))}"
    assert expected in str(caught.value)


def test_corrupt_file_message_says_when_there_is_no_backup(journal_path, clock):
    journal_path.parent.mkdir(parents=True)
    journal_path.write_text("{")
    with pytest.raises(CorruptJournalError, match="No backup that opens was found"):
        Store(journal_path, clock)


def test_a_folder_in_place_of_the_file_is_refused(journal_path, clock):
    journal_path.mkdir(parents=True)
    with pytest.raises(JournalFileError, match="is a folder, not a journal file"):
        Store(journal_path, clock)


# --- two writers -----------------------------------------------------------------------------
def test_two_stores_on_one_file_lose_no_update(journal_path, clock, lock_backend):
    a = Store(journal_path, clock)
    b = Store(journal_path, clock)
    for i in range(10):
        a.log_day(DAY - timedelta(days=2 * i), pain=i % 10)
        b.log_day(DAY - timedelta(days=2 * i + 1), pain=(i + 1) % 10)
    a.log_day(DAY, note="from a")  # a has not seen b's last write: it must merge, not overwrite
    b.log_day(DAY, function=12)
    effect = a.add_side_effect(DAY, "soreness", 1)
    b.set_settled(effect.id, True)
    final = Store(journal_path, clock).journal
    assert len(final.entries) == 20
    assert (final.entries[DAY].note, final.entries[DAY].function) == ("from a", 12)
    assert final.side_effects[0].settled is True
    assert a.refresh() and a.journal == final


def test_refresh_reports_changes_and_nothing_else(store, journal_path, clock):
    store.log_day(DAY, pain=3)
    assert store.refresh() is False  # our own write is not "a change by someone else"
    Store(journal_path, clock).log_day(DAY - timedelta(days=1), pain=5)
    assert store.refresh() is True
    assert store.journal.entries[DAY - timedelta(days=1)].pain == 5
    assert store.refresh() is False


def test_a_write_does_not_reread_the_file_when_nobody_else_changed_it(
        store, journal_path, clock, monkeypatch):
    store.log_day(DAY - timedelta(days=3), pain=3)  # creates the file: nothing to copy
    store.log_day(DAY - timedelta(days=3), pain=4)  # the day's backup is made here
    reads: list[str] = []
    real_loads, real_read_bytes = json.loads, Path.read_bytes
    monkeypatch.setattr(json, "loads", lambda *a, **k: reads.append("loads") or real_loads(*a, **k))
    monkeypatch.setattr(Path, "read_bytes",
                        lambda self: reads.append(f"read {self}") or real_read_bytes(self))
    for i in range(5):
        store.log_day(DAY - timedelta(days=i), pain=i)
    assert reads == []
    Store(journal_path, clock)  # another reader, but not a writer
    reads.clear()
    store.log_day(DAY, pain=9)
    assert reads == []


def test_a_change_by_another_writer_is_read_once_before_writing(
        store, journal_path, clock, monkeypatch):
    import journal.store as store_module

    store.log_day(DAY, pain=3)
    Store(journal_path, clock).log_day(DAY - timedelta(days=1), pain=5)
    reads = []
    real = store_module.read_snapshot
    monkeypatch.setattr(store_module, "read_snapshot", lambda p: reads.append(p) or real(p))
    store.log_day(DAY - timedelta(days=2), pain=6)
    store.log_day(DAY - timedelta(days=3), pain=7)
    assert reads == [journal_path]
    assert set(Store(journal_path, clock).journal.entries) == {
        DAY - timedelta(days=i) for i in range(4)}


# --- the lock --------------------------------------------------------------------------------
HOLD_LOCK = textwrap.dedent("""
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("locked", flush=True)
    time.sleep(60)
""")


def _hold_lock(lock: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(lock)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_a_lock_held_by_another_process_times_out_with_a_clear_message(
        journal_path, clock, lock_backend):
    store = Store(journal_path, clock, lock_timeout=0.3)
    store.log_day(DAY, pain=3)
    before = journal_path.read_bytes()
    holder = _hold_lock(store.lock_path)
    try:
        started = time.monotonic()
        with pytest.raises(LockTimeoutError) as caught:
            store.log_day(DAY - timedelta(days=1), pain=4)
        assert time.monotonic() - started >= 0.3
        assert "another process" in str(caught.value) and "Nothing was saved" in str(caught.value)
        assert journal_path.read_bytes() == before
        assert DAY - timedelta(days=1) not in store.journal.entries
    finally:
        holder.kill()
        holder.wait()
    store.log_day(DAY - timedelta(days=1), pain=4)  # the same store works once it is free
    assert DAY - timedelta(days=1) in Store(journal_path, clock).journal.entries


def test_a_lock_left_by_a_killed_process_blocks_nobody(journal_path, clock, lock_backend):
    store = Store(journal_path, clock, lock_timeout=0.5)
    store.log_day(DAY - timedelta(days=1), pain=2)
    holder = _hold_lock(store.lock_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert store.lock_path.exists()  # the lock file stays; the lock itself died with its owner
    started = time.monotonic()
    store.log_day(DAY, pain=3)
    assert time.monotonic() - started < 0.2


HOLD_LIBRARY_LOCK = textwrap.dedent("""
    import sys, time
    from filelock import FileLock
    lock = FileLock(sys.argv[1], mode=0o600, fallback_to_soft=False, preserve_lock_file=True)
    lock.acquire()  # held while ``lock`` lives
    print("locked", flush=True)
    time.sleep(60)
""")


def test_the_two_locks_exclude_each_other(journal_path, clock, lock_backend):
    """An older or other-platform writer holding the other kind of lock still keeps us out."""
    store = Store(journal_path, clock, lock_timeout=0.3)
    store.log_day(DAY, pain=3)
    script = HOLD_LOCK if lock_backend == "filelock" else HOLD_LIBRARY_LOCK
    holder = subprocess.Popen([sys.executable, "-c", script, str(store.lock_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockTimeoutError):
            store.log_day(DAY, pain=5)
    finally:
        holder.kill()
        holder.wait()
    store.log_day(DAY, pain=5)
    assert Store(journal_path, clock).journal.entries[DAY].pain == 5


# --- leftovers -------------------------------------------------------------------------------
def test_leftover_temp_files_are_removed_on_the_next_open(store, journal_path, clock):
    store.log_day(DAY, pain=3)
    folder = journal_path.parent
    backups_folder = folder / "backups"
    backups_folder.mkdir(exist_ok=True)
    ours = [folder / ".journal.json.k2j3h4g5.tmp",
            backups_folder / ".journal-2026-11-21.json.abcd1234.tmp"]
    theirs = [folder / ".other.json.k2j3h4g5.tmp", folder / "notes.tmp",
              backups_folder / ".other-2026-11-21.json.abcd1234.tmp"]
    for path in ours + theirs:
        path.write_text("half a journ")
    Store(journal_path, clock)
    assert [p for p in ours if p.exists()] == []
    assert all(p.exists() for p in theirs)


def test_leftovers_are_left_alone_while_another_process_is_writing(
        store, journal_path, clock, lock_backend):
    store.log_day(DAY, pain=3)
    live = journal_path.parent / ".journal.json.inflight.tmp"
    live.write_text("being written")
    holder = _hold_lock(store.lock_path)
    try:
        Store(journal_path, clock)
        assert live.exists()
    finally:
        holder.kill()
        holder.wait()


def test_an_emptied_journal_with_backups_is_refused_not_taken_for_a_new_one(
        store, journal_path, clock):
    store.log_day(DAY - timedelta(days=1), pain=3)
    clock.advance(days=1)
    store.log_day(DAY, pain=4)
    journal_path.write_bytes(b"")
    with pytest.raises(CorruptJournalError) as caught:
        Store(journal_path, clock)
    assert "is empty, but backups of it exist" in str(caught.value)
    assert "restore" in str(caught.value)
    assert journal_path.read_bytes() == b""


def test_an_empty_file_without_backups_is_a_new_journal(journal_path, clock):
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(b"")
    store = Store(journal_path, clock)
    store.log_day(DAY, pain=1)
    assert Store(journal_path, clock).journal.entries[DAY].pain == 1


def test_a_running_store_never_writes_over_a_file_damaged_meanwhile(store, journal_path, clock):
    store.log_day(DAY, pain=3)
    journal_path.write_text('{"meta": {"1": {"format": "trial-journal", "version": 1}}, "da')
    damaged = journal_path.read_bytes()
    with pytest.raises(CorruptJournalError):
        store.log_day(DAY - timedelta(days=1), pain=4)
    with pytest.raises(CorruptJournalError):
        store.refresh()
    assert journal_path.read_bytes() == damaged
    assert store.journal.entries[DAY].pain == 3  # what was on screen is still there


def test_several_side_effects_are_saved_all_or_none(store, clock, journal_path):
    from journal.domain.errors import ValidationError

    day = clock.today()
    store.log_day(day, pain=3)
    before = journal_path.read_bytes()
    with pytest.raises(ValidationError):
        store.add_side_effects(day, [("soreness", 1), ("headache", 2)])
    assert journal_path.read_bytes() == before
    assert store.journal.side_effects == []
    saved = store.add_side_effects(day, [("soreness", 1), ("fatigue", 2)])
    assert [(e.kind, e.severity) for e in saved] == [("soreness", 1), ("fatigue", 2)]
    reopened = Store(journal_path, clock).journal.side_effects
    assert sorted(e.kind for e in reopened) == ["fatigue", "soreness"]


def test_a_date_written_another_way_is_refused_not_doubled(journal_path, clock):
    """Python also reads 20261120 as a date; a journal holding it would get a second entry
    for the same day on the next save, so such a file is refused as it is."""
    journal_path.parent.mkdir(parents=True, exist_ok=True)
    raw = (b'{"meta": {"1": {"format": "trial-journal", "version": 1}}, '
           b'"days": {"1": {"date": "20261120", "pain": 3}}}')
    journal_path.write_bytes(raw)
    with pytest.raises(JournalFileError, match="YYYY-MM-DD"):
        Store(journal_path, clock)
    assert journal_path.read_bytes() == raw


@pytest.mark.parametrize("content", [b" \n\t\r\x0b\x0c", "\u00a0\n".encode(), "\u2003".encode()])
def test_only_ascii_white_space_counts_as_a_blank_file(tmp_path, clock, content):
    """The store reads the file as text to save memory; a file of other space characters
    must still be refused as damaged, as it was when the bytes were checked."""
    from journal.journal_file import CorruptJournalError, decode

    path = tmp_path / "journal.json"
    path.write_bytes(content)
    blank = not content.strip()
    if blank:
        assert decode(path, content)[1] == codec.journal_from_tables({})
    else:
        with pytest.raises(CorruptJournalError):
            decode(path, content)
    if blank:
        assert Store(path, clock).journal.entries == {}
    else:
        with pytest.raises(JournalFileError):
            Store(path, clock)
        assert path.read_bytes() == content
