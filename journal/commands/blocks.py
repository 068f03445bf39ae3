"""``journal block add|list|amend|show``: plan a block, see the blocks, change a plan.

``amend`` does what saving on the Plan screen does: until the first day inside the block is
logged the change is a plain edit; afterwards it is a dated amendment with a required reason,
and the original plan stays (the verdict uses it). Both go through ``Store.update_block``.
"""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from journal.commands.common import (
    DATE_HELP,
    EXIT_OK,
    Context,
    HelpFormatter,
    add_command,
    examples,
    labelled,
    num,
    parse_day,
    split_list,
    table,
)

if TYPE_CHECKING:
    from datetime import date

    from journal.domain.models import Block, Plan


def register(sub: argparse._SubParsersAction, data_parent: argparse.ArgumentParser) -> None:
    block = sub.add_parser(
        "block", help="plan a block of sessions, list, show or amend the blocks",
        description="Plan a block of massage sessions before it starts, list the blocks, show "
        "a plan with its amendments, or amend it.",
        formatter_class=HelpFormatter,
        epilog=examples("journal block add --help", "journal block list",
                        "journal block show NAME", "journal block amend --help"))
    block_sub = block.add_subparsers(dest="block_command", metavar="ACTION", required=True)

    add = add_command(
        block_sub, "add", run_add, parents=[data_parent],
        help="plan a new block",
        epilog=examples(
            'journal block add --name "Autumn back block" --start 2026-11-24 --weeks 6 \\',
            '    --sessions-per-week 2 --minutes 45 --areas "low back,neck" --pressure light \\',
            '    --function-name "walking minutes before stopping" --function-unit minutes \\',
            "    --function-better higher --function-threshold 5 --cost-per-session 60",
            'journal block add --name "Neck, spring" --start 2027-03-01 --weeks 4 '
            "--sessions-per-week 1 --minutes 30 --scale 100 --pain-threshold 15"))
    _plan_options(add, new=True)
    design = add.add_argument_group(
        "design (optional)", "A-B is baseline then treatment. A-B-A adds a planned pause "
        "without sessions; A-B-A-B adds a second treatment phase after it. If pain returns in "
        "the pause and eases again, the sessions are a more plausible cause.")
    design.add_argument("--design", default="AB", type=str.upper, choices=("AB", "ABA", "ABAB"),
                        help="AB (default), ABA or ABAB, e.g. --design ABAB")
    design.add_argument("--pause-weeks", default=None, metavar="N",
                        help="weeks of the planned pause, 1 to 26 (default 2), e.g. 3")
    design.add_argument("--second-weeks", default=None, metavar="N",
                        help="weeks of the second treatment phase (default: as long as the "
                        "first), e.g. 4")
    design.add_argument("--follow-up-weeks", default=None, metavar="N",
                        help="weeks of logging only after the last session, 0 to 52 "
                        "(default 4), e.g. 6")
    design.add_argument("--carry-over-days", default=None, metavar="N",
                        help="days after each switch left out of comparisons, 0 to 6 "
                        "(default 2), e.g. 1")
    design.add_argument("--start-window", metavar="FROM:TO",
                        help="instead of --start: the app draws the first session at random "
                        "from these dates, e.g. 2026-12-01:2026-12-20 (20 dates allow p < 0.05)")
    design.add_argument("--seed", metavar="N",
                        help="seed for the draw (default: a new random one), e.g. 4711")

    amend = add_command(
        block_sub, "amend", run_amend, parents=[data_parent],
        help="change a block's plan (a dated amendment once its days are logged)",
        epilog=examples(
            'journal block amend "Autumn back block" --minutes 60 --reason "therapist advised"',
            'journal block amend "Autumn back block" --no-function --reason "knee injury"'))
    amend.add_argument("block_name", metavar="NAME", help="the block's name, e.g. "
                       '"Autumn back block"')
    amend.add_argument("--reason", metavar="TEXT",
                       help="why the plan changes, one line; required once days inside the "
                       'block are logged, e.g. "therapist advised shorter sessions"')
    _plan_options(amend, new=False)

    show = add_command(
        block_sub, "show", run_show, parents=[data_parent],
        help="show a block's plan: the original, each amendment and its date",
        epilog=examples('journal block show "Autumn back block"',
                        'journal block show "Autumn back block" --format json'))
    show.add_argument("block_name", metavar="NAME", help='the block\'s name, e.g. "Autumn back '
                      'block"')
    show.add_argument("--format", choices=("text", "json"), default="text",
                      help="text for people, json for scripts, e.g. --format json")

    lst = add_command(
        block_sub, "list", run_list, parents=[data_parent],
        help="list the blocks",
        epilog=examples("journal block list", "journal block list --format json"))
    lst.add_argument("--format", choices=("table", "json"), default="table",
                     help="table for people, json for scripts, e.g. --format json")



