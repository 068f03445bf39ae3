"""Timing helpers: run a child process and get its wall time and peak memory, take medians.

Ratios are only meaningful when both sides run in the same conditions, so callers interleave
the variants they compare (A, B, A, B, ...) rather than running all of A and then all of B.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ChildResult:
    """One finished child process: wall time from spawn to exit, peak RSS, output."""

    wall_s: float
    maxrss_kb: int
    returncode: int
    stdout: str
    stderr: str
    cpu_s: float = 0.0  # user + system CPU time of the child: less sensitive to a busy machine

    def json_line(self) -> dict[str, Any]:
        """The last line of stdout that parses as a JSON object (children report this way)."""
        for line in reversed(self.stdout.splitlines()):
            line = line.strip()
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except json.JSONDecodeError:
                    continue
        return {}


def run_child(argv: Sequence[str], *, env: Mapping[str, str] | None = None,
              cwd: str | None = None, timeout: float = 120.0) -> ChildResult:
    """Run ``argv`` to completion; wall time covers spawn to exit (``os.wait4``).

    ``os.wait4`` gives this child's own resource usage, so ``ru_maxrss`` is the peak resident
    memory of exactly this process (kilobytes on Linux), not of all children so far.
    Output goes to temp files so a chatty child cannot block on a full pipe.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                env=dict(env) if env is not None else None, cwd=cwd)
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.0005)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildResult(wall, usage.ru_maxrss, proc.returncode,
                           out.read().decode("utf-8", "replace"),
                           err.read().decode("utf-8", "replace"),
                           usage.ru_utime + usage.ru_stime)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@dataclass
class Series:
    """Repeated measurements of one variant."""

    name: str
    values: list[float] = field(default_factory=list)
    extra: list[Any] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)


def interleave(variants: Mapping[str, Callable[[], tuple[float, Any]]], runs: int,
               warmup: int = 1) -> dict[str, Series]:
    """Call each variant ``runs`` times in turn (A, B, A, B, ...) after ``warmup`` rounds.

    Each callable returns (value, extra); warm-up results are dropped. The starting variant
    rotates each round so neither side always runs right after the other.
    """
    names = list(variants)
    series = {name: Series(name) for name in names}
    for round_no in range(warmup + runs):
        order = names[round_no % len(names):] + names[:round_no % len(names)]
        for name in order:
            value, extra = variants[name]()
            if round_no >= warmup:
                series[name].values.append(value)
                series[name].extra.append(extra)
    return series


def spread(values: Sequence[float]) -> str:
    """min-max of a series in milliseconds, for the detail column."""
    return f"{min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms"
