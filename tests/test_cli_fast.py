"""The quick paths of ``journal``: one command's parser, and ``status --short`` without the store.

Each quick path must give exactly what the slow one gives: the same parsed arguments, the same
line (or silence), the same refusal and exit code for a file that cannot be used.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import python_prints
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import cli, quickread
from journal.clock import FixedClock
from journal.demo import demo_journal
from journal.domain import codec
from journal.domain.errors import ValidationError
from journal.domain.models import SideEffect
from journal.store import Store


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], clock: FixedClock, *argv: str) -> Run:
    code = cli.main(list(argv), clock, lock_timeout=0.2)
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def both_ways(capsys, clock, monkeypatch, path: Path) -> tuple[Run, Run]:
    """``status --short`` through the quick reader, then through the store."""
    fast = run(capsys, clock, "status", "--short", "--data", str(path))
    with monkeypatch.context() as m:
        m.setattr(quickread, "read_journal", lambda *a, **k: None)
        slow = run(capsys, clock, "status", "--short", "--data", str(path))
    return fast, slow


def refuse_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make opening the store fail loudly, to prove the quick path did not need it."""
    def no_store(*args: object, **kwargs: object) -> None:
        raise AssertionError("the store was opened")

    monkeypatch.setattr(Store, "__init__", no_store)


@pytest.fixture
def demo_file(tmp_path: Path, clock: FixedClock) -> Path:
    path = tmp_path / "demo.json"
    Store(path, clock, backups=False).replace_all(
        demo_journal(clock.today(), clock.now().tzinfo))
    return path


# --- the parser of one command ---------------------------------------------------------
@pytest.mark.parametrize(("argv", "command"), [
    (["status", "--short"], "status"),
    (["--data", "x.json", "log", "--pain", "4"], "log"),
    (["--data=x.json", "block", "list"], "block"),
    (["--demo", "locate"], "locate"),
    (["side-effect", "soreness", "--severity", "1"], "side-effect"),
    ([], ""),  # no command: the app opens, and needs no command's parser
    (["--data", "x.json"], ""),
    (["--demo"], ""),
    (["--help"], None),
    (["--version"], None),
    (["--dat", "x.json", "log"], None),  # an abbreviation: the full parser decides
    (["stauts", "--short"], None),  # a typo: the full parser names the choices
    (["--data"], None),
])
def test_the_command_is_found_only_after_options_known_exactly(argv, command):
    assert cli.command_named(argv) == command


@pytest.mark.parametrize("argv", [
    ["status", "--short", "--data", "j.json"],
    ["--data", "j.json", "status"],
    ["log", "--pain", "4", "--function", "20", "--date", "yesterday", "--flare"],
    ["session", "--minutes", "40", "--tolerance", "too-strong"],
    ["side-effect", "soreness", "--severity", "1", "--settled", "yes"],
    ["block", "list"],
    ["export", "--format", "csv"],
    ["report"],
    ["restore", "--list"],
    ["locate"],
    [],
    ["--data", "j.json"],
    ["--data=j.json", "--demo"],
])
def test_one_command_parser_parses_like_the_full_one(argv):
    full = cli.build_parser().parse_args(argv)
    one = cli.build_parser(cli.command_named(argv)).parse_args(argv)
    assert vars(one) == vars(full)


def test_help_still_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for command in cli.COMMAND_MODULES:
        assert f"journal {command}" in out


def test_a_mistyped_command_still_names_the_choices(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["stauts", "--short"])
    assert exc.value.code == 2
    assert "invalid choice: 'stauts'" in capsys.readouterr().err


def test_bad_usage_of_one_command_reads_as_before(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["log", "--pain", "4", "--bogus"])
    assert exc.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


# --- status --short without the store ----------------------------------------------------
def test_status_short_on_the_demo_journal_needs_no_store(capsys, clock, monkeypatch,
                                                         demo_file):
    fast, slow = both_ways(capsys, clock, monkeypatch, demo_file)
    assert fast == slow
    assert fast.code == 0 and "not logged today" in fast.out
    refuse_store(monkeypatch)
    assert run(capsys, clock, "status", "--short", "--data", str(demo_file)) == fast


def test_status_short_when_today_is_logged(capsys, clock, monkeypatch, demo_file):
    Store(demo_file, clock, backups=False).log_day(clock.today(), pain=3, function=25)
    fast, slow = both_ways(capsys, clock, monkeypatch, demo_file)
    assert fast == slow
    assert "not logged" not in fast.out


