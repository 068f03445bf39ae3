"""The benchmark tools work: the synthetic journal is valid and realistic, the table round-trips.

No timing is asserted here; the benchmarks themselves run with ``make bench``.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from journal.store import Store

BENCH = Path(__file__).resolve().parent.parent / "bench"
TODAY = date(2026, 11, 21)


def _load(name: str) -> ModuleType:
    """Import bench/<name>.py under a private name (bench/ is scripts, not a package)."""
    full = f"bench_{name}"
    if full in sys.modules:
        return sys.modules[full]
    spec = importlib.util.spec_from_file_location(full, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    spec.loader.exec_module(module)
    return module


make_journal = _load("make_journal")
report = _load("report")
importprof = _load("importprof")
measure = _load("measure")
peer_jrnl = _load("peer_jrnl")


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "journal.json"
    assert make_journal.main(["--years", "2", "--out", str(out),
                              "--today", TODAY.isoformat()]) == 0
    return out


def test_make_journal_writes_a_journal_the_store_opens(two_years: Path) -> None:
    journal = Store(two_years).journal
    assert len(journal.entries) > 600  # most of 730 days, with gaps
    assert len(journal.entries) < 730
    assert max(journal.entries) == TODAY - timedelta(days=make_journal.END_GAP_DAYS)
    assert min(journal.entries) >= TODAY - timedelta(days=2 * 365 + 3)
    assert journal.sessions and journal.side_effects
    assert any(e.note and "\n" in e.note for e in journal.entries.values()) or \
        any(len(e.note) > 100 for e in journal.entries.values())
    assert any(not e.note for e in journal.entries.values())


def test_blocks_do_not_overlap_and_the_last_is_the_longest(two_years: Path) -> None:
    journal = Store(two_years).journal
    blocks = journal.blocks_by_start()
    assert len(blocks) >= 3
    for earlier, later in itertools.pairwise(blocks):
        assert earlier.current.treatment_end < later.current.baseline_start
    assert all(b.current.baseline_days == 7 and 6 <= b.current.weeks <= 10 for b in blocks)
    assert blocks[-1].current.weeks == make_journal.LONGEST_WEEKS
    assert blocks[-2].current.weeks == make_journal.CHART_BLOCK_WEEKS
    last_entry = max(journal.entries)
    assert blocks[-1].current.treatment_end < last_entry  # finished: ready for review


def test_sessions_fall_on_planned_days_of_their_block(two_years: Path) -> None:
    journal = Store(two_years).journal
    for day, session in journal.sessions.items():
        block = journal.block_by_id(session.block_id)
        assert block is not None
        assert day in block.current.planned_session_days()
    session_days = set(journal.sessions)
    assert all(effect.day in session_days for effect in journal.side_effects)


def test_make_journal_is_deterministic() -> None:
    a = make_journal.build_journal(1, TODAY, seed=7)
    b = make_journal.build_journal(1, TODAY, seed=7)
    c = make_journal.build_journal(1, TODAY, seed=8)
    assert a == b
    assert a != c


def test_jrnl_text_has_one_entry_per_logged_day() -> None:
    journal = make_journal.build_journal(1, TODAY)
    text = peer_jrnl.jrnl_text(journal)
    first = min(journal.entries)
    assert text.startswith(f"[{first.isoformat()} ")
    assert text.count("\n[") + 1 == len(journal.entries)


def _row(num: int, ratio: float | None, **kw: object) -> object:
    return report.Row(report.TARGET_BY_NUM[num], ratio, **kw)


def test_table_round_trips_through_markdown() -> None:
    rows = [
        _row(1, 1.25, detail="500 ms vs 400 ms"),   # exactly at a "<=" limit: met
        _row(8, 1.5, detail="a | b"),               # exactly at a "<" limit: not met
        _row(4, None, note="not yet available"),
        _row(3, 1.1, extra_ok=False),               # ratio fine, but the file was re-read
    ]
    text = report.format_table(rows)
    parsed = report.parse_table("some heading\n\n" + text + "\n\nfooter")
    assert [p["num"] for p in parsed] == [1, 8, 4, 3]
    assert [p["met"] for p in parsed] == [True, False, None, False]
    assert parsed[0]["ratio"] == 1.25 and parsed[0]["op"] == "<=" and parsed[0]["limit"] == 1.25
    assert parsed[1]["op"] == "<" and "a | b" in parsed[1]["measured"]
    assert parsed[2]["ratio"] is None and parsed[2]["measured"].startswith("n/a")
    assert parsed[0]["figure"] == report.TARGET_BY_NUM[1].figure


def test_ratio_text() -> None:
    assert report.format_ratio(0.4567) == "0.46x"
    assert report.parse_ratio("0.46x (120 ms vs 260 ms)") == 0.46
    assert report.parse_ratio("n/a (placeholder)") is None
    assert [t.num for t in report.TARGETS] == list(range(1, 9))


def test_importtime_grouped_by_package() -> None:
    stderr = "\n".join([
        "import time: self [us] | cumulative | imported package",
        "import time:      1000 |       1000 |     _io",
        "import time:     20000 |      25000 |   tinydb.storages",
        "import time:      5000 |      30000 | tinydb",
        "import time:     60000 |      60000 | pendulum",
        "some unrelated line",
    ])
    rows = importprof.parse_importtime(stderr)
    assert rows[1] == ("tinydb.storages", 20000, 25000, 1)
    assert importprof.by_package(rows) == {"pendulum": 60.0, "tinydb": 25.0, "_io": 1.0}
    assert importprof.summary(stderr, top=2) == "total 86 ms: pendulum 60, tinydb 25"
    slower = stderr.replace("60000 |      60000 | pendulum", "90000 |      90000 | pendulum")
    assert importprof.summary([stderr, slower, stderr], top=1) == "total 86 ms: pendulum 60"


def test_interleave_rotates_and_drops_warmup() -> None:
    calls: list[str] = []

    def variant(name: str):
        def once() -> tuple[float, str]:
            calls.append(name)
            return float(len(calls)), name
        return once

    series = measure.interleave({"a": variant("a"), "b": variant("b")}, runs=3, warmup=1)
    assert calls == ["a", "b", "b", "a", "a", "b", "b", "a"]
    assert len(series["a"].values) == 3 and len(series["b"].values) == 3
    assert series["a"].values == [4.0, 5.0, 8.0]  # call numbers, warm-up round dropped


def test_run_child_reports_exit_code_output_and_memory() -> None:
    r = measure.run_child([sys.executable, "-c",
                           "import sys; print('{\"ok\": 1}'); sys.exit(3)"])
    assert r.returncode == 3
    assert r.json_line() == {"ok": 1}
    assert r.maxrss_kb > 1000
    assert r.wall_s > 0
