"""Make the README screenshots: each screen of the demo journal, exported as SVG and PNG,
at 120x40 (``log.svg``; the high-contrast theme as ``log-high-contrast.svg``) and at 80x24
(``log-80x24.svg``), the size of a default terminal window.

Run with ``.venv/bin/python docs/screenshots.py``. Uses a frozen clock so the pictures do not
change from day to day, a throwaway journal and config folder, and ``rsvg-convert`` (Debian
package librsvg2-bin) for the PNG copies when it is installed.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

OUT = Path(__file__).resolve().parent / "screenshots"
#: (suffix, size): the large pictures have no suffix.
SIZES = [("", (120, 40)), ("-80x24", (80, 24))]
SHOTS = [("log", "f2"), ("plan", "f3"), ("charts", "f4"), ("review", "f5")]


async def shoot(theme: str, folder: Path, size: tuple[int, int], size_suffix: str
                ) -> list[Path]:
    from journal.app import JournalApp
    from journal.clock import FixedClock
    from journal.demo import demo_journal
    from journal.store import Store

    clock = FixedClock(datetime(2026, 11, 21, 20, 30, tzinfo=timezone(timedelta(hours=1))))
    store = Store(folder / "demo.json", clock, backups=False)
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store, demo=True)
    written = []
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        for name, key in SHOTS:
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            suffix = ("" if theme == "calm" else f"-{theme}") + size_suffix
            path = OUT / f"{name}{suffix}.svg"
            path.write_text(app.export_screenshot(title=f"trial-journal: {name}"))
            written.append(path)
    return written


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="trial-journal-shots-"))
    os.environ["TRIAL_JOURNAL_CONFIG"] = str(folder / "config")
    try:
        svgs = []
        for size_suffix, size in SIZES:
            svgs += asyncio.run(shoot("calm", folder, size, size_suffix))
        svgs += asyncio.run(shoot("high-contrast", folder, SIZES[0][1], ""))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    converter = shutil.which("rsvg-convert")
    for svg in svgs:
        if converter:
            subprocess.run([converter, "-o", str(svg.with_suffix(".png")), str(svg)],
                           check=True)
        print(svg.relative_to(OUT.parent.parent))
    if not converter:
        print("rsvg-convert not found: SVGs only", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
