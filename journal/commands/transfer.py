"""``journal export`` and ``journal import``: the whole journal as json, day rows as CSV.

Formats are documented in :mod:`journal.importer` (json) and :mod:`journal.csvio` (CSV).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from journal.commands.common import (
    EXIT_OK,
    CommandError,
    Context,
    add_command,
    examples,
    write_text,
)

if TYPE_CHECKING:
    from journal.domain.models import Journal


def register(sub: argparse._SubParsersAction, data_parent: argparse.ArgumentParser) -> None:
    export = add_command(
        sub, "export", run_export, parents=[data_parent],
        help="write the journal as json (everything) or CSV (one row per day)",
        epilog=examples(
            "journal export --format json --out ~/backup/journal-2026-11-21.json",
            "journal export --format csv > days.csv",
            "journal export | python3 -m json.tool"))
    export.add_argument("--format", choices=("json", "csv"), default="json",
                        help="json for everything, csv for day rows, e.g. --format csv")
    export.add_argument("--out", metavar="FILE",
                        help="write to FILE instead of printing, e.g. --out days.csv")

    imp = add_command(
        sub, "import", run_import, parents=[data_parent],
        help="read a json export or CSV day rows into the journal, all or nothing",
        epilog=examples(
            "journal import ~/backup/journal-2026-11-21.json",
            "journal import days.csv",
            "journal import --format csv exported-days.txt"))
    imp.add_argument("file", metavar="FILE", help="the file to read, e.g. days.csv")
    imp.add_argument("--format", choices=("json", "csv"),
                     help="json or csv, e.g. --format csv (default: from the file name's "
                     "extension)")


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    """Write the journal out. json holds everything (blocks with their amendments, days, sessions,
    side effects) in a versioned format that `journal import` reads back; CSV holds one row per day
    with the header
    date,pain,function,sleep_wakings,mood,fatigue,flare,note,session_minutes,session_cost (RFC 4180,
    CRLF line ends, empty cell when absent, flare 1 or empty). Files written with --out are readable
    by you only (0600).
    """
    store = ctx.open_store()
    journal = store.journal
    if args.format == "json":
        from journal.export_json import count_words, export_chunks

        # Counted as they are written: len(journal.entries) would build every day entry.
        counts: dict[str, int] = {}
        text: str | Iterator[str] = export_chunks(journal, counts)
        written = write_text(text, args.out, store.path)
        what = count_words(counts)
    else:
        from journal import csvio

        text = csvio.journal_to_csv(journal)
        rows = len(set(journal.entries) | set(journal.sessions))
        what = f"{rows} day row{'' if rows == 1 else 's'}"
        written = write_text(text, args.out, store.path)
    if written is not None:
        print(f"exported {what} to {written}")
    return EXIT_OK


def _format_of(args: argparse.Namespace, path: Path) -> str:
    if args.format:
        return str(args.format)
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        return suffix[1:]
    raise CommandError(f"--format: cannot tell the format of {path.name} from its name; "
                       "give --format json or --format csv")


class _NothingNew(Exception):
    """Raised inside the write transaction to abandon an import that adds nothing."""


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    """Read FILE into the journal. A json export restores everything into an empty journal, or
    merges into a non-empty one; CSV adds day rows (and the sessions in their
    session_minutes/session_cost columns, with the pressure and areas of the covering block).
    Records already in the journal unchanged are skipped; a record that clashes with one already
    there (same date, different values; same block, different plan) stops the import, and every
    clash is listed. Import is all or nothing: any bad row is reported with its line number (CSV) or
    its place in the file (json), and nothing is written.
    """
    from journal.export_json import count_words
    from journal.importer import (
        ImportRefused,
        MergeResult,
        is_empty,
        merge,
        parse_export,
    )

    path = Path(args.file).expanduser().absolute()
    fmt = _format_of(args, path)
    from journal.journal_file import JournalFileError, read_bytes

    if not path.exists():
        raise CommandError(f"{path}: no such file")
    try:
        raw = read_bytes(path)  # never waits on a named pipe; a folder or device is refused
    except JournalFileError as exc:
        problem = exc.problem.replace(" journal file", " file to import").split(" Nothing")[0]
        raise CommandError(f"{path}: {problem}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"nothing was imported from {path}: it is not UTF-8 text") from None
    store = ctx.open_store()
    if store.path.exists() and path.samefile(store.path):
        raise CommandError(f"{path} is the journal file itself; nothing to import")
    today = store.clock.today()

    # A json export is read before taking the write lock, so other writers never wait on
    # the parsing; a CSV file is read against the journal (pain scales), under the lock.
    try:
        parsed = parse_export(text) if fmt == "json" else None
    except ImportRefused as exc:
        raise CommandError(f"nothing was imported from {path}: {exc.headline}",
                           exc.problems) from None

    def prepare(existing: Journal) -> tuple[bool, MergeResult]:
        if parsed is not None:
            return is_empty(existing), merge(existing, parsed, today)
        from journal import csvio

        incoming = csvio.journal_from_csv(text, existing, store.clock.now(), today)
        return is_empty(existing), merge(existing, incoming, today,
                                         session_fields=csvio.SESSION_FIELDS)

    outcome: list[tuple[bool, MergeResult]] = []

    def build(current: Journal) -> Journal:
        """Merge into the journal as it is under the write lock; abandon if nothing is new."""
        outcome.append(prepare(current))
        if not outcome[-1][1].changed:
            raise _NothingNew
        return outcome[-1][1].journal

    try:
        store.rebuild(build)
    except ImportRefused as exc:
        raise CommandError(f"nothing was imported from {path}: {exc.headline}",
                           exc.problems) from None
    except _NothingNew:
        result = outcome[-1][1]
        print(f"nothing to import from {path}: everything in it is already in the journal "
              f"({count_words(result.unchanged)})")
        return EXIT_OK
    was_empty, result = outcome[-1]
    verb = "restored" if was_empty else "imported"
    line = f"{verb} {count_words(result.added)} from {path}"
    if any(result.unchanged.values()):
        line += f" ({count_words(result.unchanged)} already in the journal, left as they were)"
    print(line)
    return EXIT_OK
