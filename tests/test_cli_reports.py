"""``journal report``, ``journal backup`` and ``journal restore`` as commands.

The report's content and the backups' naming are tested with their own modules; here only the
command side: arguments, output, files, exit codes.
"""

from __future__ import annotations

import json
import stat
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from journal.demo import demo_journal
from journal.store import Store


@pytest.fixture
def cli(journal_path, run_journal):
    """Run ``journal --data <temp file> ARGS`` in-process."""
    return partial(run_journal, journal_path)


@pytest.fixture
def demo(journal_path, clock) -> Path:
    Store(journal_path, clock).replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    return journal_path


def test_report_prints_markdown_and_json(cli, demo):
    markdown = cli("report")
    assert markdown.code == 0, markdown.err
    assert "Low back & shoulders, spring" in markdown.out
    assert markdown.out.endswith("\n")
    as_json = cli("report", "--format", "json")
    assert as_json.code == 0 and as_json.err == ""
    assert json.loads(as_json.out)["block"]["name"] == "Low back & shoulders, spring"


def test_report_out_is_a_private_file(cli, demo, tmp_path):
    target = tmp_path / "reports" / "block.md"
    result = cli("report", "--block", "low back & shoulders, spring", "--out", str(target))
    assert result.code == 0, result.err
    assert result.out == f"wrote the report to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert "Low back & shoulders, spring" in target.read_text(encoding="utf-8")


def test_report_without_a_block_or_with_an_unknown_name_exits_2(cli, demo, tmp_path):
    unknown = cli("report", "--block", "Knees")
    assert unknown.code == 2
    assert unknown.err.startswith('journal: block (--block): no block is named "Knees"')
    empty = cli("--data", str(tmp_path / "empty.json"), "report")
    assert empty.code == 2
    assert "block (--block): the journal has no block yet" in empty.err


def test_backup_then_list_then_restore(cli, demo, clock):
    made = cli("backup")
    assert made.code == 0, made.err
    copy = Path(made.out.strip())
    assert copy.is_file() and copy.read_bytes() == demo.read_bytes()
    listed = cli("restore", "--list")
    assert listed.code == 0
    first = listed.out.splitlines()[0]
    assert first.startswith("2026-11-21 20:30:00")
    assert first.endswith(str(copy)) and " kB  " in first

    cli("log", "--pain", "2", "--note", "after the backup")
    assert Store(demo, clock).journal.entries[date(2026, 11, 21)].pain == 2
    clock.advance(seconds=5)
    restored = cli("restore", str(copy))
    assert restored.code == 0, restored.err
    lines = restored.out.splitlines()
    assert lines[0] == f"restored {copy}"
    assert lines[1] == f"      to {demo}"
    safety = Path(lines[2].removeprefix("the journal as it was is saved at "))
    assert safety.is_file()
    assert date(2026, 11, 21) not in Store(demo, clock).journal.entries
    assert Store(safety, clock).journal.entries[date(2026, 11, 21)].note == "after the backup"


def test_restore_needs_list_or_a_file(cli, demo, tmp_path):
    neither = cli("restore")
    assert neither.code == 2 and "give either --list or the FILE" in neither.err
    missing = cli("restore", str(tmp_path / "nope.json"))
    assert missing.code == 2 and "no such file" in missing.err
    before = demo.read_bytes()
    junk = tmp_path / "junk.json"
    junk.write_text("{not a journal")
    refused = cli("restore", str(junk))
    assert refused.code == 2
    assert str(junk) in refused.err and "Nothing was restored" in refused.err
    assert demo.read_bytes() == before


def test_backup_of_an_absent_journal_exits_3(cli, journal_path):
    result = cli("backup")
    assert result.code == 3
    assert "nothing to back up" in result.err
