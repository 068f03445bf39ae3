"""The benchmark tables: targets, the scaling table, Markdown formatting, and the docs update.

``bench/run.py`` prints these tables and saves the run in ``bench/out/results.json``. The
README and ``bench/README.md`` quote them between marker comments; ``--write-readme`` rewrites
those parts from one ``results.json``, so the figures in the docs always come from one run::

    .venv/bin/python bench/report.py                 # print the tables of the last run
    .venv/bin/python bench/report.py --write-readme  # and put them into both READMEs
"""

from __future__ import annotations

import argparse
import json
import operator
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OPS: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, "<": operator.lt}
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "out" / "results.json"
#: The parts of these files between the markers are written from results.json.
DOCS = (ROOT / "README.md", ROOT / "bench" / "README.md")
BEGIN = "<!-- bench:results (written by bench/report.py --write-readme; do not edit) -->"
END = "<!-- /bench:results -->"


@dataclass(frozen=True)
class Target:
    id: str  # "1.2": build point 1 of issue 21, second figure; "K1": a figure kept from before
    figure: str
    op: str
    limit: float

    @property
    def text(self) -> str:
        return f"{self.op} {self.limit:g}x"


TARGETS: tuple[Target, ...] = (
    Target("1.1", "Flat: `journal log --pain 4 --function 20`, 30-year vs 1-year journal", "<=",
           1.3),
    Target("1.2", "Flat: `journal status --short`, 30-year vs 1-year journal", "<=", 1.3),
    Target("1.3", "Flat: `journal report` (latest block, Markdown), 30-year vs 1-year journal",
           "<=", 1.3),
    Target("1.4", "Flat: app start to first frame, 30-year vs 1-year journal", "<=", 1.3),
    Target("1.5", "Flat: first save of the day (`Store.log_day`, with the daily backup), "
           "30-year vs 1-year journal", "<=", 1.3),
    Target("2", "Linear charts: all-time pain chart (`render_chart`), 100-year vs 10-year "
           "journal", "<=", 2.0),
    Target("3", "Memory: peak memory of `journal export --format json` above the interpreter's, "
           "vs the journal file's size (largest journal)", "<=", 4.0),
    Target("4.1", "Screens: first open of Plan vs Log (10-year journal)", "<=", 1.5),
    Target("4.2", "Screens: first open of Charts vs Log (10-year journal)", "<=", 1.0),
    Target("4.3", "Screens: first open of Review vs Log (10-year journal)", "<=", 1.0),
    Target("5", "Start: app (10-year journal) to first frame vs a bare one-label Textual app",
           "<=", 1.5),
    Target("6.1", "Peer: `journal log` vs `jrnl` adding one entry, both with the same ten years",
           "<=", 0.5),
    Target("6.2", "Floor: `journal log` (10-year journal) vs `python -c \"import json\"`", "<=",
           3.0),
    Target("K1", "Kept: save one day's entry vs JSON dump + write + fsync of the same data "
           "(10-year journal)", "<=", 1.5),
    Target("K2", "Kept: app start to first frame, 10-year journal vs a journal with one block "
           "and no entries (both open on Log)", "<=", 1.15),
    Target("K3", "Kept: peak memory, app (10-year journal) vs bare Textual app", "<=", 1.3),
    Target("K4", "Kept: `journal status --short` (10-year journal) vs `jrnl` adding one entry",
           "<=", 0.3),
)
TARGET_BY_ID = {t.id: t for t in TARGETS}

