"""Every CLI command against hostile journals and hostile arguments.

For each run: the exit code is 0, 2 or 3; nothing on stderr looks like a traceback; no
terminal control or bidi override reaches the terminal raw; and the journal (its bytes, its
mode, a symlink staying a link, a pipe staying a pipe) is exactly as it was unless the
command succeeded. The default suite runs every command on every hostile journal and every
hostile value on the plain ones (about a thousand runs); ``-m slow`` runs the full product.
"""

from __future__ import annotations

import os
import re
import signal
import stat
from pathlib import Path

import pytest
from conftest import NOW
from hostile import DATES, ESC_TITLE, JOURNALS, NUMBERS, TEXTS, import_files

from journal.cli import main
from journal.clock import FixedClock
from journal.printable import UNSAFE_PATTERN

ADD = ["--weeks", "2", "--sessions-per-week", "1", "--minutes", "30"]


def commands(folder: Path, values: bool) -> list[list[str]]:
    """Every command, once plainly; with ``values``, again with each hostile value."""
    imports = import_files(folder / "imports")
    out = str(folder / "out" / "sub" / "x")
    pipe = folder / "pipe.json"
    if not pipe.exists():
        os.mkfifo(pipe)  # must never be waited on, nor replaced by a file
    runs = [
        ["status"], ["status", "--short"], ["block", "list"],
        ["block", "list", "--format", "json"], ["log", "--pain", "3"], ["log", "--flare"],
        ["session"], ["side-effect", "soreness", "--severity", "1"],
        ["block", "add", "--name", "New", "--start", "2026-12-20", *ADD],
        ["export"], ["export", "--format", "csv"], ["export", "--out", out + ".json"],
        ["export", "--format", "csv", "--out", out + ".csv"], ["report"],
        ["report", "--format", "json"], ["report", "--out", out + ".md"],
        ["report", "--block", ESC_TITLE], ["backup"], ["restore", "--list"], ["check"],
        ["locate"], ["import", str(imports["formula.csv"])], ["import", str(pipe)],
        ["export", "--out", str(pipe)], ["report", "--out", str(pipe)],
        ["import", str(folder)], ["report", "--format", "html"],
        ["report", "--format", "html", "--out", out + ".html"], ["remind"],
        ["peg", "--pain", "5", "--enjoyment", "4", "--activity", "3"], ["impression", "2"],
        ["expectation", "6"], ["care", "saw the GP"], ["log", "--medicine", "2"],
    ]
    if values:
        runs += [["import", str(path)] for path in imports.values()]
        runs += [["log", "--date", d, "--pain", "2"] for d in DATES]
        runs += [["block", "add", "--name", "B", "--start", d, *ADD] for d in DATES]
        runs += [["log", option, n] for n in NUMBERS
                 for option in ("--function", "--pain", "--mood")]
        runs += [["session", "--cost", n] for n in NUMBERS]
        runs += [["log", "--note", t] for t in TEXTS]
        runs += [["block", "add", "--name", t, "--start", "2026-12-20", *ADD] for t in TEXTS]
        runs += [["session", "--note", t, "--areas", t] for t in TEXTS]
        runs += [["report", "--block", t] for t in TEXTS]
        runs += [["care", t, "--date", d] for t, d in zip(TEXTS, DATES, strict=False)]
        runs += [["peg", "--pain", n, "--enjoyment", "1", "--activity", "1"] for n in NUMBERS]
        runs += [["impression", n] for n in NUMBERS] + [["log", "--medicine", n] for n in NUMBERS]
        runs += [["peg", "--date", d, "--pain", "1", "--enjoyment", "1", "--activity", "1"]
                 for d in DATES]
    return runs


def state(path: Path) -> object:
    """What must not change when a command fails: kind, mode, bytes (through a link)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return ("link", os.readlink(path), state(path.parent / os.readlink(path)))
    if stat.S_ISREG(st.st_mode):
        return ("file", stat.S_IMODE(st.st_mode), path.read_bytes())
    return ("other", stat.S_IFMT(st.st_mode))


class Hung(BaseException):
    """Raised by the guard; not an Exception, so no handler in the command can swallow it."""


def _hung(_signum: int, _frame: object) -> None:
    raise Hung("the command never returned (waiting on a named pipe?)")


def run_all(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str,
            values: bool) -> None:
    build = JOURNALS[kind]
    for i, argv in enumerate(commands(tmp_path / "inputs", values)):
        path = tmp_path / f"run{i}" / "journal.json"
        path.parent.mkdir(parents=True)
        build(path)
        before = state(path)
        # A guard, not a timing check: a command waiting on a named pipe would never return.
        previous = signal.signal(signal.SIGALRM, _hung)
        signal.alarm(60)
        try:
            code = main(["--data", str(path), *argv], clock=FixedClock(NOW), lock_timeout=0.2)
        except SystemExit as exc:  # argparse: usage errors
            code = int(exc.code or 0)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        out, err = capsys.readouterr()
        where = f"{kind}: journal {' '.join(argv)[:120]!r}"
        assert code in (0, 2, 3), f"{where} exited {code}: {err[-500:]}"
        assert "Traceback" not in err and "Error:" not in err.split("\n")[0][:40], where
        if code != 0:
            assert state(path) == before, f"{where} failed ({code}) but changed the journal"
            assert err.strip() or argv == ["check"], f"{where} failed without a message"
        if argv[:3] != ["export", "--format", "csv"]:
            raw = re.search(UNSAFE_PATTERN, out + err)
            assert raw is None, f"{where} printed {raw.group()!r} raw"
    assert stat.S_ISFIFO(os.lstat(tmp_path / "inputs" / "pipe.json").st_mode)


@pytest.mark.parametrize("kind", sorted(JOURNALS))
def test_every_command_on_a_hostile_journal(tmp_path, capsys, kind):
    run_all(tmp_path, capsys, kind, values=kind in ("demo", "missing"))


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(JOURNALS))
def test_every_command_and_value_on_every_hostile_journal(tmp_path, capsys, kind):
    run_all(tmp_path, capsys, kind, values=True)
