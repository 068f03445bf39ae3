"""``journal report``: the end-of-block report for a clinician, as Markdown or JSON."""

from __future__ import annotations

import argparse

from journal.commands.common import EXIT_OK, Context, HelpFormatter, examples, write_text


def register(sub: argparse._SubParsersAction, data_parent: argparse.ArgumentParser) -> None:
    report = sub.add_parser(
        "report", parents=[data_parent], formatter_class=HelpFormatter,
        help="the block's report: plan, rule, change, verdict, side effects, cost",
        description="Write the report of a block as it stands today: the plan and the rule "
        "written down before it started, baseline against the last week, the verdict of the "
        "rule, side effects and cost. Without --block, the running block (else the most "
        "recent one). Files written with --out are readable by you only (0600).",
        epilog=examples(
            "journal report",
            'journal report --block "Autumn back block" --out report.md',
            "journal report --format json > report.json"))
    report.add_argument("--block", metavar="NAME",
                        help='the block to report on, e.g. "Autumn back block" '
                        "(default: the running or most recent block)")
    report.add_argument("--format", choices=("markdown", "json"), default="markdown",
                        help="markdown to read or print, json for scripts, e.g. --format json")
    report.add_argument("--out", metavar="FILE",
                        help="write to FILE instead of printing, e.g. --out report.md")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace, ctx: Context) -> int:
    from journal.report import build_report

    store = ctx.open_store()
    text = build_report(store.journal, args.block, store.clock.today(), args.format)
    if not text.endswith("\n"):
        text += "\n"
    written = write_text(text, args.out, store.path)
    if written is not None:
        print(f"wrote the report to {written}")
    return EXIT_OK
