"""``journal export`` and ``journal import``: formats, round trips, all-or-nothing imports."""

from __future__ import annotations

import fcntl
import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from journal.demo import demo_journal
from journal.domain import codec
from journal.store import Store

#: The header before issue 20 added the trailing medicine column; such files still import.
OLD_HEADER = ("date,pain,function,sleep_wakings,mood,fatigue,flare,note,session_minutes,"
              "session_cost")
HEADER = OLD_HEADER + ",medicine"
AWKWARD_NOTES = {
    1: 'Rücken "steif", müde — 2 Tassen Kaffee ☕',
    2: "first line\nsecond line, with a comma",
    3: 'ends with a quote "',
    4: "日本語のメモ; tab\there",
}



@pytest.fixture
def run(run_journal):
    """``run(path, *args)``: ``journal --data path ARGS`` in-process with the frozen clock."""
    return run_journal


@pytest.fixture
def full(tmp_path, clock) -> Path:
    """A realistic journal (the demo block) plus notes with commas, quotes, line breaks and
    non-ASCII text, one day without a session and one session day without an entry."""
    path = tmp_path / "a" / "journal.json"
    store = Store(path, clock)
    journal = demo_journal(clock.today(), clock.now().tzinfo)
    store.replace_all(journal)
    days = sorted(journal.entries)
    for i, note in AWKWARD_NOTES.items():
        store.log_day(days[-i], note=note)
    store.put_entry(None, sorted(journal.sessions)[3])  # a session day with no entry
    store.log_day(clock.today(), pain=3.5, function=22, flare=True)
    return path


def other(tmp_path: Path, name: str) -> Path:
    return tmp_path / name / "journal.json"


def snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


# --- export --------------------------------------------------------------------------------
def test_json_export_is_the_versioned_format_on_stdout_only(run, full):
    result = run(full, "export", "--format", "json")
    assert result.code == 0 and result.err == ""
    doc = json.loads(result.out)
    assert list(doc) == ["format", "version", "blocks", "days", "sessions", "side_effects"]
    assert (doc["format"], doc["version"]) == ("trial-journal", codec.FORMAT_VERSION)
    assert result.out.endswith("}\n")
    assert "Rücken" in result.out and "☕" in result.out  # UTF-8 as is, not \u escapes
    assert len(doc["blocks"]) == 1 and doc["blocks"][0]["plan"]["weeks"] == 8
    today = next(d for d in doc["days"] if d["date"] == "2026-11-21")
    assert (today["pain"], today["function"], today["flare"]) == (3.5, 22, True)


def test_csv_export_has_the_exact_header_rfc4180_quoting_and_empty_cells(run, full, clock):
    result = run(full, "export", "--format", "csv")
    assert result.code == 0
    text = result.out
    assert text.startswith(HEADER + "\r\n")
    assert text.endswith("\r\n")
    assert '"Rücken ""steif"", müde — 2 Tassen Kaffee ☕"' in text
    assert '"first line\nsecond line, with a comma"' in text
    assert text.splitlines()[-1] == "2026-11-21,3.5,22,,,,1,,,,"
    store = Store(full, clock)
    no_entry = sorted(store.journal.sessions)[3]
    session = store.journal.sessions[no_entry]
    assert f"{no_entry},,,,,,,,{session.minutes},{session.cost:g},\r\n" in text
    rows = len(set(store.journal.entries) | set(store.journal.sessions))
    assert text.count("\r\n") == rows + 1


def test_export_out_writes_a_private_file_in_a_private_new_folder(run, full, tmp_path):
    target = tmp_path / "exports" / "deeper" / "journal.csv"
    old = os.umask(0)
    try:
        result = run(full, "export", "--format", "csv", "--out", str(target))
    finally:
        os.umask(old)
    assert result.code == 0
    assert result.out.startswith("exported ") and str(target) in result.out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "exports").stat().st_mode) == 0o700
    assert target.read_text(encoding="utf-8").startswith(HEADER)


def test_export_refuses_to_write_over_the_journal(run, full):
    before = full.read_bytes()
    result = run(full, "export", "--out", str(full))
    assert result.code == 2
    assert "is the journal file itself" in result.err
    assert full.read_bytes() == before


# --- round trips ---------------------------------------------------------------------------
def test_json_round_trip_is_byte_identical(run, full, tmp_path):
    first = tmp_path / "first.json"
    assert run(full, "export", "--format", "json", "--out", str(first)).code == 0
    empty = other(tmp_path, "b")
    result = run(empty, "import", str(first))
    assert result.code == 0, result.err
    assert result.out.startswith("restored 1 block, ")
    second = run(empty, "export", "--format", "json")
    assert second.out.encode("utf-8") == first.read_bytes()


