"""Run every benchmark, print the targets of issue 21 with met / not met, save results.json.

Usage: ``make bench`` (or ``.venv/bin/python bench/run.py [--runs N] [--long] [--quick]``).

Absolute times depend on the machine, so every target is a ratio of two things measured side
by side in this run, interleaved (A, B, A, B, ...) after a warm-up, each a median of the runs.
Processes are fresh for every start-up and command timing; wall time is spawn to exit.
Journals of 1, 10 and 30 years (and 100 with ``--long``) are measured in the same rounds, which
gives both the flat-cost targets and the scaling table. jrnl (the peer) is installed on first
use into its own venv under ``bench/out/``; nothing is installed into the project's environment.

The app asks "yesterday or today?" between midnight and its day-start hour; the bench's own
settings file sets ``day_start_hour`` to 0, so the question never comes and a run at 01:00
measures the same screens as one at 15:00.
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
from datetime import UTC, date, datetime
from datetime import time as dtime
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
from report import TARGET_BY_ID, Row, format_details, format_scaling, format_table  # noqa: E402

PY = sys.executable
LAUNCHER = str(BENCH / "launch_app.py")
INPROC = str(BENCH / "inproc.py")
PEAK = str(BENCH / "peak.py")
#: The bench's settings: the day starts at midnight, so the app never asks which day it is.
BENCH_SETTINGS = {"day_start_hour": 0}
SCREEN_MODES = ("log", "plan", "charts", "review")


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
    for dist in ("textual", "tinydb", "plotext", "rich"):
        try:
            from importlib.metadata import version

            versions[dist] = version(dist)
        except Exception:
            versions[dist] = "?"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "local_time": datetime.now().astimezone().strftime("%H:%M %Z"),
        "nproc": os.cpu_count(),
        "cpu": cpu or "unknown",
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "packages": versions,
    }


def child_env(home: Path) -> dict[str, str]:
    """A clean environment with the bench's own config folder and settings.

    The real user's journal, settings and themes are never touched.
    """
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TRIAL_JOURNAL_", "TEXTUAL_", "XDG_"))}
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps(BENCH_SETTINGS) + "\n", "utf-8")
    env.update({
        "TRIAL_JOURNAL_CONFIG": str(config),
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


def med(values: Any) -> float:
    return statistics.median(list(values))


class Bench:
    """Holds the shared inputs and collects rows, details, the scaling table and raw results."""

    def __init__(self, runs: int, years: list[int], work: Path, warmup: int = 1) -> None:
        self.runs = runs
        self.years = years  # journal sizes, smallest first; 1, 10 and 30 always
        self.top = years[-1]
        self.warmup = warmup
        self.work = work
        self.env = child_env(work / "home")
        self.rows: dict[str, Row] = {}
        self.details: list[tuple[str, str]] = []
        self.raw: dict[str, Any] = {}
        self.profile: list[tuple[str, str]] = []
        self.scaling: dict[str, dict[str, float]] = {}
        self.today = date.today()
        self.files: dict[int, Path] = {}
        self.one_block_file = work / "one-block" / "journal.json"

    def row(self, tid: str, ratio: float | None, detail: str = "", note: str = "",
            extra_ok: bool = True, figure: str = "") -> None:
        self.rows[tid] = Row(TARGET_BY_ID[tid], ratio, detail, note, extra_ok, figure)

    def scale(self, action: str, values: dict[int, float]) -> None:
        self.scaling[action] = {str(y): v for y, v in values.items()}

    # --- inputs ----------------------------------------------------------------------
    def make_journals(self) -> None:
        """Build (or reuse today's) journals of each size, and the one-block journal."""
        for years in self.years:
            path = OUT / f"journal-{years}y-{self.today.isoformat()}.json"
            if not path.exists():
                for old in OUT.glob(f"journal-{years}y-*.json"):
                    old.unlink()
                t = time.perf_counter()
                result = subprocess.run(
                    [PY, str(BENCH / "make_journal.py"), "--years", str(years), "--out",
                     str(path), "--today", self.today.isoformat()],
                    check=True, capture_output=True, text=True)
                self.details.append((f"make_journal --years {years}",
                                     f"{result.stdout.strip().split(': ', 1)[-1]} "
                                     f"(built in {time.perf_counter() - t:.1f} s)"))
            self.files[years] = path
            self.raw.setdefault("file_bytes", {})[str(years)] = path.stat().st_size
        import make_journal

        self.one_block_file.parent.mkdir(parents=True, exist_ok=True)
        make_journal.write_journal(make_journal.one_block_journal(self.today),
                                   self.one_block_file,
                                   datetime.combine(self.today, dtime(9, 0), UTC))

    def copy_journal(self, name: str, years: int) -> Path:
        folder = self.work / name
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "journal.json"
        shutil.copy2(self.files[years], target)
        return target

    # --- commands: 1.1-1.3, 3, 6, K4 -------------------------------------------------------
    def commands(self) -> None:
        jrnl = peer_jrnl.ensure_jrnl(OUT / "venv-jrnl")
        from journal.store import Store

        history = Store(self.files[10]).journal
        jenv, jfile = peer_jrnl.setup(self.work / "jrnl-10y", history)
        marker = "bench entry pain 4 walking 20"
        cmd = journal_command()

        def run(argv: list[str], env: dict[str, str], label: str,
                stdout_ok: bool = True) -> Callable[[], tuple[float, Any]]:
            def once() -> tuple[float, Any]:
                r = measure.run_child(argv, env=env)
                if r.returncode != 0:
                    raise RuntimeError(f"{label} failed (rc {r.returncode}): "
                                       f"{(r.stderr or r.stdout).strip()[-300:]}")
                return r.wall_s, {"cpu_s": r.cpu_s, "maxrss_kb": r.maxrss_kb,
                                  "output": r.stdout.strip()[:200] if stdout_ok else ""}
            return once

        def peak(args: list[str], label: str) -> Callable[[], tuple[float, Any]]:
            """Peak memory of ``python -m ...`` (VmHWM, see bench/peak.py); not timed."""
            def once() -> tuple[float, Any]:
                r = measure.run_child([PY, PEAK, *args], env=self.env)
                last = r.stderr.strip().splitlines()[-1:] or ["{}"]
                try:
                    data = json.loads(last[0])
                except ValueError:
                    data = {}
                if r.returncode != 0 or not data.get("vmhwm_kb"):
                    raise RuntimeError(f"{label} failed (rc {r.returncode}): "
                                       f"{r.stderr.strip()[-300:]}")
                return data["vmhwm_kb"], data
            return once

        variants: dict[str, Callable[[], tuple[float, Any]]] = {
            "jrnl-10y": run([str(jrnl), marker], jenv, "jrnl"),
            "floor": run([PY, "-c", "import json"], self.env, "python -c 'import json'"),
            "mem-floor": peak(["--floor"], "peak.py --floor"),
        }
        log_files: dict[int, Path] = {}
        for y in self.years:
            log_files[y] = self.copy_journal(f"log-{y}", y)
            # status and report on their own copy, where today is not logged yet.
            other = self.copy_journal(f"read-{y}", y)
            out = self.work / f"export-{y}.json"
            variants[f"log-{y}"] = run([*cmd, "log", "--pain", "4", "--function", "20",
                                        "--data", str(log_files[y])], self.env, "journal log")
            variants[f"status-{y}"] = run([*cmd, "status", "--short", "--data", str(other)],
                                          self.env, "journal status --short")
            variants[f"report-{y}"] = run([*cmd, "report", "--data", str(other)], self.env,
                                          "journal report", stdout_ok=False)
            export_args = ["export", "--format", "json", "--data", str(other), "--out", str(out)]
            variants[f"export-{y}"] = run([*cmd, *export_args], self.env, "journal export")
            variants[f"mem-export-{y}"] = peak(["journal", *export_args], "journal export")
        for name, fn in list(variants.items()):  # does each command work at all?
            out = self.work / f"export-{name.split('-')[-1]}.json"
            out.unlink(missing_ok=True)
            try:
                fn()
            except RuntimeError as exc:
                self.details.append((f"{name} fails", str(exc)[:300]))
                del variants[name]
            out.unlink(missing_ok=True)

        # export --out may refuse to replace its own earlier file: remove it before each run.
        def fresh_export(y: int, fn: Callable[[], tuple[float, Any]]) -> Callable[[], Any]:
            def once() -> tuple[float, Any]:
                (self.work / f"export-{y}.json").unlink(missing_ok=True)
                return fn()
            return once

        for y in self.years:
            for name in (f"export-{y}", f"mem-export-{y}"):
                if name in variants:
                    variants[name] = fresh_export(y, variants[name])
        series = measure.interleave(variants, self.runs, warmup=self.warmup)
        self.raw["commands"] = {name: {"values": s.values,  # seconds; KiB for mem-*
                                       "cpu_s": [e.get("cpu_s") for e in s.extra],
                                       "output": s.extra[0].get("output", "")}
                                for name, s in series.items()}

        def wall(name: str) -> float | None:
            return series[name].median if name in series else None

        def cpu(name: str) -> float:
            return med(e["cpu_s"] for e in series[name].extra)

        for action in ("log", "status", "report", "export"):
            values = {y: wall(f"{action}-{y}") for y in self.years}
            self.scale(action, {y: v * 1000 for y, v in values.items() if v is not None})
        for tid, action in (("1.1", "log"), ("1.2", "status"), ("1.3", "report")):
            big, small = wall(f"{action}-30"), wall(f"{action}-1")
            if big is None or small is None:
                self.row(tid, None, note=f"`journal {action}` failed (see details)")
                continue
            self.row(tid, big / small, f"{ms(big)} vs {ms(small)}; CPU "
                     f"{cpu(f'{action}-30') / cpu(f'{action}-1'):.2f}x")
        status_out = series["status-10"].extra[0]["output"] if "status-10" in series else ""
        self.details.append(("`journal status --short` prints (10-year journal, today not "
                             "logged)", status_out or "(nothing)"))

        # 3. memory of export at the largest size, above the interpreter's own peak.
        rss = {y: series[f"mem-export-{y}"].median
               for y in self.years if f"mem-export-{y}" in series}
        floor_rss = series["mem-floor"].median
        self.scale("export_rss", {y: kb / 1024 for y, kb in rss.items()})
        if self.top in rss:
            size_kb = self.files[self.top].stat().st_size / 1024
            extra = rss[self.top] - floor_rss
            self.row("3", extra / size_kb,
                     f"{self.top}-year journal: peak {rss[self.top] / 1024:.1f} MiB - "
                     f"interpreter {floor_rss / 1024:.1f} MiB vs file {size_kb / 1024:.1f} MiB; "
                     f"whole peak {rss[self.top] / size_kb:.1f}x the file")
        else:
            self.row("3", None, note="export failed (see details)")

        # 6 and K4: against jrnl with the same ten years, and the interpreter floor.
        peer, floor = wall("jrnl-10y"), wall("floor")
        added = peer_jrnl.count_entries(jfile, marker)
        expected = self.runs + self.warmup + 1
        jrnl_ok = added == expected
        log10 = wall("log-10")
        if log10 is not None:
            days = json.loads(log_files[10].read_text())["days"].values()
            logged = any(d["date"] == self.today.isoformat() and d["pain"] == 4 for d in days)
            note = "" if logged else "the entry was not found in the journal file"
            if not jrnl_ok:
                note += f" jrnl wrote {added} of {expected} entries"
            self.row("6.1", log10 / peer, f"{ms(log10)} vs {ms(peer)}; CPU "
                     f"{cpu('log-10') / cpu('jrnl-10y'):.2f}x", note=note.strip(),
                     extra_ok=logged and jrnl_ok)
            self.row("6.2", log10 / floor, f"{ms(log10)} vs {ms(floor)}; CPU "
                     f"{cpu('log-10') / cpu('floor'):.2f}x", note="" if logged else note,
                     extra_ok=logged)
        else:
            for tid in ("6.1", "6.2"):
                self.row(tid, None, note="`journal log` failed (see details)")
        status10 = wall("status-10")
        if status10 is not None:
            self.row("K4", status10 / peer, f"{ms(status10)} vs {ms(peer)}",
                     extra_ok=bool(status_out), note="" if status_out else "printed nothing")
        else:
            self.row("K4", None, note="`journal status --short` failed (see details)")
        self.details.append((
            "CPU time of the commands (a check on wall time when the machine is busy)",
            ", ".join(f"{name} {ms(cpu(name))}" for name in series
                      if not name.startswith("mem-"))))
        self.import_profiles()

    # --- start-up: 1.4, 5, K2, K3 ----------------------------------------------------------
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
        variants = {"bare": self.launch("bare"),
                    "one-block": self.launch("app", "--data", str(self.one_block_file))}
        for y in self.years:  # the app only reads the file
            variants[f"app-{y}"] = self.launch("app", "--data", str(self.files[y]))
        series = measure.interleave(variants, self.runs, warmup=self.warmup)
        self.raw["startup"] = {k: {"wall_s": s.values, "child": s.extra}
                               for k, s in series.items()}

        def frame(name: str) -> float:
            return med(e["frame_s"] for e in series[name].extra)

        def cpu(name: str) -> float:
            return med(e["frame_cpu_s"] for e in series[name].extra)

        def rss(name: str) -> float:
            return med(e.get("vmhwm_kb") or e["maxrss_kb"] for e in series[name].extra)

        screens = {name: s.extra[0].get("screen", "?") for name, s in series.items()}
        self.scale("frame", {y: frame(f"app-{y}") * 1000 for y in self.years})
        f1, f30, f10 = frame("app-1"), frame("app-30"), frame("app-10")
        # Every journal must open on the same screen (Log; never the day question).
        app_screens = {screens[n] for n in series if n != "bare"}
        one_screen = len(app_screens) == 1
        odd = "" if one_screen else f"not the same screen: {', '.join(sorted(app_screens))}"
        self.row("1.4", f30 / f1, f"{ms(f30)} vs {ms(f1)}; CPU "
                 f"{cpu('app-30') / cpu('app-1'):.2f}x", extra_ok=one_screen, note=odd)
        self.row("5", f10 / frame("bare"), f"{ms(f10)} vs {ms(frame('bare'))}; CPU "
                 f"{cpu('app-10') / cpu('bare'):.2f}x", extra_ok=one_screen, note=odd)
        self.details.append(("first screen of each start-up",
                             ", ".join(f"{n} {screens[n]}" for n in series)))
        same = screens["app-10"] == screens["one-block"]
        self.row("K2", f10 / frame("one-block"),
                 f"{ms(f10)} vs {ms(frame('one-block'))}, {screens['app-10']} vs "
                 f"{screens['one-block']}", extra_ok=same,
                 note="" if same else "not the same screen")
        self.row("K3", rss("app-10") / rss("bare"),
                 f"{rss('app-10') / 1024:.1f} vs {rss('bare') / 1024:.1f} MiB")
        self.details.append(("CPU time to first frame, ms",
                             ", ".join(f"{n} {cpu(n) * 1000:.0f}" for n in series)))
        self.details.append(("peak memory at first frame, MiB",
                             ", ".join(f"{n} {rss(n) / 1024:.1f}" for n in series)))

    # --- first save of the day: 1.5 ------------------------------------------------------
    def inproc(self, *args: str) -> dict[str, Any]:
        r = measure.run_child([PY, INPROC, *args], env=self.env, timeout=600)
        data = r.json_line()
        if r.returncode != 0 or not data:
            raise RuntimeError(f"inproc {args[0]} failed (rc {r.returncode}): "
                               f"{r.stderr[-800:]}")
        return data

    def first_save(self) -> None:
        def once(y: int) -> Callable[[], tuple[float, Any]]:
            def run() -> tuple[float, Any]:
                d = self.inproc("firstsave", str(self.files[y]))
                return d["first_save_ms"] / 1000, d
            return run

        series = measure.interleave({f"save-{y}": once(y) for y in self.years}, self.runs,
                                    warmup=self.warmup)
        self.raw["first_save"] = {k: s.extra for k, s in series.items()}
        ok = all(e["backup_made"] and e["saved_ok"] for s in series.values() for e in s.extra)
        self.scale("first_save", {y: series[f"save-{y}"].median * 1000 for y in self.years})
        big, small = series["save-30"].median, series["save-1"].median
        self.row("1.5", big / small, f"{ms(big)} vs {ms(small)}", extra_ok=ok,
                 note="" if ok else "a save or its backup is missing")

    # --- saving vs the floor: K1 -------------------------------------------------------
    def save(self) -> None:
        d = self.inproc("save", str(self.files[10]), "--runs", str(max(15, self.runs * 3)))
        self.raw["save"] = d
        reads = d["reads_during_saves"]
        self.row("K1", d["save_ms"] / d["floor_ms"],
                 f"{d['save_ms']:.1f} vs {d['floor_ms']:.1f} ms, file {d['file_kib']:.0f} KiB; "
                 f"re-reads of the file during saves: {reads}",
                 extra_ok=reads == 0 and d["saved_ok"])

    # --- charts: 2 -----------------------------------------------------------------------
    def chart(self) -> None:
        files = [str(self.files[y]) for y in self.years]
        d = self.inproc("chartscale", *files, "--runs", str(self.runs))
        self.raw["chart"] = d
        if not d.get("available"):
            self.row("2", None, note=f"not available: {d.get('why', '')}"[:120])
            return
        times = {y: d["all_ms"][str(self.files[y])] for y in self.years}
        self.scale("chart", times)
        figure = "" if self.top >= 100 else (
            f"Linear charts: all-time pain chart (`render_chart`), {self.top}-year vs 10-year "
            "journal (100 years only with --long)")
        self.row("2", times[self.top] / times[10],
                 f"{times[self.top]:.1f} vs {times[10]:.1f} ms", figure=figure)

    # --- screens: 4.1-4.3 ----------------------------------------------------------------
    def screens(self) -> None:
        rounds = []
        for i in range(self.runs):
            shift = i % len(SCREEN_MODES)
            order = SCREEN_MODES[shift:] + SCREEN_MODES[:shift]
            rounds.append(self.inproc("screens", str(self.files[10]), "--order",
                                      ",".join(order)))
        self.raw["screens"] = rounds

        def first(mode: str, key: str = "first_s") -> float:
            return med(r[f"{mode}_{key}"] for r in rounds)

        log = first("log")
        for tid, mode in (("4.1", "plan"), ("4.2", "charts"), ("4.3", "review")):
            placeholder = any(r[f"{mode}_placeholder"] for r in rounds)
            self.row(tid, first(mode) / log,
                     f"{ms(first(mode))} vs {ms(log)}; CPU "
                     f"{first(mode, 'first_cpu_s') / first('log', 'first_cpu_s'):.2f}x",
                     extra_ok=not placeholder, note="a placeholder screen" if placeholder else "")
        self.details.append(("first open of each screen (10-year journal), wall / CPU ms",
                             ", ".join(f"{m} {first(m) * 1000:.0f} / "
                                       f"{first(m, 'first_cpu_s') * 1000:.0f}"
                                       for m in SCREEN_MODES)))
        def again(mode: str) -> str:
            values = [r[f"{mode}_again_s"] for r in rounds if r[f"{mode}_again_s"] is not None]
            return f"{med(values) * 1000:.0f}" if values else "no new frame"

        self.details.append(("re-open (resume) of each screen, ms",
                             ", ".join(f"{m} {again(m)}" for m in SCREEN_MODES)))

    # --- profile ---------------------------------------------------------------------
    def import_profiles(self) -> None:
        """``-X importtime`` of the quick commands on the 30-year journal (3 runs each)."""
        data = self.copy_journal("profile", 30)
        py = [PY, "-X", "importtime", "-m", "journal"]
        cases = {
            "journal log (30-year)": [*py, "log", "--pain", "4", "--function", "20", "--data",
                                      str(data)],
            "journal status --short (30-year)": [*py, "status", "--short", "--data", str(data)],
        }
        for label, argv in cases.items():
            runs = [measure.run_child(argv, env=self.env) for _ in range(3)]
            self.profile.append((label, importprof.summary([r.stderr for r in runs])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks and print the tables.")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per figure (default 7, at least 5; 3 with --quick)")
    parser.add_argument("--long", action="store_true",
                        help="also a 100-year journal (target 2 as stated; adds minutes)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 3 runs, no warm-up; figures are rough")
    parser.add_argument("--only", default="",
                        help="comma-separated steps: commands,startup,firstsave,save,chart,"
                             "screens")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 7)
    if runs < 5 and not args.quick:
        parser.error("--runs must be at least 5 (each figure is a median of >= 5 runs); "
                     "use --quick for a smoke run")
    years = [1, 10, 30] + ([100] if args.long else [])
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine_info()
    print(f"trial-journal benchmarks, {info['date']} ({info['local_time']} local): "
          f"{info['nproc']} CPUs, {info['cpu']}, Python {info['python']}, textual "
          f"{info['packages']['textual']}; {runs} runs per figure; journals of "
          f"{', '.join(map(str, years))} years{'; QUICK (rough figures)' if args.quick else ''}",
          flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trial-journal-bench-") as tmp:
        bench = Bench(runs, years, Path(tmp), warmup=0 if args.quick else 1)
        t = time.perf_counter()
        print("  journals ...", end="", flush=True)
        bench.make_journals()
        print(f" {time.perf_counter() - t:.0f} s", flush=True)
        steps: list[tuple[str, tuple[str, ...], Callable[[], None]]] = [
            ("commands", ("1.1", "1.2", "1.3", "3", "6.1", "6.2", "K4"), bench.commands),
            ("startup", ("1.4", "5", "K2", "K3"), bench.startup),
            ("firstsave", ("1.5",), bench.first_save),
            ("save", ("K1",), bench.save),
            ("chart", ("2",), bench.chart),
            ("screens", ("4.1", "4.2", "4.3"), bench.screens),
        ]
        only = {s.strip() for s in args.only.split(",") if s.strip()}
        for name, ids, step in steps:
            if only and name not in only:
                continue
            t = time.perf_counter()
            print(f"  {name} ...", end="", flush=True)
            try:
                step()
                print(f" {time.perf_counter() - t:.0f} s", flush=True)
            except Exception as exc:  # one broken measurement must not hide the others
                print(f" failed: {exc}", flush=True)
                for tid in ids:
                    bench.row(tid, None, note=f"error: {str(exc)[:160]}")
        rows = [bench.rows[t] for t in TARGET_BY_ID if t in bench.rows]
    print()
    print(format_table(rows))
    print()
    print("Scaling, median ms (ratio to the 1-year journal), measured side by side:")
    print()
    print(format_scaling(bench.scaling, years))
    print()
    print(format_details(bench.details))
    if bench.profile:
        print()
        print("Import time by package, ms (median of 3 `python -X importtime` runs each):")
        for label, text in bench.profile:
            print(f"- {label}: {text}")
    elapsed = time.perf_counter() - started
    met = sum(1 for r in rows if r.met)
    missed = [r.target.id for r in rows if r.met is False]
    print(f"\n{met} of {len(rows)} targets met"
          f"{'; not met: ' + ', '.join(missed) if missed else ''}; took {elapsed:.0f} s. "
          f"Results: {OUT / 'results.json'}; docs: bench/report.py --write-readme")
    results = {
        "machine": info, "runs": runs, "long": args.long, "quick": args.quick,
        "elapsed_s": elapsed, "scaling_years": years, "scaling": bench.scaling,
        "table": [{"id": r.target.id, "figure": r.figure_text, "ratio": r.ratio,
                   "op": r.target.op, "limit": r.target.limit, "met": r.met,
                   "detail": r.detail, "note": r.note, "extra_ok": r.extra_ok,
                   "measured": r.measured_text, "reason": r.reason} for r in rows],
        "details": dict(bench.details), "import_profile": dict(bench.profile),
        "raw": bench.raw,
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
