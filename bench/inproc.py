"""Measurements that run inside one Python process; ``bench/run.py`` runs each in a fresh child.

Subcommands (each prints one JSON object on its last line):

* ``save FILE``:    ``Store.log_day`` on the open journal against the floor (serialise the same
                    data with ``json.dumps``, write, fsync), interleaved; counts every open of
                    the journal file during the saves (an open is a re-read).
* ``chart FILE``:   ``render_chart`` for all time against one 8-week block.
* ``chartscale FILE...``: ``render_chart`` for all time on each journal, interleaved.
* ``screens FILE --order log,plan,charts,review``: the first open of each main screen in a
                    running app, one round per process (the parent runs several processes).
* ``firstsave FILE``: the first save of the day (with its daily backup) on a fresh copy.

The journal file is copied to a temp folder first, so runs never change the input.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _today_of(journal: Any) -> date:
    """The benchmark journals end a few days before "today"; use the day after the last + 3."""
    last = max(journal.entries) if journal.entries else date(2026, 1, 1)
    return last + timedelta(days=3)


def _copy(path: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    target = folder / "journal.json"
    shutil.copy2(path, target)
    return target


def _med_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


# --- 3. saving one day ---------------------------------------------------------------------
def measure_save(path: Path, runs: int) -> dict[str, Any]:
    from journal.clock import FixedClock
    from journal.store import Store

    work = _copy(path)
    floor_file = work.with_name("floor.json")
    probe = Store(work)
    today = _today_of(probe.journal)
    clock = FixedClock(datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=20))
    t = time.perf_counter()
    store = Store(work, clock)
    open_s = time.perf_counter() - t

    # Every open of the journal file from now on is counted (a save must not re-read it).
    opens: list[str] = []
    watched = {str(work), str(work.resolve())}

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
            name = os.fsdecode(args[0])
            if name in watched:
                opens.append(str(args[1]) if len(args) > 1 else "?")

    sys.addaudithook(audit)

    # The first save of the day may make the daily backup; time it separately.
    t = time.perf_counter()
    store.log_day(today, pain=4, function=20)
    first_save_s = time.perf_counter() - t
    opens_first = len(opens)

    data = json.loads(work.read_bytes())  # what the store writes, for the floor
    opens_before = len(opens)

    def save_once(i: int) -> float:
        t0 = time.perf_counter()
        store.log_day(today, pain=i % 10, function=20 + i % 5)
        return time.perf_counter() - t0

    def floor_once(i: int) -> float:
        t0 = time.perf_counter()
        payload = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
        with open(floor_file, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        return time.perf_counter() - t0

    saves: list[float] = []
    floors: list[float] = []
    for i in range(runs):
        if i % 2:
            floors.append(floor_once(i))
            saves.append(save_once(i))
        else:
            saves.append(save_once(i))
            floors.append(floor_once(i))
    reads_during_saves = len(opens) - opens_before
    saved = Store(work, clock).journal.entries[today]
    return {
        "save_ms": _med_ms(saves), "floor_ms": _med_ms(floors),
        "save_all_ms": [s * 1000 for s in saves], "floor_all_ms": [f * 1000 for f in floors],
        "first_save_of_day_ms": first_save_s * 1000, "opens_first_save": opens_first,
        "reads_during_saves": reads_during_saves, "store_open_ms": open_s * 1000,
        "file_kib": work.stat().st_size / 1024, "saved_ok": saved.function is not None,
    }


# --- 4. charts -------------------------------------------------------------------------------
def _chart_block(journal: Any) -> Any:
    """The most recent 8-week block (the benchmark journal always has one)."""
    eight = [b for b in journal.blocks_by_start() if b.current.weeks == 8]
    return eight[-1] if eight else journal.blocks_by_start()[-1]


def measure_chart(path: Path, runs: int) -> dict[str, Any]:
    try:
        from journal.charts import ChartSpec, render_chart
    except Exception as exc:  # the module is being written; report, do not fail
        return {"available": False, "why": f"{type(exc).__name__}: {exc}"}
    from journal.store import Store

    store = Store(_copy(path))
    journal = store.journal
    today = _today_of(journal)
    block = _chart_block(journal)
    specs = {
        "all": ChartSpec("pain", "all", 120, 30, block.id),
        "block": ChartSpec("pain", "block", 120, 30, block.id),
    }
    times: dict[str, list[float]] = {"all": [], "block": []}
    sizes: dict[str, int] = {}
    for i in range(runs + 1):
        for name in (("all", "block") if i % 2 else ("block", "all")):
            t = time.perf_counter()
            out = render_chart(journal, today, specs[name])
            dt = time.perf_counter() - t
            if i:  # the first round warms caches
                times[name].append(dt)
            sizes[name] = len(str(out))
    return {"available": True, "all_ms": _med_ms(times["all"]),
            "block_ms": _med_ms(times["block"]), "chars": sizes, "block_weeks": 8,
            "block_name": block.name}


# --- 8. screens ------------------------------------------------------------------------------
#: How long a screen must stay without a new frame to count as settled.
SETTLED_S = 0.04
#: A screen that shows no frame at all in this long is reported, not waited for forever.
SHOWN_TIMEOUT_S = 20.0


async def _open_screen(app: Any, key: str, mode: str,
                       timeout_s: float = SHOWN_TIMEOUT_S) -> float:
    """Press ``key``; time until the last frame ``mode``'s screen shows once it has settled.

    Only frames that reach the terminal count: Textual holds a new mode's frames for 50 ms
    (``App.delay_update``, to mask the switch) and drops what is drawn meanwhile. The screen
    is settled when it is mounted, its workers are done, a frame has been shown and no other
    follows for ``SETTLED_S``; a screen that fills in from a worker, or that draws again
    after the 50 ms (a footer finished late), is timed to its last frame. The CPU time of the
    open, to that last frame, goes to ``app.bench_cpu``.
    """
    from textual.worker import WorkerCancelled

    frames: list[tuple[Any, float, float]] = app.bench_frames
    frames.clear()
    # Start each open from the same collector state: this process builds an app per round,
    # and a full collection of earlier rounds' leftovers would otherwise land inside one
    # figure or the other at random (a fresh app process has no such leftovers).
    gc.collect()
    t0, cpu0 = time.perf_counter(), time.process_time()
    app.simulate_key(key)
    while app.current_mode != mode:
        await asyncio.sleep(0.001)
    screen = app.screen

    def shown() -> list[tuple[Any, float, float]]:
        return [f for f in frames if f[0] is screen]

    deadline = time.perf_counter() + timeout_s
    while not screen.is_mounted or not shown():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{mode}: no frame of {type(screen).__name__} reached the "
                               f"terminal (current screen {type(app.screen).__name__})")
        await asyncio.sleep(0.001)
    while pending := [w for w in app.workers if not w.is_finished]:
        with contextlib.suppress(WorkerCancelled):  # an exclusive worker replaced another
            await app.workers.wait_for_complete(pending)
    while time.perf_counter() - shown()[-1][1] < SETTLED_S or app._batch_count:
        await asyncio.sleep(0.002)
    _screen, last, last_cpu = shown()[-1]
    app.bench_cpu[mode] = last_cpu - cpu0
    return last - t0


def _placeholder(app: Any) -> bool:
    return any((w.id or "").endswith("-placeholder") for w in app.screen.query("*"))


def _css_paths(cls: type) -> list[str]:
    """The app's CSS files as absolute paths (a subclass here would resolve them from bench/)."""
    import inspect

    raw = cls.CSS_PATH or []
    paths = [raw] if isinstance(raw, str | Path) else list(raw)
    folder = Path(inspect.getfile(cls)).parent
    return [str(p if Path(p).is_absolute() else folder / p) for p in paths]


