"""Backups: made before the first change of each day, kept 14 days and 12 months, restorable."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from journal import backups, cli
from journal.journal_file import load_journal
from journal.paths import backups_dir
from journal.store import JournalFileError, Store

DAY = date(2026, 11, 21)


def _names(journal_file: Path) -> list[str]:
    return [p.name for p in backups.list_backups(journal_file)]


def test_the_first_write_of_a_day_copies_the_journal_as_it_was(store, journal_path, clock):
    store.log_day(DAY, pain=3)  # no journal yet: nothing to copy
    assert _names(journal_path) == []
    before = journal_path.read_bytes()
    clock.advance(days=1)
    store.log_day(clock.today(), pain=4)
    store.log_day(clock.today(), pain=5)  # later writes that day leave the copy alone
    copy = backups_dir(journal_path) / "journal-2026-11-22.json"
    assert copy.read_bytes() == before
    assert _names(journal_path) == ["journal-2026-11-22.json", "journal-2026-11.json"]
    clock.advance(days=1)
    store.log_day(clock.today(), pain=6)
    assert _names(journal_path)[0] == "journal-2026-11-23.json"
    assert set(load_journal(backups_dir(journal_path) / "journal-2026-11-23.json").entries) \
        == {DAY, DAY + timedelta(days=1)}


def test_after_the_days_copy_a_write_does_not_look_at_backups_again(
        store, clock, monkeypatch):
    calls = []
    real = backups.daily_backup
    monkeypatch.setattr(backups, "daily_backup", lambda *a: calls.append(a[1]) or real(*a))
    for i in range(5):
        store.log_day(DAY - timedelta(days=i), pain=i)
    # The first write created the file (nothing to copy); the second made the day's copy.
    assert calls == [DAY, DAY]
    clock.advance(days=1)
    store.log_day(DAY, pain=9)
    store.log_day(DAY, pain=8)
    assert calls == [DAY, DAY, DAY + timedelta(days=1)]


def test_another_process_having_made_todays_copy_is_respected(store, journal_path, clock):
    store.log_day(DAY - timedelta(days=1), pain=1)
    clock.advance(days=1)
    Store(journal_path, clock).log_day(DAY, pain=2)  # makes today's copy
    first = (backups_dir(journal_path) / "journal-2026-11-22.json").read_bytes()
    store.log_day(DAY - timedelta(days=2), pain=3)
    assert (backups_dir(journal_path) / "journal-2026-11-22.json").read_bytes() == first


def test_keeps_the_newest_14_daily_and_12_monthly_copies(journal_path, clock):
    store = Store(journal_path, clock, backups=False)
    store.log_day(DAY, pain=3)
    days = [date(2025, m, d) for m in range(1, 13) for d in (1, 2)]
    days += [date(2026, m, d) for m in range(1, 5) for d in (1, 2)]
    days += [date(2026, 6, 1) + timedelta(days=i) for i in range(16)]
    manual = backups.backup_now(journal_path, clock)
    for day in days:
        backups.daily_backup(journal_path, day)
    daily = [n for n in _names(journal_path) if n.count("-") == 3]
    monthly = [n for n in _names(journal_path) if n.count("-") == 2]
    assert daily == [f"journal-{(date(2026, 6, 16) - timedelta(days=i)).isoformat()}.json"
                     for i in range(14)]
    assert monthly == ["journal-2026-06.json", "journal-2026-04.json", "journal-2026-03.json",
                       "journal-2026-02.json", "journal-2026-01.json"] + [
        f"journal-2025-{m:02d}.json" for m in range(12, 5, -1)]
    assert manual.exists()  # copies a person asked for are never pruned


def test_backups_are_private_whatever_the_umask(journal_path, clock):
    old = os.umask(0)
    try:
        store = Store(journal_path, clock)
        store.log_day(DAY, pain=3)
        clock.advance(days=1)
        store.log_day(clock.today(), pain=4)
        manual = backups.backup_now(journal_path, clock)
        safety = backups.restore(journal_path, manual, clock)
    finally:
        os.umask(old)
    assert backups_dir(journal_path).stat().st_mode & 0o777 == 0o700
    found = backups.list_backups(journal_path)
    assert len(found) == 4 and safety in found
    assert {p.stat().st_mode & 0o777 for p in found} == {0o600}
    assert journal_path.stat().st_mode & 0o777 == 0o600


def test_backup_now_copies_the_file_as_it_is_and_never_reuses_a_name(journal_path, clock):
    journal_path.parent.mkdir(parents=True)
    with pytest.raises(JournalFileError, match="nothing to back up"):
        backups.backup_now(journal_path, clock)
    journal_path.write_text("{ damaged, but worth keeping")
    first = backups.backup_now(journal_path, clock)
    second = backups.backup_now(journal_path, clock)  # the same second
    assert first != second
    assert first.name == "journal-2026-11-21-203000.json"
    assert second.name == "journal-2026-11-21-203000-2.json"
    assert first.read_text() == second.read_text() == "{ damaged, but worth keeping"
    assert _names(journal_path) == [second.name, first.name]


def test_restore_puts_a_backup_back_and_keeps_the_journal_it_replaced(
        store, journal_path, clock):
    store.log_day(DAY, pain=3)
    good = backups.backup_now(journal_path, clock)
    store.log_day(DAY, pain=9, note="regretted")
    regretted = journal_path.read_bytes()
    clock.advance(minutes=5)
    safety = backups.restore(journal_path, good, clock)
    assert safety is not None and safety.name == "journal-2026-11-21-203500-before-restore.json"
    assert safety.read_bytes() == regretted
    assert journal_path.read_bytes() == good.read_bytes()
    assert store.refresh() is True and store.journal.entries[DAY].pain == 3  # the open app
    assert backups.describe(journal_path, safety) == "2026-11-21 20:35:00 (before a restore)"
    # ... and the restore itself can be undone.
    backups.restore(journal_path, safety, clock)
    assert Store(journal_path, clock).journal.entries[DAY].note == "regretted"


@pytest.mark.parametrize("content", [b"", b"{}", b"{", b"[]", b'{"name": "another app"}',
                                     b'{"meta": {"1": {"format": "trial-journal", '
                                     b'"version": 99}}}'],
                         ids=["empty file", "empty journal", "truncated", "list", "foreign",
                              "newer format"])
def test_restore_refuses_a_backup_that_is_not_a_readable_journal(
        store, journal_path, clock, tmp_path, content):
    store.log_day(DAY, pain=3)
    before = journal_path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    with pytest.raises(JournalFileError) as caught:
        backups.restore(journal_path, bad, clock)
    assert str(bad) in str(caught.value) and "Nothing was restored" in str(caught.value)
    assert journal_path.read_bytes() == before
    assert _names(journal_path) == []


def test_restore_works_when_the_journal_is_gone(store, journal_path, clock):
    store.log_day(DAY, pain=3)
    copy = backups.backup_now(journal_path, clock)
    journal_path.unlink()
    assert backups.restore(journal_path, copy, clock) is None
    assert Store(journal_path, clock).journal.entries[DAY].pain == 3


def test_restore_refuses_the_journal_itself(store, journal_path, clock):
    store.log_day(DAY, pain=3)
    with pytest.raises(JournalFileError, match="journal file itself"):
        backups.restore(journal_path, journal_path, clock)


def test_newest_good_backup_skips_damaged_copies(store, journal_path, clock):
    assert backups.newest_good_backup(journal_path) is None
    store.log_day(DAY, pain=3)
    good = backups.backup_now(journal_path, clock)
    clock.advance(hours=1)
    damaged = backups.backup_now(journal_path, clock)
    damaged.write_text('{"meta": ')
    assert backups.newest_good_backup(journal_path) == good


def test_two_journals_in_one_folder_keep_their_own_backups(tmp_path, clock):
    names = ["journal.json", "journal-2026.json", "pain.json", "pain"]
    for name in names:
        store = Store(tmp_path / name, clock)
        store.log_day(DAY - timedelta(days=1), pain=1)
        clock.advance(days=1)
        store.log_day(DAY, pain=2)
        backups.backup_now(tmp_path / name, clock)
        clock.set(clock.now() - timedelta(days=1))
    for name in names:
        found = backups.list_backups(tmp_path / name)
        assert len(found) == 3, (name, found)
        stem = Path(name).stem
        assert all(p.name.startswith(f"{stem}-2026-") for p in found)
    assert len(list(backups_dir(tmp_path / "pain").iterdir())) == 12


def test_the_commands_make_list_and_restore_backups(store, journal_path, clock, capsys):
    store.log_day(DAY, pain=3)
    data = ["--data", str(journal_path)]
    assert cli.main([*data, "backup"]) == cli.EXIT_OK
    made = Path(capsys.readouterr().out.strip())
    assert made in backups.list_backups(journal_path)
    store.log_day(DAY, pain=8)
    assert cli.main([*data, "restore", "--list"]) == cli.EXIT_OK
    assert str(made) in capsys.readouterr().out
    assert cli.main([*data, "restore", str(made)]) == cli.EXIT_OK
    assert "before-restore" in capsys.readouterr().out
    assert Store(journal_path, clock).journal.entries[DAY].pain == 3


def test_a_journal_created_today_is_copied_at_its_second_save(store, journal_path):
    """As ``journal log`` in a new shell would: the app's saves of a new journal's first day
    leave a copy of the day (the app keeps one store open all day)."""
    store.log_day(DAY, pain=4)
    assert backups.list_backups(journal_path) == []  # nothing existed before this save
    first = journal_path.read_bytes()
    store.log_day(DAY, function=20)
    assert _names(journal_path) == ["journal-2026-11-21.json", "journal-2026-11.json"]
    assert (backups_dir(journal_path) / "journal-2026-11-21.json").read_bytes() == first