def test_csv_round_trip_of_day_data_is_byte_identical(run, full, tmp_path):
    first = tmp_path / "days.csv"
    assert run(full, "export", "--format", "csv", "--out", str(first)).code == 0
    empty = other(tmp_path, "c")
    result = run(empty, "import", str(first))
    assert result.code == 0, result.err
    assert "restored " in result.out and " days, " in result.out
    again = tmp_path / "again.csv"
    run(empty, "export", "--format", "csv", "--out", str(again))
    assert again.read_bytes() == first.read_bytes()


def test_importing_an_export_into_its_own_journal_changes_nothing(run, full, tmp_path):
    for fmt in ("json", "csv"):
        exported = tmp_path / f"same.{fmt}"
        run(full, "export", "--format", fmt, "--out", str(exported))
        before = full.read_bytes()
        result = run(full, "import", str(exported))
        assert result.code == 0, result.err
        assert result.out.startswith("nothing to import from ")
        assert full.read_bytes() == before


def test_the_journal_file_itself_imports_like_an_export(run, full, tmp_path):
    empty = other(tmp_path, "d")
    result = run(empty, "import", str(full), "--format", "json")
    assert result.code == 0, result.err
    assert run(empty, "export").out == run(full, "export").out


# --- merging -------------------------------------------------------------------------------
def test_json_merge_adds_new_records_and_keeps_identical_ones(run, full, tmp_path, clock):
    exported = tmp_path / "all.json"
    run(full, "export", "--out", str(exported))
    target = other(tmp_path, "e")
    store = Store(target, clock)
    journal = demo_journal(clock.today(), clock.now().tzinfo)
    first_day = min(journal.entries)
    store.log_day(first_day, **{k: getattr(journal.entries[first_day], k)
                                for k in ("pain", "function", "sleep_wakings", "mood",
                                          "fatigue", "flare", "note", "medicine")})
    store.log_day(date(2026, 1, 5), pain=2, note="long before the block")
    result = run(target, "import", str(exported))
    assert result.code == 0, result.err
    assert result.out.startswith("imported 1 block, ")
    assert "(1 day already in the journal, left as they were)" in result.out
    merged = Store(target, clock).journal
    assert date(2026, 1, 5) in merged.entries
    assert len(merged.entries) == len(Store(full, clock).journal.entries) + 1


def test_conflicting_duplicates_are_all_listed_and_nothing_is_written(run, full, tmp_path,
                                                                      clock):
    exported = tmp_path / "all.json"
    run(full, "export", "--out", str(exported))
    target = other(tmp_path, "f")
    days = sorted(Store(full, clock).journal.entries)
    store = Store(target, clock)
    store.log_day(days[0], pain=9)
    store.log_day(days[5], function=1, note="mine")
    before = target.read_bytes()
    result = run(target, "import", str(exported))
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0] == f"journal: nothing was imported from {exported}: 2 records clash with " \
                       "the journal"
    assert lines[1].startswith(f"  day {days[0]}: differs from the journal: pain (journal 9, "
                               "file ")
    assert lines[2].startswith(f"  day {days[5]}: differs from the journal: ")
    assert "function (journal 1, file " in lines[2]
    assert "note (journal 'mine', file empty)" in lines[2]
    assert target.read_bytes() == before


def test_a_block_with_the_same_name_but_another_plan_is_a_conflict(run, full, tmp_path, clock):
    exported = tmp_path / "all.json"
    run(full, "export", "--out", str(exported))
    target = other(tmp_path, "g")
    name = Store(full, clock).journal.blocks[0].name
    run(target, "block", "add", "--name", name, "--start", "2027-02-01", "--weeks", "2",
        "--sessions-per-week", "1", "--minutes", "30")
    before = target.read_bytes()
    result = run(target, "import", str(exported))
    assert result.code == 2
    assert f"block {name!r}: the journal already has a different block with this name" \
        in result.err
    assert target.read_bytes() == before


def test_an_overlapping_block_is_refused(run, full, tmp_path, clock):
    exported = tmp_path / "all.json"
    run(full, "export", "--out", str(exported))
    target = other(tmp_path, "h")
    run(target, "block", "add", "--name", "Mine", "--start", "2026-11-01", "--weeks", "2",
        "--sessions-per-week", "1", "--minutes", "30")
    before = target.read_bytes()
    result = run(target, "import", str(exported))
    assert result.code == 2
    assert "overlaps block" in result.err and "'Mine'" in result.err
    assert target.read_bytes() == before