MODE_KEYS = {"log": "f2", "plan": "f3", "charts": "f4", "review": "f5"}


async def _screens_once(path: Path, order: list[str]) -> dict[str, Any]:
    from journal.app import JournalApp
    from journal.clock import FixedClock
    from journal.store import Store

    probe = Store(path)
    today = _today_of(probe.journal)
    clock = FixedClock(datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=20))
    store = Store(path, clock)

    from textual.screen import Screen
    from textual.widgets import Footer, Header, Label

    class Idle(Screen[None]):
        """Between screens; with the header and footer every journal screen shows."""

        def compose(self) -> Any:
            yield Header()
            yield Label("between screens")
            yield Footer()

    class StartIdle(JournalApp):
        """Starts on an empty screen of its own, so every screen is opened fresh."""

        CSS_PATH = _css_paths(JournalApp)
        MODES: ClassVar[dict[str, Any]] = {**JournalApp.MODES, "bench-idle": Idle}
        bench_frames: ClassVar[list[tuple[Any, float, float]]] = []
        bench_cpu: ClassVar[dict[str, float]] = {}

        # JournalApp picks its first mode (Log or Welcome) in __init__, before Textual reads
        # it; this property wins over that assignment, so the app starts here instead and
        # the Log screen is built when it is opened, like the others.
        @property
        def DEFAULT_MODE(self) -> str:  # type: ignore[override]
            return "bench-idle"

        @DEFAULT_MODE.setter
        def DEFAULT_MODE(self, _mode: str) -> None:
            pass

        def _display(self, screen: Any, renderable: Any) -> None:
            if renderable is not None and not self._batch_count:  # else Textual drops it
                self.bench_frames.append((screen, time.perf_counter(), time.process_time()))
            super()._display(screen, renderable)

    app = StartIdle(store)
    result: dict[str, Any] = {"order": order}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current_mode == "bench-idle", "the bench must start on its idle screen"
        # The idle screen has already built what every screen shares (header, footer and
        # their styles), so whichever screen opens first does not pay for the others.
        for mode in order:
            result[f"{mode}_first_s"] = await _open_screen(app, MODE_KEYS[mode], mode)
            result[f"{mode}_first_cpu_s"] = app.bench_cpu[mode]
            result[f"{mode}_placeholder"] = _placeholder(app)
            result[f"{mode}_screen"] = type(app.screen).__name__
            await app.switch_mode("bench-idle")
            await pilot.pause()
        for mode in order:  # again: the screens exist now and are resumed
            try:
                result[f"{mode}_again_s"] = await _open_screen(app, MODE_KEYS[mode], mode, 3.0)
            except TimeoutError:  # a resumed screen with nothing new may draw no frame
                result[f"{mode}_again_s"] = None
            await app.switch_mode("bench-idle")
            await pilot.pause()
    return result


