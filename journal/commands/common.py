"""What every command shares: the context (data file, clock), errors, parsing and output.

Errors travel as exceptions and :func:`journal.cli.main` turns them into an exit code and one
message on stderr: ``ValidationError`` and :class:`CommandError` mean bad input (exit 2),
``JournalFileError`` means the journal file cannot be used (exit 3, file untouched).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from journal.formats import typed

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import Any

    from journal.clock import Clock
    from journal.domain.errors import ValidationError
    from journal.store import Store

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DATA = 3

DATE_HELP = "YYYY-MM-DD, today or yesterday"


class CommandError(Exception):
    """A problem to print on stderr, with extra detail lines and an exit code."""

    def __init__(self, message: str, details: Sequence[str] = (), code: int = EXIT_USAGE) -> None:
        self.message = message
        self.details = list(details)
        self.code = code
        super().__init__(message)

    def render(self) -> str:
        return "\n".join([f"journal: {self.message}", *(f"  {d}" for d in self.details)])


class Context:
    """What a command needs besides its arguments: which file, which clock.

    A plain class rather than a dataclass: importing ``dataclasses`` would cost the quick
    commands a noticeable share of their start-up (bench/README.md).
    """

    def __init__(self, data: str | None = None, clock: Clock | None = None,
                 lock_timeout: float | None = None) -> None:
        self.data = data
        self.clock = clock
        self.lock_timeout = lock_timeout
        self.warn_set_aside = True  # say so when records are out of range (not journal check)

    def journal_file(self) -> Path:
        """The journal's path; a folder, pipe, socket or device there is refused at once."""
        import stat

        from journal import paths

        path = paths.data_file(self.data)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return path  # missing (a new journal) or unreadable: the command says which
        if not stat.S_ISREG(mode):
            from journal.journal_file import not_a_file

            raise not_a_file(path, mode)
        return path

    def open_store(self) -> Store:
        from journal.store import LOCK_TIMEOUT, Store

        timeout = LOCK_TIMEOUT if self.lock_timeout is None else self.lock_timeout
        store = Store(self.journal_file(), self.clock, lock_timeout=timeout)
        if self.warn_set_aside:
            warn_set_aside(len(store.journal.invalid), store.path)
        return store

    def get_clock(self) -> Clock:
        if self.clock is None:
            from journal.clock import SystemClock

            self.clock = SystemClock()
        return self.clock


def warn_set_aside(n: int, path: Path | str) -> None:
    """One line on stderr when the journal holds records set aside as out of range."""
    if n:
        print(f"journal: warning: {path} has {n} record{'' if n == 1 else 's'} with a value "
              "out of range, left out here; list them with: journal check", file=sys.stderr)


#: Plain-words field names (as ValidationError uses them) -> (option, argparse dest).
FIELD_OPTIONS: dict[str, tuple[str, str]] = {
    "name": ("--name", "name"),
    "first session date": ("--start", "start"),
    "number of weeks": ("--weeks", "weeks"),
    "sessions per week": ("--sessions-per-week", "sessions_per_week"),
    "minutes per session": ("--minutes", "minutes"),
    "baseline days": ("--baseline-days", "baseline_days"),
    "pain scale": ("--scale", "scale"),
    "function marker name": ("--function-name", "function_name"),
    "function marker unit": ("--function-unit", "function_unit"),
    "better direction": ("--function-better", "function_better"),
    "pain change needed": ("--pain-threshold", "pain_threshold"),
    "function change needed": ("--function-threshold", "function_threshold"),
    "target areas": ("--areas", "areas"),
    "pressure": ("--pressure", "pressure"),
    "technique": ("--technique", "technique"),
    "therapist": ("--therapist", "therapist"),
    "cost per session": ("--cost-per-session", "cost_per_session"),
    "date": ("--date", "date"),
    "pain": ("--pain", "pain"),
    "function": ("--function", "function"),
    "night wakings": ("--sleep-wakings", "sleep_wakings"),
    "mood/anxiety": ("--mood", "mood"),
    "fatigue": ("--fatigue", "fatigue"),
    "note": ("--note", "note"),
    "pain medicine": ("--medicine", "medicine"),
    "minutes": ("--minutes", "minutes"),
    "areas": ("--areas", "areas"),
    "cost": ("--cost", "cost"),
    "tolerance": ("--tolerance", "tolerance"),
    "severity": ("--severity", "severity"),
    "settled": ("--settled", "settled"),
    "block": ("--block", "block"),
    "reason for the change": ("--reason", "reason"),
}


def describe_validation(exc: ValidationError, args: argparse.Namespace | None) -> str:
    """``pain (--pain): must be a number from 0 to 10 (got 12)``: field, option, allowed."""
    option = FIELD_OPTIONS.get(exc.field)
    if option and hasattr(args, option[1]):
        return f"{exc.field} ({option[0]}): {exc.problem}"
    return f"{exc.field}: {exc.problem}"


def parse_day(value: str | None, today: date, field: str = "date") -> date:
    """``today`` (the default), ``yesterday`` or ``YYYY-MM-DD``."""
    from journal.domain import checks

    return checks.day_word(value if value is not None else "today", field, today)


def split_list(text: str | None) -> tuple[str, ...]:
    """``"low back, neck"`` -> ``("low back", "neck")``."""
    if not text:
        return ()
    return tuple(part.strip() for part in text.split(",") if part.strip())


