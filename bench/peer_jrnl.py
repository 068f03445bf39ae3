"""jrnl, the command-line journal, as the peer for the command timings.

jrnl is installed into its own venv under ``bench/out/`` (ignored by git), never into the
project's environment. It runs with a private HOME and XDG folders holding a config that points
at a plain-text journal, with no encryption and no editor, so ``jrnl "text"`` adds one entry
without asking anything. The journal is filled with the same days as the benchmark journal
(one jrnl entry per logged day, with its note), so both tools work on the same history.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

JRNL_VERSION = "4.6"

CONFIG = """\
colors:
  body: none
  date: none
  tags: none
  title: none
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%Y-%m-%d %I:%M:%S %p'
version: v{version}
"""


def ensure_jrnl(venv: Path) -> Path:
    """The ``jrnl`` executable in ``venv``, creating the venv and installing jrnl if needed."""
    exe = venv / "bin" / "jrnl"
    if exe.exists():
        return exe
    python = shutil.which("python3") or sys.executable
    print(f" installing jrnl {JRNL_VERSION} into {venv} ...", end="", flush=True)
    for argv in ([python, "-m", "venv", str(venv)],
                 [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                  "--disable-pip-version-check", f"jrnl=={JRNL_VERSION}"]):
        result = subprocess.run(argv, capture_output=True, text=True)
        if result.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)  # a half-made venv would be reused
            raise RuntimeError(f"could not install jrnl ({' '.join(argv[-3:])}): "
                               f"{(result.stderr or result.stdout).strip()[-300:]}")
    return exe


def jrnl_text(journal: Any) -> str:
    """One jrnl entry per logged day: the numbers as the title, the note as the body."""
    parts = []
    for day in sorted(journal.entries):
        e = journal.entries[day]
        at = e.recorded_at
        stamp = f"{day.isoformat()} {(at.hour % 12) or 12:02d}:{at.minute:02d}:00 " \
                f"{'PM' if at and at.hour >= 12 else 'AM'}" if at else f"{day} 08:00:00 PM"
        title = f"pain {e.pain:g} walking {e.function:g}." if e.pain is not None and \
            e.function is not None else "logged."
        body = f"\n{e.note}" if e.note else ""
        parts.append(f"[{stamp}] {title}{body}\n")
    return "\n".join(parts)


def setup(folder: Path, journal: Any | None) -> tuple[dict[str, str], Path]:
    """A private jrnl home in ``folder``; returns (environment, journal file)."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "home").mkdir(parents=True)
    (folder / "config" / "jrnl").mkdir(parents=True)
    journal_file = folder / "journal.txt"
    journal_file.write_text(jrnl_text(journal) if journal is not None else "", "utf-8")
    (folder / "config" / "jrnl" / "jrnl.yaml").write_text(
        CONFIG.format(journal=journal_file, version=JRNL_VERSION), "utf-8")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder / "home"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "LANG": "C.UTF-8",
        "EDITOR": "",
        "VISUAL": "",
    }
    return env, journal_file


def count_entries(journal_file: Path, marker: str) -> int:
    return journal_file.read_text("utf-8").count(marker)
