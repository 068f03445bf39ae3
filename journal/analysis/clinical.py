"""The clinician measures of a block, worked out for the review screen and the report.

PEG-3 by week, the global impression beside the verdict, the expectation at the freeze, and
pain medicine and other care by phase. None of it changes the rule's decision: the sentences
here sit beside the verdict and say when something else may explain part of a change
(:func:`context_lines`), in the presentation layer only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from journal.analysis.phases import Span, short_date
from journal.analysis.summary import BlockReview
from journal.analysis.weekly import Period
from journal.domain.clinical import (
    EXPECTATION_MAX,
    EXPECTATION_QUESTION,
    IMPRESSION_QUESTION,
    IMPRESSIONS,
    PEG_MAX,
    PegAnswer,
    peg_checkpoint_of,
    peg_week_words,
)
from journal.domain.models import Journal, Plan
from journal.formats import num, plural

#: Where PEG-3 comes from, as the report cites it.
PEG_SOURCE = ("Krebs EE, Lorenz KA, Bair MJ, et al. Development and initial validation of the "
              "PEG, a three-item scale assessing pain intensity and interference. J Gen Intern "
              "Med 2009;24(6):733-738, doi 10.1007/s11606-009-0981-1")
#: Where the 7-point PGIC comes from (the PhenX protocol cites Farrar et al. 2001).
IMPRESSION_SOURCE = ("Patient Global Impression of Change, 7 points (PhenX protocol 860801; "
                     "Farrar et al., Pain 2001)")
#: The PGIC scale in one line.
IMPRESSION_SCALE = "; ".join(f"{k} {v}" for k, v in IMPRESSIONS.items())

#: A change in the share of days with pain medicine this large (one day in seven) counts as
#: "changed" for the context sentence; so does this many doses per recorded day.
MEDICINE_SHARE_CHANGE = 1 / 7
MEDICINE_DOSE_CHANGE = 0.5


@dataclass(frozen=True)
class MedicineCount:
    """Pain medicine over some days: how many days said, how many had any, doses in all."""

    days: int
    recorded: int
    taken: int
    doses: int

    @property
    def share(self) -> float | None:
        return self.taken / self.recorded if self.recorded else None

    @property
    def doses_per_day(self) -> float | None:
        return self.doses / self.recorded if self.recorded else None

    def words(self) -> str:
        """``3/7`` (days with medicine of the days it was recorded), ``–`` when never said."""
        return f"{self.taken}/{self.recorded}" if self.recorded else "–"


def medicine_count(journal: Journal, span: Span | None) -> MedicineCount:
    if span is None or span.is_empty:
        return MedicineCount(0, 0, 0, 0)
    said = [e.medicine for d in span.each_day()
            if (e := journal.entry(d)) is not None and e.medicine is not None]
    return MedicineCount(span.days, len(said), sum(1 for n in said if n > 0), sum(said))


def _full_span(period: Period) -> Span:
    return Span(period.span.start, period.span.start + timedelta(days=period.planned_days - 1))


def peg_for_period(plan: Plan, answers: tuple[PegAnswer, ...], period: Period,
                   ) -> PegAnswer | None:
    """The PEG answered for the week boundary inside ``period`` (skips do not count)."""
    span = _full_span(period)
    found = None
    for answer in answers:
        if answer.skipped:
            continue
        key = peg_checkpoint_of(plan, answer.day) or answer.day
        if key in span:
            found = answer  # answers are in date order: the latest one wins
    return found


def answered_peg(review: BlockReview) -> list[PegAnswer]:
    """This block's PEG answers (skips left out), oldest first."""
    return [a for a in review.block.measures.peg if not a.skipped]


def peg_change(review: BlockReview) -> float | None:
    """Last PEG score minus the first (negative = better); None with fewer than two."""
    answers = answered_peg(review)
    if len(answers) < 2:
        return None
    return answers[-1].score - answers[0].score  # type: ignore[operator]  # answered: scores set


def impression_note(review: BlockReview) -> str | None:
    """A plain sentence when the person's impression and the rule's decision disagree.

    "Much" or "very much improved" (1-2) is what Farrar et al. 2001 counted as a clinically
    important improvement; against it stand a rule that did not say continue, and a rating of
    no change or worse (4-7) against a rule that did.
    """
    value = review.block.measures.impression
    decision = review.verdict.decision
    if value is None or decision == "insufficient-data":
        return None
    rated = IMPRESSIONS[value]
    if value <= 2 and decision != "continue":
        rule = "no clear change" if decision == "change" else "stop"
    elif value >= 4 and decision == "continue":
        rule = "continue"
    else:
        return None
    return (f"Your rule says {rule}; you rated the change as {rated}: worth discussing with "
            "your clinician.")


def impression_line(review: BlockReview) -> str | None:
    m = review.block.measures
    if m.impression is None:
        return None
    return f"Your own impression of the change: {m.impression_words} ({m.impression} of 1-7)."


