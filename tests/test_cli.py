"""The quick commands, driven through ``main(argv)`` on a temp journal with a frozen clock.

Today is Saturday 2026-11-21 (see conftest). The usual block starts on Tuesday 2026-11-17:
baseline 2026-11-10..16, treatment 2026-11-17..2026-12-28, sessions on Tuesdays and Saturdays,
so today is "Treatment week 1, day 5" and a planned session day.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from journal.cli import build_parser, main
from journal.domain.models import draw_start
from journal.store import Store

BLOCK = ["block", "add", "--name", "Autumn back block", "--start", "2026-11-17", "--weeks", "6",
         "--sessions-per-week", "2", "--minutes", "45", "--areas", "low back, neck",
         "--function-name", "walking minutes before stopping", "--function-unit", "minutes",
         "--function-better", "higher", "--function-threshold", "5",
         "--cost-per-session", "60"]



@pytest.fixture
def cli(journal_path, run_journal):
    """Run ``journal --data <temp file> ARGS`` in-process."""
    return partial(run_journal, journal_path)


@pytest.fixture
def with_block(cli, journal_path):
    assert cli(*BLOCK).code == 0
    return journal_path


def load(path: Path, clock) -> Store:
    return Store(path, clock)


def snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


# --- block add / list ---------------------------------------------------------------------
def test_block_add_with_a_design_and_a_randomised_start(cli, journal_path, clock):
    result = cli("block", "add", "--name", "Reversal", "--start-window", "2026-12-01:2026-12-10",
                 "--seed", "4711", "--weeks", "2", "--sessions-per-week", "2", "--minutes", "45",
                 "--design", "ABAB", "--pause-weeks", "1", "--follow-up-weeks", "2",
                 "--carry-over-days", "1")
    assert result.code == 0, result.err
    plan = load(journal_path, clock).journal.blocks[0].plan
    drawn = draw_start(date(2026, 12, 1), date(2026, 12, 10), 4711)
    assert (plan.design, plan.pause_weeks, plan.follow_up_weeks, plan.carry_over_days,
            plan.seed, plan.first_session) == ("ABAB", 1, 2, 1, 4711, drawn)
    assert plan.baseline_start == date(2026, 11, 24)
    assert "smallest p-value this design can reach is 1/10 = 0.100" in result.out
    assert "at least 20 dates" in result.out
    assert f"drawn date    {drawn} (seed 4711): book the first session" in result.out
    assert "pause         " in result.out and "treatment 2" in result.out
    again = cli("block", "add", "--name", "Both", "--start", "2027-06-01", "--start-window",
                "2027-05-01:2027-05-20", "--weeks", "2", "--sessions-per-week", "1",
                "--minutes", "30")
    assert again.code == 2 and "either --start DATE or --start-window" in again.err
    pause_start, _ = plan.phase_span("pause")
    clock.set(datetime.combine(pause_start, clock.now().timetz()))
    status = cli("status")
    assert "Reversal: Pause week 1 of 1: no sessions; keep logging" in status.out
    follow_start, follow_end = plan.phase_span("follow-up")
    clock.set(datetime.combine(follow_start, clock.now().timetz()))
    assert cli("status", "--short").out == "follow-up: pain not logged today\n"
    clock.set(datetime.combine(follow_end + timedelta(days=1), clock.now().timetz()))
    assert cli("status", "--short").out == ""


def test_block_add_saves_the_plan_and_shows_its_phases(cli, journal_path, clock):
    result = cli(*BLOCK)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        'added block "Autumn back block"',
        "  baseline   2026-11-10 to 2026-11-16 (7 days: log pain and function only)",
        "  treatment  2026-11-17 to 2026-12-28 (6 weeks, 2 sessions a week, 45 minutes each)",
        "  follow-up  2026-12-29 to 2027-01-25 (no sessions; keep logging to see whether "
        "relief lasts)",
        "  rule       pain down by at least 1 point (0-10 scale); walking minutes before "
        "stopping up by at least 5 minutes",
    ]
    plan = load(journal_path, clock).journal.blocks[0].plan
    assert (plan.first_session, plan.weeks, plan.sessions_per_week, plan.minutes) == (
        date(2026, 11, 17), 6, 2, 45)
    assert plan.areas == ("low back", "neck")
    assert plan.cost_per_session == 60
    assert plan.function is not None and plan.function.better == "higher"
    assert plan.rule is not None and (plan.rule.pain_change, plan.rule.function_change) == (1, 5)
    assert plan.pressure == "light"


def test_block_add_defaults_follow_the_scale(cli, journal_path, clock):
    result = cli("block", "add", "--name", "Neck", "--start", "2026-12-01", "--weeks", "4",
                 "--sessions-per-week", "1", "--minutes", "30", "--scale", "100",
                 "--function-name", "night wakings", "--function-better", "lower",
                 "--baseline-days", "10")
    assert result.code == 0, result.err
    plan = load(journal_path, clock).journal.blocks[0].plan
    assert plan.pain_scale == 100 and plan.baseline_days == 10
    assert plan.rule is not None and plan.rule.pain_change == 10
    assert plan.rule.function_change == 1
    assert "night wakings down by at least 1" in result.out


@pytest.mark.parametrize(("args", "message"), [
    (["--weeks", "0"], "number of weeks (--weeks): must be a whole number from 1 to 52 (got 0)"),
    (["--minutes", "abc"], "minutes per session (--minutes): must be a whole number from 1 to "
     "240 (got 'abc')"),
    (["--start", "2026-02-30"], "first session date (--start): must be today, yesterday or a "
     "date written as YYYY-MM-DD"),
    (["--pain-threshold", "12"], "pain change needed (--pain-threshold): must be from 0 to 10"),
    (["--function-better", None], "better direction (--function-better): is required with "
     "--function-name: must be one of higher, lower"),
    (["--name", "AUTUMN BACK BLOCK"], "name (--name): is already used by another block"),
    (["--name", "Other", "--start", "2026-12-20"], "first session date (--start): overlaps "
     "block 'Autumn back block'"),
    (["--scale", "5"], "argument --scale: invalid choice: '5' (choose from '10', '100')"),
])
def test_block_add_refuses_bad_input_and_leaves_the_file(cli, with_block, args, message):
    before = snapshot(with_block)
    argv = list(BLOCK)
    for option, value in zip(args[::2], args[1::2], strict=True):
        i = argv.index(option) if option in argv else None
        if value is None:
            del argv[i:i + 2]
        elif i is None:
            argv += [option, value]
        else:
            argv[i + 1] = value
    result = cli(*argv)
    assert result.code == 2
    assert message in result.err
    assert result.out == ""
    assert snapshot(with_block) == before


def test_block_add_function_options_need_a_name(cli, journal_path):
    result = cli("block", "add", "--name", "X", "--start", "2026-12-01", "--weeks", "4",
                 "--sessions-per-week", "1", "--minutes", "30", "--function-threshold", "3")
    assert result.code == 2
    assert "function change needed (--function-threshold): needs a function marker" in result.err
    assert not journal_path.exists()


def test_block_list_table_and_json(cli, with_block):
    empty = cli("block", "list", "--data", str(with_block.parent / "other.json"))
    assert empty.out == "No blocks yet. Plan one with: journal block add --help\n"
    table = cli("block", "list")
    assert table.code == 0
    header, row = table.out.splitlines()
    assert header.split() == ["name", "baseline", "from", "first", "session", "treatment", "to",
                              "dose", "pain", "today"]
    assert row.startswith("Autumn back block  2026-11-10")
    assert row.endswith("Treatment week 1, day 5")
    assert header.index("first session") == row.index("2026-11-17")  # columns line up
    listed = json.loads(cli("block", "list", "--format", "json").out)
    assert [(b["name"], b["first_session"], b["phase"]) for b in listed] == [
        ("Autumn back block", "2026-11-17", "treatment")]


# --- log -----------------------------------------------------------------------------------
def test_log_then_update_only_the_fields_given(cli, with_block, clock):
    first = cli("log", "--pain", "4", "--function", "20")
    assert first.code == 0, first.err
    assert first.out == "logged 2026-11-21: pain 4, walking minutes before stopping 20\n"
    second = cli("log", "--pain", "3.5", "--note", "slept badly, woke twice")
    assert second.out == "updated 2026-11-21: pain 3.5, note 'slept badly, woke twice'\n"
    entry = load(with_block, clock).journal.entries[date(2026, 11, 21)]
    assert (entry.pain, entry.function, entry.note) == (3.5, 20, "slept badly, woke twice")
    assert entry.recorded_at is not None and entry.edited_at is not None


def test_log_other_dates_flags_and_optional_fields(cli, with_block, clock):
    assert cli("log", "--date", "yesterday", "--pain", "7", "--flare", "--sleep-wakings", "2",
               "--mood", "4", "--fatigue", "6").out == (
        "logged 2026-11-20: pain 7, night wakings 2, mood 4, fatigue 6, flare-up\n")
    assert cli("log", "--date", "2026-11-20", "--no-flare").out == (
        "updated 2026-11-20: no flare-up\n")
    entry = load(with_block, clock).journal.entries[date(2026, 11, 20)]
    assert (entry.pain, entry.sleep_wakings, entry.mood, entry.fatigue, entry.flare) == (
        7, 2, 4, 6, False)


def test_log_without_a_block_uses_the_0_to_10_scale(cli, journal_path, clock):
    assert cli("log", "--pain", "10").code == 0
    result = cli("log", "--pain", "11")
    assert result.code == 2
    assert result.err == "journal: pain (--pain): must be a number from 0 to 10 (got 11)\n"


def test_log_pain_follows_the_block_scale(cli, journal_path, clock):
    cli("block", "add", "--name", "B", "--start", "2026-11-17", "--weeks", "2",
        "--sessions-per-week", "1", "--minutes", "30", "--scale", "100")
    assert cli("log", "--pain", "40").code == 0
    assert "must be a number from 0 to 100 (got 140)" in cli("log", "--pain", "140").err
    assert "must be a number from 0 to 100 (got 'abc')" in cli("log", "--pain", "abc").err


@pytest.mark.parametrize(("argv", "message"), [
    (["--pain", "12"], "journal: pain (--pain): must be a number from 0 to 10 (got 12)"),
    (["--pain", "four"], "pain (--pain): must be a number from 0 to 10 (got 'four')"),
    (["--function", "-3"], "function (--function): must be a number from 0 to 1,000,000 (got -3)"),
    (["--mood", "11"], "mood/anxiety (--mood): must be a whole number from 0 to 10 (got 11)"),
    (["--sleep-wakings", "1.5"], "night wakings (--sleep-wakings): must be a whole number"),
    (["--fatigue", "x"], "fatigue (--fatigue): must be a whole number from 0 to 10"),
    (["--date", "2026-11-22", "--pain", "3"],
     "date (--date): cannot be in the future (today is 2026-11-21)"),
    (["--date", "tomorrow", "--pain", "3"],
     "date (--date): must be today, yesterday or a date written as YYYY-MM-DD (got 'tomorrow')"),
    ([], "nothing to log: give at least one of --pain, --function"),
    (["--flare", "--no-flare"], "not allowed with argument"),
])
def test_log_refuses_bad_input_and_leaves_the_file(cli, with_block, argv, message):
    cli("log", "--pain", "4")
    before = snapshot(with_block)
    result = cli("log", *argv)
    assert result.code == 2
    assert message in result.err
    assert snapshot(with_block) == before


# --- session -------------------------------------------------------------------------------
def test_session_defaults_come_from_the_plan(cli, with_block, clock):
    result = cli("session")
    assert result.code == 0, result.err
    assert result.out == ("logged session 2026-11-21: 45 minutes, light pressure, low back, "
                          "neck, cost 60.00, tolerance ok\n")
    session = load(with_block, clock).journal.sessions[date(2026, 11, 21)]
    assert session.block_id == load(with_block, clock).journal.blocks[0].id


def test_session_again_updates_only_what_is_given(cli, with_block, clock):
    cli("session", "--date", "2026-11-17", "--minutes", "40", "--pressure", "moderate",
        "--areas", "neck", "--cost", "55", "--note", "new room")
    result = cli("session", "--date", "2026-11-17", "--tolerance", "too-strong")
    assert result.out == ("updated session 2026-11-17: 40 minutes, moderate pressure, neck, "
                          "cost 55.00, tolerance too-strong, note 'new room'\n")
    session = load(with_block, clock).journal.sessions[date(2026, 11, 17)]
    assert (session.minutes, session.pressure, session.areas, session.cost,
            session.tolerance) == (40, "moderate", ("neck",), 55, "too-strong")


def test_session_without_a_block_needs_minutes(cli, journal_path, clock):
    result = cli("session")
    assert result.code == 2
    assert ("minutes (--minutes): is required: no block covers 2026-11-21, so there is no "
            "planned dose to start from") in result.err
    assert not journal_path.exists()
    assert cli("session", "--minutes", "30").out == (
        "logged session 2026-11-21: 30 minutes, light pressure, tolerance ok\n")


@pytest.mark.parametrize(("argv", "message"), [
    (["--minutes", "0"], "minutes (--minutes): must be a whole number from 1 to 480 (got 0)"),
    (["--cost", "-5"], "cost (--cost): must be a number from 0 to "),
    (["--tolerance", "fine"], "invalid choice: 'fine' (choose from 'ok', 'too-light', "
     "'too-strong')"),
    (["--date", "2026-11-25"], "date (--date): cannot be in the future"),
])
def test_session_refuses_bad_input(cli, with_block, argv, message):
    before = snapshot(with_block)
    result = cli("session", *argv)
    assert result.code == 2
    assert message in result.err
    assert snapshot(with_block) == before


# --- side effects --------------------------------------------------------------------------
def test_side_effect_recorded_then_marked_settled(cli, with_block, clock):
    result = cli("side-effect", "--date", "2026-11-18", "soreness", "--severity", "2")
    assert result.out == ("recorded side effect 2026-11-18: soreness, moderate (2), settled: "
                          "not said yet\n")
    settle = cli("side-effect", "--date", "2026-11-18", "soreness", "--severity", "2",
                 "--settled", "yes")
    assert settle.out == ("updated side effect 2026-11-18: soreness, moderate (2), "
                          "settled: yes\n")
    effects = load(with_block, clock).journal.side_effects
    assert [(e.day, e.kind, e.severity, e.settled) for e in effects] == [
        (date(2026, 11, 18), "soreness", 2, True)]
    cli("side-effect", "pain-increase", "--severity", "1", "--settled", "no")
    assert len(load(with_block, clock).journal.side_effects) == 2


@pytest.mark.parametrize(("argv", "message"), [
    (["soreness", "--severity", "4"],
     "severity (--severity): must be a whole number from 1 to 3 (got 4)"),
    (["cramp", "--severity", "1"], "argument KIND: invalid choice: 'cramp' (choose from "
     "'soreness', 'stiffness', 'pain-increase', 'nausea', 'light-headedness', 'malaise', "
     "'fatigue', 'other')"),
    (["soreness"], "the following arguments are required: --severity"),
    (["soreness", "--severity", "1", "--settled", "maybe"], "invalid choice: 'maybe'"),
    (["--date", "2026-11-18", "soreness", "--severity", "3"], "severity (--severity): "
     "soreness on 2026-11-18 is already recorded as mild (1)"),
])
def test_side_effect_refuses_bad_input(cli, with_block, argv, message):
    cli("side-effect", "--date", "2026-11-18", "soreness", "--severity", "1")
    before = snapshot(with_block)
    result = cli("side-effect", *argv)
    assert result.code == 2
    assert message in result.err
    assert snapshot(with_block) == before


# --- status --------------------------------------------------------------------------------
def test_status_shows_day_block_session_and_side_effects(cli, with_block):
    cli("session", "--date", "2026-11-17")
    cli("side-effect", "--date", "2026-11-17", "stiffness", "--severity", "1")
    cli("log", "--pain", "4")
    result = cli("status")
    assert result.code == 0
    assert result.out.splitlines() == [
        "today          Saturday 2026-11-21",
        "block          Autumn back block: Treatment week 1, day 5",
        "logged today   pain 4; not yet: walking minutes before stopping",
        "sessions       1 of 12 delivered",
        "next session   today, Saturday 2026-11-21 (45 minutes planned)",
        "side effect    stiffness from 2026-11-17 (mild): not yet marked settled",
    ]
    cli("session")
    later = cli("status").out
    assert "session today  delivered (45 minutes)" in later
    assert "next session   Tuesday 2026-11-24 (45 minutes planned)" in later


def test_status_short_says_what_is_due_and_is_silent_when_logged(cli, with_block):
    assert cli("status", "--short").out == "pain and function not logged today\n"
    cli("log", "--pain", "4")
    assert cli("status", "--short").out == "function not logged today\n"
    cli("side-effect", "--date", "yesterday", "nausea", "--severity", "1")
    assert cli("status", "--short").out == ("function not logged today; side effect from "
                                            "2026-11-20 not yet marked settled\n")
    cli("side-effect", "--date", "yesterday", "nausea", "--severity", "1", "--settled", "yes")
    cli("log", "--function", "20")
    result = cli("status", "--short")
    assert (result.code, result.out, result.err) == (0, "", "")


def test_status_short_is_silent_on_an_absent_journal_and_creates_nothing(cli, journal_path):
    result = cli("status", "--short")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert not journal_path.parent.exists()
    assert "block          none yet" in cli("status").out


def test_status_short_is_silent_outside_a_block(cli, journal_path):
    cli("block", "add", "--name", "Later", "--start", "2027-01-10", "--weeks", "2",
        "--sessions-per-week", "1", "--minutes", "30")
    assert cli("status", "--short").out == ""
    assert "block          Later: Baseline starts in 43 days" in cli("status").out


# --- the journal file cannot be used: exit 3, file untouched -------------------------------
NEWER = b'{"meta": {"1": {"format": "trial-journal", "version": 99}}}'
COMMANDS = [
    ["log", "--pain", "4"],
    ["session", "--minutes", "30"],
    ["side-effect", "soreness", "--severity", "1"],
    BLOCK,
    ["block", "list"],
    ["status"],
    ["status", "--short"],
    ["export", "--format", "csv"],
]


@pytest.mark.parametrize("content", [b"{not json", NEWER, b'{"days": {"1": {"date": 5}}}'],
                         ids=["corrupt", "newer", "not-a-journal"])
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_unusable_file_exits_3_and_is_left_alone(cli, journal_path, content, argv):
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(content)
    result = cli(*argv)
    assert result.code == 3, result
    assert result.err.startswith(f"journal: {journal_path}")
    assert result.out == ""
    assert journal_path.read_bytes() == content


def test_newer_file_message_says_to_upgrade(cli, journal_path):
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(NEWER)
    assert "newer version of trial-journal" in cli("log", "--pain", "3").err


@pytest.mark.parametrize("argv", [["log", "--pain", "4"], BLOCK,
                                  ["side-effect", "soreness", "--severity", "1"]],
                         ids=["log", "block", "side-effect"])
def test_locked_file_exits_3_and_is_left_alone(cli, journal_path, clock, argv):
    Store(journal_path, clock).log_day(date(2026, 11, 20), pain=5)
    before = journal_path.read_bytes()
    lock = Store(journal_path, clock).lock_path
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = cli(*argv)
    finally:
        os.close(fd)
    assert result.code == 3
    assert "is being written by another process" in result.err
    assert "Nothing was saved" in result.err
    assert journal_path.read_bytes() == before
    assert cli(*argv).code == 0  # once the lock is gone the same command works


# --- help ----------------------------------------------------------------------------------
def _parsers(parser: argparse.ArgumentParser, name: str = "journal"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_option_of_every_command_has_an_example():
    seen = []
    for name, parser in _parsers(build_parser()):
        seen.append(name)
        for action in parser._actions:
            if action.help in (None, argparse.SUPPRESS) or action.dest == "help":
                continue
            if isinstance(action, argparse._SubParsersAction | argparse._VersionAction):
                continue
            assert "e.g." in action.help, f"{name} {action.option_strings or action.dest}"
        if name != "journal":
            assert parser.epilog and "examples:" in parser.epilog, name
    assert {"journal log", "journal block add", "journal block list", "journal session",
            "journal side-effect", "journal status", "journal export", "journal import",
            "journal report", "journal backup", "journal restore", "journal locate",
            "journal peg", "journal impression", "journal expectation", "journal care"
            } <= set(seen)


@pytest.mark.parametrize("argv", [["--help"], ["log", "--help"], ["block", "add", "--help"],
                                  ["import", "--help"]])
def test_help_prints_usage_options_and_examples(cli, argv):
    result = cli(*argv)
    assert result.code == 0
    assert result.out.startswith("usage: journal")
    assert "examples:" in result.out


def test_version_and_locate(cli, journal_path):
    assert cli("--version").out.startswith("trial-journal ")
    assert cli("locate").out.splitlines()[0] == f"journal   {journal_path}"


def test_data_option_works_after_the_command_too(journal_path, clock, capsys, tmp_path):
    other = tmp_path / "elsewhere.json"
    assert main(["log", "--data", str(other), "--pain", "3"], clock=clock) == 0
    assert capsys.readouterr().out == "logged 2026-11-21: pain 3\n"
    assert Store(other, clock).journal.entries[date(2026, 11, 21)].pain == 3
    assert not journal_path.exists()


def test_each_command_is_described_by_the_docstring_of_the_function_that_runs_it():
    """What a command does is written once: its handler's docstring is its --help text."""
    import argparse

    from journal.cli import build_parser

    def commands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
        found = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in dict.fromkeys(action.choices.values()):
                    found += [sub, *commands(sub)]
        return found

    described = 0
    for sub in commands(build_parser()):
        handler = sub.get_default("handler")
        if handler is None or sub.prog.endswith("locate"):
            continue  # a group (journal block) or the app's own locate
        assert handler.__doc__, f"{sub.prog}: its handler has no docstring"
        assert sub.description == " ".join(handler.__doc__.split())
        described += 1
    assert described >= 17