#: Why a target is not met, in plain words, by target id; shown only when a run misses it.
#: Written 2026-12-07 from cProfile of the paths (``bench/profile_paths.py --years 30``,
#: ``python -m cProfile bench/inproc.py screens``, ``-m journal report``) and the notes in
#: bench/README.md, on the code before the read-path work of issue 21. Update a text when a
#: change moves where the time goes.
REASONS: dict[str, str] = {
    "1.1": "Every command parses the whole file (one JSON document, as TinyDB stores it) and "
           "checks every record before trusting any, and `journal log` then rewrites all of "
           "it: at 30 years (2.5 MB, 9,900 days) the strict parse takes about 30 ms and the "
           "checks about 30 ms, the write about 5 ms. Days are only checked, not built, and "
           "long files are written with orjson; what is left grows with the file.",
    "1.2": "`status --short` prints only today, but must parse and check the whole file first "
           "(a damaged or out-of-range record anywhere is announced by every command): at 30 "
           "years the strict parse takes about 30 ms and checking every record about 30 ms.",
    "1.3": "`journal report` reads and checks the whole file (see 1.2) before it writes about "
           "the latest block; the report itself builds only that block's days.",
    "1.4": "The app reads and checks the whole journal before its first frame.",
    "1.5": "The first save of the day copies the whole file into the daily (and monthly) backup "
           "and then rewrites the whole file, so it grows with the file.",
    "2": "The all-time chart lists and sorts every logged day and reads each day's values once; "
         "plotext places one mark per column, and a century has more marks to place.",
    "3": "The file's text and its parsed documents are alive together while it is parsed, and "
         "the documents alone (one Python dict per day, as TinyDB holds them) are about 3.5 "
         "times the file; imports add about 6 MiB. Parsing with orjson was tried: it held more "
         "(7.2x), a copy of the file and its own tree beside the documents.",
    "4.1": "Plan has 150 widgets against Log's 50 (every field is built: at 120x40 the "
           "\"More\" fields are on screen once it settles), and most of the time is Textual "
           "styling and laying out widgets as they mount. Only a smaller form, such as \"More\" "
           "built on ctrl+o, would meet it, and that changes what a person sees.",
    "4.2": "Charts' first open imports the chart code and plotext, styles its widgets and draws "
           "the first chart.",
    "4.3": "Review's first open imports its module and computes every statistic of the "
           "longest block as it draws, besides styling its widgets.",
    "5": "Mostly Textual's own work for the Log screen's 50 widgets: building, styling and "
         "drawing them is about 40% of the time after Textual's import, and a second layout "
         "and draw that Textual's resize handling makes at start about 27%. Reading ten years "
         "is about 18% and the journal's modules 10%. Meeting 1.5x needs a Log screen with far "
         "fewer widgets.",
    "6.1": "`journal log` pays Python's start and its imports, then reads and rewrites the whole "
           "file (see 1.1).",
    "6.2": "The floor only starts Python and imports json. `journal log` also imports the "
           "journal package, argparse and TinyDB, then parses, checks and rewrites the whole "
           "ten-year file (see 1.1).",
    "K1": "A save rewrites the whole file; the ratio is the store's work beyond json.dumps of "
          "the same data (encoding the day, the write lock, the atomic rename).",
    "K2": "The 10-year journal is read and checked before the first frame; the one-block "
          "journal has almost nothing to check.",
    "K3": "The app holds ten years of stored documents and day entries, its own modules and "
          "the Log screen's widgets on top of what the bare app holds.",
    "K4": "`status --short` reads and checks the whole file (see 1.2).",
}
#: Shown for a missed target that has no text in REASONS yet.
NO_REASON = "no reason written yet: profile it (bench/profile_paths.py) and add it to REASONS"

#: Rows of the scaling table, in order: key in results.json -> label.
SCALING_ACTIONS: dict[str, str] = {
    "log": "`journal log --pain 4 --function 20`",
    "status": "`journal status --short`",
    "report": "`journal report`",
    "export": "`journal export --format json`",
    "export_rss": "peak memory of `export`, MiB",
    "frame": "app start to first frame",
    "first_save": "first save of the day (with backup)",
    "chart": "all-time chart (`render_chart`, in-process)",
}


@dataclass
class Row:
    """One line of the table. ``ratio`` None means not measured (``note`` says why)."""

    target: Target
    ratio: float | None = None
    detail: str = ""
    note: str = ""
    extra_ok: bool = True  # a condition besides the ratio (e.g. "no re-read on save")
    figure_text: str = ""  # replaces the target's wording (e.g. 30 instead of 100 years)

    @property
    def figure(self) -> str:
        return self.figure_text or self.target.figure

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
        return {True: "met", False: "not met", None: "n/a"}[self.met]

    @property
    def reason(self) -> str:
        """Why the target is not met, in plain words ("" when it is met or not measured)."""
        if self.met is not False:
            return ""
        assert self.ratio is not None
        if OPS[self.target.op](self.ratio, self.target.limit):  # a check besides the ratio
            return f"The ratio is within the target, but {self.note or 'a check failed'}."
        return REASONS.get(self.target.id, NO_REASON)


def format_ratio(ratio: float) -> str:
    return f"{ratio:.2f}x"


def parse_ratio(text: str) -> float | None:
    """The first ``1.23x`` in ``text``, or None (for "n/a ...")."""
    match = re.search(r"(\d+(?:\.\d+)?)x", text)
    return float(match.group(1)) if match else None


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_table(rows: Iterable[Row]) -> str:
    """The Markdown table: #, figure, measured, target, met, and why not when it is not."""
    lines = ["| # | figure | measured (median) | target | met | why not met |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row.target.id} | {_cell(row.figure)} | {_cell(row.measured_text)} | "
                     f"{row.target.text} | {row.met_text} | {_cell(row.reason)} |")
    return "\n".join(lines)