# --- bad files: reported precisely, nothing written ----------------------------------------
def test_csv_bad_rows_are_each_reported_with_their_line_and_nothing_is_written(run, tmp_path,
                                                                               clock):
    target = other(tmp_path, "i")
    Store(target, clock).log_day(date(2026, 11, 1), pain=2)
    before = target.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        OLD_HEADER + "\r\n"
        "2026-11-10,4,20,,,,,fine,,\r\n"                       # line 2: good
        '2026-11-11,5,21,,,,,"two\nlines",45,60\r\n'           # lines 3-4: good
        "2026-11-12,12,20,,,,,,,\r\n"                          # line 5: pain off the scale
        "2026-11-13,4,20,1.5,,,,,,\r\n"                        # line 6: wakings not whole
        "2026-11-14,4,20,,,,maybe,,,\r\n"                      # line 7: flare
        "2026-13-01,4,20,,,,,,,\r\n"                           # line 8: no such date
        "2026-11-10,3,20,,,,,,,\r\n"                           # line 9: duplicate date
        "2026-11-15,4,20,,,,,,,60\r\n"                         # line 10: cost, no minutes
        "2026-11-30,4,20,,,,,,,\r\n"                           # line 11: future
        "2026-11-16,4\r\n",                                    # line 12: short row
        encoding="utf-8")
    result = run(target, "import", str(bad))
    assert result.code == 2
    assert result.err.splitlines() == [
        f"journal: nothing was imported from {bad}: it has 8 bad rows",
        "  line 5: pain: must be a number from 0 to 10 (got 12)",
        "  line 6: sleep_wakings: must be a whole number from 0 to 50 (got 1.5)",
        "  line 7: flare: must be 1 or empty (yes/no and true/false work too; got 'maybe')",
        "  line 8: date: must be a date written as YYYY-MM-DD (got '2026-13-01')",
        "  line 9: date 2026-11-10 is also on line 2",
        "  line 10: session_cost: needs session_minutes on the same row",
        "  line 11: date: cannot be in the future (today is 2026-11-21)",
        "  line 12: has 2 cells, the header has 10",
    ]
    assert target.read_bytes() == before


def test_csv_pain_is_checked_against_the_scale_of_the_covering_block(run, tmp_path):
    target = other(tmp_path, "j")
    run(target, "block", "add", "--name", "B", "--start", "2026-11-10", "--weeks", "2",
        "--sessions-per-week", "2", "--minutes", "30", "--scale", "100", "--areas", "neck")
    rows = tmp_path / "rows.csv"
    rows.write_text("date,pain,session_minutes\n2026-11-12,45,30\n2026-11-01,45,\n")
    result = run(target, "import", str(rows))
    assert result.code == 2
    assert "line 3: pain: must be a number from 0 to 10 (got 45)" in result.err
    rows.write_text("date,pain,session_minutes\n2026-11-12,45,30\n")
    assert run(target, "import", str(rows)).out == f"imported 1 day, 1 session from {rows}\n"
    exported = run(target, "export", "--format", "json").out
    session = json.loads(exported)["sessions"][0]
    assert (session["minutes"], session["areas"], session["pressure"]) == (30, ["neck"], "light")


def test_csv_header_must_name_known_columns(run, tmp_path):
    target = other(tmp_path, "k")
    rows = tmp_path / "rows.csv"
    rows.write_text("day,pain,colour\n2026-11-12,4,red\n")
    result = run(target, "import", str(rows))
    assert result.code == 2
    assert "line 1: unknown columns 'day', 'colour'; the columns are " + HEADER in result.err
    assert "line 1: the header has no date column" in result.err
    assert not target.exists()


