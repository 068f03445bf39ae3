"""Start an app headless, exit right after its first full frame; report times as JSON.

Run as a fresh process by ``bench/run.py``; the parent times the whole process (spawn to exit)
and reads its peak memory. Two kinds, measured the same way:

* ``app``:  the real ``journal`` command (``journal.cli.main(["--data", FILE])``), so whatever
  the command imports and opens at start-up is counted. Only ``App.run`` is wrapped, to run
  headless at 120x40, and an ``on_ready`` handler is added to ``App`` to exit after the frame.
* ``bare``: a Textual app that shows one ``Label``.

"First full frame": Textual posts ``Ready`` after the first screen layout; the app switches to
its first mode in ``on_mount``, so the launcher waits until a journal screen is current, then
for one more refresh (``call_after_refresh``), and exits. With ``--visit`` the app also opens
every main screen before exiting (for peak memory after real use).

``BENCH_T0`` (``time.time()`` in the parent just before spawning) lets the child report when
imports finished and when the frame was drawn, relative to the spawn.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

T0 = float(os.environ.get("BENCH_T0", time.time()))
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZE = (120, 40)
MODES_TO_VISIT = ("log", "plan", "charts", "review")
REPORT: dict[str, float | str | bool] = {}

from peak import vmhwm_kb  # noqa: E402  (bench/ is this script's folder; see peak.py for why)


def since_spawn() -> float:
    return time.time() - T0


def mark(stage: str) -> None:
    """Record wall time since spawn and this process's CPU time so far, for ``stage``."""
    REPORT[f"{stage}_s"] = since_spawn()
    REPORT[f"{stage}_cpu_s"] = time.process_time()


def patch_textual(visit: bool) -> None:
    """Make every App run headless and exit after its first full frame."""
    from textual.app import App

    original_run = App.run

    def run(self: App, *args: object, **kwargs: object) -> object:
        kwargs["headless"] = True
        kwargs["size"] = SIZE
        mark("run_called")
        return original_run(self, *args, **kwargs)  # type: ignore[arg-type]

    def first_frame_drawn(app: App) -> bool:
        if not hasattr(app, "store"):
            return True  # the bare app has a single screen
        return type(app.screen).__module__.startswith("journal.screens")

    async def visit_all(app: App) -> None:
        import asyncio

        for mode in MODES_TO_VISIT:
            if mode not in app._modes:  # type: ignore[attr-defined]
                continue
            await app.switch_mode(mode)
            drawn = asyncio.Event()
            app.screen.call_after_refresh(drawn.set)
            await drawn.wait()
            mark(f"visit_{mode}")
        mark("visited")
        app.exit()

    def on_ready(self: App) -> None:
        def check() -> None:
            if not first_frame_drawn(self):
                self.call_after_refresh(check)
                return
            self.screen.call_after_refresh(done)

        def done() -> None:
            mark("frame")
            REPORT["screen"] = type(self.screen).__name__
            if visit and hasattr(self, "store"):
                self.run_worker(visit_all(self), exclusive=True)
            else:
                self.exit()

        mark("ready")
        check()

    App.run = run  # type: ignore[method-assign]
    App.on_ready = on_ready  # type: ignore[attr-defined]


def run_bare() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Pain journal")

    mark("imported")
    Bare().run()
    return 0


def run_journal(data: str) -> int:
    from journal.cli import main

    return main(["--data", data])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["app", "bare"])
    parser.add_argument("--data", help="journal file (app only)")
    parser.add_argument("--visit", action="store_true", help="open every main screen first")
    args = parser.parse_args()
    mark("started")
    patch_textual(args.visit)
    mark("textual_imported")
    rc = run_bare() if args.kind == "bare" else run_journal(args.data)
    mark("exited")
    REPORT["rc"] = rc
    REPORT["vmhwm_kb"] = vmhwm_kb()
    print(json.dumps(REPORT))
    return rc


if __name__ == "__main__":
    sys.exit(main())