def _plan_options(parser: argparse.ArgumentParser, *, new: bool) -> None:
    """The plan's options, written once for ``block add`` (``new``: the required ones and the
    defaults) and ``block amend`` (only what is given changes), so each range reads the same."""
    def default(text: str) -> str:
        return f" (default: {text})" if new else ""

    parser.add_argument("--name", metavar="NAME", required=new,
                        help='a name you will recognise, e.g. "Autumn back block"' if new
                        else 'a new name, e.g. "Winter back block"')
    parser.add_argument("--start", metavar="DATE",
                        help=f"date of the first session ({DATE_HELP}), e.g. 2026-11-24"
                        + (" (or --start-window for a randomly drawn one)" if new else ""))
    parser.add_argument("--weeks", metavar="N", required=new,
                        help="weeks of treatment, 1 to 52, e.g. 6")
    parser.add_argument("--sessions-per-week", metavar="N", required=new,
                        help="sessions a week, 1 to 7, e.g. 2")
    parser.add_argument("--minutes", metavar="N", required=new,
                        help="minutes per session, 1 to 240, e.g. 45")
    parser.add_argument("--baseline-days", metavar="N", default="7" if new else None,
                        help="days of logging before the first session, 0 to 60, e.g. 7")
    parser.add_argument("--scale", choices=("10", "100"), default="10" if new else None,
                        help="pain scale: 10 means 0-10, 100 means 0-100, e.g. --scale 100"
                        + ("" if new else " (refused once the block holds logged pain)"))
    parser.add_argument("--function-name", metavar="TEXT",
                        help='your function marker, e.g. "walking minutes before stopping" '
                        "(needs --function-better)" if new
                        else 'a new function marker, e.g. "night wakings from pain"')
    parser.add_argument("--function-unit", metavar="TEXT",
                        help="its unit, e.g. minutes" + default("none"))
    parser.add_argument("--function-better", choices=("higher", "lower"),
                        help="which direction is better, e.g. higher for walking minutes, "
                        "lower for night wakings")
    if not new:
        parser.add_argument("--no-function", action="store_true",
                            help="drop the function marker (the rule is then about pain "
                            "alone), e.g. after an injury unrelated to the block")
    parser.add_argument("--pressure", metavar="TEXT",
                        help="light, moderate, firm or your own words, e.g. light"
                        + default("light"))
    parser.add_argument("--areas", metavar="A,B",
                        help='target areas separated by commas, e.g. "low back,shoulders"')
    parser.add_argument("--technique", metavar="TEXT", help="e.g. Swedish")
    parser.add_argument("--therapist", metavar="TEXT", help='e.g. "R. Okafor"')
    parser.add_argument("--cost-per-session", metavar="X", help="e.g. 60")
    parser.add_argument("--pain-threshold", metavar="X",
                        help="pain improvement that counts as working, in scale points, above "
                        "0, e.g. 1.5" + default("1 on 0-10, 10 on 0-100"))
    parser.add_argument("--function-threshold", metavar="X",
                        help="function improvement that counts as working, in its unit, above "
                        "0, e.g. 5" + default("1"))

def build_plan(args: argparse.Namespace, today: date) -> Plan:
    """The plan the options describe; every value is validated by the model."""
    from journal.domain.errors import ValidationError
    from journal.domain.models import DEFAULT_PAIN_CHANGE, FunctionMarker, Plan, Rule

    marker = None
    if args.function_name is None:
        if args.function_unit is not None or args.function_better is not None:
            raise ValidationError("function marker name", "is required when --function-unit "
                                  'or --function-better is given (e.g. --function-name '
                                  '"walking minutes before stopping")')
        if args.function_threshold is not None:
            raise ValidationError("function change needed", "needs a function marker: give "
                                  "--function-name and --function-better too")
    else:
        if args.function_better is None:
            raise ValidationError("better direction", "is required with --function-name: "
                                  "must be one of higher, lower")
        marker = FunctionMarker(args.function_name, args.function_unit or "",
                                args.function_better)
    scale = int(args.scale)
    pain_change = (args.pain_threshold if args.pain_threshold is not None
                   else DEFAULT_PAIN_CHANGE[scale])
    rule = Rule(pain_change, args.function_threshold)
    rule.check_positive()
    return Plan(
        **design_kwargs(args, today),
        name=args.name,
        weeks=args.weeks,
        sessions_per_week=args.sessions_per_week,
        minutes=args.minutes,
        baseline_days=args.baseline_days,
        pain_scale=scale,
        function=marker,
        rule=rule,
        areas=split_list(args.areas),
        pressure=args.pressure or "light",
        technique=args.technique or "",
        therapist=args.therapist or "",
        cost_per_session=args.cost_per_session,
    )


