"""``journal check``: list the stored records that hold values out of range.

A journal written before a bound existed (a far date such as 9999-12-25, a huge number, text
that is not UTF-8) still opens: such records are set aside (left out of every view, kept in
the file as they are, see :class:`journal.domain.models.InvalidRecord`). This command names
each one and what to do about it.
"""

from __future__ import annotations

import argparse

from journal.commands.common import (
    EXIT_DATA,
    EXIT_OK,
    Context,
    add_command,
    examples,
)


def register(sub: argparse._SubParsersAction, data_parent: argparse.ArgumentParser) -> None:
    add_command(
        sub, "check", run_check, parents=[data_parent],
        help="list records that hold values out of range (exit 3 when there are some)",
        epilog=examples("journal check", "journal --data ~/pain.json check"))


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    """Check every record of the journal. Records holding a value out of range (a date outside
    1900-01-01 to 2199-12-31, a number beyond its field's limit, text that is not UTF-8) are listed
    with the reason; they are left out of every view and kept in the file unchanged. Exit 0 when all
    records are valid, 3 otherwise.
    """
    ctx.warn_set_aside = False  # this command lists them itself
    store = ctx.open_store()
    journal = store.journal
    invalid = journal.invalid
    if not invalid:
        count = (len(journal.blocks) + len(journal.entries) + len(journal.sessions)
                 + len(journal.side_effects))
        print(f"{store.path}: all {count} record{'' if count == 1 else 's'} are valid")
        return EXIT_OK
    n = len(invalid)
    print(f"{store.path}: {n} record{'' if n == 1 else 's'} hold{'s' if n == 1 else ''} a "
          "value out of range; left out of every view, kept in the file unchanged:")
    for item in invalid:
        label = {"blocks": "block", "days": "day", "sessions": "session",
                 "side_effects": "side effect"}[item.table]
        print(f"  {label} {item.key or '(no date or id)'}: {item.problem}")
    print("To fix: log that day again with valid values (a new save for the same date "
          "replaces the record), or put back a backup (journal restore --list).")
    return EXIT_DATA
