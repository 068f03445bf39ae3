"""Where start-up time goes: ``python -X importtime`` grouped by top-level package.

Each module's own ("self") import time is added to its top-level package, so "pendulum 60 ms"
means the time spent executing pendulum's modules, not the stdlib modules it pulled in (those
count under their own names, e.g. ``dateutil``, ``asyncio``).
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Sequence

_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")


def parse_importtime(stderr: str) -> list[tuple[str, int, int, int]]:
    """(module, self us, cumulative us, depth) for each line of ``-X importtime`` output."""
    rows = []
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match:
            self_us, cum_us, indent, name = match.groups()
            rows.append((name, int(self_us), int(cum_us), len(indent) // 2))
    return rows


def by_package(rows: Sequence[tuple[str, int, int, int]]) -> dict[str, float]:
    """Milliseconds of import time per top-level package, largest first."""
    totals: dict[str, int] = defaultdict(int)
    for name, self_us, _cum, _depth in rows:
        totals[name.split(".")[0]] += self_us
    ordered = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    return {name: us / 1000 for name, us in ordered}


def summary(stderrs: str | Sequence[str], top: int = 8) -> str:
    """"total 412 ms: textual 180, rich 60, ..." from one or more runs' ``-X importtime`` output.

    With several runs, each package's time is its median over the runs (one run on a busy
    machine can be far off).
    """
    runs = [stderrs] if isinstance(stderrs, str) else list(stderrs)
    per_run = [by_package(parse_importtime(text)) for text in runs]
    names = {name for run in per_run for name in run}
    packages = dict(sorted(
        ((name, statistics.median(run.get(name, 0.0) for run in per_run)) for name in names),
        key=lambda kv: kv[1], reverse=True))
    total = statistics.median(sum(run.values()) for run in per_run)
    parts = [f"{name} {ms:.0f}" for name, ms in list(packages.items())[:top]]
    return f"total {total:.0f} ms: " + ", ".join(parts)