def design_kwargs(args: argparse.Namespace, today: date) -> dict[str, Any]:
    """The first session (or the start window and seed) and the design options as Plan
    arguments; options left out keep the model's defaults."""
    from journal.domain.errors import ValidationError

    out: dict[str, Any] = {"design": args.design}
    for key in ("pause_weeks", "second_weeks", "follow_up_weeks", "carry_over_days"):
        if getattr(args, key) is not None:
            out[key] = getattr(args, key)
    if (args.start is None) == (args.start_window is None):
        raise ValidationError("first session date", "give either --start DATE or "
                              "--start-window FROM:TO (a randomly drawn first session)")
    if args.start is not None:
        if args.seed is not None:
            raise ValidationError("seed", "is only used with --start-window")
        out["first_session"] = parse_day(args.start, today, "first session date")
        return out
    first, sep, last = args.start_window.partition(":")
    if not sep:
        raise ValidationError("start window", "must be FROM:TO, e.g. 2026-12-01:2026-12-20")
    out["window_from"] = parse_day(first, today, "start window")
    out["window_to"] = parse_day(last, today, "start window")
    out["first_session"] = out["window_from"]  # replaced by the draw
    if args.seed is None:
        import random

        out["seed"] = random.SystemRandom().randrange(1, 1_000_000)
    else:
        out["seed"] = args.seed
    return out


def design_rows(plan: Plan) -> list[tuple[str, str]]:
    """The design's phases (and the randomised draw) as labelled rows, for add and show."""
    from journal.analysis.randomisation import smallest_p_words
    from journal.domain.models import PHASE_LABELS

    rows: list[tuple[str, str]] = []
    if plan.window_from is not None:
        rows.append(("start window", f"{plan.window_from} to {plan.window_to}: "
                     + smallest_p_words(plan.admissible_starts)))
        rows.append(("drawn date", f"{plan.first_session} (seed {plan.seed}): book the first "
                     "session on this day"))
    if plan.design != "AB":
        rows.append(("design", plan.design))
    for kind, start, end in plan.design_phases():
        if kind in ("pause", "treatment-2", "follow-up"):
            what = {"pause": "no sessions; keep logging",
                    "treatment-2": "sessions again, as in the first treatment phase",
                    "follow-up": "no sessions; keep logging to see whether relief lasts"}[kind]
            rows.append((PHASE_LABELS[kind].lower(), f"{start} to {end} ({what})"))
    if plan.carry_over_days and plan.design != "AB":
        rows.append(("carry-over", f"first {plan.carry_over_days} days after each switch left "
                     "out of comparisons"))
    return rows


def rule_words(plan: Plan) -> str:
    """The go/no-go rule in one line."""
    assert plan.rule is not None
    change = plan.rule.pain_change
    words = (f"pain down by at least {num(change)} point{'s' if change != 1 else ''} "
             f"(0-{plan.pain_scale} scale)")
    marker = plan.function
    if marker is not None and plan.rule.function_change is not None:
        way = "up" if marker.better == "higher" else "down"
        unit = f" {marker.unit}" if marker.unit else ""
        words += f"; {marker.name} {way} by at least {num(plan.rule.function_change)}{unit}"
    return words


def phase_rows(p: Plan) -> list[tuple[str, str]]:
    """Baseline, treatment and the design's phases (with a drawn date), for add and show."""
    dose = (f"{p.weeks} week{'s' if p.weeks != 1 else ''}, {p.sessions_per_week} "
            f"session{'s' if p.sessions_per_week != 1 else ''} a week, {p.minutes} minutes each")
    rows = []
    if p.baseline_days:
        rows.append(("baseline", f"{p.baseline_start} to {p.first_session - timedelta(days=1)} "
                     f"({(p.first_session - p.baseline_start).days} days: log pain and "
                     "function only)"))
    rows.append(("treatment", f"{p.first_session} to {p.treatment_end} ({dose})"))
    return rows + design_rows(p)


