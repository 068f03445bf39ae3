"""The ``journal`` command: opens the app, or runs one quick command without it.

Nothing on the command path imports Textual: ``journal log`` and ``journal status --short``
must stay fast, so the app is imported only when it is about to run. The commands live in
:mod:`journal.commands` (one module per group); this module builds the parser and turns
errors into exit codes.

Exit codes: 0 success; 2 bad usage or invalid input (the message names the field and what is
allowed); 3 the data file cannot be used (damaged, newer format, locked), left untouched.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from journal import __version__
from journal.commands.common import EXIT_DATA, EXIT_OK, EXIT_USAGE

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    import argparse

    from journal.clock import Clock
    from journal.commands.common import Context


__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EPILOG = """\
commands, each with its own --help and examples:
  journal block add ...           plan a block before it starts
  journal block list              the blocks and where today falls in each
  journal block show NAME         a plan: the original, each amendment and its date
  journal block amend NAME ...    change a plan (--reason once its days are logged)
  journal log --pain 4            log today (or --date yesterday); again = update
  journal session                 record today's session (defaults from the plan)
  journal side-effect soreness --severity 1
  journal status [--short]        what is logged today, the next session
  journal peg --pain 5 --enjoyment 4 --activity 6   the weekly PEG-3
  journal impression 2            your impression of change, 1-7, when treatment ends
  journal expectation 6           how much you expect the block to help, 0-10
  journal care "started physio"   note that other care changed
  journal export --format csv     the journal as json (everything) or CSV (day rows)
  journal import FILE             read an export back, all or nothing
  journal report                  the block's report, as Markdown, HTML or JSON
  journal remind --at 20:30       a daily desktop reminder when today is not logged
  journal backup                  copy the journal to its backups folder
  journal restore --list          the backups; journal restore FILE puts one back
  journal check                   list records holding values out of range
  journal locate                  where the files are

dates: YYYY-MM-DD, today or yesterday.
exit codes: 0 success, 2 bad usage or invalid input, 3 the journal file cannot be used
(damaged, written by a newer version, locked by another writer); it is then left untouched.

