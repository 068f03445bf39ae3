"""A day is the local calendar date: DST changes and travel never split or merge days.

Moments are given in UTC and shown in the zone the person is in, the way a laptop's clock
moves when its zone changes; Asia/Kolkata (+05:30) and Australia/Adelaide (+10:30 in
November) have half-hour offsets.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from journal import backups
from journal.clock import FixedClock, SystemClock
from journal.domain.errors import ValidationError
from journal.journal_file import load_journal
from journal.store import Store


def at(utc: str, zone: str) -> datetime:
    """The moment ``utc`` (ISO, UTC) on a clock set to ``zone``."""
    return datetime.fromisoformat(utc).replace(tzinfo=UTC).astimezone(ZoneInfo(zone))


def test_spring_forward_in_berlin_keeps_one_entry_for_the_day(journal_path):
    clock = FixedClock(at("2026-03-29T00:30", "Europe/Berlin"))  # 01:30 CET
    store = Store(journal_path, clock)
    store.log_day(clock.today(), pain=5)
    clock.set(at("2026-03-29T01:30", "Europe/Berlin"))  # 03:30 CEST: 02:xx never happened
    assert clock.now().hour == 3
    _, new = store.log_day(clock.today(), function=20)
    assert new is False
    entries = Store(journal_path, clock).journal.entries
    assert list(entries) == [date(2026, 3, 29)]
    entry = entries[date(2026, 3, 29)]
    assert (entry.pain, entry.function) == (5, 20)
    assert entry.recorded_at.isoformat() == "2026-03-29T01:30:00+01:00"
    assert entry.edited_at.isoformat() == "2026-03-29T03:30:00+02:00"


def test_the_repeated_hour_in_autumn_is_still_one_day(journal_path):
    clock = FixedClock(at("2026-10-25T00:30", "Europe/Berlin"))  # 02:30 CEST
    store = Store(journal_path, clock)
    store.log_day(clock.today(), pain=4)
    clock.set(at("2026-10-25T01:30", "Europe/Berlin"))  # 02:30 again, now CET
    store.log_day(clock.today(), note="second 02:30")
    entry = Store(journal_path, clock).journal.entries[date(2026, 10, 25)]
    assert (entry.pain, entry.note) == (4, "second 02:30")
    assert entry.recorded_at.strftime("%H:%M") == entry.edited_at.strftime("%H:%M") == "02:30"
    assert entry.edited_at > entry.recorded_at  # an hour apart, though the wall clock agrees


def test_midnight_divides_days_on_both_sides_of_a_dst_change(journal_path):
    clock = FixedClock(at("2026-03-28T22:59", "Europe/Berlin"))  # 23:59 CET on the 28th
    store = Store(journal_path, clock)
    store.log_day(clock.today(), pain=6)
    clock.set(at("2026-03-28T23:01", "Europe/Berlin"))  # 00:01 on the 29th
    store.log_day(clock.today(), pain=3)
    entries = Store(journal_path, clock).journal.entries
    assert {d: e.pain for d, e in entries.items()} == {date(2026, 3, 28): 6,
                                                      date(2026, 3, 29): 3}


@pytest.mark.parametrize(("zone", "utc", "local_day"), [
    ("America/New_York", "2026-11-20T23:30", date(2026, 11, 20)),  # 18:30, still the 20th
    ("Asia/Kolkata", "2026-11-20T23:30", date(2026, 11, 21)),  # 05:00 on the 21st
    ("Australia/Adelaide", "2026-11-20T13:29", date(2026, 11, 20)),  # 23:59 on the 20th
    ("Australia/Adelaide", "2026-11-20T13:31", date(2026, 11, 21)),  # 00:01 on the 21st
])
def test_after_travelling_the_local_date_decides_which_entry(journal_path, zone, utc,
                                                            local_day):
    berlin = FixedClock(at("2026-11-20T22:30", "Europe/Berlin"))  # 23:30 on the 20th
    Store(journal_path, berlin).log_day(date(2026, 11, 20), pain=5)
    away = FixedClock(at(utc, zone))
    assert away.today() == local_day
    store = Store(journal_path, away)
    _, new = store.log_day(away.today(), function=30)
    assert new is (local_day != date(2026, 11, 20))
    entries = Store(journal_path, away).journal.entries
    assert len(entries) == (2 if new else 1)
    assert entries[local_day].function == 30
    assert entries[date(2026, 11, 20)].pain == 5
    # The timestamps keep the offset they were written with.
    offsets = {e.recorded_at.utcoffset() for e in entries.values()}
    assert len(offsets) == (2 if new else 1)


def test_a_day_that_has_begun_elsewhere_is_still_the_future_at_home(journal_path):
    moment = "2026-11-21T19:00"  # 20:00 in Berlin, 00:30 on the 22nd in Kolkata
    kolkata = FixedClock(at(moment, "Asia/Kolkata"))
    Store(journal_path, kolkata).log_day(date(2026, 11, 22), pain=2)
    berlin = Store(journal_path, FixedClock(at(moment, "Europe/Berlin")))
    with pytest.raises(ValidationError, match="future"):
        berlin.log_day(date(2026, 11, 22), pain=3)
    assert berlin.journal.entries[date(2026, 11, 22)].pain == 2


def test_the_system_clock_follows_the_zone_across_a_dst_change(journal_path):
    clock = SystemClock("Europe/Berlin")
    store = Store(journal_path, clock)
    with time_machine.travel(datetime(2026, 3, 28, 22, 30, tzinfo=UTC), tick=False):
        assert clock.today() == date(2026, 3, 28)  # 23:30 CET
        store.log_day(clock.today(), pain=4)
    with time_machine.travel(datetime(2026, 3, 29, 1, 30, tzinfo=UTC), tick=False):
        assert clock.today() == date(2026, 3, 29) and clock.now().hour == 3  # 03:30 CEST
        store.log_day(clock.today(), pain=3)
        store.log_day(clock.today(), mood=2)
    with time_machine.travel(datetime(2026, 3, 29, 21, 59, tzinfo=UTC), tick=False):
        assert clock.today() == date(2026, 3, 29)  # 23:59 CEST
        store.log_day(clock.today(), note="late")
    entries = Store(journal_path, clock).journal.entries
    assert sorted(entries) == [date(2026, 3, 28), date(2026, 3, 29)]
    assert (entries[date(2026, 3, 29)].mood, entries[date(2026, 3, 29)].note) == (2, "late")
    # The daily backup follows local days too: one copy, made before the first write of the
    # 29th, holding the 28th only.
    copies = [p.name for p in backups.list_backups(journal_path)]
    assert copies == ["journal-2026-03-29.json", "journal-2026-03.json"]
    held = load_journal(backups.list_backups(journal_path)[0]).entries
    assert sorted(held) == [date(2026, 3, 28)]
