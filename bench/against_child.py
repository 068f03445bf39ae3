"""The child side of ``bench/against.py``: runs under the venv python of the tree it measures.

It adds nothing to ``sys.path``: ``import journal`` finds the measured tree's own package,
installed in that tree's venv (the report says which file it found). It uses only what both
trees have: the entry point ``python -m journal`` and ``Store(path, clock).log_day(...)``.
Each kind prints one JSON object on its last line:

* ``app FILE``: ``journal --data FILE``, run as ``python -m journal`` would, headless at
  120x40. It exits one refresh after the first journal screen is current (``Ready`` comes
  after the first layout; the app may switch to its first mode then). ``frame_s`` is the time
  from spawn (``BENCH_T0`` from the parent) to that frame, ``frame_cpu_s`` the CPU time so far.
* ``bare``: a Textual app that shows one ``Label``, measured the same way.
* ``save FILE --runs N``: ``Store.log_day`` on the open journal vs ``json.dumps`` of the
  data the store wrote + write + fsync, interleaved in this process; every open of the journal
  file during the saves is counted (there must be none). The file is copied first.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

T0 = float(os.environ.get("BENCH_T0", time.time()))
SIZE = (120, 40)
REPORT: dict[str, Any] = {}


def mark(stage: str) -> None:
    """Wall time since spawn and this process's CPU time so far, for ``stage``."""
    REPORT[f"{stage}_s"] = time.time() - T0
    REPORT[f"{stage}_cpu_s"] = time.process_time()


def patch_textual(journal_screen: bool) -> None:
    """Make every App run headless at 120x40 and exit one refresh after its first frame.

    ``journal_screen``: wait until the current screen is one of the app's own (a module under
    ``journal``), not Textual's default screen shown before the first mode is switched in.
    """
    from textual.app import App

    original_run = App.run

    def run(self: App, *args: Any, **kwargs: Any) -> Any:
        kwargs["headless"] = True
        kwargs["size"] = SIZE
        mark("run_called")
        return original_run(self, *args, **kwargs)

    def on_ready(self: App) -> None:
        def check() -> None:
            if journal_screen and not type(self.screen).__module__.startswith("journal"):
                self.call_after_refresh(check)
                return
            self.screen.call_after_refresh(done)

        def done() -> None:
            mark("frame")
            REPORT["screen"] = type(self.screen).__name__
            self.exit()

        mark("ready")
        check()

    App.run = run  # type: ignore[method-assign]
    App.on_ready = on_ready  # type: ignore[attr-defined]


def run_app(data: str) -> int:
    """``journal --data FILE`` through ``python -m journal``, the public entry point."""
    sys.argv = ["journal", "--data", data]
    try:
        runpy.run_module("journal", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def run_bare() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Pain journal")

    Bare().run()
    return 0


def last_day(path: str) -> date:
    """The last logged day in the file (read as plain JSON, so any version of the store works)."""
    with open(path, "rb") as fh:
        days = json.load(fh).get("days", {})
    return max(date.fromisoformat(d["date"]) for d in days.values())


def measure_save(path: str, runs: int) -> dict[str, Any]:
    from journal.clock import FixedClock
    from journal.store import Store

    work = os.path.join(tempfile.mkdtemp(prefix="bench-against-"), "journal.json")
    shutil.copy2(path, work)
    floor_file = work + ".floor"
    today = last_day(work) + timedelta(days=3)
    clock = FixedClock(datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=20))
    t = time.perf_counter()
    store = Store(work, clock)
    open_s = time.perf_counter() - t

    opens: list[str] = []
    watched = {work, os.path.realpath(work)}

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if (event == "open" and args and isinstance(args[0], str | bytes | os.PathLike)
                and os.fsdecode(args[0]) in watched):
            opens.append(str(args[1]) if len(args) > 1 else "?")

    sys.addaudithook(audit)
    # The first save of the day makes the daily backup (and may upgrade the file's format):
    # it is not one of the timed saves.
    store.log_day(today, pain=4, function=20)
    with open(work, "rb") as fh:
        data = json.load(fh)  # what the store writes, for the floor
    opens_before = len(opens)

    def save_once(i: int) -> tuple[float, float]:
        c0, t0 = time.process_time(), time.perf_counter()
        store.log_day(today, pain=i % 10, function=20 + i % 5)
        return time.perf_counter() - t0, time.process_time() - c0

    def floor_once(i: int) -> tuple[float, float]:
        c0, t0 = time.process_time(), time.perf_counter()
        payload = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
        with open(floor_file, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        return time.perf_counter() - t0, time.process_time() - c0

    saves: list[tuple[float, float]] = []
    floors: list[tuple[float, float]] = []
    for i in range(runs):  # alternate which goes first
        if i % 2:
            floors.append(floor_once(i))
            saves.append(save_once(i))
        else:
            saves.append(save_once(i))
            floors.append(floor_once(i))
    reads = len(opens) - opens_before
    with open(work, "rb") as fh:
        stored = [d for d in json.load(fh)["days"].values() if d["date"] == today.isoformat()]
    last = (runs - 1) % 10
    shutil.rmtree(os.path.dirname(work), ignore_errors=True)

    def med_ms(values: list[tuple[float, float]], k: int) -> float:
        return statistics.median(v[k] for v in values) * 1000

    return {
        "save_ms": med_ms(saves, 0), "floor_ms": med_ms(floors, 0),
        "save_cpu_ms": med_ms(saves, 1), "floor_cpu_ms": med_ms(floors, 1),
        "runs": runs, "open_ms": open_s * 1000, "reads_during_saves": reads,
        "saved_ok": len(stored) == 1 and stored[0].get("pain") == last,
        "file_kib": os.path.getsize(path) / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["app", "bare", "save"])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    mark("started")
    if args.kind == "save":
        REPORT.update(measure_save(args.file, args.runs))
        rc = 0
    else:
        patch_textual(journal_screen=args.kind == "app")
        rc = run_bare() if args.kind == "bare" else run_app(args.file)
        mark("exited")
    if args.kind != "bare":
        module = sys.modules.get("journal")
        REPORT["journal_module"] = getattr(module, "__file__", None)
    REPORT["rc"] = rc
    print(json.dumps(REPORT))
    return rc


if __name__ == "__main__":
    sys.exit(main())