examples:
  journal                         open the app
  journal --data ~/pain.json log --pain 4 --function 20
  journal --demo                  open the app on a throwaway sample journal"""


#: The module of :mod:`journal.commands` that registers each command ("" = ``locate``, here).
COMMAND_MODULES = {
    "block": "blocks", "log": "daily", "session": "daily", "side-effect": "daily",
    "status": "status", "export": "transfer", "import": "transfer", "report": "reporting",
    "backup": "backup", "restore": "backup", "remind": "remind", "check": "check",
    "locate": "",
    "peg": "measures", "impression": "measures", "expectation": "measures", "care": "measures",
}
_ALL_MODULES = ("blocks", "daily", "measures", "status", "transfer", "reporting", "backup",
                "remind", "check", "")


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, when only options we recognise exactly come before it.

    ``""`` when there is no command at all, only those options: the app is opening, and it
    needs no command's parser. Anything else (``--help``, ``--version``, an abbreviated
    option, a mistyped or missing command) gives None, and the full parser handles it as it
    always did.
    """
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--data":
            i += 2
        elif word == "--demo" or word.startswith("--data="):
            i += 1
        elif word.startswith("-"):
            return None
        else:
            return word if word in COMMAND_MODULES else None
    return "" if i == len(argv) else None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``journal`` parser; with ``command``, only that command's group is registered
    (none for ``""``, which opens the app).

    Building every command's parser costs a quick command a noticeable share of its start-up
    (bench/README.md), and imports modules it never uses. Parsing a command line that names
    ``command`` gives the same result and the same messages with either parser, since each
    command's parser is the same; only the top-level help, which lists them all, needs the
    full one.
    """
    import argparse
    import importlib

    from journal.commands.common import HelpFormatter

    parser = argparse.ArgumentParser(
        prog="journal",
        description="Plan, log and judge a block of massage therapy for chronic pain. "
        "Without a command, opens the app.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"trial-journal {__version__}")
    parser.add_argument("--data", metavar="FILE",
                        help="journal file to use, e.g. --data ~/pain.json (default: "
                        "$TRIAL_JOURNAL_DATA, else the user data folder; see `journal locate`)")
    parser.add_argument("--demo", action="store_true",
                        help="open the app on a throwaway sample journal; your data is not "
                        "touched, e.g. journal --demo")
    data_parent = argparse.ArgumentParser(add_help=False, formatter_class=HelpFormatter)
    data_parent.add_argument("--data", metavar="FILE", default=argparse.SUPPRESS,
                             help="journal file to use, e.g. --data ~/pain.json (default: "
                             "see `journal locate`)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command is None:
        modules: tuple[str, ...] = _ALL_MODULES
    else:
        modules = (COMMAND_MODULES[command],) if command else ()
    for name in modules:
        if name:
            importlib.import_module(f"journal.commands.{name}").register(sub, data_parent)
    if "" in modules:
        _register_locate(sub, data_parent)
    return parser


def _register_locate(sub: argparse._SubParsersAction,
                     data_parent: argparse.ArgumentParser) -> None:
    from journal.commands.common import HelpFormatter

    locate = sub.add_parser(
        "locate", parents=[data_parent], formatter_class=HelpFormatter,
        help="print where the journal, backups, settings and themes live",
        description="Print where the journal file, its backups, the settings file and the "
        "user themes folder are.", epilog="examples:\n  journal locate\n"
        "  journal --data ~/pain.json locate")
    locate.set_defaults(handler=cmd_locate)


def cmd_locate(args: argparse.Namespace, ctx: object = None) -> int:
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
    from journal.clock import SystemClock
    from journal.store import JournalFileError, Store

    SystemClock().now()  # a bad TZ is reported now, before the screen is taken over
    if args.demo:
        return run_demo()
    journal_file = paths.data_file(args.data)
    try:
        store = Store(journal_file)
    except JournalFileError as exc:
        print(f"journal: {exc}", file=sys.stderr)
        return EXIT_DATA
    from journal.app import JournalApp

    return run_and_check(JournalApp(store))


def run_and_check(app: object, **run_options: object) -> int:
    """Run the app; after a crash, write a crash log (0600, in the state folder), say where
    it is and exit 3, never 0. Saves are atomic, one at a time, so the journal file holds
    every save made before the crash and nothing half-written."""
    from journal.textual_compat import crash_of

    try:
        app.run(**run_options)  # type: ignore[attr-defined]
        crash = crash_of(app)  # type: ignore[arg-type]
    except Exception as exc:  # a crash before the loop ran
        crash = exc
    if crash is None:
        return EXIT_OK
    from journal.crashlog import write_crash_log

    where = write_crash_log(crash, "the app")
    print(f"journal: the app stopped after an unexpected error ({type(crash).__name__}). "
          "Your journal file was not changed by it: every save before it is kept.",
          file=sys.stderr)
    print(f"  The details are in {where}; please include them if you report it."
          if where is not None else "  No crash log could be written.", file=sys.stderr)
    return EXIT_DATA


def run_demo() -> int:
    """Open the app on a sample journal in a private temporary folder, removed afterwards."""
    from journal.clock import SystemClock
    from journal.demo import demo_folder, demo_journal
    from journal.store import Store

    with demo_folder() as folder:
        clock = SystemClock()
        store = Store(folder / "demo.json", clock, backups=False)
        zone = clock.now().tzinfo  # the system clock is aware: a fixed-offset timezone
        store.replace_all(demo_journal(clock.today(), zone))  # type: ignore[arg-type]  # see zone
        from journal.app import JournalApp

        return run_and_check(JournalApp(store, demo=True))


def main(
    argv: Sequence[str] | None = None,
    clock: Clock | None = None,
    *,
    lock_timeout: float | None = None,
) -> int:
    """Run ``journal`` with ``argv`` (default: the real command line); returns the exit code.

    ``clock`` and ``lock_timeout`` let tests freeze time and not wait for a held lock.
    """
    words = list(argv) if argv is not None else sys.argv[1:]
    from journal.commands.common import Context

    quick = prompt_status_data(words)
    if quick is not None:
        from journal.commands.status import run_short

        return _run(run_short, Context(quick[0], clock, lock_timeout), None)
    parser = build_parser(command_named(words))
    args = parser.parse_args(words)
    if args.command is None:
        try:
            return run_app(args)
        except Exception as exc:  # one plain line, never a traceback
            return report_unexpected(exc)
    return _run(lambda ctx: args.handler(args, ctx), Context(args.data, clock, lock_timeout),
                args)


def prompt_status_data(words: Sequence[str]) -> tuple[str | None] | None:
    """``(data,)`` when ``words`` are exactly ``status --short`` with at most one ``--data``.

    That command runs on every shell prompt, so it skips ``argparse`` altogether (importing
    and building a parser is a sizeable part of its time). Only the plain spellings are
    recognised: ``--data FILE`` or ``--data=FILE`` before or after ``status``, ``--short``
    after it. Anything else (``--help``, ``--sh``, a repeated option, a value that looks like
    an option) gives None and goes through the parser as before, with its usual messages.
    """
    data: str | None = None
    seen_status = seen_short = seen_data = False
    i = 0
    while i < len(words):
        word = words[i]
        if word == "status" and not seen_status:
            seen_status = True
        elif word == "--short" and seen_status and not seen_short:
            seen_short = True
        elif word == "--data" and not seen_data and i + 1 < len(words) \
                and not words[i + 1].startswith("-"):
            seen_data, data = True, words[i + 1]
            i += 1
        elif word.startswith("--data=") and not seen_data:
            seen_data, data = True, word.removeprefix("--data=")
        else:
            return None
        i += 1
    return (data,) if seen_status and seen_short else None


def _run(handler: Callable[[Context], int], ctx: Context,
         args: argparse.Namespace | None) -> int:
    """Run one command; turn its errors into a message on stderr and an exit code."""
    from journal.printable import SafeStream

    out, err = sys.stdout, sys.stderr
    # Text from the journal (names, notes, paths) is printed escaped; CSV or json written to
    # a file or a pipe by ``export`` is data and passes exactly as it is.
    if getattr(args, "command", None) != "export" or _isatty(out):
        sys.stdout = SafeStream(out)
    sys.stderr = SafeStream(err)
    try:
        return _run_guarded(handler, ctx, args)
    finally:
        sys.stdout, sys.stderr = out, err


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def _run_guarded(handler: Callable[[Context], int], ctx: Context,
                 args: argparse.Namespace | None) -> int:
    from journal.commands.common import CommandError, describe_validation
    from journal.domain.errors import ValidationError

    try:
        return int(handler(ctx))
    except ValidationError as exc:
        print(f"journal: {describe_validation(exc, args)}", file=sys.stderr)
        return EXIT_USAGE
    except CommandError as exc:
        print(exc.render(), file=sys.stderr)
        return exc.code
    except BrokenPipeError:
        # The reader went away (``journal export | head``): stop quietly.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("journal: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except Exception as exc:
        from journal.store import JournalFileError

        if isinstance(exc, JournalFileError):
            print(f"journal: {exc}", file=sys.stderr)
            return EXIT_DATA
        if isinstance(exc, OSError):
            print(f"journal: {describe_os_error(exc)}", file=sys.stderr)
            return EXIT_DATA
        return report_unexpected(exc)


def describe_os_error(exc: OSError) -> str:
    """``/path/file: permission was denied`` rather than ``[Errno 13] Permission denied``."""
    from journal.journal_file import plain_reason

    where = exc.filename if exc.filename is not None else "a file"
    return (f"{where}: {plain_reason(exc)}. Nothing was changed; check that you may read and "
            "write it, then try again.")


def report_unexpected(exc: BaseException) -> int:
    """A fault of ours, not of the input: one plain line, the details in a crash log."""
    from journal.crashlog import write_crash_log

    where = write_crash_log(exc)
    print(f"journal: something went wrong inside trial-journal ({type(exc).__name__}); "
          "nothing half-written was kept.", file=sys.stderr)
    if where is not None:
        print(f"  The details are in {where}; please include them if you report it.",
              file=sys.stderr)
    return EXIT_DATA


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