def test_json_bad_records_are_each_reported_with_their_place(run, full, tmp_path):
    doc = json.loads(run(full, "export").out)
    doc["days"][1]["pain"] = 11
    doc["days"][4]["mood"] = "calm"
    doc["sessions"][0]["tolerance"] = "painful"
    doc["days"][6]["date"] = doc["days"][2]["date"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    target = other(tmp_path, "l")
    result = run(target, "import", str(bad))
    assert result.code == 2
    d = doc["days"]
    assert result.err.splitlines() == [
        f"journal: nothing was imported from {bad}: it has 3 bad records",
        f"  days[4] ({d[4]['date']}): mood/anxiety: must be a whole number from 0 to 10 "
        "(got 'calm')",
        f"  days[6] ({d[2]['date']}): date {d[2]['date']} appears twice in the file "
        f"(also days[2] ({d[2]['date']}))",
        f"  sessions[0] ({doc['sessions'][0]['date']}): tolerance: must be one of ok, "
        "too-light, too-strong",
    ]
    assert not target.exists()


def test_json_pain_off_the_block_scale_is_refused(run, full, tmp_path):
    doc = json.loads(run(full, "export").out)
    doc["days"][1]["pain"] = 11
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    result = run(other(tmp_path, "m"), "import", str(bad))
    assert result.code == 2
    assert (f"day {doc['days'][1]['date']}: pain: must be a number from 0 to 10 (got 11) "
            "(the scale of its block)") in result.err


@pytest.mark.parametrize(("content", "message"), [
    ('{"format": "trial-journal", "version": 3, "days": []}',
     "it was written by a newer version of trial-journal (format 3; this version reads "
     "format 2 and older)"),
    ("[1, 2]", "it is not a trial-journal export"),
    ('{"days": []}', 'it has no "format": "trial-journal" marker'),
    ('{"format": "trial-journal", "version": 1, "days": {}}', "days: must be a list of records"),
    ('{"format": "trial-journal",\n "version": 1,,}', "it is not valid JSON"),
])
def test_json_that_is_not_an_export_is_refused(run, tmp_path, clock, content, message):
    target = other(tmp_path, "n")
    Store(target, clock).log_day(date(2026, 11, 1), pain=2)
    before = target.read_bytes()
    bad = tmp_path / "x.json"
    bad.write_text(content)
    result = run(target, "import", str(bad))
    assert result.code == 2
    assert message in result.err
    assert target.read_bytes() == before


def test_import_format_comes_from_the_extension_or_the_option(run, full, tmp_path):
    csv_text = run(full, "export", "--format", "csv").out
    odd = tmp_path / "days.txt"
    odd.write_text(csv_text, encoding="utf-8", newline="")
    target = other(tmp_path, "o")
    result = run(target, "import", str(odd))
    assert result.code == 2
    assert "--format: cannot tell the format of days.txt" in result.err
    assert run(target, "import", str(odd), "--format", "csv").code == 0
    missing = run(target, "import", str(tmp_path / "nope.csv"))
    assert missing.code == 2 and "no such file" in missing.err
    latin = tmp_path / "latin.csv"
    latin.write_bytes("date,note\n2026-11-01,Rücken\n".encode("latin-1"))
    assert "it is not UTF-8 text" in run(target, "import", str(latin)).err


def test_import_accepts_a_byte_order_mark_and_lf_line_ends(run, tmp_path, clock):
    rows = tmp_path / "excel.csv"
    rows.write_bytes("\ufeffdate,pain,flare\n2026-11-01,3,yes\n".encode())
    target = other(tmp_path, "p")
    assert run(target, "import", str(rows)).code == 0
    entry = Store(target, clock).journal.entries[date(2026, 11, 1)]
    assert (entry.pain, entry.flare) == (3, True)


def test_import_into_an_unusable_or_locked_journal_exits_3(run, full, tmp_path, clock):
    exported = tmp_path / "all.json"
    run(full, "export", "--out", str(exported))
    broken = other(tmp_path, "q")
    broken.parent.mkdir()
    broken.write_bytes(b"{oops")
    result = run(broken, "import", str(exported))
    assert result.code == 3 and broken.read_bytes() == b"{oops"
    target = other(tmp_path, "r")
    Store(target, clock).log_day(clock.today() - timedelta(days=400), pain=1)
    before = target.read_bytes()
    fd = os.open(Store(target, clock).lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        locked = run(target, "import", str(exported))
    finally:
        os.close(fd)
    assert locked.code == 3 and "is being written by another process" in locked.err
    assert target.read_bytes() == before


def test_import_keeps_a_save_another_process_made_after_the_journal_was_opened(
        run, full, tmp_path, clock, monkeypatch):
    """The merge runs under the write lock against the file as it is then, so a day saved by
    another process between opening the journal and writing the import is kept."""
    source = other(tmp_path, "source")
    Store(source, clock).log_day(clock.today() - timedelta(days=400), pain=2)
    exported = tmp_path / "export.json"
    assert run(source, "export", "--format", "json", "--out", str(exported)).code == 0

    real_rebuild = Store.rebuild
    late_day = clock.today() - timedelta(days=300)

    def rebuild_after_another_save(self, build):
        Store(self.path, clock).log_day(late_day, pain=6, note="from the shell")
        return real_rebuild(self, build)

    monkeypatch.setattr(Store, "rebuild", rebuild_after_another_save)
    result = run(full, "import", str(exported))
    assert result.code == 0, result.err
    final = Store(full, clock).journal
    assert final.entries[late_day].note == "from the shell"
    assert final.entries[clock.today() - timedelta(days=400)].pain == 2
