"""The real entry point in a subprocess: exit codes, output, and no Textual on the way."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ENTRY = Path(sys.executable).with_name("journal")


def journal(*argv: str, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run([sys.executable, *flags, "-m", "journal", *argv],
                          capture_output=True, text=True, timeout=60, check=False)


def imported(stderr: str) -> set[str]:
    """Module names from ``-X importtime`` output."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_log_and_status_short_do_not_import_textual(journal_path):
    log = journal("--data", str(journal_path), "log", "--pain", "3", importtime=True)
    assert log.returncode == 0, log.stderr
    assert re.fullmatch(r"logged \d{4}-\d\d-\d\d: pain 3\n", log.stdout)
    modules = imported(log.stderr)
    assert "journal.store" in modules and "tinydb" in modules  # the check sees real imports
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich", "plotext")}
    status = journal("--data", str(journal_path), "status", "--short", importtime=True)
    assert status.returncode == 0
    modules = imported(status.stderr)
    assert "journal.journal_file" in modules  # the check sees real imports
    assert "journal.store" not in modules and "tinydb" not in modules
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich", "plotext")}


def test_exit_codes_through_the_entry_point(journal_path):
    ok = journal("--data", str(journal_path), "log", "--pain", "4", "--function", "12")
    assert ok.returncode == 0
    before = journal_path.read_bytes()
    bad = journal("--data", str(journal_path), "log", "--pain", "99")
    assert bad.returncode == 2
    assert bad.stderr == "journal: pain (--pain): must be a number from 0 to 10 (got 99)\n"
    assert bad.stdout == ""
    usage = journal("--data", str(journal_path), "side-effect", "cramp", "--severity", "1")
    assert usage.returncode == 2 and "invalid choice: 'cramp'" in usage.stderr
    assert journal_path.read_bytes() == before
    journal_path.write_bytes(b"[1, 2")
    broken = journal("--data", str(journal_path), "log", "--pain", "4")
    assert broken.returncode == 3
    assert broken.stderr.startswith(f"journal: {journal_path}: is not valid JSON")
    assert journal_path.read_bytes() == b"[1, 2"


def test_status_short_on_an_absent_journal_prints_nothing(tmp_path):
    result = journal("--data", str(tmp_path / "none" / "journal.json"), "status", "--short")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not (tmp_path / "none").exists()


def test_export_pipes_valid_json_and_csv(journal_path):
    import json

    journal("--data", str(journal_path), "log", "--pain", "4", "--note", 'a "b", c')
    exported = journal("--data", str(journal_path), "export", "--format", "json")
    assert exported.returncode == 0 and exported.stderr == ""
    assert json.loads(exported.stdout)["days"][0]["note"] == 'a "b", c'
    rows = journal("--data", str(journal_path), "export", "--format", "csv")
    assert rows.stdout.splitlines()[1].endswith(',4,,,,,,"a ""b"", c",,,')


@pytest.mark.skipif(not ENTRY.exists(), reason="console script not installed")
def test_console_script_runs(journal_path):
    result = subprocess.run([str(ENTRY), "--data", str(journal_path), "--version"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("trial-journal ")
    located = subprocess.run([str(ENTRY), "--data", str(journal_path), "locate"],
                             capture_output=True, text=True, timeout=60, check=False)
    assert located.stdout.splitlines()[0] == f"journal   {journal_path}"
