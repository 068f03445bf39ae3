"""What a clinician looks for beside pain and function: PEG-3, impression, expectation, co-care.

* **PEG-3** (Krebs et al., J Gen Intern Med 2009): three 0-10 items about the past week
  (average pain, interference with enjoyment of life, interference with general activity);
  the score is their mean. Asked once a week on the block's week boundary: at the end of the
  baseline and at the end of each treatment week, the last of which is the end of treatment.
* **PGIC**, the patient's global impression of change: one rating on 7 points from "very much
  improved" to "very much worse", asked once when the treatment phase ends.
* **Expectation**: "How much do you expect this block to help?", 0-10, asked once when the
  plan freezes (expectation colours both pain and judgement, so the report shows it).
* **Other care**: the name of the pain medicine taken (kept per block; the daily dose count
  lives on the day entry) and dated "other care changed" notes.

All of it belongs to one block (:class:`BlockMeasures`, kept on the block), so it travels with
the block through export and import. Every limit is defined here once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from journal.domain import checks
from journal.domain.errors import ValidationError
from journal.domain.record import record, replace

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    from typing import Any

    from journal.domain.models import Block, Plan

#: The PEG items in Krebs et al.'s wording, in the order they are asked: (key, question).
PEG_ITEMS = (
    ("pain", "What number best describes your pain on average in the past week? "
             "(0 no pain, 10 pain as bad as you can imagine)"),
    ("enjoyment", "What number best describes how, during the past week, pain has interfered "
                  "with your enjoyment of life? (0 does not interfere, 10 completely)"),
    ("activity", "What number best describes how, during the past week, pain has interfered "
                 "with your general activity? (0 does not interfere, 10 completely)"),
)
#: Each PEG item runs from 0 to this (0 = none, 10 = worst / completely interferes).
PEG_MAX = 10
#: Days after a week boundary during which that week's PEG can still be answered.
PEG_WINDOW_DAYS = 7

#: Expectation at the freeze runs from 0 (no help at all) to this (a great deal).
EXPECTATION_MAX = 10
EXPECTATION_QUESTION = "How much do you expect this block to help?"

#: PGIC: the 7 points, 1 = very much improved ... 7 = very much worse.
IMPRESSIONS = {
    1: "very much improved",
    2: "much improved",
    3: "minimally improved",
    4: "no change",
    5: "minimally worse",
    6: "much worse",
    7: "very much worse",
}
IMPRESSION_QUESTION = "Since the block began, my overall status is:"

#: The questions asked once per block (and so remembered when declined).
ONE_TIME_QUESTIONS = ("expectation", "impression")

#: Most doses of pain medicine one day can record.
MEDICINE_MAX = 50
MEDICINE_NAME_MAX = 60
CARE_NOTE_MAX = 200


def peg_item(value: object, key: str) -> int | None:
    """One PEG item: a whole number 0-10, or None."""
    return checks.optional_number(value, f"PEG {key}", 0, PEG_MAX, integer=True)  # type: ignore[return-value]  # integer=True


def expectation_value(value: object, *, required: bool = False) -> int | None:
    check = checks.number if required else checks.optional_number
    return check(value, "expectation", 0, EXPECTATION_MAX, integer=True)  # type: ignore[return-value]  # integer=True


def impression_value(value: object, *, required: bool = False) -> int | None:
    check = checks.number if required else checks.optional_number
    return check(value, "impression", 1, len(IMPRESSIONS), integer=True)  # type: ignore[return-value]  # integer=True


@record()
class PegAnswer:
    """One PEG-3 answer, or a skip (all three items None) so that week is not asked again."""

    day: date
    pain: int | None = None
    enjoyment: int | None = None
    activity: int | None = None
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "day", checks.iso_day(self.day, "PEG date"))
        values = [peg_item(getattr(self, key), key) for key, _ in PEG_ITEMS]
        for (key, _), value in zip(PEG_ITEMS, values, strict=True):
            s(self, key, value)
        given = [v is not None for v in values]
        if any(given) and not all(given):
            raise ValidationError("PEG", "give all three items (pain, enjoyment, activity) "
                                  "or skip the week")

    @property
    def skipped(self) -> bool:
        return self.pain is None

    @property
    def score(self) -> float | None:
        """The PEG-3 score: the mean of the three items (None for a skip)."""
        if self.skipped:
            return None
        return (self.pain + self.enjoyment + self.activity) / 3  # type: ignore[operator]  # not skipped: all set


@record()
class CareNote:
    """A dated note that other care changed: "started physio", "doubled ibuprofen"."""

    day: date
    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "day", checks.iso_day(self.day, "date"))
        object.__setattr__(self, "text", checks.text(
            self.text, "other care note", required=True, max_len=CARE_NOTE_MAX))


@record()
class BlockMeasures:
    """A block's clinician measures. Empty by default, so blocks saved before them load."""

    expectation: int | None = None
    impression: int | None = None
    medicine_name: str = ""
    peg: tuple[PegAnswer, ...] = ()
    care_notes: tuple[CareNote, ...] = ()
    #: One-time questions the person chose not to answer when asked ("expectation",
    #: "impression"): not asked again, still open to them later (Review, the command line).
    declined: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "expectation", expectation_value(self.expectation))
        s(self, "impression", impression_value(self.impression))
        s(self, "medicine_name", checks.text(self.medicine_name, "medicine name",
                                             max_len=MEDICINE_NAME_MAX))
        by_day = {a.day: a for a in self.peg}
        s(self, "peg", tuple(by_day[d] for d in sorted(by_day)))
        s(self, "care_notes", tuple(sorted(self.care_notes, key=lambda n: n.day)))
        for name in self.declined:
            checks.choice(name, "declined question", ONE_TIME_QUESTIONS)
        s(self, "declined", tuple(sorted(set(self.declined))))

    @property
    def is_empty(self) -> bool:
        return self == NO_MEASURES

    @property
    def impression_words(self) -> str | None:
        return IMPRESSIONS[self.impression] if self.impression is not None else None

    def with_peg(self, answer: PegAnswer) -> BlockMeasures:
        """These measures with ``answer`` (an answer on the same day is replaced)."""
        return replace(self, peg=(*(a for a in self.peg if a.day != answer.day), answer))

    def replace(self, **changes: Any) -> BlockMeasures:
        return replace(self, **changes)