def _split_row(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [c.strip().replace("\\|", "|") for c in cells]


def parse_table(text: str) -> list[dict[str, object]]:
    """Rows of a table made by :func:`format_table` (other lines are ignored)."""
    rows: list[dict[str, object]] = []
    for line in text.splitlines():
        if not re.match(r"^\|\s*(?:\d+(?:\.\d+)?|K\d+)\s*\|", line):
            continue
        cells = _split_row(line)
        num, figure, measured, target, met = cells[:5]
        op, limit = re.match(r"(<=|<)\s*([\d.]+)x", target).groups()  # type: ignore[union-attr]
        rows.append({
            "id": num, "figure": figure, "measured": measured,
            "ratio": parse_ratio(measured) if not measured.startswith("n/a") else None,
            "op": op, "limit": float(limit),
            "met": {"met": True, "not met": False}.get(met),
            "reason": cells[5] if len(cells) > 5 else "",
        })
    return rows


def format_details(details: Iterable[tuple[str, str]]) -> str:
    """A two-column Markdown table of absolute numbers behind the ratios."""
    lines = ["| measurement | median |", "|---|---|"]
    lines += [f"| {_cell(k)} | {_cell(v)} |" for k, v in details]
    return "\n".join(lines)


# --- scaling ------------------------------------------------------------------------------
def format_scaling(scaling: Mapping[str, Mapping[str, float]], years: Sequence[int]) -> str:
    """Action x journal size: the median, and beside it the ratio to the smallest journal.

    ``scaling[action][str(years)]`` is milliseconds (MiB for ``export_rss``); a missing size
    shows as "-".
    """
    sizes = [str(y) for y in years]
    head = "| action | " + " | ".join(f"{y} year{'s' if y != '1' else ''}" for y in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(sizes)]
    for key, label in SCALING_ACTIONS.items():
        values = scaling.get(key)
        if not values:
            continue
        unit = " MiB" if key == "export_rss" else " ms"
        base = values.get(sizes[0])
        cells = []
        for size in sizes:
            value = values.get(size)
            if value is None:
                cells.append("-")
                continue
            text = f"{value:.1f}" if value < 20 else f"{value:.0f}"
            if size == sizes[0]:
                text += unit
            elif base:
                text += f" ({value / base:.1f}x)"
            cells.append(text)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def rows_from_results(results: Mapping[str, Any]) -> list[Row]:
    """The table rows back from a saved run (``results["table"]``)."""
    rows = []
    for item in results.get("table", []):
        target = TARGET_BY_ID.get(item["id"])
        if target is None:
            continue
        rows.append(Row(target, item.get("ratio"), item.get("detail", ""), item.get("note", ""),
                        item.get("extra_ok", True), item.get("figure", "")))
    return rows


def results_block(results: Mapping[str, Any]) -> str:
    """What goes between the markers: when and where, the targets, the scaling table."""
    info = results.get("machine", {})
    rows = rows_from_results(results)
    met = sum(1 for r in rows if r.met)
    years = results.get("scaling_years", [])
    head = (f"Run of {info.get('date', '?')}: {info.get('nproc', '?')} CPUs "
            f"({info.get('cpu', '?')}), Python {info.get('python', '?')}, Textual "
            f"{info.get('packages', {}).get('textual', '?')}; {results.get('runs', '?')} runs "
            f"per figure{', with --long' if results.get('long') else ''}"
            f"{', --quick (a smoke run)' if results.get('quick') else ''}. "
            f"{met} of {len(rows)} targets met.")
    parts = [head, "", format_table(rows)]
    if results.get("scaling") and years:
        parts += ["", "Scaling, median ms (ratio to the 1-year journal), measured side by side "
                  "in the same run:", "", format_scaling(results["scaling"], years)]
    return "\n".join(parts)


def replace_block(text: str, block: str, begin: str = BEGIN, end_marker: str = END) -> str:
    """``text`` with the part between the markers replaced by ``block``.

    Raises:
        ValueError: if the markers are missing or out of order.
    """
    start = text.find(begin)
    end = text.find(end_marker)
    if start < 0 or end < start:
        raise ValueError(f"the markers {begin!r} ... {end_marker!r} are missing")
    return text[:start + len(begin)] + "\n" + block + "\n" + text[end:]


def write_readme(results: Mapping[str, Any], docs: Iterable[Path] = DOCS) -> list[Path]:
    """Put the run's tables into each doc; returns the files changed."""
    block = results_block(results)
    changed = []
    for doc in docs:
        text = doc.read_text("utf-8")
        new = replace_block(text, block)
        if new != text:
            doc.write_text(new, "utf-8")
            changed.append(doc)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print or write the tables of a bench run.")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--write-readme", action="store_true",
                        help="rewrite the results part of README.md and bench/README.md")
    args = parser.parse_args(argv)
    try:
        results = json.loads(args.results.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cannot read {args.results}: {exc} (run `make bench` first)", file=sys.stderr)
        return 2
    if not args.write_readme:
        print(results_block(results))
        return 0
    if results.get("quick"):
        print("refusing to write a --quick run into the docs", file=sys.stderr)
        return 2
    try:
        changed = write_readme(results)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for doc in changed:
        print(f"updated {doc.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