def test_status_short_with_an_unsettled_side_effect(capsys, clock, monkeypatch, demo_file):
    store = Store(demo_file, clock, backups=False)
    store.log_day(clock.today(), pain=3, function=25)
    for effect in store.journal.side_effects:
        store.delete_side_effect(effect.id)
    today = clock.today()
    sessions = sorted(d for d in store.journal.sessions if d < today)
    # From the last session before today: its question comes at the next session, not yet.
    waiting = store.add_side_effect(sessions[-1], "soreness", 2)
    assert store.journal.next_session_day(sessions[-1]) > today
    fast, slow = both_ways(capsys, clock, monkeypatch, demo_file)
    assert fast == slow
    assert "settled" not in fast.out
    # From the session before that: the last session has asked, so it is due.
    store.delete_side_effect(waiting.id)
    store.add_side_effect(sessions[-2], "soreness", 2)
    fast, slow = both_ways(capsys, clock, monkeypatch, demo_file)
    assert fast == slow
    assert f"side effect from {sessions[-2]} not yet marked settled" in fast.out


def test_status_short_with_no_file_and_an_empty_journal(capsys, clock, monkeypatch, tmp_path):
    missing = tmp_path / "none" / "j.json"
    assert both_ways(capsys, clock, monkeypatch, missing) == (Run(0, "", ""),) * 2
    assert not missing.parent.exists()
    empty = tmp_path / "empty.json"
    empty.write_text("")
    assert both_ways(capsys, clock, monkeypatch, empty) == (Run(0, "", ""),) * 2


@pytest.mark.parametrize("content", [
    "{ not json",
    '{"days": {"1": {"date": "2026-11-01", "pain": 1, "pain": 2}}}',
    json.dumps({"meta": {"1": {"format": "trial-journal", "version": 99}}}),
    json.dumps([1, 2]),
])
def test_status_short_refuses_a_file_as_the_store_does(capsys, clock, monkeypatch, tmp_path,
                                                       content):
    path = tmp_path / "j.json"
    path.write_text(content)
    fast, slow = both_ways(capsys, clock, monkeypatch, path)
    assert fast == slow
    assert fast.code == 3 and str(path) in fast.err
    assert path.read_text() == content


@pytest.mark.parametrize(("field", "value", "refused"), [
    ("pain", 500, False),  # out of range: set aside and listed by journal check, not fatal
    ("mood", 2.5, True),
    ("date", "2019-02-30", True),
    ("pain", 4.0, False),  # unusual but accepted: the store's own checks decide
    ("note", "  spaced  ", False),
])
def test_status_short_and_an_unusual_old_entry(capsys, clock, monkeypatch, demo_file,
                                               field, value, refused):
    data = json.loads(demo_file.read_text())
    oldest = min(data["days"].values(), key=lambda d: d["date"])
    oldest[field] = value
    demo_file.write_text(json.dumps(data))
    fast, slow = both_ways(capsys, clock, monkeypatch, demo_file)
    assert fast == slow
    assert (fast.code == 3) is refused
    assert ("journal check" in fast.err) is (value == 500)


def test_the_quick_reader_builds_only_the_days_asked_for(demo_file, clock):
    full = Store(demo_file, clock, backups=False).journal
    today, yesterday = clock.today(), clock.today() - timedelta(days=1)
    assert today not in full.entries and yesterday in full.entries
    quick = quickread.read_journal(demo_file, days=(today, yesterday))
    assert quick is not None
    assert quick.entries == {yesterday: full.entries[yesterday]}
    assert (quick.blocks, quick.sessions, quick.side_effects) == (
        full.blocks, full.sessions, full.side_effects)
    assert quickread.read_journal(demo_file) == full


def test_a_side_effect_keeps_its_type():
    # due_items reads SideEffect.day and .settled from what the quick reader builds.
    effect = codec.decode_side_effect(codec.encode_side_effect(
        SideEffect("x", date(2026, 11, 1), "soreness", 1)))
    assert isinstance(effect, SideEffect)


numbers = st.one_of(st.none(), st.integers(-5, 2_000_000), st.booleans(), st.text(max_size=3),
                    st.floats(allow_nan=False, allow_infinity=False, min_value=-5,
                              max_value=2e6))
