"""Run every benchmark, print the table of ratios against the targets, save results.json.

Usage: ``make bench`` (or ``.venv/bin/python bench/run.py [--runs N] [--only 1,5]``).

Absolute times depend on the machine, so every target is a ratio of two things measured side
by side in this run, interleaved (A, B, A, B, ...) after a warm-up, each a median of at least
5 runs. Processes are fresh for every start-up and command timing; wall time is spawn to exit.
jrnl (the peer for the command timings) is installed on first use into its own venv under
``bench/out/``; nothing is installed into the project's environment.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
for p in (str(BENCH), str(ROOT)):
    if p not in sys.path:
        sys.path.insert(0, p)

import importprof  # noqa: E402
import measure  # noqa: E402
import peer_jrnl  # noqa: E402
from report import TARGET_BY_NUM, Row, format_details, format_table  # noqa: E402

PY = sys.executable
LAUNCHER = str(BENCH / "launch_app.py")
INPROC = str(BENCH / "inproc.py")


# --- environment --------------------------------------------------------------------------
def machine_info() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    versions = {}
    for dist in ("textual", "tinydb", "pendulum", "plotext", "rich"):
        try:
            from importlib.metadata import version

            versions[dist] = version(dist)
        except Exception:
            versions[dist] = "?"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu or "unknown",
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "packages": versions,
    }


def child_env(home: Path) -> dict[str, str]:
    """A clean environment: the real user's journal, settings and themes are never touched."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TRIAL_JOURNAL_", "TEXTUAL_", "XDG_"))}
    env.update({
        "TRIAL_JOURNAL_CONFIG": str(home / "config"),
        "XDG_CONFIG_HOME": str(home / "xdg-config"),
        "XDG_DATA_HOME": str(home / "xdg-data"),
    })
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode, as after any install
    return env


