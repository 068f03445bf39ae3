"""One test per way out found by hostile-input and fault testing (issue 16).

Each finding is a real person's bad day: a journal no command can open any more, a health
report written over another file, a spreadsheet that runs a formula. The hostile files and
values come from ``tests/hostile.py``; ``tests/test_cli_fuzz.py`` runs every command on all
of them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import NOW, screen_text
from hostile import BIDI, ESC_TITLE, FORMULA, JOURNALS, import_files, write_demo
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import backups, csvio
from journal import settings as settings_file
from journal.app import JournalApp
from journal.clock import FixedClock
from journal.demo import demo_journal
from journal.domain import checks
from journal.domain.errors import OutOfRange, ValidationError
from journal.domain.models import DayEntry, Journal
from journal.printable import UNSAFE_PATTERN, shown
from journal.store import JournalWriteError, Store

ADD = ["--weeks", "2", "--sessions-per-week", "1", "--minutes", "30"]
AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (giving files away)")


def _raw_terminal_chars(text: str) -> list[str]:
    return [m.group() for m in re.finditer(UNSAFE_PATTERN, text)]


# --- 1. a far date bricks the journal --------------------------------------------------------
@pytest.mark.parametrize("start", ["9999-12-25", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_a_far_date_is_refused_where_it_enters(run_journal, journal_path, start):
    result = run_journal(journal_path, "block", "add", "--name", "Far", "--start", start, *ADD)
    assert result.code == 2
    assert "from 1900-01-01 to 2199-12-31" in result.err and start in result.err
    assert not journal_path.exists()
    result = run_journal(journal_path, "log", "--date", start, "--pain", "3")
    assert result.code == 2 and "1900-01-01 to 2199-12-31" in result.err


def test_importing_a_far_block_is_refused(run_journal, journal_path, tmp_path):
    files = import_files(tmp_path / "in")
    for name in ("far block.json", "far.csv"):
        result = run_journal(journal_path, "import", str(files[name]))
        assert result.code == 2 and "1900-01-01 to 2199-12-31" in result.err, name
    assert not journal_path.exists()


@pytest.mark.parametrize("kind", ["far-date block", "year-one day", "huge function",
                                  "non-UTF-8 note"])
def test_a_journal_already_holding_an_out_of_range_value_opens(run_journal, journal_path,
                                                                kind):
    JOURNALS[kind](journal_path)
    raw = journal_path.read_bytes()
    for argv in (["status"], ["block", "list"], ["report"], ["report", "--format", "json"],
                 ["export", "--format", "csv"], ["status", "--short"]):
        result = run_journal(journal_path, *argv)
        assert result.code in (0, 2), (argv, result.err)
        assert "journal check" in result.err, argv  # shown as invalid, not silently dropped
    assert journal_path.read_bytes() == raw
    check = run_journal(journal_path, "check")
    assert check.code == 3 and "1 record holds a value out of range" in check.out
    # A save keeps the set-aside record in the file as it was.
    assert run_journal(journal_path, "log", "--date", "2026-11-21", "--mood", "3").code == 0
    assert run_journal(journal_path, "check").code == 3


def test_journal_check_says_all_is_well(run_journal, journal_path):
    write_demo(journal_path)
    result = run_journal(journal_path, "check")
    assert result.code == 0 and "are valid" in result.out


async def test_the_app_opens_a_journal_with_a_far_date_block(journal_path, clock):
    JOURNALS["far-date block"](journal_path)
    app = JournalApp(Store(journal_path, clock))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        for key in ("f2", "f3", "f4", "f5"):
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert "journal check" in screen_text(app)
    assert app.return_code in (None, 0)


# --- 2. huge numbers crash the review ----------------------------------------------------------
@pytest.mark.parametrize("value", ["1.7e308", "1e309", "1000001"])
def test_a_huge_function_value_is_refused(run_journal, journal_path, value):
    result = run_journal(journal_path, "log", "--function", value)
    assert result.code == 2 and "1,000,000" in result.err
    assert not journal_path.exists()


async def test_the_review_screen_survives_a_huge_stored_value(journal_path, clock):
    JOURNALS["huge function"](journal_path)
    app = JournalApp(Store(journal_path, clock))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Verdict" in screen_text(app) or "verdict" in screen_text(app)


# --- 3. a symlinked journal is silently replaced ------------------------------------------------
def test_a_symlinked_journal_is_written_through_and_stays_a_link(run_journal, tmp_path):
    link = tmp_path / "data" / "journal.json"
    JOURNALS["symlink"](link)
    target = link.parent / "real-journal.json"
    assert run_journal(link, "log", "--date", "2026-11-21", "--pain", "1").code == 0
    assert link.is_symlink() and os.readlink(link) == "real-journal.json"
    assert Store(target, FixedClock(NOW)).journal.entries[date(2026, 11, 21)].pain == 1
    assert (link.parent / ".real-journal.json.lock").exists()  # the target is locked


# --- 4. root locks the owner out -----------------------------------------------------------------
@AS_ROOT
def test_root_leaves_the_journal_backups_and_lock_with_their_owner(run_journal, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    os.chown(home, 4321, 4321)
    path = home / "sub" / "journal.json"
    assert run_journal(path, "log", "--date", "2026-11-20", "--pain", "2").code == 0
    assert run_journal(path, "log", "--date", "2026-11-21", "--pain", "3").code == 0
    made = [path.parent, path, path.parent / ".journal.json.lock", path.parent / "backups",
            *sorted((path.parent / "backups").iterdir())]
    assert len(made) > 4
    for item in made:
        st = os.stat(item)
        assert (st.st_uid, st.st_gid) == (4321, 4321), item
        assert stat.S_IMODE(st.st_mode) in (0o600, 0o700), item


@AS_ROOT
def test_root_keeps_the_owner_of_an_existing_journal(run_journal, tmp_path):
    path = tmp_path / "journal.json"
    write_demo(path)
    os.chown(path, 4321, 4322)
    assert run_journal(path, "log", "--pain", "2").code == 0
    st = os.stat(path)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 4322, 0o600)


def test_a_read_only_journal_is_refused_not_replaced(run_journal, journal_path):
    JOURNALS["read-only"](journal_path)
    raw = journal_path.read_bytes()
    inode = journal_path.stat().st_ino
    result = run_journal(journal_path, "log", "--pain", "2")
    assert result.code == 3
    assert "read-only" in result.err and "chmod u+w" in result.err
    st = journal_path.stat()
    assert (st.st_ino, stat.S_IMODE(st.st_mode)) == (inode, 0o400)
    assert journal_path.read_bytes() == raw


# --- 5. the app's report save follows symlinks -----------------------------------------------
async def test_the_app_report_replaces_a_symlink_never_writes_through_it(store, clock,
                                                                        journal_path,
                                                                        tmp_path):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    victim.chmod(0o644)
    reports = journal_path.parent / "reports"
    reports.mkdir()
    saved = reports / "low-back-shoulders-spring-2026-11-21.md"
    saved.symlink_to(victim)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")  # Markdown
        await pilot.pause()
    assert victim.read_text() == "precious"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert not saved.is_symlink()
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "Self-run trial" in saved.read_text()


# --- 6. ~/.config created 0777 under umask 000 -------------------------------------------------
def test_settings_save_makes_every_folder_private_whatever_the_umask(tmp_path):
    target = tmp_path / "home" / ".config" / "trial-journal" / "settings.json"
    old = os.umask(0)
    try:
        settings_file.save_settings(target, {"theme": "x"})
    finally:
        os.umask(old)
    for folder in (tmp_path / "home", tmp_path / "home" / ".config", target.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# --- 7. CSV formula injection ---------------------------------------------------------------------
def test_csv_export_neutralises_formulas(run_journal, journal_path):
    JOURNALS["formula note"](journal_path)
    result = run_journal(journal_path, "export", "--format", "csv")
    notes = [row["note"] for row in csv.DictReader(io.StringIO(result.out))]
    assert "'" + FORMULA in notes
    assert not [n for n in notes if n and n[0] in "=+-@\t\r"]


NOTE = st.text(st.sampled_from("=+-@'\t\n ab\"|,;"), max_size=8).filter(
    lambda s: s == s.strip())


@given(st.lists(NOTE, min_size=1, max_size=5))
@settings(max_examples=150, deadline=None)
def test_csv_export_round_trips_byte_for_byte(notes):
    journal = Journal()
    for i, note in enumerate(notes):
        day = date(2026, 11, 1) + timedelta(days=i)
        journal.entries[day] = DayEntry(day, pain=3, note=note, recorded_at=NOW)
    text = csvio.journal_to_csv(journal)
    back = csvio.journal_from_csv(text, Journal(), NOW, NOW.date())
    assert [back.entries[d].note for d in sorted(back.entries)] == notes
    assert csvio.journal_to_csv(back) == text


# --- 8. terminal escapes pass through ----------------------------------------------------------
def test_shown_escapes_controls_csi_and_bidi_overrides():
    assert shown(ESC_TITLE) == "\\x1b]0;pwned\\x07\\x1b[2J"
    assert shown("a\x9b31mb") == "a\\x9b31mb"
    assert shown(BIDI) == "invoice\\u202etxt.exe"
    assert shown("\u2066x\u2069 line\nline\ttab\r\n") == "\\u2066x\\u2069 line\nline\ttab\r\n"


def test_block_list_report_and_messages_show_escapes_not_raw(run_journal, journal_path,
                                                             tmp_path):
    JOURNALS["bidi block name"](journal_path)
    for argv in (["block", "list"], ["block", "list", "--format", "json"], ["report"],
                 ["report", "--format", "json"], ["status"],
                 ["report", "--block", ESC_TITLE]):
        result = run_journal(journal_path, *argv)
        assert not _raw_terminal_chars(result.out + result.err), argv
    assert "\\u202e" in run_journal(journal_path, "block", "list").out
    assert "\\x1b]0;pwned" in run_journal(journal_path, "report", "--block", ESC_TITLE).err
    json.loads(run_journal(journal_path, "block", "list", "--format", "json").out)
    out = tmp_path / "r.md"
    assert run_journal(journal_path, "report", "--out", str(out)).code == 0
    assert not _raw_terminal_chars(out.read_text()) and "\\u202e" in out.read_text()
    files = import_files(tmp_path / "in")
    result = run_journal(journal_path, "import", str(files["escape name.json"]))
    assert result.code == 2 and not _raw_terminal_chars(result.err)


async def test_the_app_shows_a_bidi_override_escaped(journal_path, clock):
    JOURNALS["bidi block name"](journal_path)
    app = JournalApp(Store(journal_path, clock))
    async with app.run_test(size=(160, 50)) as pilot:
        for key in ("f3", "f5"):
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            text = screen_text(app)
            assert "invoice\\u202etxt.exe" in text, key  # titles, lists, the review
            if key == "f5":  # (the plan form's name field holds the value as typed, to edit)
                assert "\u202e" not in text


# --- 9. non-UTF-8 note bytes ---------------------------------------------------------------------
def test_note_bytes_that_are_not_utf8_are_refused(run_journal, journal_path):
    result = run_journal(journal_path, "log", "--pain", "3", "--note", "caf\udce9")
    assert result.code == 2 and "UTF-8" in result.err
    assert not journal_path.exists()


def test_export_works_when_an_old_journal_holds_such_a_note(run_journal, journal_path,
                                                            tmp_path):
    JOURNALS["non-UTF-8 note"](journal_path)
    out = tmp_path / "days.csv"
    result = run_journal(journal_path, "export", "--format", "csv", "--out", str(out))
    assert result.code == 0 and out.read_text(encoding="utf-8")


# --- 10. tracebacks instead of messages ----------------------------------------------------------
@pytest.mark.parametrize(("name", "words"), [("5000 digits.json", "too long"),
                                             ("deep.json", "nested too deeply"),
                                             ("plan missing fields.json", "is missing "
                                              "first_session, weeks")])
def test_hostile_json_imports_give_a_plain_message(run_journal, journal_path, tmp_path, name,
                                                   words):
    result = run_journal(journal_path, "import", str(import_files(tmp_path / "in")[name]))
    assert result.code == 2 and words in result.err
    assert "Traceback" not in result.err and "__init__" not in result.err


def _journal_process(args: list[str], env: dict[str, str] | None = None,
                     ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "journal", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=60,
                          check=False)


@pytest.mark.parametrize("tz", ["UTC+25", "EST+99"])
def test_a_bad_tz_falls_back_to_utc_with_one_warning(journal_path, tz):
    done = _journal_process(["--data", str(journal_path), "log", "--pain", "3"], {"TZ": tz})
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("\n") == 1 and tz in done.stderr and "using UTC" in done.stderr
    assert "logged" in done.stdout


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder"])
def test_a_non_file_journal_path_is_refused_at_once_by_every_command(run_journal, journal_path,
                                                                     kind):
    JOURNALS[kind](journal_path)
    for argv in (["status"], ["log", "--pain", "3"], ["backup"], ["restore", "--list"],
                 ["export"], ["check"], ["report"]):
        result = run_journal(journal_path, *argv)
        assert result.code == 3, argv
        assert "not a journal file" in result.err and "--data" in result.err, argv


def test_status_short_on_a_fifo_answers_instead_of_hanging(journal_path):
    JOURNALS["fifo"](journal_path)
    # The timeout only guards the test run; before the fix this never returned.
    done = _journal_process(["--data", str(journal_path), "status", "--short"])
    assert done.returncode == 3 and "named pipe (FIFO)" in done.stderr


def test_a_device_as_journal_is_refused(run_journal):
    result = run_journal(Path("/dev/null"), "log", "--pain", "3")
    assert result.code == 3 and "a device" in result.err


# --- 11. backups ------------------------------------------------------------------------------
def _backup_names(path: Path) -> set[str]:
    folder = path.parent / "backups"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def test_a_missed_monthly_copy_is_made_at_the_next_save(journal_path, clock, monkeypatch):
    store = Store(journal_path, clock)
    store.log_day(NOW.date() - timedelta(days=2), pain=2)
    clock.advance(days=1)
    real = backups.atomic_write_bytes

    def full_at_monthly(path, payload, **kw):  # the disk fills between the two copies
        if path.name == f"journal-{clock.today():%Y-%m}.json":
            raise OSError(28, "No space left on device")
        return real(path, payload, **kw)

    monkeypatch.setattr(backups, "atomic_write_bytes", full_at_monthly)
    with pytest.raises(JournalWriteError, match="disk is full"):
        store.log_day(clock.today(), pain=3)
    monkeypatch.setattr(backups, "atomic_write_bytes", real)
    Store(journal_path, clock).log_day(clock.today(), pain=3)
    assert f"journal-{clock.today():%Y-%m}.json" in _backup_names(journal_path)


def test_the_first_save_of_a_day_makes_its_copy_even_with_the_clock_set_back(journal_path,
                                                                              clock):
    Store(journal_path, clock).log_day(NOW.date(), pain=2)
    for n in range(1, 20):  # copies from "later" days, then the clock goes back
        clock.advance(days=1)
        Store(journal_path, clock).log_day(NOW.date(), pain=n % 10)
    back = FixedClock(NOW - timedelta(days=40))
    Store(journal_path, back).log_day(back.today(), pain=1)
    assert f"journal-{back.today().isoformat()}.json" in _backup_names(journal_path)


@pytest.mark.parametrize("what", ["symlink", "folder"])
def test_a_non_file_at_todays_backup_name_is_reported(journal_path, clock, tmp_path, what):
    store = Store(journal_path, clock)
    store.log_day(NOW.date() - timedelta(days=1), pain=2)
    clock.advance(days=1)
    name = journal_path.parent / "backups" / f"journal-{clock.today().isoformat()}.json"
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}")
    name.parent.mkdir(exist_ok=True)
    name.symlink_to(elsewhere) if what == "symlink" else name.mkdir()
    raw = journal_path.read_bytes()
    with pytest.raises(JournalWriteError) as caught:
        Store(journal_path, clock).log_day(clock.today(), pain=3)
    assert str(name) in str(caught.value) and "remove it" in str(caught.value)
    assert journal_path.read_bytes() == raw and elsewhere.read_text() == "{}"


# --- 12. unclear messages -----------------------------------------------------------------------
def test_backup_of_an_unreadable_journal_says_so_plainly(run_journal, journal_path,
                                                         monkeypatch):
    write_demo(journal_path)

    def denied(_path):
        raise PermissionError(13, "Permission denied", str(journal_path))

    monkeypatch.setattr(backups, "_read", denied)
    result = run_journal(journal_path, "backup")
    assert result.code == 3 and "permission was denied" in result.err
    assert "[Errno" not in result.err


def test_backup_of_a_folder_says_it_is_a_folder(run_journal, journal_path):
    journal_path.mkdir(parents=True)
    result = run_journal(journal_path, "backup")
    assert result.code == 3 and "is a folder" in result.err and "does not exist" not in result.err


@pytest.mark.parametrize(("value", "words"), [
    ("1e309", "not a number that can be stored"),
    ("1" * 44, "at most 15 significant digits"),
    ("0.12345678901234567890", "at most 15 significant digits"),
])
def test_numbers_that_cannot_be_kept_are_refused_in_plain_words(run_journal, journal_path,
                                                                value, words):
    result = run_journal(journal_path, "log", "--function", value)
    assert result.code == 2 and words in result.err
    assert not journal_path.exists()


def test_a_journal_with_a_bom_is_refused_in_plain_words(run_journal, journal_path):
    JOURNALS["bom"](journal_path)
    raw = journal_path.read_bytes()
    result = run_journal(journal_path, "status")
    assert result.code == 3 and "byte-order mark" in result.err and "utf-8-sig" not in result.err
    assert journal_path.read_bytes() == raw


def test_a_crash_of_the_app_never_exits_0_and_leaves_a_private_crash_log(journal_path, clock,
                                                                         capsys, monkeypatch):
    from journal.cli import run_and_check

    write_demo(journal_path)
    raw = journal_path.read_bytes()
    app = JournalApp(Store(journal_path, clock))

    def boom() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(app, "action_show_help", boom, raising=False)

    async def press(pilot):  # type: ignore[no-untyped-def]
        await pilot.pause()
        app.call_later(boom)
        await pilot.pause()

    assert run_and_check(app, headless=True, auto_pilot=press) == 3
    err = capsys.readouterr().err
    assert "unexpected error (RuntimeError)" in err
    log = Path(err.split("The details are in ")[1].split(";")[0])
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    assert "a bug" in log.read_text()
    assert journal_path.read_bytes() == raw


def test_validators_raise_out_of_range_only_for_well_formed_values():
    with pytest.raises(OutOfRange):
        checks.iso_day("9999-12-25", "date")
    with pytest.raises(OutOfRange):
        checks.number(2_000_000, "function", 0, 1_000_000)
    with pytest.raises(ValidationError) as caught:
        checks.number("abc", "pain", 0, 10)
    assert not isinstance(caught.value, OutOfRange)


def test_a_non_root_writer_never_takes_over_another_users_journal(run_journal, journal_path,
                                                                 monkeypatch):
    write_demo(journal_path)
    owner = journal_path.stat().st_uid
    raw = journal_path.read_bytes()
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # someone else, not root
    result = run_journal(journal_path, "log", "--pain", "2")
    assert result.code == 3 and "belongs to another user" in result.err
    assert "run the command as the user the file belongs to" in result.err
    assert journal_path.read_bytes() == raw and journal_path.stat().st_uid == owner


@given(st.text(st.characters(max_codepoint=127)) | st.text(st.characters() | st.sampled_from(
    ["\x1b", "\x9b", "\r", "\u202e", "\u2066", "\ud800", "\t", "\n", "\x7f", "a"])))
@settings(max_examples=300, deadline=None)
def test_plain_ascii_takes_a_shorter_look_with_the_same_result(text):
    """ASCII text is looked at with a smaller pattern (no wide ranges to compile): whatever
    the text, the result is what the full pattern gives."""
    from journal.printable import _escape

    assert shown(text) == re.sub(UNSAFE_PATTERN, _escape, text)