def run_add(args: argparse.Namespace, ctx: Context) -> int:
    """Plan a new block. --start is the date of the first session; the baseline is the
    --baseline-days days before it (log pain and function only), the treatment phase is --weeks x 7
    days from it. Thresholds are the improvements the go/no-go rule asks for, in the units of the
    pain scale and of the function marker. Names are unique and blocks may not overlap.
    """
    store = ctx.open_store()
    plan = build_plan(args, store.clock.today())
    p = store.add_block(plan).current
    rows = [*phase_rows(p), ("rule", rule_words(p))]
    print(f'added block "{p.name}"')
    print(labelled([(f"  {label}", value) for label, value in rows]), end="")
    return EXIT_OK


def block_summary(block: Block, today: date) -> dict[str, Any]:
    """One block for ``block list --format json``: identity, dates, dose, where today is."""
    p = block.current
    return {
        "id": block.id,
        "name": p.name,
        "baseline_start": p.baseline_start.isoformat(),
        "first_session": p.first_session.isoformat(),
        "treatment_end": p.treatment_end.isoformat(),
        "weeks": p.weeks,
        "sessions_per_week": p.sessions_per_week,
        "minutes": p.minutes,
        "pain_scale": p.pain_scale,
        "design": p.design,
        "block_end": p.block_end.isoformat(),
        "phase": p.phase(today),
        "position": p.position(today),
        "amendments": len(block.amendments),
        "plan": p.flat(),
    }


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """List the blocks with their dates, dose and where today falls in each.
    """
    store = ctx.open_store()
    today = store.clock.today()
    blocks = store.journal.blocks_by_start()
    if args.format == "json":
        from journal.printable import shown_json

        print(shown_json(json.dumps([block_summary(b, today) for b in blocks], indent=2,
                                    ensure_ascii=False)))
        return EXIT_OK
    if not blocks:
        print("No blocks yet. Plan one with: journal block add --help")
        return EXIT_OK
    rows = []
    for b in blocks:
        p = b.current
        amended = " (amended)" if b.amendments else ""
        rows.append([p.name + amended, str(p.baseline_start), str(p.first_session),
                     str(p.treatment_end),
                     f"{p.weeks} wk x {p.sessions_per_week}/wk x {p.minutes} min",
                     f"0-{p.pain_scale}", p.position(today)])
    print(table(rows, ["name", "baseline from", "first session", "treatment to", "dose",
                       "pain", "today"]), end="")
    return EXIT_OK


# --- amend / show --------------------------------------------------------------------------


def find_block(journal: Any, name: str) -> Block:
    """The block called ``name`` (any case), or a ValidationError listing the names."""
    from journal.domain.errors import ValidationError

    found = journal.block_by_name(name)
    if found is None:
        names = ", ".join(f'"{b.name}"' for b in journal.blocks_by_start()) or "none yet"
        raise ValidationError("block name", f'no block is named "{name}" (blocks: {names})')
    return found


def amended_plan(current: Plan, args: argparse.Namespace, today: date) -> Plan:
    """``current`` with the options given on the command line; the model validates it all."""
    from journal.domain.errors import ValidationError
    from journal.domain.models import DEFAULT_PAIN_CHANGE, FunctionMarker, Rule

    changes: dict[str, Any] = {}
    for option, field in (("name", "name"), ("weeks", "weeks"),
                          ("sessions_per_week", "sessions_per_week"), ("minutes", "minutes"),
                          ("baseline_days", "baseline_days"), ("pressure", "pressure"),
                          ("technique", "technique"), ("therapist", "therapist"),
                          ("cost_per_session", "cost_per_session")):
        value = getattr(args, option)
        if value is not None:
            changes[field] = value
    if args.start is not None:
        changes["first_session"] = parse_day(args.start, today, "first session date")
    if args.areas is not None:
        changes["areas"] = split_list(args.areas)
    scale = int(args.scale) if args.scale is not None else current.pain_scale
    changes["pain_scale"] = scale
    assert current.rule is not None
    marker = current.function
    if args.no_function:
        if args.function_name or args.function_unit or args.function_better or \
                args.function_threshold:
            raise ValidationError("function marker name", "cannot be given with --no-function")
        marker = None
    elif args.function_name is not None:
        if args.function_better is None and marker is None:
            raise ValidationError("better direction", "is required with a new --function-name: "
                                  "must be one of higher, lower")
        marker = FunctionMarker(args.function_name, args.function_unit or "",
                                args.function_better or marker.better)  # type: ignore[union-attr]
    elif marker is not None and (args.function_unit is not None or
                                 args.function_better is not None):
        marker = FunctionMarker(marker.name, args.function_unit if args.function_unit is not None
                                else marker.unit, args.function_better or marker.better,
                                marker.default_change)
    elif marker is None and (args.function_unit or args.function_better or
                             args.function_threshold):
        raise ValidationError("function marker name", "is required: this plan has no function "
                              'marker (give --function-name, e.g. "walking minutes before '
                              'stopping")')
    pain_change: Any = args.pain_threshold
    if pain_change is None:
        pain_change = current.rule.pain_change
        if scale != current.pain_scale and \
                pain_change == DEFAULT_PAIN_CHANGE[current.pain_scale]:
            pain_change = DEFAULT_PAIN_CHANGE[scale]
    function_change: Any = None
    if marker is not None:
        function_change = (args.function_threshold if args.function_threshold is not None
                           else current.rule.function_change)
    rule = Rule(pain_change, function_change)
    rule.check_positive()
    return current.replace(**changes, function=marker, rule=rule)


