"""Write a realistic synthetic journal covering N years, for the benchmarks.

Usage: ``python bench/make_journal.py --years 10 --out bench/out/journal-10y.json``

The journal is built from the domain objects (so every record passes the same validation as a
person's) and written through ``Store.replace_all``, so the file is exactly what the app writes.
It holds what years of real use leave behind: a daily entry on most days with gaps (missed days,
holidays), a block of massage therapy every few months (6-10 weeks, 7-day baseline, never
overlapping), sessions on the planned days with a few missed, side effects after some sessions,
the occasional amended plan, flare-ups, and notes from empty to a few paragraphs long.

Entries end a few days before "today". The last block is the longest (10 weeks) and has ended,
so the Review screen has a complete block to judge; the block before it lasts 8 weeks, for the
chart comparison. The generator is seeded: the same arguments give the same journal.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a fresh clone
    sys.path.insert(0, str(ROOT))

from journal.clock import FixedClock, SystemClock  # noqa: E402
from journal.domain.models import (  # noqa: E402
    COMMON_AREAS,
    FUNCTION_PRESETS,
    SIDE_EFFECT_KINDS,
    Amendment,
    Block,
    DayEntry,
    Journal,
    Plan,
    Rule,
    Session,
    SideEffect,
)
from journal.store import Store  # noqa: E402

#: Entries stop this many days before "today" (the person has not logged the last few days).
END_GAP_DAYS = 3
LONGEST_WEEKS = 10
CHART_BLOCK_WEEKS = 8

_SHORT = [
    "Stiff in the morning.", "Better after a walk.", "Slept badly.", "Long day at the desk.",
    "Good day.", "Back tight after driving.", "Rain, everything aches.", "Did the stretches.",
    "Neck sore.", "Gardening, paid for it later.", "Quiet day.", "Busy at work.",
]
_WORDS = (
    "morning", "evening", "walk", "stairs", "desk", "chair", "sleep", "pillow", "stretch",
    "shoulder", "hip", "knee", "back", "neck", "heat", "ice", "bath", "rest", "tired", "calm",
    "sore", "tight", "loose", "better", "worse", "same", "weather", "cold", "warm", "damp",
    "shopping", "cooking", "cleaning", "train", "bus", "meeting", "kids", "garden", "dog", "swim",
    "bike", "yoga", "physio", "appointment", "medication", "ibuprofen", "paracetamol", "headache",
    "jaw", "posture", "lifting", "carrying",
)
_SEASONS = ("winter", "spring", "summer", "autumn")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(5, 16))]
    return " ".join(words).capitalize() + "."


def _note(rng: random.Random) -> str:
    """Mostly empty, often a short phrase, sometimes a few sentences or a few paragraphs."""
    r = rng.random()
    if r < 0.55:
        return ""
    if r < 0.85:
        return rng.choice(_SHORT)
    if r < 0.97:
        return " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
    paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
                  for _ in range(rng.randint(2, 4))]
    return "\n\n".join(paragraphs)[:1900]


def _hex_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(48):012x}"


def _plan(rng: random.Random, n: int, first_session: date, weeks: int) -> Plan:
    areas = tuple(rng.sample(COMMON_AREAS[:5], rng.randint(1, 3)))
    season = _SEASONS[(first_session.month % 12) // 3]
    return Plan(
        name=f"Block {n}: {areas[0]}, {season} {first_session.year}",
        first_session=first_session,
        weeks=weeks,
        sessions_per_week=rng.choice([1, 2, 2, 3]),
        minutes=rng.choice([30, 45, 45, 60]),
        baseline_days=7,
        pain_scale=10,
        function=FUNCTION_PRESETS["walking"],
        rule=Rule(1.0, 5.0),
        areas=areas,
        pressure=rng.choice(["light", "moderate"]),
        technique=rng.choice(["Swedish", "myofascial", "deep tissue", ""]),
        therapist=rng.choice(["R. Okafor", "M. Lindqvist", "S. Patel"]),
        cost_per_session=float(rng.choice([50, 60, 70])),
        currency="EUR",
        concurrent_care=tuple(rng.sample(["exercise", "physical therapy"], rng.randint(0, 1))),
    )


def _block_windows(rng: random.Random, start: date, end: date) -> list[tuple[date, int]]:
    """(first session, weeks) of each block: one every few months, the last two fixed."""
    last_end = end - timedelta(days=12)
    last_first = last_end - timedelta(days=LONGEST_WEEKS * 7 - 1)
    windows = [(last_first, LONGEST_WEEKS)]
    # The block before the last: 8 weeks, ending two to four months before the last begins.
    gap = timedelta(days=rng.randint(60, 120))
    chart_first = last_first - timedelta(days=7) - gap - timedelta(days=CHART_BLOCK_WEEKS * 7)
    if chart_first - timedelta(days=7) < start:
        return windows
    windows.insert(0, (chart_first, CHART_BLOCK_WEEKS))
    earlier: list[tuple[date, int]] = []
    cursor = start + timedelta(days=rng.randint(20, 60))
    limit = chart_first - timedelta(days=7 + 45)
    while True:
        weeks = rng.choice([6, 7, 8, 9])
        first = cursor + timedelta(days=7)
        treatment_end = first + timedelta(days=weeks * 7 - 1)
        if treatment_end > limit:
            break
        earlier.append((first, weeks))
        cursor = treatment_end + timedelta(days=rng.randint(60, 150))
    return earlier + windows


def build_journal(years: int, today: date, seed: int = 2026) -> Journal:
    """The synthetic journal: ``years`` years of use ending a few days before ``today``."""
    if years < 1:
        raise ValueError("years must be at least 1")
    rng = random.Random(seed)
    zone = UTC
    end = today - timedelta(days=END_GAP_DAYS)
    start = end - timedelta(days=365 * years)
    journal = Journal()
    for n, (first, weeks) in enumerate(_block_windows(rng, start, end), start=1):
        plan = _plan(rng, n, first, weeks)
        created = datetime.combine(plan.baseline_start - timedelta(days=3), time(19, 0), zone)
        amendments: tuple[Amendment, ...] = ()
        if rng.random() < 0.2 and weeks >= 7:
            made_on = first + timedelta(days=15)
            new_minutes = 60 if plan.minutes != 60 else 45
            amendments = (Amendment(made_on, "Therapist suggested a different session length",
                                    (("minutes", plan.minutes, new_minutes),),
                                    datetime.combine(made_on, time(18, 0), zone)),)
        journal.blocks.append(Block(_hex_id(rng), plan, amendments, created))

    # Day entries: most days, with missed days, holidays and flare-ups.
    day = start
    holiday_left = 0
    while day <= end:
        if holiday_left:
            holiday_left -= 1
        elif rng.random() < 0.004:
            holiday_left = rng.randint(3, 12)
        if holiday_left or rng.random() < 0.07:
            day += timedelta(days=1)
            continue
        block = journal.block_covering(day)
        progress = 0.0
        if block is not None and block.current.phase(day) == "treatment":
            progress = (day - block.current.first_session).days / (block.current.weeks * 7)
        seasonal = 0.8 if day.month in (11, 12, 1, 2) else 0.0
        flare = rng.random() < 0.02
        pain = 5.5 + seasonal - 1.8 * progress + rng.uniform(-1.2, 1.2) + (2.5 if flare else 0)
        walk = 15 + 8 * progress - 2 * seasonal + rng.uniform(-4, 4) - (6 if flare else 0)
        at = datetime.combine(day, time(20, rng.randint(0, 59)), zone)
        journal.entries[day] = DayEntry(
            day=day,
            pain=round(min(10.0, max(0.0, pain))),
            function=round(max(0.0, walk)),
            sleep_wakings=rng.choice([0, 1, 1, 2, 3, None]),
            mood=rng.choice([None, *range(2, 8)]),
            fatigue=rng.choice([None, *range(2, 8)]),
            flare=flare,
            note=_note(rng),
            recorded_at=at,
            edited_at=at + timedelta(hours=1) if rng.random() < 0.05 else None,
        )
        day += timedelta(days=1)

    # Sessions on planned days (a few missed), side effects after some of them.
    for block in journal.blocks:
        plan = block.current
        for i, session_day in enumerate(plan.planned_session_days()):
            if session_day > end or rng.random() < 0.06:
                continue
            journal.sessions[session_day] = Session(
                day=session_day,
                minutes=plan.minutes,
                pressure=plan.pressure,
                areas=plan.areas,
                cost=plan.cost_per_session,
                tolerance=rng.choice(["ok"] * 12 + ["too-light", "too-strong"]),
                note=_note(rng) if rng.random() < 0.3 else "",
                block_id=block.id,
                recorded_at=datetime.combine(session_day, time(18, 30), zone),
            )
            if rng.random() < 0.15 or (i == 0 and rng.random() < 0.5):
                recent = (end - session_day).days < 14
                journal.side_effects.append(SideEffect(
                    _hex_id(rng), session_day, rng.choice(list(SIDE_EFFECT_KINDS)),
                    rng.choice([1, 1, 1, 2, 2, 3]),
                    None if recent else rng.choice([True, True, True, False]),
                    rng.choice(["", "", "gone by the next morning", "lasted two days"]),
                    datetime.combine(session_day, time(21, 15), zone)))
    journal.side_effects.sort(key=lambda s: (s.day, s.id))
    return journal


def one_block_journal(today: date, seed: int = 2026) -> Journal:
    """A journal with only the last block of :func:`build_journal` and nothing logged.

    The app opens it on the Log screen, like a long journal, so start-up can be compared on
    the same screen.
    """
    one = Journal()
    one.blocks.append(build_journal(1, today, seed).blocks_by_start()[-1])
    return one


def write_journal(journal: Journal, out: Path, now: datetime) -> Path:
    """Write ``journal`` to ``out`` (replacing any file there) the way the app writes it."""
    out = Path(out)
    if out.exists():
        out.unlink()
    store = Store(out, FixedClock(now), backups=False)
    store.replace_all(journal)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, required=True, help="years of history (>= 1)")
    parser.add_argument("--out", type=Path, required=True, help="journal file to write")
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the day the journal is opened (default: today)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    clock = SystemClock()
    today = args.today or clock.today()
    journal = build_journal(args.years, today, args.seed)
    now = datetime.combine(today, time(9, 0), UTC)
    path = write_journal(journal, args.out, now)
    print(f"{path}: {len(journal.blocks)} blocks, {len(journal.entries)} day entries, "
          f"{len(journal.sessions)} sessions, {len(journal.side_effects)} side effects, "
          f"{path.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
