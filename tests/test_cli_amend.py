"""``journal block amend`` and ``journal block show``: what the Plan screen's save does.

Today is Saturday 2026-11-21 (see conftest). The block starts on 2026-12-01 (baseline from
2026-11-24) unless a test backdates it.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest

from journal.store import Store

BLOCK = ["block", "add", "--name", "Winter back", "--start", "2026-12-01", "--weeks", "4",
         "--sessions-per-week", "2", "--minutes", "45", "--function-name", "walking",
         "--function-unit", "minutes", "--function-better", "higher",
         "--function-threshold", "5"]
#: The same block with its baseline begun on 2026-11-17 (first session 2026-11-24).
BACKDATED = [*BLOCK[:5], "2026-11-24", *BLOCK[6:]]


@pytest.fixture
def cli(journal_path, run_journal):
    return partial(run_journal, journal_path)


def stored(path: Path, clock):
    return Store(path, clock).journal.blocks[0]


def test_amend_before_any_day_is_logged_is_a_plain_edit(cli, journal_path, clock):
    assert cli(*BACKDATED).code == 0  # baseline began 4 days ago, nothing logged yet
    result = cli("block", "amend", "winter back", "--minutes", "50")
    assert result.code == 0
    assert "plain edit" in result.out and "minutes per session: 45 → 50" in result.out
    block = stored(journal_path, clock)
    assert block.amendments == () and block.plan.minutes == 50


def test_amend_after_a_logged_day_needs_a_reason_and_keeps_the_original(cli, journal_path,
                                                                         clock):
    assert cli(*BACKDATED).code == 0
    assert cli("log", "--date", "2026-11-18", "--pain", "5").code == 0
    before = journal_path.read_bytes()
    missing = cli("block", "amend", "Winter back", "--minutes", "60")
    assert missing.code == 2
    assert "reason for the change (--reason): is required" in missing.err
    assert journal_path.read_bytes() == before
    result = cli("block", "amend", "Winter back", "--minutes", "60", "--no-function",
                 "--reason", "therapist advised")
    assert result.code == 0
    assert 'amended block "Winter back" on 2026-11-21 ("therapist advised")' in result.out
    block = stored(journal_path, clock)
    assert block.plan.minutes == 45 and block.plan.function is not None
    assert block.current.minutes == 60 and block.current.function is None
    assert block.amendments[0].reason == "therapist advised"


def test_a_refused_pain_scale_change_leaves_the_file_byte_identical(cli, journal_path):
    assert cli(*BACKDATED).code == 0
    assert cli("log", "--date", "2026-11-18", "--pain", "6").code == 0
    before = journal_path.read_bytes()
    result = cli("block", "amend", "Winter back", "--scale", "100", "--reason", "finer scale")
    assert result.code == 2
    assert "pain scale (--scale): cannot change from 0-10 to 0-100" in result.err
    assert "never averaged" in result.err
    assert journal_path.read_bytes() == before


def test_the_scale_can_change_while_no_pain_is_logged(cli, journal_path, clock):
    assert cli(*BLOCK).code == 0
    assert cli("block", "amend", "Winter back", "--scale", "100").code == 0
    block = stored(journal_path, clock)
    assert block.plan.pain_scale == 100 and block.plan.rule.pain_change == 10  # default follows


@pytest.mark.parametrize(("args", "message"), [
    (["--pain-threshold", "0"], "pain change needed (--pain-threshold): must be above 0"),
    (["--pain-threshold", "-1"], "pain change needed (--pain-threshold)"),
    (["--function-threshold", "0"], "function change needed (--function-threshold): must be "
                                    "above 0"),
    (["--weeks", "0"], "number of weeks (--weeks)"),
])
def test_amend_refuses_bad_values_with_the_field_named(cli, journal_path, args, message):
    assert cli(*BLOCK).code == 0
    before = journal_path.read_bytes()
    result = cli("block", "amend", "Winter back", *args)
    assert result.code == 2 and message in result.err
    assert "Traceback" not in result.err
    assert journal_path.read_bytes() == before


def test_block_add_refuses_a_zero_threshold(cli, journal_path):
    result = cli(*BLOCK, "--pain-threshold", "0")
    assert result.code == 2
    assert "pain change needed (--pain-threshold): must be above 0" in result.err
    assert not journal_path.exists() or b"Winter back" not in journal_path.read_bytes()


def test_amend_and_show_an_unknown_block_exit_2(cli):
    assert cli(*BLOCK).code == 0
    for action in (["amend", "Nope", "--minutes", "50"], ["show", "Nope"]):
        result = cli("block", *action)
        assert result.code == 2
        assert 'no block is named "Nope" (blocks: "Winter back")' in result.err


def test_amend_with_nothing_to_change_says_so(cli):
    assert cli(*BLOCK).code == 0
    result = cli("block", "amend", "Winter back", "--minutes", "45")
    assert result.code == 0 and result.out.startswith("Nothing to change")


def test_show_lists_the_original_plan_and_each_amendment_with_its_date(cli):
    assert cli(*BACKDATED).code == 0
    assert cli("log", "--date", "2026-11-18", "--pain", "5").code == 0
    assert cli("block", "amend", "Winter back", "--minutes", "60", "--reason", "sore").code == 0
    text = cli("block", "show", "Winter back")
    assert text.code == 0
    out = text.out
    assert "Frozen since 2026-11-18" in out
    assert "Original plan:" in out and "minutes per session     45" in out
    assert '2026-11-21: "sore"' in out and "minutes per session: 45 → 60" in out
    assert "As amended:" in out
    data = json.loads(cli("block", "show", "Winter back", "--format", "json").out)
    assert data["frozen"] is True and data["frozen_since"] == "2026-11-18"
    assert data["original"]["minutes"] == 45 and data["current"]["minutes"] == 60
    assert data["amendments"] == [{"made_on": "2026-11-21", "reason": "sore",
                                   "changes": [{"field": "minutes", "old": 45, "new": 60}]}]


def test_show_a_plan_not_yet_frozen(cli):
    assert cli(*BLOCK).code == 0
    out = cli("block", "show", "Winter back").out
    assert "No day inside it is logged yet" in out and "No amendments." in out
    assert "Side effects: a moderate or severe one" in " ".join(out.split())


def test_show_names_the_drawn_first_session_and_every_phase(cli):
    """A randomised A-B-A-B block: show says which date was drawn, from which seed, and when
    each phase runs (the same rows as block add printed)."""
    added = cli("block", "add", "--name", "Neck", "--start-window", "2026-12-20:2027-01-08",
                "--seed", "42", "--weeks", "4", "--sessions-per-week", "2", "--minutes", "45",
                "--design", "ABAB")
    assert added.code == 0
    drawn = next(line for line in added.out.splitlines() if "drawn date" in line).split()[2]
    shown = cli("block", "show", "Neck")
    assert shown.code == 0
    out = shown.out
    assert f"drawn date    {drawn} (seed 42)" in out
    for label in ("baseline", "treatment", "pause", "treatment 2", "follow-up"):
        assert f"  {label} " in out, label
    data = json.loads(cli("block", "show", "Neck", "--format", "json").out)
    assert data["drawn_start"] == drawn
    assert [p["kind"] for p in data["phases"]] == [
        "baseline", "treatment", "pause", "treatment-2", "follow-up"]
