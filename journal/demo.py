"""A realistic, deterministic sample journal for ``journal --demo`` and for tests.

An 8-week block of 45-minute sessions twice a week for low back and shoulders, with a 7-day
baseline, laid out so that "today" falls in its last treatment week: pain eases slowly from
about 6 to about 4, walking minutes rise, two days are missed, one flare-up, a few side
effects (the latest not yet marked settled, so the next session asks about it), weekly
PEG-3 answers, the expectation at the freeze and pain medicine on some days. Built from a
seeded random generator so the same ``today`` always gives the same journal.

``journal --demo`` keeps the sample in a private folder in the system temp folder; health-looking
data must not linger in a shared place, so :func:`demo_folder` removes it on quit, on an error,
on SIGHUP (the terminal was closed) and SIGTERM, and at interpreter exit.
"""

from __future__ import annotations

import contextlib
import os
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path

from journal.domain.clinical import BlockMeasures, PegAnswer, peg_checkpoints
from journal.domain.models import (
    FUNCTION_PRESETS,
    Block,
    DayEntry,
    Journal,
    Plan,
    Rule,
    Session,
    SideEffect,
)

DEMO_BLOCK_ID = "demo0block01"
#: Name prefix of the demo's temporary folders (tests check that none is left behind).
DEMO_PREFIX = "trial-journal-demo-"
#: After SIGHUP or SIGTERM, how long the app has to close down before the process just ends.
EXIT_GRACE_SECONDS = 3.0


@contextlib.contextmanager
def demo_folder() -> Iterator[Path]:
    """A new private folder for a demo journal, removed however the demo ends.

    Quit and errors: the ``finally``. SIGHUP (terminal closed) and SIGTERM: a handler removes
    the folder first, then exits with the usual code for the signal (128 + its number). A
    plain interpreter exit: ``atexit``. Only SIGKILL leaves it, as it leaves any temp file.
    """
    import atexit
    import shutil
    import signal
    import tempfile
    import threading

    folder = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX))

    def remove() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def on_signal(signum: int, _frame: object) -> None:
        remove()
        # SystemExit lets the app give the terminal back; should it land where it is caught
        # (inside the UI's own loop), the process still ends a moment later.
        hard_exit = threading.Timer(EXIT_GRACE_SECONDS, os._exit, (128 + signum,))
        hard_exit.daemon = True
        hard_exit.start()
        raise SystemExit(128 + signum)

    atexit.register(remove)
    previous: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGHUP, signal.SIGTERM):
            previous[signum] = signal.signal(signum, on_signal)
    try:
        yield folder
    finally:
        remove()
        for caught, handler in previous.items():
            signal.signal(caught, handler)  # type: ignore[arg-type]  # what signal() returned
        atexit.unregister(remove)


def demo_plan(today: date) -> Plan:
    first = today - timedelta(days=7 * 7 + 3)  # today = treatment week 8, day 4
    return Plan(
        name="Low back & shoulders, spring",
        first_session=first,
        weeks=8,
        sessions_per_week=2,
        minutes=45,
        baseline_days=7,
        pain_scale=10,
        function=FUNCTION_PRESETS["walking"],
        rule=Rule(1.0, 5.0),
        areas=("low back", "shoulders"),
        pressure="light",
        technique="Swedish",
        therapist="R. Okafor",
        cost_per_session=60.0,
        currency="EUR",
        concurrent_care=("exercise",),
        care_role="supports",
        gentle_start=True,
    )


