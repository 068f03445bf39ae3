"""Issue 17's side-by-side check: figures 1, 3, 5 and 6 of an older tree and of this one.

Issue 17 asks that bench figures 1, 3, 5 and 6 be "no worse than 5% from today's, measured side
by side", where "today's" is the code when the issue was filed (commit c561234). Comparing the
old harness's ratios with the new harness's would not be side by side: the bare app, the
launcher and the rounds differ. So this script measures both trees with ONE harness in the same
run, interleaved (old, new, old, new, ... after a warm-up round), and takes medians::

    make bench-against TREE=/path/to/old/checkout    # a checkout with its own .venv
    make bench-against REV=c561234                   # exported and given a venv under bench/out
    .venv/bin/python bench/against.py --old-tree DIR [--runs 9] [--write-readme]
    .venv/bin/python bench/against.py --show [--write-readme]   # the saved run again

Each tree runs its own code through its own venv's python (``bench/against_child.py`` adds
nothing to ``sys.path``; each child reports which ``journal`` package it imported). The four
figures, as the old ``bench/README.md`` defines them (the current bench calls them 5, K1, 6.1
and K4):

1. app start to first frame on the 10-year journal vs a bare one-label Textual app: the
   public entry point ``python -m journal --data FILE``, headless at 120x40, fresh processes;
   the bare app runs once per round and is the baseline of both trees (one Textual version).
3. ``Store.log_day`` on the open 10-year journal vs ``json.dumps`` of the same data + write +
   fsync, in one process per measurement, each tree's own ``Store``.
5. ``journal log --pain 4 --function 20 --data F`` vs jrnl adding an entry (same ten years).
6. ``journal status --short --data F`` vs the same jrnl add.

The journal is built by the OLD tree's ``bench/make_journal.py``: the old code reads format 1
only and refuses newer files, and the new code opens format 1. Saving upgrades a file, so every
``journal log`` run writes to a fresh copy of it (its ``backups`` folder is kept, so only the
warm-up makes the daily backup, for both trees alike).

The result goes to ``bench/out/against.json``; ``--write-readme`` puts its table into
``bench/README.md`` between the ``bench:against`` markers.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import measure  # noqa: E402
import peer_jrnl  # noqa: E402
from report import replace_block  # noqa: E402
from run import child_env, machine_info  # noqa: E402

CHILD = str(BENCH / "against_child.py")
RESULTS = OUT / "against.json"
#: In a tree exported by ``--rev``: the commit it was exported from.
REVISION = "REVISION"
README = BENCH / "README.md"
BEGIN = "<!-- bench:against (written by bench/against.py --write-readme; do not edit) -->"
END = "<!-- /bench:against -->"
#: How much worse than the old tree a figure may be and still meet issue 17 ("no worse than 5%").
ALLOWED_WORSE = 0.05
#: Figure number in issue 17 (the old bench) -> (name in the current bench, what it compares).
FIGURES: dict[str, tuple[str, str]] = {
    "1": ("5", "app (10-year journal) to first frame vs a bare one-label Textual app"),
    "3": ("K1", "`Store.log_day` on the open 10-year journal vs json.dumps + write + fsync"),
    "5": ("6.1", "`journal log --pain 4 --function 20` vs jrnl adding one entry"),
    "6": ("K4", "`journal status --short` vs the same jrnl add"),
}


# --- the trees ----------------------------------------------------------------------------
class Tree:
    """A checkout of trial-journal with its own venv."""

    def __init__(self, label: str, path: Path) -> None:
        self.label = label
        self.path = path.resolve()
        self.python = self.path / ".venv" / "bin" / "python"
        if not self.python.exists():
            raise SystemExit(f"{self.path} has no .venv (run `make lint` or `make run` there)")

    def command(self) -> list[str]:
        """The ``journal`` console script of this tree's venv (``python -m journal`` if none)."""
        script = self.python.with_name("journal")
        return [str(script)] if script.exists() else [str(self.python), "-m", "journal"]

    def git(self, *args: str) -> str:
        r = subprocess.run(["git", "-C", str(self.path), *args], capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else "?"

    def describe(self) -> dict[str, Any]:
        """Commit, whether tracked files were changed, and the Textual version of the venv."""
        version = subprocess.run(
            [str(self.python), "-c", "import textual; print(textual.__version__)"],
            capture_output=True, text=True).stdout.strip()
        exported = self.path / REVISION
        if exported.exists():  # made by tree_of_rev: not a checkout of its own
            commit, dirty = exported.read_text().strip(), ""
        elif Path(self.git("rev-parse", "--show-toplevel")).resolve() == self.path:
            commit = self.git("rev-parse", "HEAD")
            # Only the app's code and its dependencies change what is measured.
            dirty = self.git("status", "--porcelain", "--", "journal", "pyproject.toml")
        else:
            commit, dirty = "?", ""
        return {"path": str(self.path), "commit": commit,
                "changed_files": dirty not in ("", "?"),
                "textual": version or "?"}


def tree_of_rev(rev: str) -> Path:
    """``rev`` of this repository exported under ``bench/out/`` with a venv of its own."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                         capture_output=True, text=True)
    if sha.returncode != 0:
        raise SystemExit(f"unknown revision {rev!r}")
    folder = OUT / f"tree-{sha.stdout.strip()[:12]}"
    if (folder / ".venv" / ".installed").exists() and (folder / REVISION).exists():
        return folder
    print(f"  exporting {rev} into {folder} and installing its venv ...", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar",
                              sha.stdout.strip()], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    python = shutil.which("python3") or sys.executable
    for argv in ([python, "-m", "venv", str(folder / ".venv")],
                 [str(folder / ".venv" / "bin" / "python"), "-m", "pip", "install", "--quiet",
                  "--disable-pip-version-check", "-e", str(folder)]):
        subprocess.run(argv, check=True)
    (folder / REVISION).write_text(sha.stdout.strip() + "\n")
    (folder / ".venv" / ".installed").touch()
    return folder


# --- measuring ----------------------------------------------------------------------------
def med(values: Any) -> float:
    return statistics.median(list(values))


class Against:
    def __init__(self, old: Tree, new: Tree, runs: int, warmup: int, work: Path,
                 same_textual: bool) -> None:
        self.trees = {"old": old, "new": new}
        self.same_textual = same_textual
        self.runs = runs
        self.warmup = warmup
        self.work = work
        self.env = child_env(work / "home")
        self.today = date.today()
        self.journal = OUT / f"against-journal-10y-v1-{self.today.isoformat()}.json"
        self.raw: dict[str, Any] = {}
        self.problems: list[str] = []
        self.notes: list[str] = []

    def make_journal(self) -> None:
        """The ten-year journal, in format 1, written by the old tree's own generator."""
        if self.journal.exists():
            return
        for stale in OUT.glob("against-journal-10y-v1-*.json"):
            stale.unlink()
        old = self.trees["old"]
        subprocess.run([str(old.python), str(old.path / "bench" / "make_journal.py"),
                        "--years", "10", "--out", str(self.journal),
                        "--today", self.today.isoformat()], check=True, capture_output=True)

    def copy(self, name: str) -> Path:
        folder = self.work / name
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "journal.json"
        shutil.copyfile(self.journal, target)
        return target

    def child(self, tree: str, *args: str) -> Callable[[], tuple[float, Any]]:
        """A run of ``against_child.py`` under ``tree``'s python (``bare``: the new one's)."""
        python = str(self.trees[tree].python)

        def once() -> tuple[float, Any]:
            env = dict(self.env, BENCH_T0=repr(time.time()))
            r = measure.run_child([python, CHILD, *args], env=env, cwd=str(self.work))
            report = r.json_line()
            if r.returncode != 0 or report.get("rc") != 0:
                raise RuntimeError(f"{tree} {' '.join(args[:1])} failed (rc {r.returncode}): "
                                   f"{(r.stderr or r.stdout)[-600:]}")
            module = report.get("journal_module")
            if module and not module.startswith(str(self.trees[tree].path)):
                raise RuntimeError(f"{tree} imported the wrong journal package: {module}")
            report["cpu_s"] = r.cpu_s
            report["wall_s"] = r.wall_s
            return report.get("frame_s", r.wall_s), report
        return once

    def command(self, tree: str, argv: list[str], fresh: Path | None = None,
                ) -> Callable[[], tuple[float, Any]]:
        """A fresh ``journal`` process of ``tree``; ``fresh``: copy the journal there first."""
        cmd = self.trees[tree].command()

        def once() -> tuple[float, Any]:
            if fresh is not None:
                shutil.copyfile(self.journal, fresh)
            r = measure.run_child([*cmd, *argv], env=self.env, cwd=str(self.work))
            if r.returncode != 0:
                raise RuntimeError(f"{tree} journal {argv[0]} failed (rc {r.returncode}): "
                                   f"{(r.stderr or r.stdout).strip()[-300:]}")
            extra: dict[str, Any] = {"cpu_s": r.cpu_s, "output": r.stdout.strip()[:200]}
            if fresh is not None:
                extra["logged"] = self.logged_today(fresh)
            return r.wall_s, extra
        return once

    def logged_today(self, path: Path) -> bool:
        days = json.loads(path.read_text("utf-8"))["days"].values()
        return any(d["date"] == self.today.isoformat() and d.get("pain") == 4 for d in days)

    def commands(self) -> dict[str, Any]:
        jrnl = peer_jrnl.ensure_jrnl(OUT / "venv-jrnl")
        history = json.loads(self.journal.read_text("utf-8"))["days"].values()
        jenv, jfile = peer_jrnl.setup(self.work / "jrnl", _JrnlHistory(history))
        marker = "bench entry pain 4 walking 20"
        variants: dict[str, Callable[[], tuple[float, Any]]] = {}

        def jrnl_once() -> tuple[float, Any]:
            r = measure.run_child([str(jrnl), marker], env=jenv, cwd=str(self.work))
            if r.returncode != 0:
                raise RuntimeError(f"jrnl failed: {(r.stderr or r.stdout)[-300:]}")
            return r.wall_s, {"cpu_s": r.cpu_s}

        variants["jrnl"] = jrnl_once
        for tree in self.trees:
            log_file = self.work / f"log-{tree}" / "journal.json"
            log_file.parent.mkdir(parents=True, exist_ok=True)
            variants[f"log-{tree}"] = self.command(
                tree, ["log", "--pain", "4", "--function", "20", "--data", str(log_file)],
                fresh=log_file)
            variants[f"status-{tree}"] = self.command(
                tree, ["status", "--short", "--data", str(self.copy(f"status-{tree}"))])
        series = measure.interleave(variants, self.runs, warmup=self.warmup)
        added = peer_jrnl.count_entries(jfile, marker)
        if added != self.runs + self.warmup:
            self.problems.append(f"jrnl wrote {added} of {self.runs + self.warmup} entries")
        for tree in self.trees:
            if not all(e["logged"] for e in series[f"log-{tree}"].extra):
                self.problems.append(f"{tree}: a `journal log` entry was not found in its file")
            printed = series[f"status-{tree}"].extra[0]["output"]
            self.notes.append(f"{tree} `status --short` printed "
                              + (f"\"{printed}\"" if printed else "nothing"))
        return _summary(series)

    def startup(self) -> dict[str, Any]:
        variants = {"bare": self.child("new", "bare")}
        if not self.same_textual:
            variants["bare-old"] = self.child("old", "bare")
            self.problems.append("the trees have different Textual versions: each app is "
                                 "compared with a bare app on its own")
        for tree in self.trees:
            variants[f"app-{tree}"] = self.child(tree, "app", str(self.copy(f"app-{tree}")))
        series = measure.interleave(variants, self.runs, warmup=self.warmup)
        summary = _summary(series)
        for name, s in series.items():
            summary[name]["frame_cpu_s"] = med(e["frame_cpu_s"] for e in s.extra)
            summary[name]["exit_s"] = med(e["wall_s"] for e in s.extra)
            summary[name]["screen"] = sorted({e.get("screen", "?") for e in s.extra})
        screens = {tuple(summary[f"app-{t}"]["screen"]) for t in self.trees}
        if len(screens) != 1:
            self.problems.append(f"the apps opened on different screens: {sorted(screens)}")
        return summary

    def save(self) -> dict[str, Any]:
        saves = max(15, self.runs * 2)
        variants = {f"save-{tree}": self.child(tree, "save", str(self.journal), "--runs",
                                               str(saves)) for tree in self.trees}
        series = measure.interleave(variants, self.runs, warmup=self.warmup)
        summary: dict[str, Any] = {}
        for name, s in series.items():
            e = s.extra
            summary[name] = {key: med(x[key] for x in e) for key in
                             ("save_ms", "floor_ms", "save_cpu_ms", "floor_cpu_ms", "open_ms")}
            summary[name]["saves_per_process"] = saves
            summary[name]["ratios"] = [x["save_ms"] / x["floor_ms"] for x in e]
            summary[name]["reads_during_saves"] = max(x["reads_during_saves"] for x in e)
            if summary[name]["reads_during_saves"] or not all(x["saved_ok"] for x in e):
                self.problems.append(f"{name}: the file was re-read or the save is missing")
        return summary


class _JrnlHistory:
    """What ``peer_jrnl.jrnl_text`` needs of a journal, from the file's plain JSON.

    Read without either tree's ``Store``, so the peer's journal is the same for both.
    """

    def __init__(self, days: Any) -> None:
        from datetime import datetime
        from types import SimpleNamespace

        self.entries = {}
        for d in days:
            at = d.get("recorded_at")
            self.entries[date.fromisoformat(d["date"])] = SimpleNamespace(
                pain=d.get("pain"), function=d.get("function"), note=d.get("note") or "",
                recorded_at=datetime.fromisoformat(at) if at else None)


def _summary(series: dict[str, measure.Series]) -> dict[str, Any]:
    return {name: {"median_s": s.median, "values_s": s.values,
                   "cpu_s": med(e["cpu_s"] for e in s.extra)} for name, s in series.items()}


# --- figures ------------------------------------------------------------------------------
def figures(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """The four figures: old and new ratio (wall, and CPU beside), change, met or not."""
    rows = []
    cmd, start, save = raw.get("commands"), raw.get("startup"), raw.get("save")

    def row(num: str, pairs: dict[str, tuple[float, float, float, float]] | None,
            per_round: tuple[list[float], list[float]] = ([], [])) -> None:
        """``per_round``: old and new values of each round, whose baseline is the same."""
        item: dict[str, Any] = {"id": num, "now": FIGURES[num][0], "figure": FIGURES[num][1]}
        if pairs is None:
            item["met"] = None
            rows.append(item)
            return
        for tree, (a, b, ca, cb) in pairs.items():
            item[tree] = {"ratio": a / b, "a": a, "b": b, "cpu_ratio": ca / cb, "cpu_a": ca,
                          "cpu_b": cb}
        item["change"] = item["new"]["ratio"] / item["old"]["ratio"] - 1
        item["cpu_change"] = item["new"]["cpu_ratio"] / item["old"]["cpu_ratio"] - 1
        item["met"] = item["change"] <= ALLOWED_WORSE
        changes = sorted(n / o - 1 for o, n in zip(*per_round, strict=True))
        if len(changes) >= 2:  # the middle half of the rounds' own changes: the noise
            q1, _, q3 = statistics.quantiles(changes, n=4, method="inclusive")
            item["round_changes"] = changes
            item["middle_half"] = [q1, q3]
        rows.append(item)

    if start:
        def bare(tree: str) -> dict[str, Any]:
            return start.get(f"bare-{tree}", start["bare"])
        row("1", {t: (start[f"app-{t}"]["median_s"] * 1000, bare(t)["median_s"] * 1000,
                      start[f"app-{t}"]["frame_cpu_s"] * 1000, bare(t)["frame_cpu_s"] * 1000)
                  for t in ("old", "new")},
            (start["app-old"]["values_s"], start["app-new"]["values_s"])
            if "bare-old" not in start else ([], []))
    else:
        row("1", None)
    if save:
        row("3", {t: (save[f"save-{t}"]["save_ms"], save[f"save-{t}"]["floor_ms"],
                      save[f"save-{t}"]["save_cpu_ms"], save[f"save-{t}"]["floor_cpu_ms"])
                  for t in ("old", "new")},
            (save["save-old"]["ratios"], save["save-new"]["ratios"]))
    else:
        row("3", None)
    for num, action in (("5", "log"), ("6", "status")):
        if cmd:
            peer = cmd["jrnl"]
            row(num, {t: (cmd[f"{action}-{t}"]["median_s"] * 1000, peer["median_s"] * 1000,
                          cmd[f"{action}-{t}"]["cpu_s"] * 1000, peer["cpu_s"] * 1000)
                      for t in ("old", "new")},
                (cmd[f"{action}-old"]["values_s"], cmd[f"{action}-new"]["values_s"]))
        else:
            row(num, None)
    return rows


def _pct(change: float) -> str:
    return f"{change * 100:+.1f}%"


def _spread(row: dict[str, Any]) -> str:
    if "middle_half" not in row:
        return ""
    low, high = row["middle_half"]
    return f", rounds {_pct(low)} to {_pct(high)}"


def format_figures(rows: list[dict[str, Any]]) -> str:
    lines = ["| # (now) | figure | old ratio | new ratio | change | met (no worse than 5%) |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        if r["met"] is None:
            lines.append(f"| {r['id']} ({r['now']}) | {r['figure']} | n/a | n/a | n/a | "
                         "not measured |")
            continue
        old, new = r["old"], r["new"]
        lines.append(
            f"| {r['id']} ({r['now']}) | {r['figure']} | {old['ratio']:.2f}x "
            f"({old['a']:.1f} vs {old['b']:.1f} ms) | {new['ratio']:.2f}x "
            f"({new['a']:.1f} vs {new['b']:.1f} ms) | {_pct(r['change'])}{_spread(r)} "
            f"(CPU {_pct(r['cpu_change'])}) | {'met' if r['met'] else 'not met'} |")
    return "\n".join(lines)


def format_cpu(rows: list[dict[str, Any]]) -> str:
    lines = ["| # | old CPU ratio | new CPU ratio | CPU medians old / new / baseline, ms |",
             "|---|---|---|---|"]
    for r in rows:
        if r["met"] is None:
            continue
        old, new = r["old"], r["new"]
        base = f"{old['cpu_b']:.1f}"
        if new["cpu_b"] != old["cpu_b"]:  # the save floor is measured in each tree's process
            base += f" and {new['cpu_b']:.1f}"
        lines.append(f"| {r['id']} | {old['cpu_ratio']:.2f}x | {new['cpu_ratio']:.2f}x | "
                     f"{old['cpu_a']:.1f} / {new['cpu_a']:.1f} / {base} |")
    return "\n".join(lines)


def block(results: dict[str, Any]) -> str:
    """The text for the README: when, where, which commits, both tables, and any problem."""
    info, trees = results["machine"], results["trees"]
    rows = results["figures"]
    met = sum(1 for r in rows if r["met"])

    def name(t: dict[str, Any]) -> str:
        changed = " with uncommitted changes to journal/" if t["changed_files"] else ""
        return f"`{t['commit'][:7]}`{changed}"

    head = (f"Run of {info['date']}: {info['nproc']} CPUs ({info['cpu']}), Python "
            f"{info['python']}, Textual {trees['old']['textual']} (old) and "
            f"{trees['new']['textual']} (new); old tree {name(trees['old'])}, new tree "
            f"{name(trees['new'])}; {results['runs']} runs per figure, interleaved, after "
            f"{results['warmup']} warm-up round{'s' if results['warmup'] != 1 else ''}"
            f"{'; --quick (a smoke run)' if results.get('quick') else ''}. "
            f"{met} of {len(rows)} figures no worse than 5%.")
    parts = [head, "", format_figures(rows), "", "CPU time (a check when the machine is busy):",
             "", format_cpu(rows)]
    save = next((r for r in rows if r["id"] == "3" and r["met"] is not None), None)
    if save:  # the ratio's two halves move apart: say how each did
        old, new = save["old"], save["new"]
        parts += ["", f"Figure 3 in parts, new vs old: the save itself "
                  f"{_pct(new['a'] / old['a'] - 1)} (CPU {_pct(new['cpu_a'] / old['cpu_a'] - 1)}), "
                  f"the floor {_pct(new['b'] / old['b'] - 1)} (CPU "
                  f"{_pct(new['cpu_b'] / old['cpu_b'] - 1)}). The floor is the same data, timed "
                  "in each tree's own process, after its store has opened the journal."]
    if results.get("notes"):
        parts += ["", "; ".join(results["notes"]).capitalize() + "."]
    if results.get("problems"):
        parts += ["", "Problems in this run: " + "; ".join(results["problems"]) + "."]
    return "\n".join(parts)


def write_readme(results: dict[str, Any], doc: Path = README) -> bool:
    text = doc.read_text("utf-8")
    new = replace_block(text, block(results), BEGIN, END)
    if new != text:
        doc.write_text(new, "utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--old-tree", type=Path, help="an old checkout with its own .venv")
    where.add_argument("--rev", help="an old revision of this repository (exported, own venv)")
    where.add_argument("--show", action="store_true", help="print the saved run; measure nothing")
    parser.add_argument("--new-tree", type=Path, default=ROOT, help="default: this checkout")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 9)")
    parser.add_argument("--quick", action="store_true", help="3 runs, no warm-up: rough figures")
    parser.add_argument("--write-readme", action="store_true",
                        help="put the table into bench/README.md (not for a --quick run)")
    args = parser.parse_args(argv)
    if args.show:
        try:
            results = json.loads(RESULTS.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            print(f"cannot read {RESULTS}: {exc} (run bench/against.py first)", file=sys.stderr)
            return 2
    else:
        if not (args.old_tree or args.rev):
            parser.error("say which old code to compare with: --old-tree DIR or --rev REV")
        runs = args.runs or (3 if args.quick else 9)
        if runs < 5 and not args.quick:
            parser.error("--runs must be at least 5; use --quick for a smoke run")
        OUT.mkdir(parents=True, exist_ok=True)
        old = Tree("old", args.old_tree if args.old_tree else tree_of_rev(args.rev))
        new = Tree("new", args.new_tree)
        results = measure_both(old, new, runs, 0 if args.quick else 1, args.quick)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(block(results))
    if args.write_readme:
        if results.get("quick"):
            print("refusing to write a --quick run into the docs", file=sys.stderr)
            return 2
        if write_readme(results):
            print(f"updated {README.relative_to(ROOT)}")
    return 0


def measure_both(old: Tree, new: Tree, runs: int, warmup: int, quick: bool) -> dict[str, Any]:
    info = machine_info()
    trees = {"old": old.describe(), "new": new.describe()}
    print(f"issue 17 side by side, {info['date']}: old {trees['old']['commit'][:7]} "
          f"({old.path}), new {trees['new']['commit'][:7]} ({new.path}); {runs} runs",
          flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trial-journal-against-") as tmp:
        bench = Against(old, new, runs, warmup, Path(tmp),
                        trees["old"]["textual"] == trees["new"]["textual"])
        bench.make_journal()
        for name, step in (("commands", bench.commands), ("startup", bench.startup),
                           ("save", bench.save)):
            t = time.perf_counter()
            print(f"  {name} ...", end="", flush=True)
            try:
                bench.raw[name] = step()
                print(f" {time.perf_counter() - t:.0f} s", flush=True)
            except Exception as exc:  # one broken measurement must not hide the others
                print(f" failed: {exc}", flush=True)
                bench.problems.append(f"{name} failed: {str(exc)[:200]}")
    return {"machine": info, "trees": trees, "runs": runs, "warmup": warmup, "quick": quick,
            "journal": bench.journal.name, "elapsed_s": time.perf_counter() - started,
            "figures": figures(bench.raw), "problems": bench.problems, "notes": bench.notes,
            "raw": bench.raw}


if __name__ == "__main__":
    sys.exit(main())