def run_amend(args: argparse.Namespace, ctx: Context) -> int:
    """Change the plan of the block called NAME; give only the options to change (the same as for
    block add). Until the first day inside the block is logged this is a plain edit. Afterwards it
    is kept as a dated amendment and --reason is required; the original plan stays and the verdict
    uses it. The pain scale of a block that holds logged pain cannot change.
    """
    from journal.domain.models import plan_changes
    from journal.views.planning import change_lines

    store = ctx.open_store()
    today = store.clock.today()
    block = find_block(store.journal, args.block_name)
    plan = amended_plan(block.current, args, today)
    changes = plan_changes(block.current, plan)
    if not changes:
        print(f'Nothing to change: the plan of "{block.name}" already says that.')
        return EXIT_OK
    frozen = block.is_frozen(store.journal)
    saved = store.update_block(block.id, plan, args.reason)
    if frozen:
        print(f'amended block "{saved.name}" on {today.isoformat()} ("{args.reason.strip()}"); '
              "the original plan stays and the verdict uses it:")
    else:
        print(f'changed block "{saved.name}" (no day inside it is logged yet, so this is a '
              "plain edit):")
    for line in change_lines(changes):
        print(f"  {line}")
    return EXIT_OK


def show_dict(block: Block, journal: Any) -> dict[str, Any]:
    """``block show --format json``: the original plan, each amendment, the plan as amended."""
    first = block.first_logged_day(journal)
    return {
        "id": block.id,
        "name": block.name,
        "frozen": first is not None,
        "frozen_since": first.isoformat() if first else None,
        "original": block.plan.flat(),
        "amendments": [
            {"made_on": a.made_on.isoformat(), "reason": a.reason,
             "changes": [{"field": k, "old": old, "new": new} for k, old, new in a.changes]}
            for a in block.amendments
        ],
        "current": block.current.flat(),
        "phases": [{"kind": kind, "start": start.isoformat(), "end": end.isoformat()}
                   for kind, start, end in block.current.design_phases()],
        "drawn_start": (block.current.first_session.isoformat()
                        if block.current.window_from is not None else None),
    }


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    """Show the plan of the block called NAME: the original plan (the one the verdict uses), each
    amendment with its date and reason, and the plan as amended.
    """
    import textwrap

    from journal.views.planning import FLAT_LABELS, change_lines, rule_sentence, value_text

    store = ctx.open_store()
    block = find_block(store.journal, args.block_name)
    if args.format == "json":
        print(json.dumps(show_dict(block, store.journal), indent=2, ensure_ascii=False))
        return EXIT_OK
    first = block.first_logged_day(store.journal)
    print(f'Block "{block.name}"')
    if first is None:
        print("No day inside it is logged yet: changes are plain edits (journal block amend).")
    else:
        print(f"Frozen since {first.isoformat()} (the first day logged inside it): changes are "
              "dated amendments, and the verdict uses the original plan.")
    print("\nPhases (as planned now):")
    print(labelled([(f"  {label}", value) for label, value in phase_rows(block.current)]),
          end="")
    print("\nOriginal plan:")
    flat = block.plan.flat()
    rows = [(f"  {FLAT_LABELS[k]}", value_text(k, v)) for k, v in flat.items()
            if k in FLAT_LABELS]
    print(labelled(rows), end="")
    print(textwrap.fill(rule_sentence(block.plan), 88, initial_indent="  ",
                        subsequent_indent="  "))
    if not block.amendments:
        print("\nNo amendments.")
        return EXIT_OK
    print("\nAmendments:")
    for a in block.amendments:
        print(f'  {a.made_on.isoformat()}: "{a.reason}"')
        for line in change_lines(a.changes):
            print(f"    {line}")
    print("\nAs amended:")
    print(textwrap.fill(rule_sentence(block.current), 88, initial_indent="  ",
                        subsequent_indent="  "))
    return EXIT_OK