def demo_journal(today: date, tz: timezone | None = None) -> Journal:
    """The sample journal for a given ``today`` (entries up to yesterday, today left to log)."""
    rng = random.Random(20260321)
    zone = tz or UTC
    plan = demo_plan(today)
    created = datetime.combine(plan.baseline_start - timedelta(days=2), time(19, 5), zone)
    block = Block(DEMO_BLOCK_ID, plan, (), created)
    journal = Journal(blocks=[block])
    missed = {plan.first_session + timedelta(days=11), plan.first_session + timedelta(days=30)}
    flare_day = plan.first_session + timedelta(days=17)
    day = plan.baseline_start
    while day < today:
        if day not in missed:
            progress = max(0, (day - plan.first_session).days) / (plan.weeks * 7)
            pain = 6.2 - 2.3 * progress + rng.uniform(-0.9, 0.9)
            walk = 14 + 9 * progress + rng.uniform(-3, 3)
            flare = day in (flare_day, flare_day + timedelta(days=1))
            if flare:
                pain += 2.5
                walk -= 6
            at = datetime.combine(day, time(20, rng.randint(0, 50)), zone)
            note = ""
            if day == plan.baseline_start:
                note = "Start of baseline. Back stiff in the morning."
            elif flare:
                note = "Flare after lifting boxes." if day == flare_day else "Settling."
            journal.entries[day] = DayEntry(
                day=day,
                pain=round(min(10.0, max(0.0, pain))),
                function=round(max(0.0, walk)),
                sleep_wakings=rng.choice([0, 1, 1, 2]),
                mood=rng.randint(3, 6),
                fatigue=rng.randint(3, 6),
                flare=flare,
                note=note,
                recorded_at=at,
            )
        day += timedelta(days=1)
    for i, session_day in enumerate(d for d in plan.planned_session_days() if d < today):
        if session_day == plan.first_session + timedelta(days=25):
            continue  # one cancelled session
        journal.sessions[session_day] = Session(
            day=session_day,
            minutes=45 if i else 30,
            pressure="light" if i < 6 else "moderate",
            areas=plan.areas,
            cost=60.0,
            tolerance="too-strong" if i == 6 else "ok",
            block_id=DEMO_BLOCK_ID,
            recorded_at=datetime.combine(session_day, time(18, 30), zone),
        )
    effects = [
        (0, "soreness", 1, True),
        (1, "fatigue", 2, True),
        (6, "soreness", 2, True),
        (6, "pain-increase", 2, True),  # settled before the next session
        (7, "stiffness", 1, True),
        (len(journal.sessions) - 1, "soreness", 1, None),
    ]
    session_days = sorted(journal.sessions)
    for n, (index, kind, severity, settled) in enumerate(effects):
        if 0 <= index < len(session_days):
            d = session_days[index]
            journal.side_effects.append(SideEffect(
                f"demo0effect{n}", d, kind, severity, settled,
                recorded_at=datetime.combine(d, time(21, 0), zone)))
    _add_measures(journal, block, today, zone)
    return journal


def _add_measures(journal: Journal, block: Block, today: date, zone: tzinfo) -> None:
    """Weekly PEG-3 so far, the expectation at the freeze, pain medicine on some days."""
    rng = random.Random(20261207)  # its own, so the pain and walking values stay as they were
    plan = block.plan
    answers = []
    for checkpoint in peg_checkpoints(plan):
        if checkpoint >= today:
            break
        progress = max(0, (checkpoint - plan.first_session).days) / (plan.weeks * 7)
        base = 6.5 - 2.5 * progress
        pain, enjoy, act = (min(10, max(0, round(base + rng.uniform(-1, 1)))) for _ in range(3))
        answers.append(PegAnswer(checkpoint, pain, enjoy, act,
                                 datetime.combine(checkpoint, time(20, 40), zone)))
    for day, entry in journal.entries.items():
        taking = 0.6 if day < plan.first_session else 0.3
        doses = rng.choice([1, 2]) if rng.random() < taking else 0
        journal.entries[day] = entry.replace(medicine=doses)
    measures = BlockMeasures(expectation=6, medicine_name="ibuprofen 400 mg",
                             peg=tuple(answers))
    journal.blocks[journal.blocks.index(block)] = Block(
        block.id, block.plan, block.amendments, block.created_at, measures)