def journal_command() -> list[str]:
    script = Path(PY).with_name("journal")
    return [str(script)] if script.exists() else [PY, "-m", "journal"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


class Bench:
    """Holds the shared inputs and collects rows, details and raw results."""

    def __init__(self, runs: int, years: int, work: Path) -> None:
        self.runs = runs
        self.years = years
        self.work = work
        self.env = child_env(work / "home")
        self.rows: dict[int, Row] = {}
        self.details: list[tuple[str, str]] = []
        self.raw: dict[str, Any] = {}
        self.profile: list[tuple[str, str]] = []
        self.journal_file = OUT / f"journal-{years}y.json"
        self.empty_file = work / "empty" / "journal.json"

    def row(self, num: int, ratio: float | None, detail: str = "", note: str = "",
            extra_ok: bool = True) -> None:
        self.rows[num] = Row(TARGET_BY_NUM[num], ratio, detail, note, extra_ok)

    # --- inputs ----------------------------------------------------------------------
    def make_journal(self) -> None:
        t = time.perf_counter()
        result = subprocess.run([PY, str(BENCH / "make_journal.py"), "--years", str(self.years),
                                 "--out", str(self.journal_file)],
                                check=True, capture_output=True, text=True)
        self.details.append((f"make_journal --years {self.years}",
                             f"{result.stdout.strip().split(': ', 1)[-1]} "
                             f"(built in {time.perf_counter() - t:.1f} s)"))

    def copy_journal(self, name: str) -> Path:
        folder = self.work / name
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "journal.json"
        shutil.copy2(self.journal_file, target)
        return target

    # --- 1, 2, 7: start-up and memory ------------------------------------------------
    def launch(self, *args: str) -> Callable[[], tuple[float, Any]]:
        def once() -> tuple[float, Any]:
            env = dict(self.env, BENCH_T0=repr(time.time()))
            r = measure.run_child([PY, LAUNCHER, *args], env=env)
            report = r.json_line()
            if r.returncode != 0 or "frame_s" not in report:
                raise RuntimeError(f"launcher {' '.join(args)} failed (rc {r.returncode}): "
                                   f"{(r.stderr or r.stdout)[-600:]}")
            return r.wall_s, {"maxrss_kb": r.maxrss_kb, "cpu_s": r.cpu_s, **report}
        return once

    def startup(self) -> None:
        app_file = self.journal_file  # the app only reads it
        series = measure.interleave({
            "bare": self.launch("bare"),
            "app-10y": self.launch("app", "--data", str(app_file)),
            "app-empty": self.launch("app", "--data", str(self.empty_file)),
        }, self.runs)
        bare, full, empty = series["bare"], series["app-10y"], series["app-empty"]
        self.raw["startup"] = {k: {"wall_s": s.values, "child": s.extra}
                               for k, s in series.items()}
        def med(s: measure.Series, key: str) -> float:
            return statistics.median(e[key] for e in s.extra)

        # The figure: spawn to first full frame (the child stamps the frame with time.time(),
        # the parent stamped the spawn). Spawn to exit (shutdown included) is shown beside it.
        f_full, f_bare, f_empty = (med(s, "frame_s") for s in (full, bare, empty))
        self.row(1, f_full / f_bare, f"{ms(f_full)} vs {ms(f_bare)}; spawn to exit "
                 f"{full.median / bare.median:.2f}x")
        self.row(2, f_full / f_empty, f"{ms(f_full)} vs {ms(f_empty)}; spawn to exit "
                 f"{full.median / empty.median:.2f}x")

        cpu_full, cpu_bare, cpu_empty = (med(s, "cpu_s") for s in (full, bare, empty))
        self.details.append((
            "CPU time to first frame (a check on wall time when the machine is busy)",
            f"app 10-year {ms(cpu_full)}, bare {ms(cpu_bare)}, app empty {ms(cpu_empty)}: "
            f"{cpu_full / cpu_bare:.2f}x bare, {cpu_full / cpu_empty:.2f}x empty"))

        stage_names = (("textual imported", "textual_imported"), ("app.run called", "run_called"),
                       ("Ready", "ready"), ("frame", "frame"))
        for s in (bare, full, empty):
            stages = "; ".join(
                f"{label} {med(s, key + '_s') * 1000:.0f}"
                for label, key in stage_names if all(key + "_s" in e for e in s.extra))
            cpu_steps = []
            previous = "started"
            for label, key in stage_names:
                if all(f"{key}_cpu_s" in e and f"{previous}_cpu_s" in e for e in s.extra):
                    step = statistics.median(e[f"{key}_cpu_s"] - e[f"{previous}_cpu_s"]
                                             for e in s.extra)
                    cpu_steps.append(f"{label} +{step * 1000:.0f}")
                    previous = key
            screen = s.extra[0].get("screen", "?")
            self.details.append((f"start-up {s.name} ({screen}), ms after spawn",
                                 f"{stages}; exit {ms(s.median)}"))
            self.details.append((f"start-up {s.name}, CPU ms per stage",
                                 ", ".join(cpu_steps) or "n/a"))

        rss_bare = statistics.median(e["maxrss_kb"] for e in bare.extra)
        rss_full = statistics.median(e["maxrss_kb"] for e in full.extra)
        rss_empty = statistics.median(e["maxrss_kb"] for e in empty.extra)
        visit = measure.interleave({"app-10y-visit": self.launch(
            "app", "--data", str(app_file), "--visit")}, 5, warmup=0)["app-10y-visit"]
        rss_visit = statistics.median(e["maxrss_kb"] for e in visit.extra)
        self.raw["memory"] = {"bare_kb": rss_bare, "app_10y_kb": rss_full,
                              "app_empty_kb": rss_empty, "app_10y_all_screens_kb": rss_visit}
        self.row(7, rss_full / rss_bare,
                 f"{rss_full / 1024:.1f} vs {rss_bare / 1024:.1f} MiB")
        self.details.append(("peak memory after opening every screen (10-year journal)",
                             f"{rss_visit / 1024:.1f} MiB = {rss_visit / rss_bare:.2f}x bare; "
                             f"empty journal {rss_empty / 1024:.1f} MiB"))
        def step_ms(mode: str, prev: str) -> float:
            return statistics.median(e[f"visit_{mode}_s"] - e[prev] for e in visit.extra) * 1000

        stages = ", ".join(
            f"{mode} {step_ms(mode, prev):.0f}"
            for mode, prev in (("log", "frame_s"), ("plan", "visit_log_s"),
                               ("charts", "visit_plan_s"), ("review", "visit_charts_s"))
            if all(f"visit_{mode}_s" in e and prev in e for e in visit.extra))
        self.details.append(("first visit of each screen after start-up, ms (10-year journal)",
                             stages or "n/a"))

    # --- 3, 4, 8: in-process ------------------------------------------------------------
    def inproc(self, what: str, runs: int) -> dict[str, Any]:
        r = measure.run_child([PY, INPROC, what, str(self.journal_file), "--runs", str(runs)],
                              env=self.env, timeout=600)
        data = r.json_line()
        if r.returncode != 0 or not data:
            raise RuntimeError(f"{what} failed (rc {r.returncode}): {r.stderr[-800:]}")
        self.raw[what] = data
        return data

    def save(self) -> None:
        d = self.inproc("save", max(21, self.runs * 3))
        reads = d["reads_during_saves"]
        self.row(3, d["save_ms"] / d["floor_ms"],
                 f"{d['save_ms']:.1f} vs {d['floor_ms']:.1f} ms, file {d['file_kib']:.0f} KiB; "
                 f"re-reads of the file during saves: {reads}",
                 extra_ok=reads == 0 and d["saved_ok"])
        self.details.append(("first save of the day (daily backup)",
                             f"{d['first_save_of_day_ms']:.1f} ms"))
        self.details.append(("open the 10-year journal in-process (Store())",
                             f"{d['store_open_ms']:.0f} ms"))

    def chart(self) -> None:
        d = self.inproc("chart", self.runs)
        if not d.get("available"):
            self.row(4, None, note=f"not yet available: {d.get('why', '')}"[:120])
            return
        self.row(4, d["all_ms"] / d["block_ms"], f"{d['all_ms']:.1f} vs {d['block_ms']:.1f} ms")

    def screens(self) -> None:
        d = self.inproc("screens", self.runs)
        ratio = d["review_ms"] / d["log_ms"] if d["log_ms"] else None
        detail = f"{d['review_ms']:.0f} vs {d['log_ms']:.0f} ms"
        if d["placeholder"]:
            self.row(8, None, note=f"screens are placeholders; {detail}")
        else:
            self.row(8, ratio, detail)
        self.details.append(("first open, CPU time: Review / Log (Textual holds a new mode's "
                             "updates 50 ms, so the wall time of an open is at least that)",
                             f"{d['review_cpu_ms']:.0f} / {d['log_cpu_ms']:.0f} ms = "
                             f"{d['review_cpu_ms'] / d['log_cpu_ms']:.2f}x"))
        self.details.append(("re-open (resume) Review / Log",
                             f"{d['review_again_ms']:.0f} / {d['log_again_ms']:.0f} ms"))

    # --- 5, 6: commands vs jrnl -------------------------------------------------------
    def commands(self) -> None:
        jrnl = peer_jrnl.ensure_jrnl(OUT / "venv-jrnl")
        from journal.store import Store

        history = Store(self.journal_file).journal
        jenv, jfile = peer_jrnl.setup(self.work / "jrnl-10y", history)
        jenv_empty, jfile_empty = peer_jrnl.setup(self.work / "jrnl-empty", None)
        marker = "bench entry pain 4 walking 20"

        def jrnl_add(env: dict[str, str]) -> Callable[[], tuple[float, Any]]:
            def once() -> tuple[float, Any]:
                r = measure.run_child([str(jrnl), marker], env=env)
                if r.returncode != 0:
                    raise RuntimeError(f"jrnl failed: {r.stderr[-400:]}")
                return r.wall_s, {"cpu_s": r.cpu_s}
            return once

        data = self.copy_journal("cli-log")
        # status on its own copy, where today is not logged yet: it has a line to print.
        status_data = self.copy_journal("cli-status")
        log_args = ["log", "--pain", "4", "--function", "20", "--data", str(data)]
        status_args = ["status", "--short", "--data", str(status_data)]
        log_argv = [*journal_command(), *log_args]
        status_argv = [*journal_command(), *status_args]

        def ours(argv: list[str]) -> Callable[[], tuple[float, Any]]:
            def once() -> tuple[float, Any]:
                r = measure.run_child(argv, env=self.env)
                if r.returncode != 0:
                    raise RuntimeError(f"{' '.join(argv[-6:])} failed (rc {r.returncode}): "
                                       f"{r.stderr.strip()[-300:]}")
                return r.wall_s, {"cpu_s": r.cpu_s, "output": r.stdout.strip()}
            return once

        variants: dict[str, Callable[[], tuple[float, Any]]] = {
            "jrnl-10y": jrnl_add(jenv), "jrnl-empty": jrnl_add(jenv_empty)}
        errors: dict[str, str] = {}
        for name, argv in (("log", log_argv), ("status", status_argv)):
            try:
                ours(argv)()  # does the command exist yet?
                variants[name] = ours(argv)
            except RuntimeError as exc:
                errors[name] = str(exc)
        runs = max(self.runs, 11)  # cheap, and the noisiest comparison on a busy machine
        series = measure.interleave(variants, runs)

        added = peer_jrnl.count_entries(jfile, marker)
        expected = runs + 1
        if added != expected or peer_jrnl.count_entries(jfile_empty, marker) != expected:
            raise RuntimeError(f"jrnl did not write every entry ({added} of {expected})")
        peer = series["jrnl-10y"].median
        peer_empty = series["jrnl-empty"].median

        def cpu(name: str) -> float:
            return statistics.median(e["cpu_s"] for e in series[name].extra)

        self.details.append((
            "CPU time of the commands (a check on wall time when the machine is busy)",
            ", ".join(f"{name} {ms(cpu(name))}" for name in series)))
        self.details.append(("jrnl 4.6 adds one entry: same history / empty journal",
                             f"{ms(peer)} / {ms(peer_empty)}"))
        today = datetime.now().astimezone().date().isoformat()
        for num, name in ((5, "log"), (6, "status")):
            if name in errors:
                self.row(num, None, note=f"command failed: {errors[name][:150]}")
                continue
            s = series[name]
            note = ""
            if name == "log":
                days = json.loads(data.read_text())["days"].values()
                if not any(d["date"] == today and d["pain"] == 4 for d in days):
                    note = "the entry was not found in the journal file"
            self.row(num, s.median / peer,
                     f"{ms(s.median)} vs {ms(peer)}; vs jrnl on an empty journal "
                     f"{s.median / peer_empty:.2f}x", note=note, extra_ok=not note)
            self.raw[name] = {"wall_s": s.values, "output": s.extra[0]["output"],
                              "cpu_s": [e["cpu_s"] for e in s.extra]}
        self.raw["jrnl"] = {"10y_wall_s": series["jrnl-10y"].values,
                            "empty_wall_s": series["jrnl-empty"].values}
        self.import_profiles(log_args, status_args)

    # --- profile ---------------------------------------------------------------------
    def import_profiles(self, log_args: list[str], status_args: list[str]) -> None:
        """One ``-X importtime`` run of each command and of the app start."""
        py = [PY, "-X", "importtime"]
        cases = {
            "journal log": [*py, "-m", "journal", *log_args],
            "journal status --short": [*py, "-m", "journal", *status_args],
            "app start (10-year journal)": [*py, LAUNCHER, "app", "--data",
                                            str(self.journal_file)],
            "bare Textual app": [*py, LAUNCHER, "bare"],
        }
        for label, argv in cases.items():
            runs = [measure.run_child(argv, env=dict(self.env, BENCH_T0=repr(time.time())))
                    for _ in range(3)]
            self.profile.append((label, importprof.summary([r.stderr for r in runs])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks and print the table.")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (>= 5)")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--only", default="", help="comma-separated target numbers")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5 (each figure is a median of >= 5 runs)")
    only = {int(x) for x in args.only.split(",") if x.strip()} or set(TARGET_BY_NUM)
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine_info()
    print(f"trial-journal benchmarks, {info['date']}: {info['nproc']} CPUs, {info['cpu']}, "
          f"Python {info['python']}, textual {info['packages']['textual']}; "
          f"{args.runs} runs per figure", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trial-journal-bench-") as tmp:
        bench = Bench(args.runs, args.years, Path(tmp))
        bench.make_journal()
        steps: list[tuple[set[int], str, Callable[[], None]]] = [
            ({1, 2, 7}, "start-up and memory", bench.startup),
            ({3}, "saving", bench.save),
            ({4}, "charts", bench.chart),
            ({8}, "screens", bench.screens),
            ({5, 6}, "commands vs jrnl", bench.commands),
        ]
        for nums, label, step in steps:
            if not nums & only:
                continue
            t = time.perf_counter()
            print(f"  {label} ...", end="", flush=True)
            try:
                step()
                print(f" {time.perf_counter() - t:.0f} s", flush=True)
            except Exception as exc:  # one broken measurement must not hide the others
                print(f" failed: {exc}", flush=True)
                for num in nums:
                    bench.row(num, None, note=f"error: {str(exc)[:160]}")
        rows = [bench.rows[n] for n in sorted(bench.rows) if n in only]
    print()
    print(format_table(rows))
    print()
    print(format_details(bench.details))
    if bench.profile:
        print()
        print("Import time by package, ms (median of 3 `python -X importtime` runs each):")
        for label, text in bench.profile:
            print(f"- {label}: {text}")
    elapsed = time.perf_counter() - started
    met = sum(1 for r in rows if r.met)
    print(f"\n{met} of {len(rows)} targets met; took {elapsed:.0f} s. "
          f"Results: {OUT / 'results.json'}")
    results = {
        "machine": info, "runs": args.runs, "years": args.years, "elapsed_s": elapsed,
        "table": [{"num": r.target.num, "figure": r.target.figure, "ratio": r.ratio,
                   "op": r.target.op, "limit": r.target.limit, "met": r.met,
                   "measured": r.measured_text} for r in rows],
        "details": dict(bench.details), "import_profile": dict(bench.profile),
        "raw": bench.raw,
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
