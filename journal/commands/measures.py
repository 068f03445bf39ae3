"""``journal peg``, ``impression``, ``expectation`` and ``care``: the clinician measures.

What they mean and where they come from: :mod:`journal.domain.clinical`. Each belongs to one
block (the one covering the date, else the most recent one before it; or ``--block NAME``).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from journal.commands.common import (
    EXIT_OK,
    Context,
    add_command,
    block_option,
    date_option,
    examples,
    parse_day,
)

if TYPE_CHECKING:
    from datetime import date

    from journal.domain.clinical import BlockMeasures
    from journal.domain.models import Block, Journal


def register(sub: argparse._SubParsersAction, data_parent: argparse.ArgumentParser) -> None:
    peg = add_command(
        sub, "peg", run_peg, parents=[data_parent],
        help="answer PEG-3 for the past week: pain, enjoyment, activity (each 0-10)",
        epilog=examples("journal peg --pain 5 --enjoyment 4 --activity 6",
                        "journal peg --date yesterday --pain 3 --enjoyment 3 --activity 2",
                        "journal peg --skip"))
    date_option(peg, "the day answered")
    peg.add_argument("--pain", metavar="N", help="average pain in the past week, 0-10, e.g. 5")
    peg.add_argument("--enjoyment", metavar="N",
                     help="interference with enjoyment of life, 0-10, e.g. 4")
    peg.add_argument("--activity", metavar="N",
                     help="interference with general activity, 0-10, e.g. 6")
    peg.add_argument("--skip", action="store_true",
                     help="skip this week's PEG (not asked again this week), e.g. --skip")

    imp = add_command(
        sub, "impression", run_impression, parents=[data_parent],
        help="rate the block's change overall, 1 (very much improved) to 7 (very much worse)",
        epilog=examples("journal impression 2", 'journal impression 4 --block "Autumn back"'))
    imp.add_argument("value", metavar="N", help="1 to 7, e.g. 2")
    block_option(imp, "Autumn back", "the running or most recent one")

    exp = add_command(
        sub, "expectation", run_expectation, parents=[data_parent],
        help="how much you expect the block to help, 0-10 (asked when the plan freezes)",
        epilog=examples("journal expectation 6", 'journal expectation 3 --block "Neck"'))
    exp.add_argument("value", metavar="N", help="0 to 10, e.g. 6")
    block_option(exp, "Neck", "the running or next one")

    care = add_command(
        sub, "care", run_care, parents=[data_parent],
        help='note that other care changed, e.g. "started physio"; or name your pain medicine',
        epilog=examples('journal care "started physiotherapy, weekly"',
                        'journal care --date 2026-11-02 "ibuprofen doubled"',
                        'journal care --medicine-name "ibuprofen 400 mg"'))
    care.add_argument("note", metavar="TEXT", nargs="?",
                      help='what changed, e.g. "started physiotherapy"')
    date_option(care, "when it changed")
    care.add_argument("--medicine-name", metavar="TEXT",
                      help='the pain medicine you log doses of, e.g. "paracetamol"')


def _block_for_day(journal: Journal, day: date) -> Block:
    from journal.domain.errors import ValidationError

    block = journal.block_for(day)
    if block is None:
        raise ValidationError("date", f"no block covers {day} or ended before it; plan one "
                              "first (journal block add)")
    return block


def _block_named(journal: Journal, name: str | None, today: date) -> Block:
    from journal.report import resolve_block

    return resolve_block(journal, name, today)


def run_peg(args: argparse.Namespace, ctx: Context) -> int:
    """Record PEG-3 (Krebs et al., J Gen Intern Med 2009) for the past week: your average pain, how
    much pain interfered with your enjoyment of life, and with your general activity, each 0-10; the
    score is their mean. It is asked once a week, at the end of the baseline and of each treatment
    week. Answering the same date again replaces that answer; --skip records that you chose not to
    answer this week.
    """
    from journal.domain.clinical import PegAnswer, peg_checkpoint_of, peg_week_words
    from journal.domain.errors import ValidationError
    from journal.formats import num as score

    items = (args.pain, args.enjoyment, args.activity)
    if args.skip and any(v is not None for v in items):
        raise ValidationError("PEG", "give the three items or --skip, not both")
    if not args.skip and any(v is None for v in items):
        raise ValidationError("PEG", "give all three: --pain N --enjoyment N --activity N "
                              "(each 0-10), or --skip")
    store = ctx.open_store()
    today = store.clock.today()
    day = parse_day(args.date, today)
    if day > today:
        raise ValidationError("date", f"cannot be in the future (today is {today})")
    block = _block_for_day(store.journal, day)
    pain, enjoyment, activity = (None, None, None) if args.skip else items
    answer = PegAnswer(day, pain, enjoyment, activity, recorded_at=store.clock.now())
    store.update_measures(block.id, lambda b: b.measures.with_peg(answer))
    checkpoint = peg_checkpoint_of(block.current, day)
    week = f" for {peg_week_words(block.current, checkpoint)}" if checkpoint else ""
    if answer.skipped:
        print(f"skipped PEG-3{week} ({day}, block {block.name!r})")
    else:
        print(f"PEG-3{week} ({day}, block {block.name!r}): pain {answer.pain}, enjoyment "
              f"{answer.enjoyment}, activity {answer.activity}; score {score(answer.score)}")
    return EXIT_OK


def run_impression(args: argparse.Namespace, ctx: Context) -> int:
    """Record your global impression of change (PGIC) for a block: 1 very much improved, 2 much
    improved, 3 minimally improved, 4 no change, 5 minimally worse, 6 much worse, 7 very much worse.
    It is asked when the treatment phase ends and is shown beside the verdict; rating again replaces
    it.
    """
    from journal.domain.clinical import IMPRESSIONS, impression_value

    value = impression_value(args.value, required=True)
    assert value is not None  # required=True
    name = _set_measure(args, ctx, impression=value)
    print(f"impression of change for {name!r}: {value} ({IMPRESSIONS[value]})")
    return EXIT_OK


def run_expectation(args: argparse.Namespace, ctx: Context) -> int:
    """Record how much you expect the block to help, 0 (not at all) to 10 (a great deal). It is
    asked once when the plan freezes and shown in the report, because expectation colours both pain
    and how a change is judged.
    """
    from journal.domain.clinical import EXPECTATION_MAX, expectation_value

    value = expectation_value(args.value, required=True)
    name = _set_measure(args, ctx, expectation=value)
    print(f"expectation for {name!r}: {value} of {EXPECTATION_MAX}")
    return EXIT_OK


def _set_measure(args: argparse.Namespace, ctx: Context, **value: int | None) -> str:
    """Store one of the block's once-per-block answers (``--block``, else the current one);
    the block's name, for the confirmation."""
    store = ctx.open_store()
    block = _block_named(store.journal, args.block, store.clock.today())
    store.update_measures(block.id, lambda b: b.measures.replace(**value))
    return block.name


