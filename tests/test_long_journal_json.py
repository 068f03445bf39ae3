"""Long journals are written with orjson (journal_file.FAST_JSON_FROM): the file and
everything a person sees must be exactly what the standard library's path gives."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from tinydb import TinyDB

from journal import journal_file
from journal.demo import demo_journal
from journal.store import Store
from tests.conftest import FixedClock


@pytest.fixture
def fast(monkeypatch) -> None:
    """Every file counts as long, so orjson writes the tests' small journals."""
    monkeypatch.setattr(journal_file, "FAST_JSON_FROM", 0)


def _saved_demo(path, clock: FixedClock) -> bytes:
    Store(path, clock).replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    return path.read_bytes()


def test_both_writers_write_the_same_bytes(tmp_path, clock, monkeypatch):
    slow = _saved_demo(tmp_path / "slow.json", clock)
    monkeypatch.setattr(journal_file, "FAST_JSON_FROM", 0)
    assert _saved_demo(tmp_path / "fast.json", clock) == slow
    assert b'": ' not in slow[:200]  # written without spaces


def test_a_long_journal_round_trips_and_tinydb_opens_it(tmp_path, clock, fast):
    path = tmp_path / "journal.json"
    _saved_demo(path, clock)
    store = Store(path, clock)
    store.log_day(clock.today() - timedelta(days=1), pain=3, note="naïve ✓")
    again = Store(path, clock)
    assert again.journal == store.journal
    assert again.journal.entries[clock.today() - timedelta(days=1)].note == "naïve ✓"
    db = TinyDB(path, access_mode="r")
    assert {"blocks", "days", "sessions", "meta"} <= db.tables()
    db.close()


def test_an_older_spaced_file_opens_and_is_written_compactly(tmp_path, clock, fast):
    path = tmp_path / "journal.json"
    raw = _saved_demo(path, clock)
    before = Store(path, clock).journal
    path.write_text(json.dumps(json.loads(raw)))  # as versions before 2026-12 wrote it
    store = Store(path, clock)
    assert store.journal == before
    store.log_day(clock.today(), pain=2)
    assert b'": ' not in path.read_bytes()[:200]


def test_text_that_is_not_unicode_in_an_old_long_file_is_kept(tmp_path, clock, fast):
    path = tmp_path / "journal.json"
    raw = _saved_demo(path, clock).decode()
    path.write_text(raw.replace('"days":{', '"days":{"999":{"date":"1999-01-01",'
                                '"note":"caf\\udce9"},', 1))
    store = Store(path, clock)
    assert [(i.table, i.key) for i in store.journal.invalid] == [("days", "1999-01-01")]
    store.log_day(clock.today(), pain=2)  # orjson cannot write it: the standard library does
    assert "caf\\udce9" in path.read_text()
    assert len(Store(path, clock).journal.invalid) == 1