NO_MEASURES = BlockMeasures()


# --- when PEG is asked ---------------------------------------------------------------------


def peg_checkpoints(plan: Plan) -> list[date]:
    """The days PEG is due: each full baseline week's end (the baseline's last day always),
    then the last day of each treatment week (the last one is the end of treatment)."""
    days: list[date] = []
    if plan.baseline_days > 0:
        end = plan.first_session - timedelta(days=1)
        days.append(end)
        earlier = end - timedelta(days=7)
        while earlier - timedelta(days=6) >= plan.baseline_start:
            days.append(earlier)
            earlier -= timedelta(days=7)
    days += [plan.first_session + timedelta(days=7 * w + 6) for w in range(plan.weeks)]
    return sorted(days)


def peg_checkpoint_of(plan: Plan, day: date) -> date | None:
    """The week boundary whose PEG ``day`` answers (it may come up to 6 days late)."""
    for checkpoint in reversed(peg_checkpoints(plan)):
        if checkpoint <= day < checkpoint + timedelta(days=PEG_WINDOW_DAYS):
            return checkpoint
    return None


def peg_due(plan: Plan, measures: BlockMeasures, today: date) -> date | None:
    """The week boundary whose PEG is waiting to be asked today, or None.

    Asked once per boundary: an answer or a skip on any day of its window settles it.
    """
    checkpoint = peg_checkpoint_of(plan, today)
    if checkpoint is None:
        return None
    if any(peg_checkpoint_of(plan, a.day) == checkpoint for a in measures.peg):
        return None
    return checkpoint


def impression_due(plan: Plan, measures: BlockMeasures, today: date) -> bool:
    """PGIC is asked once, from the day after the treatment phase, until it is answered
    or declined."""
    return (measures.impression is None and "impression" not in measures.declined
            and today > plan.treatment_end)


def expectation_due(block: Block, today: date) -> bool:
    """Expectation is asked once, from the day the baseline begins (before any session can
    colour it), until it is answered or declined; not after the treatment phase."""
    m = block.measures
    return (m.expectation is None and "expectation" not in m.declined
            and block.plan.baseline_start <= today <= block.current.treatment_end)


def peg_week_words(plan: Plan, checkpoint: date) -> str:
    """"the end of the baseline", "treatment week 2", "the end of treatment"."""
    if checkpoint < plan.first_session:
        if checkpoint == plan.first_session - timedelta(days=1):
            return "the end of the baseline"
        return "this baseline week"
    if checkpoint == plan.treatment_end:
        return "the end of treatment"
    return f"treatment week {(checkpoint - plan.first_session).days // 7 + 1}"


def due_question(block: Block, today: date) -> tuple[str, str] | None:
    """The clinician question waiting today, as (``peg`` | ``expectation`` | ``impression``,
    the words that ask it), or None. PEG first: it is the one tied to a week."""
    plan, m = block.current, block.measures
    checkpoint = peg_due(plan, m, today)
    if checkpoint is not None:
        return "peg", f"PEG-3 for {peg_week_words(plan, checkpoint)} is due (three numbers 0-10)"
    if expectation_due(block, today):
        return "expectation", "Before the block: how much do you expect it to help (0-10)"
    if impression_due(plan, m, today):
        return "impression", "Treatment has ended: how would you rate the change (1-7)"
    return None
