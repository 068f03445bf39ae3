"""``journal log``, ``journal session`` and ``journal side-effect``: the daily records."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from journal.commands.common import (
    EXIT_OK,
    Context,
    add_command,
    date_option,
    echo_day,
    examples,
    num,
    parse_day,
    split_list,
)
from journal.domain.models import DAY_NUMBERS
from journal.domain.models import SIDE_EFFECT_KINDS as MODEL_KINDS
from journal.formats import money

if TYPE_CHECKING:
    from journal.domain.models import DayEntry, Journal, Session

#: The options that set a day's fields: one per number of DAY_NUMBERS, then the rest.
DAY_OPTIONS = (*(f.option for f in DAY_NUMBERS), "--flare", "--no-flare", "--note")

#: ``journal log --help`` for each number of a day; ``{range}`` is filled in from the
#: number's limits in DAY_NUMBERS, so the help never disagrees with validation.
_NUMBER_HELP = {
    "pain": ("X", "pain on the block's scale (0-10 or 0-100), e.g. 4 or 3.5"),
    "function": ("Y", "your function marker, a number of 0 or more, e.g. 20"),
    "sleep_wakings": ("N", "night wakings, {range}, e.g. 2"),
    "mood": ("N", "mood/anxiety, {range}, e.g. 3"),
    "fatigue": ("N", "fatigue, {range}, e.g. 5"),
    "medicine": ("N", "doses of pain medicine taken that day, {range} (0 for none), e.g. 2 "
                 "(name it once per block: journal care --medicine-name TEXT)"),
}

SIDE_EFFECT_KINDS = tuple(MODEL_KINDS)


def register(sub: argparse._SubParsersAction, data_parent: argparse.ArgumentParser) -> None:
    log = add_command(
        sub, "log", run_log, parents=[data_parent],
        help="log a day: pain, function, sleep, mood, fatigue, flare-up, note",
        epilog=examples(
            "journal log --pain 4 --function 20",
            'journal log --date yesterday --sleep-wakings 2 --note "stiff after the drive"',
            "journal log --pain 7 --flare",
            "journal log --date 2026-11-19 --no-flare",
            "journal log --function 95 --yes"))
    date_option(log)
    for number in DAY_NUMBERS:
        metavar, text = _NUMBER_HELP[number.name]
        log.add_argument(number.option, metavar=metavar, help=text.format(
            range=f"{number.low:g} to {number.high:g}"))
    flare = log.add_mutually_exclusive_group()
    flare.add_argument("--flare", action="store_true",
                       help="mark the day as a flare-up, e.g. --flare")
    flare.add_argument("--no-flare", action="store_true",
                       help="clear a flare-up mark, e.g. --no-flare")
    log.add_argument("--note", metavar="TEXT",
                     help='a short note, e.g. "slept badly"; --note "" clears it')
    log.add_argument("--yes", action="store_true",
                     help="save a value far outside your usual range without asking (for "
                     "scripts), e.g. --function 200 --yes")

    session = add_command(
        sub, "session", run_session, parents=[data_parent],
        help="record a session as it happened",
        epilog=examples(
            "journal session",
            "journal session --minutes 40 --pressure moderate --tolerance too-strong",
            'journal session --date yesterday --areas "neck,shoulders" --cost 55 '
            '--note "new therapist"'))
    date_option(session, example="today")
    session.add_argument("--minutes", metavar="N", help="minutes, 1 to 480, e.g. 45")
    session.add_argument("--pressure", metavar="TEXT",
                         help="light, moderate, firm or your own words, e.g. moderate")
    session.add_argument("--areas", metavar="A,B",
                         help='areas worked on, separated by commas, e.g. "low back,neck"')
    session.add_argument("--cost", metavar="X", help="what it cost, e.g. 60")
    session.add_argument("--tolerance", choices=("ok", "too-light", "too-strong"),
                         help="was the intensity tolerable, e.g. too-strong (default: ok)")
    session.add_argument("--note", metavar="TEXT", help='e.g. "therapist ran late"')

    effect = add_command(
        sub, "side-effect", run_side_effect, parents=[data_parent],
        help="record a side effect after a session",
        epilog=examples(
            "journal side-effect soreness --severity 1",
            "journal side-effect --date yesterday pain-increase --severity 2 --settled no",
            "journal side-effect --date 2026-11-18 soreness --severity 1 --settled yes"))
    date_option(effect, "the day it started")
    effect.add_argument("kind", metavar="KIND", choices=SIDE_EFFECT_KINDS,
                        help="one of " + ", ".join(SIDE_EFFECT_KINDS) + ", e.g. soreness")
    effect.add_argument("--severity", required=True, metavar="1|2|3",
                        help="1 mild, 2 moderate, 3 severe, e.g. 1")
    effect.add_argument("--settled", choices=("yes", "no"),
                        help="has it settled, e.g. yes (default: not said yet)")


def describe_entry_fields(entry: DayEntry, fields: dict[str, Any], journal: Journal) -> str:
    """``pain 4, walking minutes before stopping 20`` for the fields just given."""
    block = journal.block_for(entry.day)
    marker = block.current.function if block else None
    parts = []
    if "pain" in fields:
        parts.append(f"pain {num(entry.pain)}" if entry.pain is not None else "pain cleared")
    if "function" in fields:
        name = marker.name if marker else "function"
        if entry.function is None:
            parts.append(f"{name} cleared")
        else:
            parts.append(marker.value_words(num(entry.function)) if marker
                         else f"{name} {num(entry.function)}")
    for key, label in (("sleep_wakings", "night wakings"), ("mood", "mood"),
                       ("fatigue", "fatigue")):
        if key in fields:
            value = getattr(entry, key)
            parts.append(f"{label} {num(value)}" if value is not None else f"{label} cleared")
    if "flare" in fields:
        parts.append("flare-up" if entry.flare else "no flare-up")
    if "note" in fields:
        parts.append(f"note {_short(entry.note)}" if entry.note else "note cleared")
    if "medicine" in fields:
        parts.append(f"pain medicine {entry.medicine} dose{'s' if entry.medicine != 1 else ''}"
                     if entry.medicine is not None else "pain medicine cleared")
    return ", ".join(parts)


def _short(text: str, width: int = 40) -> str:
    one_line = " ".join(text.split())
    return repr(one_line if len(one_line) <= width else one_line[: width - 3] + "...")


def run_log(args: argparse.Namespace, ctx: Context) -> int:
    """Log one calendar day. Logging a date again updates only the fields you give and says
    "updated". Pain is checked against the scale of the block that covers the date (0-10 when none
    does). A date in the future is refused.
    """
    from journal.domain.errors import ValidationError

    fields: dict[str, Any] = {}
    for key in (*(f.name for f in DAY_NUMBERS), "note"):
        value = getattr(args, key)
        if value is not None:
            fields[key] = value
    if args.flare:
        fields["flare"] = True
    elif args.no_flare:
        fields["flare"] = False
    if not fields:
        raise ValidationError("nothing to log", "give at least one of " + ", ".join(DAY_OPTIONS))
    store = ctx.open_store()
    day = parse_day(args.date, store.clock.today())
    if "pain" in fields:  # on the scale of the day's block, also when the text is no number
        from journal.domain import checks

        fields["pain"] = checks.optional_number(fields["pain"], "pain", 0,
                                                store.journal.pain_scale_for(day))
    if not args.yes:
        _check_plausible(store.journal, day, fields)
    entry, created = store.log_day(day, **fields)
    verb = "logged" if created else "updated"
    shown = echo_day(day, args.date, store.clock.today())
    print(f"{verb} {shown}: {describe_entry_fields(entry, fields, store.journal)}")
    return EXIT_OK


def _check_plausible(journal: Journal, day: Any, fields: dict[str, Any]) -> None:
    """Refuse (exit 2) a value far outside the person's history unless --yes confirms it.

    The same rule as on the Log screen (:mod:`journal.domain.plausible`); values that are not
    numbers at all are left to the store's own check and message.
    """
    from journal.commands.common import CommandError
    from journal.domain import plausible

    values: dict[str, float] = {}
    for key in plausible.CHECKED:
        try:
            values[key] = float(fields[key])
        except (KeyError, TypeError, ValueError):
            continue
    if not values:
        return
    block = journal.block_for(day)
    marker = block.current.function if block else None
    unusual = plausible.unusual_values(values, journal, day, marker)
    if unusual:
        options = " ".join(f"--{k.replace('_', '-')} {fields[k]}" for k in unusual)
        raise CommandError("not saved: " + "; ".join(unusual.values())
                           + f". If it is right, run again with --yes ({options} --yes).")


def describe_session(session: Session, currency: str = "") -> str:
    parts = [f"{session.minutes} minutes", f"{session.pressure} pressure"]
    if session.areas:
        parts.append(", ".join(session.areas))
    if session.cost is not None:
        parts.append(f"cost {money(session.cost, currency)}")
    parts.append(f"tolerance {session.tolerance}")
    if session.note:
        parts.append(f"note {_short(session.note)}")
    return ", ".join(parts)


def run_session(args: argparse.Namespace, ctx: Context) -> int:
    """Record the session delivered on a date (one per date). What you leave out comes from the
    session already recorded that day, else from the plan of the block that covers the date; without
    a covering block --minutes is required.
    """
    from journal.domain.errors import ValidationError
    from journal.domain.models import Session

    store = ctx.open_store()
    day = parse_day(args.date, store.clock.today())
    journal = store.journal
    existing = journal.sessions.get(day)
    values: dict[str, Any]
    if existing is not None:
        values = {"minutes": existing.minutes, "pressure": existing.pressure,
                  "areas": existing.areas, "cost": existing.cost,
                  "tolerance": existing.tolerance, "note": existing.note}
    else:
        block = journal.block_covering(day)
        if block is None and args.minutes is None:
            raise ValidationError("minutes", f"is required: no block covers {day}, so there "
                                  "is no planned dose to start from (e.g. --minutes 45)")
        plan = block.current if block else None
        values = {"minutes": plan.minutes if plan else None,
                  "pressure": plan.pressure if plan else "light",
                  "areas": plan.areas if plan else (),
                  "cost": plan.cost_per_session if plan else None,
                  "tolerance": "ok", "note": ""}
    for key in ("minutes", "pressure", "cost", "tolerance", "note"):
        value = getattr(args, key)
        if value is not None:
            values[key] = value
    if args.areas is not None:
        values["areas"] = split_list(args.areas)
    session = Session(day=day, block_id=existing.block_id if existing else None,
                      recorded_at=existing.recorded_at if existing else None, **values)
    saved, created = store.save_session(session)
    verb = "logged" if created else "updated"
    covering = store.journal.block_covering(day)
    currency = covering.current.currency if covering else ""
    shown = echo_day(day, args.date, store.clock.today())
    print(f"{verb} session {shown}: {describe_session(saved, currency)}")
    return EXIT_OK


def run_side_effect(args: argparse.Namespace, ctx: Context) -> int:
    """Record a side effect felt after a session. Recording the same kind on the same date again
    updates it (use this to say it settled). One that has not settled before the next session is a
    signal to reconsider the dose.
    """
    from journal.domain import checks
    from journal.domain.errors import ValidationError
    from journal.domain.models import SEVERITIES

    severity = int(checks.number(args.severity, "severity", 1, 3, integer=True))
    settled = None if args.settled is None else args.settled == "yes"
    store = ctx.open_store()
    day = parse_day(args.date, store.clock.today())
    same = next((s for s in store.journal.side_effects_on(day) if s.kind == args.kind), None)
    if same is None:
        effect = store.add_side_effect(day, args.kind, severity, settled)
        verb = "recorded"
    else:
        if same.severity != severity:
            raise ValidationError(
                "severity", f"{same.label} on {day} is already recorded as "
                f"{SEVERITIES[same.severity]} ({same.severity}); give --severity "
                f"{same.severity} to update whether it settled")
        if args.settled is None or same.settled == settled:
            effect, verb = same, "already recorded:"
        else:
            effect, verb = store.set_settled(same.id, settled), "updated"
    settled_words = {None: "not said yet", True: "yes", False: "no"}[effect.settled]
    shown = echo_day(day, args.date, store.clock.today())
    print(f"{verb} side effect {shown}: {effect.label}, {SEVERITIES[effect.severity]} "
          f"({effect.severity}), settled: {settled_words}")
    return EXIT_OK
