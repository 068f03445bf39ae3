"""The app and ``journal log`` in a shell can write at once; neither loses the other's change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from journal.clock import FixedClock
from journal.domain.errors import ValidationError
from journal.domain.models import DayEntry, Journal, Session
from journal.store import Store

PAST = date(2020, 1, 1)


def _journal_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "journal", *args]


def test_app_and_journal_log_in_a_shell_both_keep_their_writes(store, journal_path, clock):
    store.log_day(clock.today(), pain=5)  # the app is open on the journal
    shells = [subprocess.Popen(_journal_cmd("log", "--data", str(journal_path), "--pain", "3",
                                            "--date", (PAST + timedelta(days=i)).isoformat()),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for i in range(3)]
    # Meanwhile the app keeps saving.
    for i in range(1, 21):
        store.log_day(clock.today() - timedelta(days=i), pain=i % 10, note="from the app")
    for shell in shells:
        _, err = shell.communicate(timeout=60)
        assert shell.returncode == 0, err
    assert PAST not in store.journal.entries
    assert store.refresh() is True  # what the app does on focus and on its timer
    entries = store.journal.entries
    assert all(entries[PAST + timedelta(days=i)].pain == 3 for i in range(3))
    assert all(entries[clock.today() - timedelta(days=i)].note == "from the app"
               for i in range(1, 21))
    assert Store(journal_path, clock).journal == store.journal


async def test_the_app_shows_an_entry_logged_from_a_shell(store, journal_path, clock):
    from journal.app import JournalApp

    store.log_day(clock.today() - timedelta(days=1), pain=5)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        done = subprocess.run(_journal_cmd("log", "--data", str(journal_path), "--pain", "3",
                                           "--date", PAST.isoformat(), "--note", "from a shell"),
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert PAST not in app.store.journal.entries
        app.check_external_changes()
        await pilot.pause()
        assert app.store.journal.entries[PAST].note == "from a shell"


WRITER = textwrap.dedent("""
    import sys
    from datetime import date, datetime, timedelta, timezone
    from journal.clock import FixedClock
    from journal.store import Store
    path, field, value = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store(path, FixedClock(datetime(2026, 11, 21, 20, tzinfo=timezone.utc)),
                  lock_timeout=30)
    for i in range(int(sys.argv[4])):
        store.log_day(date(2026, 1, 1) + timedelta(days=i), **{field: value})
