"""The benchmark table: targets, formatting as Markdown, and parsing it back.

The table is printed by ``bench/run.py`` and quoted in the README, so it is plain Markdown.
Parsing exists so a saved table (README, CI log) can be checked by a program.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

OPS: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, "<": operator.lt}


@dataclass(frozen=True)
class Target:
    num: int
    figure: str
    op: str
    limit: float

    @property
    def text(self) -> str:
        return f"{self.op} {self.limit:g}x"


TARGETS: tuple[Target, ...] = (
    Target(1, "Process start to first frame: app (10-year journal) vs bare Textual app", "<=",
           1.25),
    Target(2, "Process start to first frame: 10-year vs empty journal", "<=", 1.15),
    Target(3, "Save one day's entry vs JSON dump + write + fsync of the same data", "<=", 1.5),
    Target(4, "Pain chart, all time vs one 8-week block", "<=", 1.5),
    Target(5, "`journal log --pain 4 --function 20` vs `jrnl` adding one entry", "<=", 0.5),
    Target(6, "`journal status --short` vs `jrnl` adding one entry", "<=", 0.3),
    Target(7, "Peak memory: app (10-year journal) vs bare Textual app", "<=", 1.3),
    Target(8, "Open Review (all statistics, longest block) vs open Log", "<", 1.5),
)
TARGET_BY_NUM = {t.num: t for t in TARGETS}


@dataclass
class Row:
    """One line of the table. ``ratio`` None means not measured (``note`` says why)."""

    target: Target
    ratio: float | None = None
    detail: str = ""
    note: str = ""
    extra_ok: bool = True  # a condition besides the ratio (e.g. "no re-read on save")

    @property
    def met(self) -> bool | None:
        if self.ratio is None:
            return None
        return OPS[self.target.op](self.ratio, self.target.limit) and self.extra_ok

    @property
    def measured_text(self) -> str:
        if self.ratio is None:
            return f"n/a ({self.note})" if self.note else "n/a"
        text = format_ratio(self.ratio)
        if self.detail:
            text += f" ({self.detail})"
        if self.note:
            text += f"; {self.note}"
        return text

    @property
    def met_text(self) -> str:
        return {True: "yes", False: "no", None: "n/a"}[self.met]


def format_ratio(ratio: float) -> str:
    return f"{ratio:.2f}x"


def parse_ratio(text: str) -> float | None:
    """The first ``1.23x`` in ``text``, or None (for "n/a ...")."""
    match = re.search(r"(\d+(?:\.\d+)?)x", text)
    return float(match.group(1)) if match else None


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_table(rows: Iterable[Row]) -> str:
    """The Markdown table: #, figure, measured, target, met."""
    lines = ["| # | figure | measured (median) | target | met |", "|---|---|---|---|---|"]
    for row in rows:
        t = row.target
        lines.append(f"| {t.num} | {_cell(t.figure)} | {_cell(row.measured_text)} | "
                     f"{t.text} | {row.met_text} |")
    return "\n".join(lines)


def _split_row(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [c.strip().replace("\\|", "|") for c in cells]


def parse_table(text: str) -> list[dict[str, object]]:
    """Rows of a table made by :func:`format_table` (other lines are ignored)."""
    rows: list[dict[str, object]] = []
    for line in text.splitlines():
        if not re.match(r"^\|\s*\d+\s*\|", line):
            continue
        num, figure, measured, target, met = _split_row(line)[:5]
        op, limit = re.match(r"(<=|<)\s*([\d.]+)x", target).groups()  # type: ignore[union-attr]
        rows.append({
            "num": int(num), "figure": figure, "measured": measured,
            "ratio": parse_ratio(measured) if not measured.startswith("n/a") else None,
            "op": op, "limit": float(limit),
            "met": {"yes": True, "no": False}.get(met),
        })
    return rows


def format_details(details: Iterable[tuple[str, str]]) -> str:
    """A two-column Markdown table of absolute numbers behind the ratios."""
    lines = ["| measurement | median |", "|---|---|"]
    lines += [f"| {_cell(k)} | {_cell(v)} |" for k, v in details]
    return "\n".join(lines)