def medicine_note(journal: Journal, review: BlockReview) -> str | None:
    """A sentence when pain medicine changed between the baseline and the treatment phase."""
    p = review.phases
    base = medicine_count(journal, p.baseline_so_far)
    treat = medicine_count(journal, p.treatment_so_far)
    if not base.recorded or not treat.recorded:
        return None
    share_moved = abs(treat.share - base.share) >= MEDICINE_SHARE_CHANGE - 1e-9  # type: ignore[operator]  # recorded: numbers
    dose_moved = abs(treat.doses_per_day - base.doses_per_day) >= MEDICINE_DOSE_CHANGE  # type: ignore[operator]  # recorded: numbers
    if not (share_moved or dose_moved):
        return None
    name = review.block.measures.medicine_name or "pain medicine"
    more = (treat.share > base.share  # type: ignore[operator]  # recorded: numbers
            or treat.doses_per_day > base.doses_per_day)  # type: ignore[operator]  # recorded: numbers
    if more and (review.pain.improvement or 0) > 0:
        tail = "part of the change may be theirs."
    else:
        tail = "a change in medicine can hide or add to an effect of the sessions: worth " \
            "discussing."
    return (f"{name[:1].upper() + name[1:]} on {treat.taken} of {treat.recorded} treatment "
            f"days vs {base.taken} of {base.recorded} baseline days: {tail}")


def care_notes_in_block(review: BlockReview) -> list[tuple[date, str]]:
    plan = review.block.current
    return [(n.day, n.text) for n in review.block.measures.care_notes
            if plan.baseline_start <= n.day <= max(plan.treatment_end, review.phases.today)]


def care_note(review: BlockReview) -> str | None:
    notes = [n for n in care_notes_in_block(review)
             if review.block.current.baseline_start <= n[0] <= review.phases.last_day]
    if not notes:
        return None
    said = "; ".join(f"{short_date(d)}: {t}" for d, t in notes)
    return f"Other care changed during the block ({said}): part of the change may be theirs."


def context_lines(journal: Journal, review: BlockReview) -> list[str]:
    """The sentences shown beside the verdict. They never change the decision."""
    return [line for line in (impression_line(review), impression_note(review),
                              medicine_note(journal, review), care_note(review)) if line]


def has_peg(review: BlockReview) -> bool:
    return bool(answered_peg(review))


def has_medicine(journal: Journal, review: BlockReview) -> bool:
    plan = review.block.current
    span = Span(plan.baseline_start, review.phases.last_day)
    return medicine_count(journal, span).recorded > 0


def weekly_cells(journal: Journal, review: BlockReview, period: Period) -> dict[str, str]:
    """The extra cells of one weekly-table row: ``peg`` and ``medicine`` (only when used)."""
    cells = {}
    if has_peg(review):
        answer = peg_for_period(review.block.current, review.block.measures.peg, period)
        cells["peg"] = num(answer.score) if answer else "–"
    if has_medicine(journal, review):
        cells["medicine"] = medicine_count(journal, period.span).words()
    return cells


#: Weekly-table headers for :func:`weekly_cells`.
WEEKLY_HEADERS = {"peg": "PEG-3", "medicine": "Medicine days"}


# --- the report's sections ---------------------------------------------------------------


def _medicine_dict(c: MedicineCount) -> dict[str, Any]:
    return {"days": c.days, "recorded": c.recorded, "taken": c.taken, "doses": c.doses,
            "share": c.share}


def report_sections(journal: Journal, review: BlockReview) -> dict[str, Any]:
    """The ``peg``, ``impression``, ``expectation`` and ``medicine`` sections of the JSON
    report (numbers unrounded, ``null`` when not known)."""
    block, p = review.block, review.phases
    m, plan = block.measures, block.current
    return {
        "peg": {
            "source": PEG_SOURCE,
            "item_max": PEG_MAX,
            "answers": [
                {"date": a.day.isoformat(),
                 "week": (peg_week_words(plan, c) if (c := peg_checkpoint_of(plan, a.day))
                          else None),
                 "pain": a.pain, "enjoyment": a.enjoyment, "activity": a.activity,
                 "score": a.score, "skipped": a.skipped}
                for a in m.peg
            ],
            "weekly": [
                {"label": r.period.label,
                 "score": (a.score if (a := peg_for_period(plan, m.peg, r.period)) else None)}
                for r in review.rows
            ],
            "change": peg_change(review),
        },
        "impression": {
            "value": m.impression,
            "words": m.impression_words,
            "question": IMPRESSION_QUESTION,
            "scale": IMPRESSION_SCALE,
            "source": IMPRESSION_SOURCE,
            "note": impression_note(review),
        },
        "expectation": {
            "value": m.expectation,
            "max": EXPECTATION_MAX,
            "question": EXPECTATION_QUESTION,
        },
        "medicine": {
            "name": m.medicine_name or None,
            "baseline": _medicine_dict(medicine_count(journal, p.baseline_so_far)),
            "treatment": _medicine_dict(medicine_count(journal, p.treatment_so_far)),
            "weekly": [{"label": r.period.label,
                        **_medicine_dict(medicine_count(journal, r.period.span))}
                       for r in review.rows],
            "note": medicine_note(journal, review),
            "care_notes": [{"date": d.isoformat(), "text": t}
                           for d, t in care_notes_in_block(review)],
            "care_note": care_note(review),
        },
    }