""")


def test_several_processes_writing_the_same_days_lose_no_field(journal_path, clock):
    """Each process sets its own field on the same days: a stale rewrite would drop one."""
    journal_path.parent.mkdir(parents=True)
    fields = {"pain": 4, "function": 30, "sleep_wakings": 2, "mood": 6}
    days = 30
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(journal_path), name,
                               str(value), str(days)], stderr=subprocess.PIPE, text=True)
             for name, value in fields.items()]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    entries = Store(journal_path, clock).journal.entries
    assert len(entries) == days
    for entry in entries.values():
        assert {name: getattr(entry, name) for name in fields} == fields


# --- the same, driven by Hypothesis ---------------------------------------------------------
DAYS = [date(2026, 11, 14) + timedelta(days=i) for i in range(6)]
FIELDS = {
    "pain": st.integers(0, 10),
    "function": st.integers(0, 200),
    "mood": st.integers(0, 10),
    "note": st.sampled_from(["", "stiff", "slept badly", "ünïcödé ✓"]),
}
NOW = datetime(2026, 11, 21, 20, 30, tzinfo=timezone(timedelta(hours=1)))
#: This test is about logic, not disks: a memory file system, where there is one, is faster.
FAST_DIR = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


class TwoWriters(RuleBasedStateMachine):
    """Two stores on one file, used in any order, against a model of what was acknowledged."""

    effects = Bundle("effects")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="two-writers-", dir=FAST_DIR))
        self.path = self.folder / "journal.json"
        self.clock = FixedClock(NOW)
        self.stores = [Store(self.path, self.clock), Store(self.path, self.clock)]
        self.entries: dict[date, dict[str, object]] = {}
        self.sessions: dict[date, int] = {}
        self.side_effects: dict[str, tuple[date, str, int, bool | None]] = {}

    def teardown(self) -> None:
        for store in self.stores:
            store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @initialize()
    def start(self) -> None:
        pass

    @rule(who=st.integers(0, 1), day=st.sampled_from(DAYS),
          fields=st.fixed_dictionaries({}, optional=FIELDS).filter(bool))
    def log_day(self, who: int, day: date, fields: dict[str, object]) -> None:
        self.stores[who].log_day(day, **fields)
        self.entries[day] = {**self.entries.get(day, {}), **fields}

    @rule(who=st.integers(0, 1), day=st.sampled_from(DAYS), pain=st.none() | st.integers(0, 10))
    def put_entry(self, who: int, day: date, pain: int | None) -> None:
        """Undo puts back an exact entry, or removes the day (pain None here)."""
        if pain is None:
            self.stores[who].put_entry(None, day)
            self.entries.pop(day, None)
        else:
            self.stores[who].put_entry(DayEntry(day, pain=pain, recorded_at=NOW), day)
            self.entries[day] = {"pain": pain}

    @rule(who=st.integers(0, 1), day=st.sampled_from(DAYS), minutes=st.integers(1, 90))
    def save_session(self, who: int, day: date, minutes: int) -> None:
        self.stores[who].save_session(Session(day, minutes))
        self.sessions[day] = minutes

    @rule(target=effects, who=st.integers(0, 1), day=st.sampled_from(DAYS),
          severity=st.integers(1, 3))
    def add_side_effect(self, who: int, day: date, severity: int) -> str:
        effect = self.stores[who].add_side_effect(day, "soreness", severity)
        self.side_effects[effect.id] = (day, "soreness", severity, None)
        return effect.id

    @rule(who=st.integers(0, 1), effect_id=effects, settled=st.none() | st.booleans())
    def set_settled(self, who: int, effect_id: str, settled: bool | None) -> None:
        if effect_id not in self.side_effects:
            with pytest.raises(ValidationError, match="no longer exists"):
                self.stores[who].set_settled(effect_id, settled)
            return
        self.stores[who].set_settled(effect_id, settled)
        day, kind, severity, _ = self.side_effects[effect_id]
        self.side_effects[effect_id] = (day, kind, severity, settled)

    @rule(who=st.integers(0, 1), effect_id=consumes(effects))
    def delete_side_effect(self, who: int, effect_id: str) -> None:
        self.stores[who].delete_side_effect(effect_id)
        self.side_effects.pop(effect_id, None)

    @rule(who=st.integers(0, 1))
    def refresh(self, who: int) -> None:
        self.stores[who].refresh()
        self._assert_matches(self.stores[who].journal)

    def _assert_matches(self, journal: Journal) -> None:
        got_entries = {day: {name: getattr(entry, name) for name in self.entries.get(day, {})}
                       for day, entry in journal.entries.items()}
        assert got_entries == self.entries
        for day, entry in journal.entries.items():  # fields never written stay empty
            for name in set(FIELDS) - set(self.entries[day]):
                assert getattr(entry, name) in (None, ""), (day, name)
        assert {d: s.minutes for d, s in journal.sessions.items()} == self.sessions
        assert {s.id: (s.day, s.kind, s.severity, s.settled)
                for s in journal.side_effects} == self.side_effects

    @invariant()
    def the_file_holds_every_acknowledged_write(self) -> None:
        self._assert_matches(Store(self.path, self.clock).journal)


def test_two_stores_in_any_order_lose_no_update(monkeypatch):
    # Durability is not what this test is about: skip the disk flushes to run 500 examples.
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    run_state_machine_as_test(TwoWriters, settings=settings(
        max_examples=500, stateful_step_count=8, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
