"""The clinician measures (issue 20, points 1-4): PEG-3, impression, expectation, medicine.

Scoring, when each is asked, skipping, the JSON and CSV round trips with the new fields,
older files still loading, the report's new sections, and the sentences beside the verdict.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from conftest import TZ

from journal import csvio
from journal.analysis import clinical
from journal.analysis.summary import review_block
from journal.charts import ChartSpec, chart_data
from journal.domain import codec
from journal.domain.clinical import (
    BlockMeasures,
    CareNote,
    PegAnswer,
    due_question,
    expectation_due,
    impression_due,
    peg_checkpoint_of,
    peg_checkpoints,
    peg_due,
)
from journal.domain.errors import ValidationError
from journal.domain.models import Block, DayEntry, Journal, Plan, Rule, Session
from journal.importer import ImportRefused, merge
from journal.report import build_report
from journal.store import Store

FIRST = date(2026, 10, 1)  # a Thursday; baseline 24-30 Sep, treatment 1-28 Oct
PLAN = Plan("Back", FIRST, weeks=4, sessions_per_week=2, minutes=30, rule=Rule(1.0))
NOW = datetime(2026, 11, 21, 20, 30, tzinfo=TZ)


def block(measures: BlockMeasures = BlockMeasures()) -> Block:  # noqa: B008
    return Block("b1", PLAN, (), None, measures)


def journal_with(pain_base: float, pain_treat: float, *, med_base: int | None = 0,
                 med_treat: int | None = 0, measures: BlockMeasures = BlockMeasures(),  # noqa: B008
                 ) -> Journal:
    journal = Journal(blocks=[block(measures)])
    for i in range(7):
        day = PLAN.baseline_start + timedelta(days=i)
        journal.entries[day] = DayEntry(day, pain=pain_base, medicine=med_base)
    for i in range(28):
        day = FIRST + timedelta(days=i)
        journal.entries[day] = DayEntry(day, pain=pain_treat, medicine=med_treat)
    for day in PLAN.planned_session_days():  # sessions as planned: without any, no verdict
        journal.sessions[day] = Session(day, PLAN.minutes)
    return journal


# --- PEG-3: scoring and validation -------------------------------------------------------------
def test_peg_score_is_the_mean_of_the_three_items():
    answer = PegAnswer(date(2026, 10, 7), 6, 4, 5)
    assert answer.score == 5.0
    assert PegAnswer(date(2026, 10, 7), 7, 4, 4).score == pytest.approx(5.0)
    assert PegAnswer(date(2026, 10, 7), 10, 10, 9).score == pytest.approx(29 / 3)
    assert not answer.skipped


def test_a_skip_has_no_score_and_half_an_answer_is_refused():
    skip = PegAnswer(date(2026, 10, 7))
    assert skip.skipped and skip.score is None
    with pytest.raises(ValidationError, match="all three"):
        PegAnswer(date(2026, 10, 7), 5, None, 4)
    with pytest.raises(ValidationError, match="PEG pain: must be a whole number from 0 to 10"):
        PegAnswer(date(2026, 10, 7), 11, 4, 4)
    with pytest.raises(ValidationError, match="PEG activity"):
        PegAnswer(date(2026, 10, 7), 1, 4, 4.5)  # type: ignore[arg-type]


def test_impression_expectation_and_medicine_have_their_limits():
    with pytest.raises(ValidationError, match="impression: must be a whole number from 1 to 7"):
        BlockMeasures(impression=8)
    with pytest.raises(ValidationError, match="expectation: must be a whole number from 0 to 10"):
        BlockMeasures(expectation=11)
    with pytest.raises(ValidationError, match="pain medicine: must be a whole number from 0 to 50"):
        DayEntry(date(2026, 10, 1), medicine=51)
    with pytest.raises(ValidationError, match="declined question"):
        BlockMeasures(declined=("peg",))
    assert DayEntry(date(2026, 10, 1), medicine="2").medicine == 2  # type: ignore[arg-type]
    assert not DayEntry(date(2026, 10, 1), medicine=0).is_empty


def test_an_answer_on_the_same_day_replaces_the_earlier_one():
    m = BlockMeasures().with_peg(PegAnswer(date(2026, 10, 7), 6, 6, 6))
    m = m.with_peg(PegAnswer(date(2026, 10, 7), 3, 3, 3))
    m = m.with_peg(PegAnswer(date(2026, 9, 30), 7, 7, 7))
    assert [(a.day, a.score) for a in m.peg] == [(date(2026, 9, 30), 7.0),
                                                 (date(2026, 10, 7), 3.0)]


# --- when PEG-3 is asked ----------------------------------------------------------------------
def test_peg_is_due_at_the_end_of_the_baseline_and_of_each_treatment_week():
    assert peg_checkpoints(PLAN) == [date(2026, 9, 30), date(2026, 10, 7), date(2026, 10, 14),
                                     date(2026, 10, 21), date(2026, 10, 28)]
    assert PLAN.treatment_end == date(2026, 10, 28)  # the last one is the end of treatment
    long_baseline = PLAN.replace(baseline_days=16)
    assert peg_checkpoints(long_baseline)[:2] == [date(2026, 9, 23), date(2026, 9, 30)]
    assert peg_checkpoints(PLAN.replace(baseline_days=0))[0] == date(2026, 10, 7)


def test_peg_is_asked_once_per_week_and_a_skip_is_remembered_for_that_week():
    empty = BlockMeasures()
    assert peg_due(PLAN, empty, date(2026, 9, 29)) is None  # mid-baseline: not yet
    assert peg_due(PLAN, empty, date(2026, 9, 30)) == date(2026, 9, 30)
    assert peg_due(PLAN, empty, date(2026, 10, 6)) == date(2026, 9, 30)  # up to 6 days late
    skipped = empty.with_peg(PegAnswer(date(2026, 10, 2)))
    assert peg_due(PLAN, skipped, date(2026, 10, 3)) is None  # the skip holds for the week
    assert peg_due(PLAN, skipped, date(2026, 10, 7)) == date(2026, 10, 7)  # next week asks
    answered = skipped.with_peg(PegAnswer(date(2026, 10, 7), 4, 4, 4))
    assert peg_due(PLAN, answered, date(2026, 10, 10)) is None
    assert peg_due(PLAN, answered, date(2026, 10, 28)) == date(2026, 10, 28)  # end of treatment
    assert peg_due(PLAN, answered, date(2026, 11, 4)) is None  # the block is over
    assert peg_checkpoint_of(PLAN, date(2026, 11, 3)) == date(2026, 10, 28)


def test_expectation_is_asked_when_the_plan_freezes_and_impression_when_treatment_ends():
    b = block()
    assert not expectation_due(b, PLAN.baseline_start - timedelta(days=1))
    assert expectation_due(b, PLAN.baseline_start)
    assert due_question(b, PLAN.baseline_start)[0] == "expectation"  # type: ignore[index]
    assert not expectation_due(block(BlockMeasures(expectation=5)), PLAN.baseline_start)
    assert not expectation_due(block(BlockMeasures(declined=("expectation",))),
                               PLAN.baseline_start)
    assert not impression_due(PLAN, BlockMeasures(), PLAN.treatment_end)
    assert impression_due(PLAN, BlockMeasures(), PLAN.evaluation_day)
    assert not impression_due(PLAN, BlockMeasures(impression=2), PLAN.evaluation_day)
    assert not impression_due(PLAN, BlockMeasures(declined=("impression",)), PLAN.evaluation_day)
    # PEG comes first when both are waiting.
    assert due_question(b, date(2026, 9, 30))[0] == "peg"  # type: ignore[index]


# --- JSON: round trip, and older files --------------------------------------------------------
MEASURES = BlockMeasures(
    expectation=6, impression=2, medicine_name="ibuprofen 400 mg",
    peg=(PegAnswer(date(2026, 9, 30), 6, 5, 7, NOW), PegAnswer(date(2026, 10, 9))),
    care_notes=(CareNote(date(2026, 10, 12), "started physio"),), declined=("expectation",))


def test_json_round_trip_keeps_every_new_field():
    journal = journal_with(6, 4, med_base=1, med_treat=2, measures=MEASURES)
    doc = codec.journal_to_export(journal)
    assert doc["blocks"][0]["measures"]["peg"][0] == {
        "date": "2026-09-30", "pain": 6, "enjoyment": 5, "activity": 7,
        "recorded_at": NOW.isoformat()}
    assert doc["days"][0]["medicine"] == 1
    back = codec.journal_from_tables(json.loads(json.dumps(doc)))
    assert back == journal
    assert back.blocks[0].measures == MEASURES


def test_a_journal_written_before_the_measures_loads_unchanged(tmp_path, clock):
    old = {"_default": {}, "meta": {"1": {"format": "trial-journal", "version": 1}},
           "blocks": {"1": {"id": "b1", "plan": PLAN.flat(), "amendments": [],
                            "created_at": None}},
           "days": {"1": {"date": "2026-09-24", "pain": 5, "function": None,
                          "sleep_wakings": None, "mood": None, "fatigue": None,
                          "flare": False, "note": "", "recorded_at": None,
                          "edited_at": None}},
           "sessions": {}, "side_effects": {}}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    store = Store(path, clock)
    assert store.journal.blocks[0].measures == BlockMeasures()
    assert store.journal.entries[date(2026, 9, 24)].medicine is None
    # Nothing new is written for a block or a day without measures.
    doc = codec.journal_to_export(store.journal)
    assert "measures" not in doc["blocks"][0] and "medicine" not in doc["days"][0]


def test_a_damaged_measures_document_is_refused_with_its_field():
    doc = codec.encode_block(block(MEASURES))
    doc["measures"]["peg"][0]["pain"] = 12
    with pytest.raises(ValidationError, match="PEG pain"):
        codec.decode_block(doc)
    doc["measures"] = {"peg": "often"}
    with pytest.raises(ValidationError, match="block measures"):
        codec.decode_block(doc)


def test_store_updates_keep_the_measures_through_plan_changes(store):
    b = store.add_block(PLAN.replace(first_session=date(2026, 12, 1)))
    store.update_measures(b.id, lambda x: x.measures.replace(expectation=4))
    store.update_block(b.id, store.journal.blocks[0].plan.replace(minutes=40))
    assert store.journal.blocks[0].measures.expectation == 4
    assert Store(store.path, store.clock).journal.blocks[0].measures.expectation == 4


# --- CSV: the trailing medicine column --------------------------------------------------------
def test_csv_round_trip_carries_medicine_in_a_trailing_column():
    journal = journal_with(6, 4, med_base=0, med_treat=2)
    text = csvio.journal_to_csv(journal)
    header, first = text.split("\r\n")[:2]
    assert header.endswith(",session_cost,medicine")
    assert first == "2026-09-24,6,,,,,,,,,0"
    back = csvio.journal_from_csv(text, Journal(blocks=journal.blocks), NOW, date(2026, 11, 21))
    assert {d: e.medicine for d, e in back.entries.items()} == {
        d: e.medicine for d, e in journal.entries.items()}


def test_an_older_csv_without_the_medicine_column_still_imports_and_merges():
    old = ("date,pain,function,sleep_wakings,mood,fatigue,flare,note,session_minutes,"
           "session_cost\r\n2026-09-24,6,,,,,,,,\r\n2026-09-25,6,,,,,,,,\r\n")
    existing = journal_with(6, 4, med_base=1)
    incoming = csvio.journal_from_csv(old, existing, NOW, date(2026, 11, 21))
    assert incoming.entries[date(2026, 9, 25)].medicine is None
    # The file says nothing about medicine, so it does not clash with what the journal has.
    result = merge(existing, incoming, date(2026, 11, 21))
    assert result.journal.entries[date(2026, 9, 24)].medicine == 1


def test_a_bad_medicine_cell_is_reported_with_its_line_and_column():
    text = "date,pain,medicine\r\n2026-09-24,6,two\r\n"
    with pytest.raises(ImportRefused) as caught:
        csvio.journal_from_csv(text, Journal(), NOW, date(2026, 11, 21))
    assert caught.value.problems == [
        "line 2: medicine: must be a whole number from 0 to 50 (got 'two')"]


# --- the report and the sentences beside the verdict ------------------------------------------
def test_report_json_gains_four_sections_and_keeps_every_other_field():
    journal = journal_with(6, 4, med_base=0, med_treat=2, measures=MEASURES)
    data = json.loads(build_report(journal, None, date(2026, 11, 21), "json"))
    keys = list(data)
    assert keys[:8] == ["report_version", "block", "pain", "function", "verdict",
                        "side_effects", "cost", "completeness"]  # none removed or moved
    assert keys[-4:] == ["peg", "impression", "expectation", "medicine"]
    assert data["peg"]["answers"][0] == {"date": "2026-09-30", "week": "the end of the baseline",
                                         "pain": 6, "enjoyment": 5, "activity": 7, "score": 6.0,
                                         "skipped": False}
    assert data["peg"]["answers"][1]["skipped"] is True
    assert data["peg"]["weekly"][0] == {"label": "Baseline", "score": 6.0}
    assert "Krebs" in data["peg"]["source"] and "2009" in data["peg"]["source"]
    assert data["impression"]["value"] == 2 and data["impression"]["words"] == "much improved"
    assert data["expectation"] == {"value": 6, "max": 10,
                                   "question": "How much do you expect this block to help?"}
    med = data["medicine"]
    assert (med["baseline"]["taken"], med["baseline"]["recorded"]) == (0, 7)
    assert (med["treatment"]["taken"], med["treatment"]["doses"]) == (28, 56)
    assert med["note"].startswith("Ibuprofen 400 mg on 28 of 28 treatment days vs 0 of 7 "
                                  "baseline days")
    assert med["care_notes"] == [{"date": "2026-10-12", "text": "started physio"}]


def test_report_sections_are_there_with_nulls_when_nothing_was_recorded():
    journal = journal_with(6, 4, med_base=None, med_treat=None)
    data = json.loads(build_report(journal, None, date(2026, 11, 21), "json"))
    assert data["peg"]["answers"] == [] and data["peg"]["change"] is None
    assert data["impression"]["value"] is None and data["expectation"]["value"] is None
    assert data["medicine"]["note"] is None and data["medicine"]["baseline"]["share"] is None


def test_impression_beside_the_verdict_and_a_sentence_when_they_disagree():
    # Pain did not move: the rule says change; the person rated "much improved".
    journal = journal_with(5, 5, measures=BlockMeasures(impression=2))
    review = review_block(journal, journal.blocks[0], date(2026, 11, 21))
    assert review.verdict.decision == "change"
    assert clinical.impression_note(review) == (
        "Your rule says no clear change; you rated the change as much improved: worth "
        "discussing with your clinician.")
    text = build_report(journal, None, date(2026, 11, 21), "markdown")
    verdict_part = text.split("## Plan")[0]
    assert "Your own impression of the change: much improved (2 of 1-7)." in verdict_part
    assert "worth discussing" in verdict_part
    assert "## Verdict: Change technique or dose" in text  # the decision is the rule's


def test_no_disagreement_sentence_when_impression_and_rule_agree():
    journal = journal_with(6, 3, measures=BlockMeasures(impression=2))
    review = review_block(journal, journal.blocks[0], date(2026, 11, 21))
    assert review.verdict.decision == "continue"
    assert clinical.impression_note(review) is None
    worse = journal_with(6, 3, measures=BlockMeasures(impression=4))
    review = review_block(worse, worse.blocks[0], date(2026, 11, 21))
    assert clinical.impression_note(review) == (
        "Your rule says continue; you rated the change as no change: worth discussing with "
        "your clinician.")


def test_medicine_sentence_only_when_it_changed_and_the_decision_is_untouched():
    same = journal_with(6, 3, med_base=1, med_treat=1)
    changed = journal_with(6, 3, med_base=0, med_treat=2)
    r_same = review_block(same, same.blocks[0], date(2026, 11, 21))
    r_changed = review_block(changed, changed.blocks[0], date(2026, 11, 21))
    assert clinical.medicine_note(same, r_same) is None
    assert clinical.medicine_note(changed, r_changed) == (
        "Pain medicine on 28 of 28 treatment days vs 0 of 7 baseline days: part of the "
        "change may be theirs.")
    assert r_same.verdict == r_changed.verdict  # beside the verdict, never part of it


def test_markdown_weekly_table_has_peg_and_medicine_columns_and_the_measures_section():
    journal = journal_with(6, 4, med_base=0, med_treat=1, measures=MEASURES)
    text = build_report(journal, None, date(2026, 11, 21), "markdown")
    header = next(line for line in text.splitlines() if line.startswith("| Period"))
    assert header.endswith("| PEG-3 | Medicine days |")
    baseline = next(line for line in text.splitlines() if line.startswith("| Baseline"))
    assert baseline.endswith("| 6.0 | 0/7 |")
    assert "## Other measures" in text
    assert "**Expectation when the plan froze**" in text and "6 of 10" in text
    assert "- 12 Oct 2026: started physio" in text


def test_peg_is_its_own_chart_series():
    journal = journal_with(6, 4, measures=BlockMeasures(peg=(
        PegAnswer(date(2026, 9, 30), 6, 6, 6), PegAnswer(date(2026, 10, 7), 5, 4, 3),
        PegAnswer(date(2026, 10, 14)))))
    data = chart_data(journal, date(2026, 11, 21), ChartSpec("peg", "block", 80, 24))
    assert [(b.start, b.value) for b in data.points] == [(date(2026, 9, 30), 6.0),
                                                         (date(2026, 10, 7), 4.0)]
    assert (data.y_min, data.y_max) == (0.0, 10.0)
    assert data.title.startswith("PEG-3 0-10, weekly")
    assert data.target is None  # the rule is about pain and function, not PEG


# --- the command line -------------------------------------------------------------------------
def test_cli_peg_impression_expectation_care_and_log_medicine(run_journal, journal_path, clock):
    store = Store(journal_path, clock)
    store.add_block(Plan("Neck", date(2026, 11, 12), weeks=4, sessions_per_week=1, minutes=30))
    r = run_journal(journal_path, "peg", "--date", "2026-11-11", "--pain", "6",
                    "--enjoyment", "4", "--activity", "5")
    assert r.code == 0, r.err
    assert "PEG-3 for the end of the baseline" in r.out and "score 5.0" in r.out
    assert run_journal(journal_path, "peg", "--skip").code == 0  # week 2's checkpoint: 25 Nov
    assert run_journal(journal_path, "impression", "3").out.startswith(
        "impression of change for 'Neck': 3 (minimally improved)")
    assert run_journal(journal_path, "expectation", "7").code == 0
    assert run_journal(journal_path, "care", "started physio").code == 0
    assert run_journal(journal_path, "care", "--medicine-name", "paracetamol").code == 0
    r = run_journal(journal_path, "log", "--medicine", "2", "--pain", "4")
    assert r.code == 0 and "pain medicine 2 doses" in r.out
    m = Store(journal_path, clock).journal.blocks[0].measures
    assert [a.score for a in m.peg] == [5.0, None]
    assert (m.impression, m.expectation, m.medicine_name) == (3, 7, "paracetamol")
    assert m.care_notes == (CareNote(date(2026, 11, 21), "started physio"),)
    assert Store(journal_path, clock).journal.entries[date(2026, 11, 21)].medicine == 2


@pytest.mark.parametrize(("argv", "message"), [
    (("peg", "--pain", "4"), "PEG: give all three"),
    (("peg", "--pain", "4", "--enjoyment", "4", "--activity", "11"), "PEG activity: must be"),
    (("peg", "--skip", "--pain", "3"), "not both"),
    (("impression", "0"), "impression: must be a whole number from 1 to 7"),
    (("expectation", "ten"), "expectation: must be a whole number from 0 to 10"),
    (("log", "--medicine", "-1"), "pain medicine (--medicine): must be a whole number"),
    (("peg", "--date", "2026-01-01", "--skip"), "no block covers 2026-01-01"),
])
def test_cli_refuses_bad_measures_with_exit_2_and_writes_nothing(run_journal, journal_path,
                                                                 clock, argv, message):
    Store(journal_path, clock).add_block(
        Plan("Neck", date(2026, 11, 12), weeks=4, sessions_per_week=1, minutes=30))
    before = journal_path.read_bytes()
    r = run_journal(journal_path, *argv)
    assert r.code == 2 and message in r.err, r.err
    assert journal_path.read_bytes() == before