def markdown_lines(journal: Journal, review: BlockReview) -> list[str]:
    """The report's "Other measures" section as Markdown lines."""
    block = review.block
    m, plan = block.measures, block.current
    lines = ["## Other measures", ""]
    answers = answered_peg(review)
    if answers:
        lines += [f"**PEG-3** (pain, interference with enjoyment of life and with general "
                  f"activity, each 0-{PEG_MAX}; the score is their mean; lower is better. "
                  f"Source: {PEG_SOURCE}.)", ""]
        lines += ["| Answered | For | Pain | Enjoyment | Activity | Score |",
                  "| --- | --- | ---: | ---: | ---: | ---: |"]
        for a in answers:
            c = peg_checkpoint_of(plan, a.day)
            lines.append(f"| {short_date(a.day, year=True)} | "
                         f"{peg_week_words(plan, c) if c else 'outside the weekly asking'} | "
                         f"{a.pain} | {a.enjoyment} | {a.activity} | {num(a.score)} |")
        change = peg_change(review)
        if change is not None:
            lines += ["", f"PEG-3 went from {num(answers[0].score)} to {num(answers[-1].score)} "
                      f"({'+' if change > 0 else ''}{num(change)})."]
        lines.append("")
    else:
        lines += ["**PEG-3**: not answered in this block.", ""]
    if m.impression is not None:
        lines += [f"**Global impression of change** (PGIC, 1-7): {m.impression} "
                  f"({m.impression_words}). Source: {IMPRESSION_SOURCE}.", ""]
        note = impression_note(review)
        if note:
            lines += [note, ""]
    else:
        lines += ["**Global impression of change** (PGIC): not rated yet.", ""]
    if m.expectation is not None:
        lines += [f"**Expectation when the plan froze** (\"{EXPECTATION_QUESTION}\"): "
                  f"{m.expectation} of {EXPECTATION_MAX}. Expectation colours both pain and "
                  "how a change is judged.", ""]
    else:
        lines += ["**Expectation when the plan froze**: not recorded.", ""]
    base = medicine_count(journal, review.phases.baseline_so_far)
    treat = medicine_count(journal, review.phases.treatment_so_far)
    name = m.medicine_name or "pain medicine"
    if base.recorded or treat.recorded:
        lines += [f"**Pain medicine** ({name}): taken on {base.taken} of {base.recorded} "
                  f"baseline days said ({plural(base.doses, 'dose')}) and on {treat.taken} of "
                  f"{treat.recorded} treatment days said ({plural(treat.doses, 'dose')}).", ""]
        note = medicine_note(journal, review)
        if note:
            lines += [note, ""]
    else:
        lines += ["**Pain medicine**: not recorded.", ""]
    notes = care_notes_in_block(review)
    if notes:
        lines += ["**Other care changed:**", ""]
        lines += [f"- {short_date(d, year=True)}: {t}" for d, t in notes]
        lines.append("")
    return lines


def summary_sentences(journal: Journal, review: BlockReview) -> list[str]:
    """The clinician measures in plain sentences, for the review screen."""
    block, p = review.block, review.phases
    m, plan = block.measures, block.current
    out = []
    answers = answered_peg(review)
    if answers:
        first, last = answers[0], answers[-1]
        c1, c2 = peg_checkpoint_of(plan, first.day), peg_checkpoint_of(plan, last.day)
        when1 = peg_week_words(plan, c1) if c1 else short_date(first.day)
        when2 = peg_week_words(plan, c2) if c2 else short_date(last.day)
        text = f"PEG-3 (0-{PEG_MAX}, lower is better): {num(first.score)} for {when1}"
        if len(answers) > 1:
            text += f", {num(last.score)} for {when2}"
        skipped = sum(1 for a in m.peg if a.skipped)
        text += f" ({plural(len(answers), 'week')} answered"
        text += f", {skipped} skipped)." if skipped else ")."
        out.append(text)
    else:
        out.append("PEG-3: not answered yet (asked weekly on the Log screen; p answers).")
    out.append(f"Expectation when the plan froze: {m.expectation} of {EXPECTATION_MAX}."
               if m.expectation is not None else
               "Expectation when the plan froze: not recorded (x records it).")
    if m.impression is None:
        out.append("Your impression of change: not rated yet (g rates it, 1-7).")
    base = medicine_count(journal, p.baseline_so_far)
    treat = medicine_count(journal, p.treatment_so_far)
    if base.recorded or treat.recorded:
        name = m.medicine_name or "pain medicine"
        out.append(f"Pain medicine ({name}): on {base.taken} of {base.recorded} baseline days "
                   f"and {treat.taken} of {treat.recorded} treatment days recorded.")
    for d, t in care_notes_in_block(review):
        out.append(f"Other care changed on {short_date(d, year=True)}: {t}.")
    return out