day_docs = st.fixed_dictionaries(
    {"date": st.one_of(st.dates().map(date.isoformat), st.text(max_size=12), st.integers())},
    optional={
        "pain": numbers, "function": numbers, "sleep_wakings": numbers, "mood": numbers,
        "fatigue": numbers, "flare": st.one_of(st.booleans(), st.integers(0, 1), st.none()),
        "note": st.one_of(st.none(), st.text(max_size=30), st.integers()),
        "recorded_at": st.one_of(st.none(), st.text(max_size=30),
                                 st.just("2026-11-21T20:30:00+01:00")),
        "edited_at": st.one_of(st.none(), st.just("2026-11-21T21:00:00+01:00"),
                               st.just("yesterday")),
    })


@settings(max_examples=300, deadline=None)
@given(day_docs)
def test_a_day_the_quick_test_passes_is_one_the_store_accepts(doc):
    if codec.clean_day_docs([doc]):
        try:
            codec.decode_entry(doc)
        except (ValidationError, ValueError, TypeError) as exc:  # pragma: no cover
            pytest.fail(f"passed the quick test but the store refuses it: {exc}")


@pytest.mark.parametrize(("argv", "expected"), [
    (["status", "--short"], (None,)),
    (["status", "--short", "--data", "j.json"], ("j.json",)),
    (["--data", "j.json", "status", "--short"], ("j.json",)),
    (["status", "--data", "j.json", "--short"], ("j.json",)),
    (["status", "--short", "--data=j.json"], ("j.json",)),
    (["status"], None),                                   # the long status: parser
    (["--short", "status"], None),                        # --short before the command
    (["status", "--sh"], None),                           # abbreviations: parser
    (["status", "--short", "--help"], None),
    (["status", "--short", "--data"], None),              # missing value: parser's message
    (["status", "--short", "--data", "--short"], None),   # a value that looks like an option
    (["status", "--short", "--data", "a", "--data", "b"], None),
    (["status", "--short", "--short"], None),
    (["--demo", "status", "--short"], None),
    (["log", "--short"], None),
])
def test_the_prompt_command_is_recognised_only_in_its_plain_spellings(argv, expected):
    assert cli.prompt_status_data(argv) == expected


@pytest.mark.parametrize("argv", [
    ["status", "--short", "--data", "{path}"],
    ["--data", "{path}", "status", "--short"],
    ["status", "--data={path}", "--short"],
])
def test_status_short_without_a_parser_says_what_the_parser_path_says(
        capsys, clock, monkeypatch, demo_file, argv):
    words = [w.format(path=demo_file) for w in argv]
    quick = run(capsys, clock, *words)
    with monkeypatch.context() as m:
        m.setattr(cli, "prompt_status_data", lambda _words: None)
        parsed = run(capsys, clock, *words)
    assert quick == parsed
    assert quick.code == 0 and "not logged today" in quick.out


def test_status_short_imports_no_parser_and_no_store(tmp_path):
    """What a shell prompt pays for: no argparse, TinyDB, dataclasses, typing, pathlib or
    platformdirs, with --data or without (the default file under $XDG_DATA_HOME)."""
    env = {k: v for k, v in os.environ.items() if k != "TRIAL_JOURNAL_DATA"}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    for data in ([], ["--data", str(tmp_path / "j.json")]):
        code = ("import sys; from journal.cli import main; "
                f"main(['status', '--short', *{data!r}]); "
                "print(sorted(m for m in ('argparse', 'tinydb', 'dataclasses', 'typing', "
                "'shutil', 'pathlib', 'platformdirs', 'textual') if m in sys.modules))")
        assert python_prints(code, env) == "[]"


def test_opening_the_app_builds_no_command_parser():
    """``journal`` (the app) parses only its own options: every command module it imported
    was code loaded, and memory held, before the first frame."""
    code = ("import sys; from journal import cli; words = ['--data', 'j.json']; "
            "args = cli.build_parser(cli.command_named(words)).parse_args(words); "
            "print(args.command, args.data, sorted(m for m in sys.modules "
            "if m.startswith('journal.commands.') and m != 'journal.commands.common'))")
    assert python_prints(code).split() == ["None", "j.json", "[]"]


def test_journal_log_imports_neither_tempfile_nor_shutil(tmp_path):
    """Writing the journal needs a temp file, not the tempfile module (which brings random
    and shutil with its compression modules), and argparse's width, not shutil's."""
    journal = tmp_path / "j.json"
    code = ("import sys; from journal.cli import main; "
            f"rc = main(['log', '--pain', '4', '--data', {str(journal)!r}]); "
            "print(rc, sorted(m for m in ('shutil', 'tempfile', 'random', 'dataclasses', "
            "'textual') if m in sys.modules))")
    assert python_prints(code) == "0 []"
    assert journal.exists() and [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []
