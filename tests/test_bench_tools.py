"""The benchmark tools work: the synthetic journal is valid and realistic, the table round-trips.

No timing is asserted here; the benchmarks themselves run with ``make bench``.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from datetime import UTC, date, datetime, timedelta
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
run = _load("run")


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


def _row(tid: str, ratio: float | None, **kw: object) -> object:
    return report.Row(report.TARGET_BY_ID[tid], ratio, **kw)


def test_table_round_trips_through_markdown() -> None:
    rows = [
        _row("1.1", 1.3, detail="500 ms vs 400 ms"),  # exactly at a "<=" limit: met
        _row("4.2", 1.01, detail="a | b"),            # just over: not met
        _row("2", None, note="not yet available"),
        _row("K1", 1.1, extra_ok=False),              # ratio fine, but the file was re-read
    ]
    text = report.format_table(rows)
    parsed = report.parse_table("some heading\n\n" + text + "\n\nfooter")
    assert [p["id"] for p in parsed] == ["1.1", "4.2", "2", "K1"]
    assert [p["met"] for p in parsed] == [True, False, None, False]
    assert parsed[0]["ratio"] == 1.3 and parsed[0]["op"] == "<=" and parsed[0]["limit"] == 1.3
    assert "a | b" in parsed[1]["measured"]
    assert parsed[2]["ratio"] is None and parsed[2]["measured"].startswith("n/a")
    assert parsed[0]["figure"] == report.TARGET_BY_ID["1.1"].figure


def test_every_target_of_issue_21_is_in_the_table() -> None:
    ids = [t.id for t in report.TARGETS]
    assert ids[:13] == ["1.1", "1.2", "1.3", "1.4", "1.5", "2", "3", "4.1", "4.2", "4.3", "5",
                        "6.1", "6.2"]
    assert len(set(ids)) == len(ids)
    limits = {t.id: t.limit for t in report.TARGETS}
    assert all(limits[i] == 1.3 for i in ("1.1", "1.2", "1.3", "1.4", "1.5"))
    assert (limits["2"], limits["3"], limits["4.1"], limits["4.2"], limits["4.3"]) == \
        (2, 4, 1.5, 1, 1)
    assert (limits["5"], limits["6.1"], limits["6.2"], limits["K1"]) == (1.5, 0.5, 3, 1.5)


def test_a_row_can_say_which_sizes_it_compared() -> None:
    row = _row("2", 1.5, figure_text="all-time chart, 30-year vs 10-year journal")
    assert "30-year" in report.format_table([row])
    assert report.TARGET_BY_ID["2"].figure not in report.format_table([row])


def test_ratio_text() -> None:
    assert report.format_ratio(0.4567) == "0.46x"
    assert report.parse_ratio("0.46x (120 ms vs 260 ms)") == 0.46
    assert report.parse_ratio("n/a (placeholder)") is None


def test_scaling_table_gives_each_size_and_its_ratio_to_the_smallest() -> None:
    scaling = {"log": {"1": 80.0, "10": 120.0, "30": 240.0},
               "export_rss": {"1": 15.0, "30": 45.0},
               "unknown": {"1": 1.0}}
    text = report.format_scaling(scaling, [1, 10, 30])
    lines = text.splitlines()
    assert lines[0] == "| action | 1 year | 10 years | 30 years |"
    assert lines[2] == "| `journal log --pain 4 --function 20` | 80 ms | 120 (1.5x) | 240 (3.0x) |"
    assert lines[3] == "| peak memory of `export`, MiB | 15.0 MiB | - | 45 (3.0x) |"
    assert len(lines) == 4  # actions without figures and unknown keys are left out


def _results() -> dict[str, object]:
    rows = [_row("1.1", 4.2, detail="460 ms vs 110 ms"), _row("5", 1.4)]
    return {
        "machine": {"date": "2026-12-07 04:00 UTC", "nproc": 2, "cpu": "AMD EPYC",
                    "python": "3.11.7", "packages": {"textual": "8.2.8"}},
        "runs": 7, "long": False, "quick": False, "scaling_years": [1, 10, 30],
        "scaling": {"status": {"1": 50.0, "10": 80.0, "30": 160.0}},
        "table": [{"id": r.target.id, "figure": r.figure_text, "ratio": r.ratio,
                   "detail": r.detail, "note": r.note, "extra_ok": r.extra_ok} for r in rows],
    }


def test_results_block_is_the_run_s_tables() -> None:
    block = report.results_block(_results())
    assert block.startswith("Run of 2026-12-07 04:00 UTC: 2 CPUs")
    assert "1 of 2 targets met." in block
    assert "| 1.1 | " in block and "4.20x (460 ms vs 110 ms)" in block and "not met" in block
    assert "| `journal status --short` | 50 ms | 80 (1.6x) | 160 (3.2x) |" in block


def test_write_readme_replaces_only_the_marked_part(tmp_path: Path) -> None:
    doc = tmp_path / "README.md"
    doc.write_text(f"# Title\n\nbefore\n\n{report.BEGIN}\nold figures\n{report.END}\n\nafter\n")
    other = tmp_path / "other.md"
    other.write_text("no markers here\n")
    assert report.write_readme(_results(), [doc]) == [doc]
    text = doc.read_text()
    assert "old figures" not in text
    assert text.startswith("# Title\n\nbefore\n\n" + report.BEGIN + "\nRun of 2026-12-07")
    assert text.endswith(report.END + "\n\nafter\n")
    assert report.write_readme(_results(), [doc]) == []  # the same run again: no change
    with pytest.raises(ValueError):
        report.write_readme(_results(), [other])
    assert other.read_text() == "no markers here\n"


def test_report_cli_refuses_to_put_a_quick_run_into_the_docs(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    results.write_text(json.dumps({**_results(), "quick": True}))
    assert report.main(["--results", str(results), "--write-readme"]) == 2
    assert report.main(["--results", str(tmp_path / "missing.json")]) == 2


def test_the_docs_have_the_markers() -> None:
    for doc in report.DOCS:
        text = doc.read_text("utf-8")
        assert text.count(report.BEGIN) == 1 and text.count(report.END) == 1, doc


def test_bench_settings_keep_the_day_question_away(tmp_path: Path) -> None:
    from journal import settings as settings_file
    from journal.views import daybook

    env = run.child_env(tmp_path)
    settings = settings_file.load_settings(Path(env["TRIAL_JOURNAL_CONFIG"]) / "settings.json")
    hour = daybook.day_start_hour(settings)
    at_ten_past_midnight = datetime(2026, 12, 7, 0, 10, tzinfo=UTC)
    assert not daybook.in_small_hours(at_ten_past_midnight, hour)


def test_peak_reports_this_process_s_own_memory() -> None:
    r = measure.run_child([sys.executable, str(BENCH / "peak.py"), "--floor"])
    data = json.loads(r.stderr.strip().splitlines()[-1])
    assert r.returncode == 0 and data["rc"] == 0
    assert 1000 < data["vmhwm_kb"] < 200_000


def test_one_block_journal_has_a_block_and_nothing_logged(tmp_path: Path) -> None:
    out = make_journal.write_journal(make_journal.one_block_journal(TODAY),
                                     tmp_path / "journal.json",
                                     datetime.combine(TODAY, datetime.min.time(), UTC))
    journal = Store(out).journal
    assert len(journal.blocks) == 1
    assert journal.blocks[0].current.weeks == make_journal.LONGEST_WEEKS
    assert not journal.entries and not journal.sessions and not journal.side_effects


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
