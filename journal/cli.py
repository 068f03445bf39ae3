"""The ``journal`` command: opens the app, or runs one quick command without it.

Nothing here imports Textual at module level: ``journal log`` and ``journal status --short``
must stay fast, so the app is imported only when it is about to run.

Exit codes: 0 success; 2 bad usage or invalid input; 3 the data file cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from journal import __version__

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DATA = 3


class _Parser(argparse.ArgumentParser):
    """argparse with our exit code for bad usage (2, the same as argparse's own)."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="journal",
        description="Plan, log and judge a block of massage therapy for chronic pain. "
        "Without a command, opens the app.",
        epilog="Example: journal --data ~/pain.json   (open the app on another journal file)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"trial-journal {__version__}")
    parser.add_argument("--data", metavar="FILE",
                        help="journal file to use (default: $TRIAL_JOURNAL_DATA, else the "
                        "user data folder; see `journal locate`)")
    parser.add_argument("--demo", action="store_true",
                        help="open the app on a throwaway sample journal; your data is not "
                        "touched")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    locate = sub.add_parser(
        "locate", help="print where the journal, backups, settings and themes live",
        description="Print where the journal file, its backups, the settings file and the "
        "user themes folder are.", epilog="Example: journal locate")
    locate.add_argument("--data", metavar="FILE", default=argparse.SUPPRESS,
                        help="journal file to use")
    return parser


def cmd_locate(args: argparse.Namespace) -> int:
    from journal import paths

    journal_file = paths.data_file(args.data)
    rows = [
        ("journal", journal_file),
        ("backups", paths.backups_dir(journal_file)),
        ("settings", paths.settings_file()),
        ("themes", paths.themes_dir()),
    ]
    for label, path in rows:
        print(f"{label:<9} {path}")
    return EXIT_OK


def run_app(args: argparse.Namespace) -> int:
    """Open the store first (clear message and exit 3 on a bad file), then the app."""
    from journal import paths
    from journal.store import JournalFileError, Store

    if args.demo:
        return run_demo()
    journal_file = paths.data_file(args.data)
    try:
        store = Store(journal_file)
    except JournalFileError as exc:
        print(f"journal: {exc}", file=sys.stderr)
        return EXIT_DATA
    from journal.app import JournalApp

    JournalApp(store).run()
    return EXIT_OK


def run_demo() -> int:
    """Open the app on a sample journal in a private temporary folder, removed afterwards."""
    import shutil
    import tempfile

    from journal.clock import SystemClock
    from journal.demo import demo_journal
    from journal.store import Store

    folder = Path(tempfile.mkdtemp(prefix="trial-journal-demo-"))
    try:
        clock = SystemClock()
        store = Store(folder / "demo.json", clock, backups=False)
        store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))  # type: ignore[arg-type]
        from journal.app import JournalApp

        JournalApp(store, demo=True).run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return EXIT_OK


COMMANDS = {"locate": cmd_locate}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    if getattr(args, "data", None) is None:
        args.data = None
    if args.command is None:
        return run_app(args)
    return COMMANDS[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
