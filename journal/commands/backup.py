"""``journal backup`` and ``journal restore``: copies of the journal file, and putting one back.

The copies themselves (names, where, how many are kept) are :mod:`journal.backups`' business.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from journal.commands.common import (
    EXIT_OK,
    CommandError,
    Context,
    add_command,
    examples,
    table,
)


def register(sub: argparse._SubParsersAction, data_parent: argparse.ArgumentParser) -> None:
    add_command(
        sub, "backup", run_backup, parents=[data_parent],
        help="copy the journal to its backups folder now",
        epilog=examples("journal backup", "cp \"$(journal backup)\" /media/usb/"))

    restore = add_command(
        sub, "restore", run_restore, parents=[data_parent],
        help="list the backups, or put one back as the journal",
        epilog=examples("journal restore --list",
                        "journal restore ~/.local/share/trial-journal/backups/"
                        "journal-2026-11-20.json"))
    restore.add_argument("file", metavar="FILE", nargs="?",
                         help="the backup to put back, e.g. a path from --list")
    restore.add_argument("--list", action="store_true",
                         help="list the backups with their date and size, e.g. --list")


def run_backup(args: argparse.Namespace, ctx: Context) -> int:
    """Copy the journal file, as it is, to the backups folder beside it (see `journal locate`) and
    print the copy's path. Such copies are never deleted automatically. The app also keeps daily and
    monthly copies by itself.
    """
    from journal.backups import backup_now

    print(backup_now(ctx.journal_file(), ctx.get_clock()))
    return EXIT_OK


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def run_restore(args: argparse.Namespace, ctx: Context) -> int:
    """With --list, list the backups, newest first. With FILE, put that copy back as the journal;
    the journal as it was is first saved as a backup itself, so a restore can be undone by restoring
    that copy.
    """
    from journal import backups
    from journal.store import JournalFileError

    journal_file = ctx.journal_file()
    if args.list == (args.file is not None):
        raise CommandError("restore: give either --list or the FILE to restore, e.g. "
                           "journal restore --list")
    if args.list:
        found = backups.list_backups(journal_file)
        if not found:
            print(f"No backups yet in {journal_file.parent / 'backups'}")
            return EXIT_OK
        rows = []
        for path in found:
            try:
                size = _size(path.stat().st_size)
            except OSError:
                size = "?"
            rows.append([backups.describe(journal_file, path), size, str(path)])
        print(table(rows), end="")
        return EXIT_OK
    source = Path(args.file).expanduser().absolute()
    if not source.is_file():
        raise CommandError(f"{source}: no such file")
    try:
        safety = backups.restore(journal_file, source, ctx.get_clock())
    except JournalFileError as exc:
        if exc.path.absolute() == source:
            raise CommandError(str(exc)) from None  # the copy is bad: bad input, exit 2
        raise
    print(f"restored {source}")
    print(f"      to {journal_file}")
    if safety is not None:
        print(f"the journal as it was is saved at {safety}")
    return EXIT_OK