num = typed  # a stored number as typed: 4, 4.5 (never 4.0)


def write_text(text: str | Iterable[str], out: str | None, journal_file: Path) -> Path | None:
    """Print ``text``, or write it to ``out`` as a private (0600) file, atomically.

    ``text`` may come in chunks (the json export streams), written as they come. A folder
    created for ``out`` is 0700. Writing over the journal file itself is refused.
    """
    chunks = (text,) if isinstance(text, str) else text
    if out is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return None
    from pathlib import Path

    from journal.journal_file import atomic_write_bytes
    from journal.paths import ensure_private_dir

    path = Path(out).expanduser().absolute()
    if path == journal_file.absolute() or (
            path.exists() and journal_file.exists() and os.path.samefile(path, journal_file)):
        raise CommandError(f"--out: {path} is the journal file itself; choose another file")
    if path.is_dir():
        raise CommandError(f"--out: {path} is a folder; give a file name inside it")
    import stat

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = stat.S_IFREG
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise CommandError(f"--out: {path} is not a regular file (a pipe, socket or device); "
                           "give the name of a file to write")
    try:
        ensure_private_dir(path.parent)
        atomic_write_bytes(path, (chunk.encode("utf-8") for chunk in chunks))
    except OSError as exc:
        from journal.journal_file import plain_reason

        raise CommandError(f"--out: cannot write {path}: {plain_reason(exc)}") from None
    return path


def table(rows: Sequence[Sequence[str]], header: Sequence[str] | None = None) -> str:
    """Left-aligned columns separated by two spaces, without trailing blanks."""
    all_rows = [list(header)] if header else []
    all_rows += [list(r) for r in rows]
    if not all_rows:
        return ""
    widths = [max(len(r[i]) for r in all_rows) for i in range(len(all_rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in all_rows]
    return "\n".join(lines) + "\n"


def labelled(pairs: Sequence[tuple[str, str]], width: int = 0) -> str:
    """``label   value`` lines with the values aligned (at ``width`` at least)."""
    width = max([width, *(len(label) for label, _ in pairs)])
    return "".join(f"{label.ljust(width)}  {value}\n" for label, value in pairs)


def examples(*lines: str) -> str:
    """An argparse epilog: ``examples:`` then the given command lines, indented."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def add_command(sub: argparse._SubParsersAction, name: str, handler: Callable[..., int],
                **kwargs: Any) -> argparse.ArgumentParser:
    """A sub-command in the house style: our help formatter, the function that runs it, and
    that function's docstring as the ``--help`` description (as click does), so what a command
    does is written once, where it is done.

    ``kwargs`` go to ``add_parser``: ``help`` (the one line in ``journal --help``),
    ``epilog=examples(...)``, and ``parents=[data_parent]`` for the commands that read the
    journal."""
    kwargs.setdefault("description", " ".join((handler.__doc__ or "").split()) or None)
    parser: argparse.ArgumentParser = sub.add_parser(
        name, formatter_class=_help_formatter(), **kwargs)
    parser.set_defaults(handler=handler)
    return parser


def date_option(parser: argparse.ArgumentParser, what: str = "the day",
                example: str = "yesterday") -> None:
    """``--date DATE``, worded the same on every command that takes one (default: today)."""
    parser.add_argument("--date", metavar="DATE",
                        help=f"{what} ({DATE_HELP}), e.g. {example} (default: today)")


def block_option(parser: argparse.ArgumentParser, example: str, default: str,
                 what: str = "the block") -> None:
    """``--block NAME``, for the commands that act on one block (by default ``default``)."""
    parser.add_argument("--block", metavar="NAME",
                        help=f'{what}, e.g. "{example}" (default: {default})')


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: ``$COLUMNS``, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            # sys.__stdout__ may be None: the AttributeError is caught below.
            columns = os.get_terminal_size(
                sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def __getattr__(name: str) -> Any:
    """``HelpFormatter`` is built on first use, so ``status --short``, which builds no parser,
    does not import ``argparse`` (and the ``shutil``, ``gettext`` and ``locale`` it brings)."""
    if name != "HelpFormatter":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _help_formatter()


def _help_formatter() -> Any:
    """The ``HelpFormatter`` class, built once."""
    if "HelpFormatter" in globals():
        return globals()["HelpFormatter"]
    import argparse

    class HelpFormatter(argparse.HelpFormatter):
        """Wraps prose, keeps the line breaks of texts that have them (the examples), and shows
        defaults where an option has one."""

        def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                     width: int | None = None) -> None:
            # argparse builds a formatter for every option it adds and asks shutil for the
            # width each time; importing shutil would cost every command (bench/README.md).
            if width is None:
                width = terminal_columns() - 2
            super().__init__(prog, indent_increment, max_help_position, width)

        def _fill_text(self, text: str, width: int, indent: str) -> str:
            if "\n" in text:
                return "".join(indent + line for line in text.splitlines(keepends=True))
            return super()._fill_text(text, width, indent)

        def _get_help_string(self, action: argparse.Action) -> str | None:
            text = action.help or ""
            if (action.default not in (None, False, argparse.SUPPRESS)
                    and "%(default)" not in text and "default" not in text
                    and action.option_strings):
                text += " (default: %(default)s)"
            return text

    globals()["HelpFormatter"] = HelpFormatter
    return HelpFormatter
