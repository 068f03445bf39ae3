"""Hostile journal files and argument values, shared by the hardening tests and the CLI fuzz.

Each journal builder writes one file (or other object) at a path and returns nothing; the
values are what a person, a damaged disk or another program could hand the journal.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from pathlib import Path

from conftest import NOW

from journal.clock import FixedClock
from journal.demo import demo_journal
from journal.store import Store

ESC_TITLE = "\x1b]0;pwned\x07\x1b[2J"
BIDI = "invoice\u202etxt.exe"
FORMULA = '=HYPERLINK("http://example.invalid","click")'


_DEMO: list[bytes] = []


def write_demo(path: Path) -> None:
    """The demo journal (built once, then copied: every fuzz case starts from it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not _DEMO:
        Store(path, FixedClock(NOW), backups=False).replace_all(
            demo_journal(NOW.date(), NOW.tzinfo))  # type: ignore[arg-type]
        _DEMO.append(path.read_bytes())
    else:
        path.write_bytes(_DEMO[0])
        path.chmod(0o600)


def _edited(edit: Callable[[dict], None]) -> Callable[[Path], None]:
    """A demo journal with one hand edit, as a file written by an older version could be."""
    def build(path: Path) -> None:
        write_demo(path)
        data = json.loads(path.read_text())
        edit(data)
        path.write_text(json.dumps(data))
    return build


def _first(data: dict, table: str) -> dict:
    return data[table][min(data[table], key=int)]


def _far_block(data: dict) -> None:
    _first(data, "blocks")["plan"]["first_session"] = "9999-12-25"


def _year_one_day(data: dict) -> None:
    _first(data, "days")["date"] = "0001-01-01"


def _huge_function(data: dict) -> None:
    _first(data, "days")["function"] = 1.7e308


def _not_utf8_note(data: dict) -> None:
    _first(data, "days")["note"] = "caf\udce9"


def _bidi_name(data: dict) -> None:
    _first(data, "blocks")["plan"]["name"] = BIDI


def _formula_note(data: dict) -> None:
    _first(data, "days")["note"] = FORMULA


def _raw(content: bytes) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return build


def _read_only(path: Path) -> None:
    write_demo(path)
    path.chmod(0o400)


def _symlinked(path: Path) -> None:
    target = path.with_name("real-journal.json")
    write_demo(target)
    path.symlink_to(target.name)


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def _socket(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()  # the socket file stays


def _folder(path: Path) -> None:
    path.mkdir(parents=True)


def _bom(path: Path) -> None:
    write_demo(path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


JOURNALS: dict[str, Callable[[Path], None]] = {
    "missing": lambda path: None,
    "demo": write_demo,
    "far-date block": _edited(_far_block),
    "year-one day": _edited(_year_one_day),
    "huge function": _edited(_huge_function),
    "non-UTF-8 note": _edited(_not_utf8_note),
    "bidi block name": _edited(_bidi_name),
    "formula note": _edited(_formula_note),
    "read-only": _read_only,
    "symlink": _symlinked,
    "fifo": _fifo,
    "socket": _socket,
    "folder": _folder,
    "bom": _bom,
    "empty": _raw(b""),
    "truncated": _raw(b'{"meta": {"1": {"format": "trial-journal", "ver'),
    "newer": _raw(b'{"meta": {"1": {"format": "trial-journal", "version": 99}}}'),
    "deep nesting": _raw(b"[" * 200_000 + b"]" * 200_000),
    "5000 digits": _raw(b'{"meta": {"1": {"format": "trial-journal", "version": 1}}, '
                        b'"days": {"1": {"date": "2026-11-20", "pain": ' + b"9" * 5000 + b"}}}"),
    "NaN": _raw(b'{"meta": {"1": {"format": "trial-journal", "version": 1}}, '
                b'"days": {"1": {"date": "2026-11-20", "pain": NaN}}}'),
    "not UTF-8": _raw(b"\xff\xfe{}"),
}

#: Values for options that take a date, a number or text.
DATES = ["9999-12-25", "0001-01-01", "1899-12-31", "2200-01-01", "2026-02-30", "yesterday",
         "2026-11-21"]
NUMBERS = ["1.7e308", "1e309", "-1e309", "NaN", "inf", "-0", "1" * 44,
           "0.1234567890123456789", "4", "1e-320"]
TEXTS = [ESC_TITLE, BIDI, FORMULA, "caf\udce9", "\x9b31m", "a" * 5000, "line\nline", "[/]"]


def import_files(folder: Path) -> dict[str, Path]:
    """Hostile files to import: json and CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    export = {"format": "trial-journal", "version": 1, "blocks": [], "days": [],
              "sessions": [], "side_effects": []}
    files = {
        "5000 digits.json": '{"format": "trial-journal", "version": 1, "days": [{"date": '
                            '"2026-11-20", "pain": ' + "9" * 5000 + "}]}",
        "deep.json": "[" * 200_000 + "]" * 200_000,
        "plan missing fields.json": json.dumps(
            {**export, "blocks": [{"id": "a1", "plan": {"name": "x"}}]}),
        "far block.json": json.dumps({**export, "blocks": [{"id": "a1", "plan": {
            "name": "Far", "first_session": "9999-12-25", "weeks": 1,
            "sessions_per_week": 1, "minutes": 30}}]}),
        "escape name.json": json.dumps({**export, "blocks": [{"id": "a1", "plan": {
            "name": ESC_TITLE, "first_session": "2026-12-01", "weeks": 1,
            "sessions_per_week": 1, "minutes": 30}}]}),
        "huge function.json": json.dumps({**export, "days": [
            {"date": "2026-11-20", "function": 1.7e308}]}),
        "bom.csv": "\ufeffdate,pain\r\n2026-11-20,3\r\n",
        "formula.csv": "date,note\r\n2026-11-19,'=1+1\r\n2026-11-20,=1+1\r\n",
        "far.csv": "date,pain\r\n9999-12-25,3\r\n",
    }
    out = {}
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out[name] = path
    bad = folder / "not-utf8.csv"
    bad.write_bytes(b"date,note\r\n2026-11-20,caf\xe9\r\n")
    out["not-utf8.csv"] = bad
    return out
