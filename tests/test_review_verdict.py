"""The Review screen shows the verdict's own figures: just under, flat, amended, mild side effect.

Each journal: a 2-week block, first session 2026-10-26 (baseline 19-25 Oct), ended 8 Nov,
sessions as planned; today (conftest) is 2026-11-21.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import screen_text

from journal.app import JournalApp
from journal.domain.models import (
    FUNCTION_PRESETS,
    Amendment,
    Block,
    DayEntry,
    Journal,
    Plan,
    Rule,
    Session,
    SideEffect,
)
from journal.screens.review import ReviewScreen

FIRST = date(2026, 10, 26)


def journal(base: float, treat: float, walk_base: float, walk_treat: float, *,
            amend: bool = False, mild: bool = False) -> Journal:
    plan = Plan("Check block", FIRST, 2, 2, 45, function=FUNCTION_PRESETS["walking"],
                rule=Rule(1, 5), cost_per_session=60, currency="EUR")
    amendments = ()
    if amend:
        amendments = (Amendment(date(2026, 11, 1), "knee injury", (
            ("function.name", plan.function.name, None), ("function.unit", "minutes", None),
            ("function.better", "higher", None), ("rule.function_change", 5, None))),)
    j = Journal(blocks=[Block("b1", plan, amendments)])
    for i in range(7):
        day = plan.baseline_start + timedelta(days=i)
        j.entries[day] = DayEntry(day, pain=base, function=walk_base)
    for i in range(14):
        day = FIRST + timedelta(days=i)
        j.entries[day] = DayEntry(day, pain=treat, function=walk_treat)
    for day in plan.planned_session_days():
        j.sessions[day] = Session(day, 45, cost=60)
    if mild:
        j.side_effects.append(SideEffect("e1", FIRST + timedelta(days=1), "soreness", 1, False))
    return j


@pytest.mark.parametrize(("data", "shown", "absent"), [
    pytest.param(journal(6.1, 5.12, 20, 28),
                 ["CHANGE TECHNIQUE OR DOSE", "down 0.98 points", "just under it",
                  "6.10", "5.12", "✗ no clear change",
                  "pain did not improve by the 1 point your rule asks"],
                 ["down 1.0 points", "per point of pain"], id="just-under"),
    pytest.param(journal(5.1, 5.1, 20, 20),
                 ["No clear change: pain and walking minutes before stopping", "no change"],
                 ["e-16", "per point of pain", "STOP"], id="flat"),
    pytest.param(journal(6, 4, 20, 20, amend=True),
                 ["CHANGE TECHNIQUE OR DOSE", "knee injury",
                  "would say", "Continue.", "Walking"],
                 [], id="amended"),
    pytest.param(journal(6, 3.2, 20, 29, mild=True),
                 ["CHANGE TECHNIQUE OR DOSE", "mild side effect did not settle",
                  "evidence to reconsider"],
                 ["reason to stop"], id="mild-side-effect"),
])
async def test_review_shows_figures_that_agree_with_the_verdict(store, data, shown, absent):
    store.replace_all(data)
    app = JournalApp(store)
    async with app.run_test(size=(120, 200)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        text = " ".join(screen_text(app).split())
        for phrase in shown:
            assert phrase in text, phrase
        for phrase in absent:
            assert phrase not in text, phrase