def measure_screens(path: Path, order: str) -> dict[str, Any]:
    """One round in this (fresh) process: a screen's first open includes its imports and
    styles, which a second round in the same process would not pay."""
    return asyncio.run(_screens_once(_copy(path), order.split(",")))


# --- first save of the day -----------------------------------------------------------------
def measure_first_save(path: Path) -> dict[str, Any]:
    """The first ``Store.log_day`` of the day on a fresh copy (so it makes the daily backup),
    as the app's Log screen saves. The copy and the store's opening are not timed."""
    from journal.clock import FixedClock
    from journal.store import Store

    work = _copy(path)
    today = _today_of(Store(work).journal)
    clock = FixedClock(datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=20))
    store = Store(work, clock)
    t = time.perf_counter()
    store.log_day(today, pain=4, function=20)
    first_s = time.perf_counter() - t
    backups = work.parent / "backups"
    return {"first_save_ms": first_s * 1000,
            "backup_made": backups.is_dir() and any(backups.iterdir()),
            "saved_ok": Store(work, clock).journal.entries[today].pain == 4}


# --- 2. the all-time chart at several sizes ------------------------------------------------
def measure_chart_scale(paths: list[Path], runs: int) -> dict[str, Any]:
    """``render_chart`` all time on each journal, interleaved, in one process."""
    try:
        from journal.charts import ChartSpec, render_chart
    except Exception as exc:  # the module is being changed; report, do not fail
        return {"available": False, "why": f"{type(exc).__name__}: {exc}"}
    from journal.store import Store

    cases = []
    for path in paths:
        journal = Store(_copy(path)).journal
        block = _chart_block(journal)
        cases.append((str(path), journal, _today_of(journal),
                      ChartSpec("pain", "all", 120, 30, block.id)))
    times: dict[str, list[float]] = {name: [] for name, *_ in cases}
    for i in range(runs + 1):
        shift = i % len(cases)
        for name, journal, today, spec in cases[shift:] + cases[:shift]:
            t = time.perf_counter()
            render_chart(journal, today, spec)
            dt = time.perf_counter() - t
            if i:  # the first round warms caches
                times[name].append(dt)
    return {"available": True, "all_ms": {name: _med_ms(v) for name, v in times.items()}}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["save", "chart", "screens", "firstsave", "chartscale"])
    parser.add_argument("file", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--order", default="log,plan,charts,review",
                        help="screens: the order the screens are opened in")
    args = parser.parse_args()
    first = args.file[0]
    if args.what == "save":
        result = measure_save(first, args.runs)
    elif args.what == "chart":
        result = measure_chart(first, args.runs)
    elif args.what == "screens":
        result = measure_screens(first, args.order)
    elif args.what == "firstsave":
        result = measure_first_save(first)
    else:
        result = measure_chart_scale(args.file, args.runs)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
