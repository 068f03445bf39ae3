"""A writer killed at random moments never damages the journal or loses an acknowledged write.

Like SQLite's crash tests: a separate process writes in a loop and is killed with SIGKILL at a
random moment (while opening the journal, serialising, writing the temp file, syncing,
renaming, or copying the day's backup). After every kill the journal must open, hold every
write the writer had reported as done (and at most the one in flight), every backup must
open, and the temp files the killed writer left behind must be gone after the next open.

A kill cannot simulate power loss (the page cache survives it), so missing fsyncs are not
detected here; ``test_io_faults.py`` checks the error paths of the same code.
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from crash_writer import values_for

from journal import backups
from journal.clock import FixedClock
from journal.domain.models import DayEntry, Journal
from journal.journal_file import check_structure, load_journal, parse_json
from journal.paths import backups_dir
from journal.store import Store

WRITER = Path(__file__).with_name("crash_writer.py")
FIRST_DAY = date(2024, 1, 1)
SEED_DAYS = 250  # a realistic journal: most of a year of entries before the kills start
MAX_DAYS = 400  # then start a new journal, so writes keep their realistic size


@dataclass
class Tally:
    kills: int = 0
    mid_write: int = 0  # kills that left a temp file behind (killed between create and rename)
    acknowledged: int = 0
    in_flight_kept: int = 0
    journals: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


class Zygote:
    """The crash_writer process, spoken to line by line with a deadline."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [str(WRITER.parent), *filter(None, [os.environ.get("PYTHONPATH")])]))
        self.proc = subprocess.Popen([sys.executable, str(WRITER)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env)
        assert self.proc.stdout is not None
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.proc.stdout, selectors.EVENT_READ)
        self.buffer = b""

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def readline(self, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            if not self.selector.select(max(0.0, deadline - time.monotonic())):
                raise AssertionError(f"crash writer silent for {timeout} s")
            chunk = os.read(self.proc.stdout.fileno(), 65536)  # type: ignore[union-attr]
            if not chunk:
                raise AssertionError("crash writer exited")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()

    def close(self) -> None:
        try:
            self.send("quit")
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


def _temp_files(path: Path) -> list[Path]:
    folders = [path.parent, backups_dir(path)]
    return [p for folder in folders if folder.is_dir() for p in folder.iterdir()
            if p.name.endswith(".tmp")]


def _seed(path: Path, today: date) -> set[date]:
    days = [FIRST_DAY + timedelta(days=i) for i in range(SEED_DAYS)]
    moment = datetime(2024, 1, 1, 21, tzinfo=UTC)
    journal = Journal(entries={d: DayEntry(d, **values_for(d), recorded_at=moment)  # type: ignore[arg-type]
                               for d in days})
    Store(path, FixedClock(datetime(today.year, today.month, today.day, 21,
                                    tzinfo=UTC))).replace_all(journal)
    return set(days)


def _check(path: Path, acknowledged: set[date], in_flight: date, today: date) -> set[date]:
    """The journal after a kill: whole, with every acknowledged write and nothing else new."""
    clock = FixedClock(datetime(today.year, today.month, today.day, 22, tzinfo=UTC))
    store = Store(path, clock)  # must open; also removes leftovers
    assert _temp_files(path) == [], "leftover temp files survived the next open"
    stored = set(store.journal.entries)
    missing = acknowledged - stored
    assert not missing, f"acknowledged writes lost: {sorted(missing)[:5]}"
    assert stored - acknowledged <= {in_flight}, "entries appeared that nobody wrote"
    for day in stored:
        entry = store.journal.entries[day]
        expected = values_for(day)
        assert (entry.pain, entry.function, entry.note) == (
            expected["pain"], expected["function"], expected["note"]), day
    # The backups this writer may have been copying when it died are whole (if they exist);
    # every backup is fully decoded at the end.
    for name in (f"{path.stem}-{today.isoformat()}.json", f"{path.stem}-{today:%Y-%m}.json"):
        if (backups_dir(path) / name).exists():
            raw = (backups_dir(path) / name).read_bytes()
            check_structure(path, parse_json(path, raw))
    return stored


def kill_writers(folder: Path, kills: int, seed: int, budget: float) -> Tally:
    """Start, kill and check writers ``kills`` times (or until ``budget`` seconds pass)."""
    rng = random.Random(seed)
    tally = Tally()
    started = time.monotonic()
    zygote = Zygote()
    path = folder / "journal-0.json"
    today = date(2030, 1, 1)
    acknowledged = _seed(path, today)
    tally.journals = 1
    opening, writing = 0.05, 0.01  # seconds; running estimates, updated as writers report
    try:
        while tally.kills < kills and time.monotonic() - started < budget:
            if len(acknowledged) >= MAX_DAYS:
                path = folder / f"journal-{tally.journals}.json"
                tally.journals += 1
                acknowledged = _seed(path, today)
            # A new "today" for each writer, so its first write also copies a daily backup.
            today += timedelta(days=1)
            next_day = max(acknowledged) + timedelta(days=1)
            zygote.send(f"run {path} {next_day.isoformat()} {today.isoformat()}")
            line = zygote.readline()
            lines = []
            while not line.startswith("child "):
                lines.append(line)
                line = zygote.readline()
            pid = int(line.split()[1])
            forked = time.monotonic()
            if rng.random() < 0.25:
                # While it opens the journal, cleans up, or copies the day's backup.
                time.sleep(rng.uniform(0.0, opening))
            else:
                # Somewhere inside a later write, whatever the disk's speed today.
                wanted, seen, last = rng.randint(1, 3), 0, forked
                while seen < wanted:
                    line = zygote.readline()
                    lines.append(line)
                    assert not line.startswith("error"), line
                    if line.startswith("ok "):
                        now = time.monotonic()
                        if seen == 0:
                            opening = 0.8 * opening + 0.2 * (now - forked)
                        else:
                            writing = 0.8 * writing + 0.2 * (now - last)
                        seen, last = seen + 1, now
                time.sleep(rng.uniform(0.0, writing))
            os.kill(pid, signal.SIGKILL)
            zygote.send(f"reap {pid}")
            while not (line := zygote.readline()).startswith(f"dead {pid} "):
                lines.append(line)
            errors = [x for x in lines if x.startswith("error")]
            assert not errors, errors
            done = {date.fromisoformat(x.split()[1]) for x in lines if x.startswith("ok ")}
            acknowledged |= done
            tally.acknowledged += len(done)
            in_flight = max(acknowledged) + timedelta(days=1)
            if _temp_files(path):
                tally.mid_write += 1
            stored = _check(path, acknowledged, in_flight, today)
            if in_flight in stored:
                tally.in_flight_kept += 1
                acknowledged.add(in_flight)  # it is in the file now, so it must stay
            tally.kills += 1
        for backup in backups.list_backups(path):
            load_journal(backup)  # every backup kept opens
    finally:
        zygote.close()
    tally.seconds = time.monotonic() - started
    return tally


def _report(tally: Tally) -> str:
    return (f"{tally.kills} kills in {tally.seconds:.1f} s over {tally.journals} journals; "
            f"{tally.mid_write} mid-write, {tally.acknowledged} acknowledged writes, "
            f"{tally.in_flight_kept} in-flight writes that made it")


def test_writer_killed_at_random_moments_loses_nothing(tmp_path, capsys):
    tally = kill_writers(tmp_path, kills=110, seed=20261121, budget=150)
    with capsys.disabled():
        print(f"\n[crash] {_report(tally)}")
    assert tally.kills >= 100, _report(tally)
    # The kills really did land inside writes, not only between them.
    assert tally.mid_write >= 10, _report(tally)
    assert tally.acknowledged >= 100, _report(tally)


@pytest.mark.slow
def test_writer_killed_two_thousand_times_loses_nothing(tmp_path, capsys):
    seed = int(time.time())
    tally = kill_writers(tmp_path, kills=2000, seed=seed, budget=1200)
    with capsys.disabled():
        print(f"\n[crash] seed {seed}: {_report(tally)}")
    assert tally.kills == 2000, _report(tally)
    assert tally.mid_write >= 200, _report(tally)