def run_care(args: argparse.Namespace, ctx: Context) -> int:
    """Note, with its date, that other care changed during a block (a new treatment, a changed
    dose): the report shows these beside the verdict, because they may explain part of a change.
    --medicine-name keeps the name of the pain medicine whose daily doses you log with `journal log
    --medicine N`.
    """
    from journal.domain.clinical import CareNote
    from journal.domain.errors import ValidationError

    if args.note is None and args.medicine_name is None:
        raise ValidationError("care", 'give what changed, e.g. journal care "started physio", '
                              "or --medicine-name TEXT")
    store = ctx.open_store()
    today = store.clock.today()
    day = parse_day(args.date, today)
    if day > today:
        raise ValidationError("date", f"cannot be in the future (today is {today})")
    block = _block_for_day(store.journal, day)
    note = CareNote(day, args.note) if args.note is not None else None

    def change(b: Block) -> BlockMeasures:
        m = b.measures
        if note is not None:
            m = m.replace(care_notes=(*m.care_notes, note))
        if args.medicine_name is not None:
            m = m.replace(medicine_name=args.medicine_name)
        return m

    store.update_measures(block.id, change)
    if note is not None:
        print(f"noted for {block.name!r} on {day}: other care changed: {note.text}")
    if args.medicine_name is not None:
        print(f"pain medicine for {block.name!r}: {args.medicine_name.strip() or '(no name)'}")
    return EXIT_OK
