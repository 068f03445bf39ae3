"""The block report: the JSON contract, the clinician's Markdown page, and its errors."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from journal.demo import demo_journal
from journal.domain.errors import ValidationError
from journal.domain.models import (
    FUNCTION_PRESETS,
    Amendment,
    Block,
    DayEntry,
    Journal,
    Plan,
    Rule,
    Session,
)
from journal.report import build_report

TODAY = date(2026, 11, 21)
FIRST = date(2026, 3, 9)
AFTER = date(2026, 3, 25)

PHASE_KEYS = {"baseline_mean", "end_mean", "change", "change_percent", "change_0_100", "weekly",
              "stats"}
STATS_KEYS = {"n_baseline", "n_treatment", "nap", "tau", "tau_u", "tau_bc", "tau_bc_pretest",
              "pnd"}


def small_journal(base_pain: list, treat_pain: list, *, function: bool = True,
                  amendments: tuple[Amendment, ...] = ()) -> tuple[Journal, Block]:
    plan = Plan("Spring block", FIRST, weeks=2, sessions_per_week=2, minutes=30,
                baseline_days=len(base_pain),
                function=FUNCTION_PRESETS["walking"] if function else None,
                rule=Rule(1.0, 5.0 if function else None), cost_per_session=40.0,
                currency="GBP")
    block = Block("b1", plan, amendments)
    journal = Journal(blocks=[block])
    # Walking: 20 minutes every baseline day, 26 every treatment day (up 6 >= 5).
    for start, values, walk in ((plan.baseline_start, base_pain, 20.0), (FIRST, treat_pain, 26.0)):
        for i, pain in enumerate(values):
            if pain is not None:
                day = start + timedelta(days=i)
                journal.entries[day] = DayEntry(day, pain=pain, function=walk if function else None)
    for day in plan.planned_session_days():  # sessions ran as planned, their cost not recorded
        journal.sessions[day] = Session(day, plan.minutes)
    return journal, block


def test_json_follows_the_contract_on_the_demo_journal():
    journal = demo_journal(TODAY)
    data = json.loads(build_report(journal, None, TODAY, "json"))
    assert {"block", "pain", "function", "verdict", "side_effects", "cost",
            "completeness"} <= set(data)
    assert data["report_version"] == 1
    for key in ("pain", "function"):
        phase = data[key]
        assert set(phase) == PHASE_KEYS
        assert set(phase["stats"]) == STATS_KEYS
        for stat in ("nap", "tau", "tau_bc"):
            assert set(phase["stats"][stat]) == {"estimate", "se", "ci"}
            assert len(phase["stats"][stat]["ci"]) == 2
        assert set(phase["stats"]["tau_u"]) == {"estimate"}
        assert set(phase["stats"]["pnd"]) == {"estimate"}
        assert set(phase["stats"]["tau_bc_pretest"]) == {"estimate", "se", "ci", "corrected",
                                                         "trend_p"}
        assert phase["weekly"][0]["label"] == "Baseline"
    assert data["verdict"]["decision"] == "continue"  # the demo reaches both thresholds
    assert data["verdict"]["reasons"]
    assert data["block"]["name"] == "Low back & shoulders, spring"
    assert data["block"]["so_far"] is True
    assert data["function"]["change_0_100"] is None  # walking minutes have no 0-100 scale
    assert data["cost"]["currency"] == "EUR"
    assert data["completeness"]["sessions"]["planned_total"] == 16


def test_json_numbers_are_unrounded():
    # Baseline pain 6 x 7, treatment 5, then 4 x 7: change -2, percent -2/6 x 100 = -33.33...
    journal, block = small_journal([6] * 7, [5] * 7 + [4] * 7)
    data = json.loads(build_report(journal, block, AFTER, "json"))
    assert data["pain"]["change"] == pytest.approx(-2.0)
    assert data["pain"]["change_percent"] == -100 / 3
    assert data["pain"]["change_0_100"] == pytest.approx(-20.0)
    # 14 treatment days all below every baseline day: NAP 1, with a real lower bound.
    nap = data["pain"]["stats"]["nap"]
    assert nap["estimate"] == 1.0
    assert 0.5 < nap["ci"][0] < 1.0 and nap["ci"][1] == 1.0
    # Cost per point: 4 sessions at the planned 40 GBP = 160 spent; 160 / 20 points = 8.
    assert data["cost"]["per_point_0_100"] == pytest.approx(8.0)
    assert data["pain"]["change"] == -2.0  # exact: no float residue


def test_json_nulls_where_undefined_and_markdown_gives_the_reason():
    # One baseline day and one treatment day: no SE, no CI, no Tau-BC.
    journal, block = small_journal([6], [5], function=False)
    data = json.loads(build_report(journal, block, FIRST + timedelta(days=1), "json"))
    assert data["function"] is None
    stats = data["pain"]["stats"]
    assert (stats["n_baseline"], stats["n_treatment"]) == (1, 1)
    assert stats["nap"]["se"] is None and stats["nap"]["ci"] is None
    assert stats["tau_bc"] == {"estimate": None, "se": None, "ci": None}
    assert data["verdict"]["decision"] == "insufficient-data"
    text = build_report(journal, block, FIRST + timedelta(days=1), "markdown")
    assert "Missing values:" in text
    assert "Tau-BC: needs at least 2 logged baseline days" in text
    assert "at least 2 logged days in each phase" in text


def test_markdown_is_a_clinician_page():
    journal = demo_journal(TODAY)
    text = build_report(journal, None, TODAY, "markdown")
    assert text.startswith("# Massage block review: Low back & shoulders, spring")
    assert "Self-run trial, not a clinical study." in text
    assert "## Verdict: " in text and "(so far)" in text
    for section in ("## Plan", "## Weekly averages", "## Charts", "## Statistics",
                    "## Side effects", "## Sessions and cost", "## Data completeness",
                    "## How to read this"):
        assert section in text
    assert "| Week 1 |" in text and "| Baseline |" in text
    assert "```text" in text  # text charts in fenced blocks
    # Each statistic names its variant.
    assert "Parker & Vannest 2009" in text and "Sen/Mee" in text
    assert "Newcombe (2006) score method 5" in text
    assert "A vs B minus trend A" in text and "Tarlow (2017)" in text
    assert "SingleCaseES's default" in text
    # The caveats, and never a bare "significant".
    assert "regression to the mean" in text and "A-B-A" in text
    assert "significant" not in text.lower()
    assert "60.00 EUR" in text


def test_markdown_shows_the_amended_rule_beside_the_original():
    amendment = Amendment(date(2026, 3, 15), "hoping for more", (("rule.pain_change", 1.0, 3.0),))
    journal, block = small_journal([6] * 7, [5] * 7 + [4] * 7, amendments=(amendment,))
    text = build_report(journal, block, AFTER, "markdown")
    assert "## Verdict: Continue" in text
    assert "The amended plan, whose rule is to continue when pain down by at least 3 points" \
        in text
    assert "would say **Change technique or dose**" in text
    assert "hoping for more" in text
    data = json.loads(build_report(journal, block, AFTER, "json"))
    assert data["verdict"]["decision"] == "continue"
    assert data["verdict"]["amended"]["decision"] == "change"
    assert data["block"]["amendments"][0]["touches_rule"] is True


def test_default_block_is_the_active_or_most_recent_and_names_work():
    journal, _ = small_journal([6] * 7, [5] * 14)
    later = Plan("Autumn block", date(2026, 10, 5), weeks=4, sessions_per_week=1, minutes=30,
                 baseline_days=7)
    journal.blocks.append(Block("b2", later))
    # 1 Oct: spring ended months ago and autumn's baseline starts 28 Sep -> autumn is active.
    data = json.loads(build_report(journal, None, date(2026, 10, 1), "json"))
    assert data["block"]["name"] == "Autumn block"
    data = json.loads(build_report(journal, "spring block", date(2026, 10, 1), "json"))
    assert data["block"]["name"] == "Spring block"


def test_errors_are_validation_errors_with_a_field():
    with pytest.raises(ValidationError) as err:
        build_report(Journal(), None, TODAY, "markdown")
    assert err.value.field == "block" and "no block" in err.value.problem
    journal, _ = small_journal([6] * 7, [5] * 14)
    with pytest.raises(ValidationError) as err:
        build_report(journal, "Winter", TODAY, "json")
    assert err.value.field == "block" and '"Spring block"' in err.value.problem
    with pytest.raises(ValidationError) as err:
        build_report(journal, None, TODAY, "pdf")
    assert err.value.field == "format"


def test_report_before_the_first_session_is_calm():
    journal, block = small_journal([6, 6, 6], [])
    text = build_report(journal, block, FIRST - timedelta(days=1), "markdown")
    assert "## Verdict: Not enough data yet" in text
    assert "has not begun" in text
    assert "before the first session" in text
