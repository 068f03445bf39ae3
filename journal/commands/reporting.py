"""``journal report``: the end-of-block report for a clinician, as Markdown, JSON or HTML."""

from __future__ import annotations

import argparse
import os
import sys

from journal.commands.common import (
    EXIT_OK,
    Context,
    add_command,
    block_option,
    examples,
    write_text,
)

#: What each format's file is called when ``--open`` needs a file and none is named.
SUFFIXES = {"markdown": "md", "json": "json", "html": "html"}


def register(sub: argparse._SubParsersAction, data_parent: argparse.ArgumentParser) -> None:
    report = add_command(
        sub, "report", run_report, parents=[data_parent],
        help="the block's report: plan, rule, change, verdict, side effects, cost",
        epilog=examples(
            "journal report",
            'journal report --block "Autumn back block" --out report.md',
            "journal report --format html --out report.html --open",
            "journal report --format json > report.json"))
    block_option(report, "Autumn back block", "the running or most recent block",
                 what="the block to report on")
    report.add_argument("--format", choices=tuple(SUFFIXES), default="markdown",
                        help="markdown to read, html to print or send, json for scripts, "
                        "e.g. --format html")
    report.add_argument("--out", metavar="FILE",
                        help="write to FILE instead of printing, e.g. --out report.html")
    report.add_argument("--open", action="store_true",
                        help="then open the file with the desktop's opener (xdg-open), or "
                        "print its path where there is none; without --out the file goes "
                        "into the reports folder beside the journal; e.g. --format html --open")


def run_report(args: argparse.Namespace, ctx: Context) -> int:
    """Write the report of a block as it stands today: the plan and the rule written down before it
    started, baseline against the last week, the verdict of the rule, side effects and cost. Without
    --block, the running block (else the most recent one). --format html gives one printable page
    (A4 or Letter) with the charts drawn in, which needs nothing but a browser. Files written with
    --out are readable by you only (0600).
    """
    from journal.report import build_report, resolve_block

    store = ctx.open_store()
    today = store.clock.today()
    text = build_report(store.journal, args.block, today, args.format)
    if not text.endswith("\n"):
        text += "\n"
    out = args.out
    if out is None and args.open:
        from journal.paths import report_file

        block = resolve_block(store.journal, args.block, today)
        out = str(report_file(store.path, block.name, today.isoformat(),
                              SUFFIXES[args.format]))
    written = write_text(text, out, store.path)
    if written is not None:
        print(f"wrote the report to {written}")
        if args.open:
            open_file(written)
    return EXIT_OK


def opener() -> str | None:
    """The desktop's command for opening a file, when this system has one."""
    import shutil

    names = ("open",) if sys.platform == "darwin" else ("xdg-open",)
    return next((found for name in names if (found := shutil.which(name))), None)


def open_file(path: os.PathLike[str] | str) -> None:
    """Hand ``path`` to the desktop's opener, detached; without one, say where the file is."""
    command = opener()
    if command is None:
        print(f"no program to open it with (xdg-open) here; the file is: {path}")
        return
    import subprocess

    try:
        subprocess.Popen([command, os.fspath(path)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError as exc:
        print(f"could not open it ({exc.strerror or exc}); the file is: {path}")
        return
    print(f"opening it with {os.path.basename(command)}")
