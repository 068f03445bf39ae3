"""``journal status``: today's logging state, where the block stands, the next session.

``journal status --short`` is for shell prompts: one line when something is due, nothing
otherwise, exit 0 either way. It runs on every prompt, so it reads the file without the store
(:mod:`journal.quickread`) and builds only its own command's parser (:mod:`journal.cli`).
"""

from __future__ import annotations

from journal.commands.common import (
    EXIT_OK,
    Context,
    add_command,
    examples,
    labelled,
    num,
)

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    import argparse
    from datetime import date

    from journal.domain.models import Block, Journal


def register(sub: argparse._SubParsersAction, data_parent: argparse.ArgumentParser) -> None:

    status = add_command(
        sub, "status", run_status, parents=[data_parent],
        help="today's logging state, the block's phase and day, the next session",
        epilog=examples(
            "journal status",
            "journal status --short",
            "PS1='$(journal status --short)\\n$ '   # a reminder in a bash prompt"))
    status.add_argument("--short", action="store_true",
                        help="for shell prompts: one line only when something is due (e.g. "
                        '"pain not logged today"), nothing otherwise; e.g. --short')


def due_items(journal: Journal, today: date) -> list[str]:
    """What a person should do today, in a few words each. Empty when nothing is due.

    Logging is due on the days of a block's designed phases and its planned follow-up weeks
    (said as such); a side effect is due from the next session after it (when the question
    is asked) until someone says whether it settled.
    """

    if not journal.blocks:
        return []
    items = []
    block = journal.block_covering(today)
    follow_up = False
    if block is None:  # the planned follow-up weeks ask for the daily values too, gently
        ended = journal.block_for(today)
        if ended is not None and today <= ended.current.follow_up_end:
            block, follow_up = ended, True
    if block is not None:
        entry = journal.entries.get(today)
        missing = []
        if entry is None or entry.pain is None:
            missing.append("pain")
        if block.current.function is not None and (entry is None or entry.function is None):
            missing.append("function")
        if missing:
            items.append(f"{'follow-up: ' if follow_up else ''}{' and '.join(missing)} "
                         "not logged today")
    unsettled = journal.settle_due(today)
    if len(unsettled) == 1:
        items.append(f"side effect from {unsettled[0].day} not yet marked settled")
    elif unsettled:
        items.append(f"{len(unsettled)} side effects not yet marked settled "
                     f"(oldest from {unsettled[0].day})")
    return items


def next_session(block: Block, journal: Journal, today: date) -> date | None:
    """The first planned session day from today on that has not been delivered."""
    return next((d for d in block.current.planned_session_days()
                 if d >= today and d not in journal.sessions), None)


def _weekday(day: date) -> str:
    return f"{day:%A} {day.isoformat()}"


def status_lines(journal: Journal, today: date) -> list[tuple[str, str]]:
    from journal.domain.models import SEVERITIES

    rows = [("today", _weekday(today))]
    block = journal.current_block(today)
    if block is None:
        rows.append(("block", "none yet; plan one with: journal block add --help"))
    else:
        plan = block.current
        where = plan.position(today)
        if plan.phase(today) in ("pause", "follow-up"):
            where += f": {plan.due_words(today)}"
        if plan.phase(today) == "follow-up":
            where += f" (the block ended on {plan.block_end}; see: journal report)"
        rows.append(("block", f"{plan.name}: {where}"))
    entry = journal.entries.get(today)
    marker = block.current.function if block else None
    logged, missing = [], []
    if entry is not None and entry.pain is not None:
        logged.append(f"pain {num(entry.pain)}")
    else:
        missing.append("pain")
    marker_name = marker.name if marker else "function"
    if entry is not None and entry.function is not None:
        logged.append(marker.value_words(num(entry.function)) if marker
                      else f"{marker_name} {num(entry.function)}")
    elif marker is not None:
        missing.append(marker_name)
    if entry is not None and entry.flare:
        logged.append("flare-up")
    text = ", ".join(logged)
    if missing:
        text += ("; " if text else "") + "not yet: " + ", ".join(missing)
    rows.append(("logged today", text))
    if block is not None:
        plan = block.current
        planned = plan.planned_session_days()
        done = sum(1 for d in journal.sessions if plan.first_session <= d <= plan.block_end)
        rows.append(("sessions", f"{done} of {len(planned)} delivered"))
        if today in journal.sessions:
            rows.append(("session today", f"delivered ({journal.sessions[today].minutes} "
                         "minutes)"))
        upcoming = next_session(block, journal, today)
        if upcoming is None:
            rows.append(("next session", "none left in this block"))
        else:
            when = "today, " if upcoming == today else ""
            rows.append(("next session", f"{when}{_weekday(upcoming)} ({plan.minutes} "
                         "minutes planned)"))
    for effect in journal.open_side_effects(today):
        rows.append(("side effect", f"{effect.label} from {effect.day} "
                     f"({SEVERITIES[effect.severity]}): not yet marked settled"))
    return rows


def run_status(args: argparse.Namespace, ctx: Context) -> int:
    """Show whether today is logged, where the current block stands ("Treatment week 3, day 2"), the
    next planned session and side effects not yet marked settled.
    """
    if args.short:
        return run_short(ctx)
    store = ctx.open_store()
    print(labelled(status_lines(store.journal, store.clock.today()), width=13), end="")
    return EXIT_OK


def run_short(ctx: Context) -> int:
    """One line when something is due. Reads the file without the store (no TinyDB, no lock,
    no backup: see :mod:`journal.quickread`); a file it cannot read plainly goes through the
    store, which gives the full message and exit code."""
    from journal.paths import data_file_name
    from journal.quickread import read_journal

    today = ctx.get_clock().today()
    name = data_file_name(ctx.data)
    journal = read_journal(name, days=(today,))
    if journal is None:
        journal = ctx.open_store().journal
    elif journal.invalid:
        from journal.commands.common import warn_set_aside

        warn_set_aside(len(journal.invalid), name)
    if not journal.blocks:
        return EXIT_OK  # nothing is due without a block
    items = due_items(journal, today)
    if items:
        print("; ".join(items))
    return EXIT_OK
