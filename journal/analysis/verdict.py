"""The go/no-go verdict of the rule written down before the block began.

One entry point for everyone (the review screen, the report, other designs):
:func:`evaluate` ``(block, journal, today)`` applies the plan as it was frozen (the pain scale,
the function marker with its better direction, the thresholds, the baseline length and the
end window) and, when the plan was amended afterwards, puts the amended plan's verdict beside it
as ``.amended``; the amended one never replaces the original.

The rule has three outcomes, symmetric, as it was written, plus "not enough data":

1. ``stop`` when a **moderate or severe** side effect did not settle before the next session:
   a safety signal, so it holds however much data there is.
2. ``insufficient-data`` when the treatment phase has not begun, no session was recorded in
   it, or fewer than :data:`MIN_DAYS` days have the measure logged in the baseline or in the end
   window (for pain, and for the function marker when the rule has one). Nothing is
   interpreted then; the verdict says what is missing and from which date it can be given.
3. Each measure is compared with its threshold, on exact values (see :mod:`.weekly`): improved
   by at least the threshold is ``reached``; worse by at least the threshold (pain up, or the
   marker in its bad direction) is ``worse``; anything between is ``unclear`` (no clear change).
   Any ``worse`` -> ``stop``; every measure ``reached`` -> ``continue``; otherwise -> ``change``
   (technique or dose). Mixed results are named as mixed.
4. A **mild** side effect that did not settle turns ``continue`` into ``change``, with the
   reason shown. A side effect after the block's last session cannot have "settled before the
   next session": once the block has ended, the verdict asks whether it settled.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from journal.analysis.measures import MeasureResult, measure_result
from journal.analysis.phases import Phases, Span, phases_for, short_date
from journal.analysis.weekly import exact
from journal.analysis.words import amount, decisive, plural, units, with_unit
from journal.domain.models import SEVERITIES, Block, Journal, Plan, Rule, SideEffect

#: Fewest logged days in the baseline and in the end window for a verdict.
MIN_DAYS = 4

DECISIONS = ("continue", "change", "stop", "insufficient-data")

#: The decision in words, as the screen's headline and the report's title line.
HEADLINES = {
    "continue": "Continue",
    "change": "Change technique or dose",
    "stop": "Stop",
    "insufficient-data": "Not enough data yet",
}

#: Outcomes of one measure against its threshold.
OUTCOMES = ("reached", "unclear", "worse")


@dataclass(frozen=True)
class Check:
    """One measure of the rule against its threshold, on exact values."""

    measure: MeasureResult
    threshold: Fraction  # in the measure's own units, always above 0
    improvement: Fraction  # positive = better

    @property
    def outcome(self) -> str:
        if self.improvement >= self.threshold:
            return "reached"
        if -self.improvement >= self.threshold:
            return "worse"
        return "unclear"

    @property
    def name(self) -> str:
        return "pain" if self.measure.key == "pain" else self.measure.label.lower()

    @property
    def unit(self) -> str:
        return self.measure.unit

    def threshold_words(self) -> str:
        """``1 point``, ``5 minutes``, ``2`` (a marker without a unit)."""
        t = float(self.threshold)
        return with_unit(amount(t), units(t, self.unit))

    def size_text(self) -> str:
        """The size of the change with the digits that decide (``0.98``, ``1.0``)."""
        assert self.measure.change_exact is not None
        return decisive(abs(self.measure.change_exact), (self.threshold, 0))

    def digits(self) -> int:
        """Decimals in :meth:`size_text`, so figures shown beside it use as many."""
        text = self.size_text()
        return len(text.split(".")[1]) if "." in text else 0

    def moved_words(self) -> str:
        """``down 0.98 points``, ``up 0.01 points``, ``no change``: never rounded onto or
        across the threshold or zero, so the words agree with the outcome."""
        change = self.measure.change_exact
        assert change is not None
        if change == 0:
            return "no change"
        way = "down" if change < 0 else "up"
        size = abs(change)
        return f"{way} {with_unit(self.size_text(), units(float(size), self.unit))}"


@dataclass(frozen=True)
class Verdict:
    """The rule's decision, the reasons in plain words, and what it was judged against."""

    decision: str
    reasons: tuple[str, ...]
    rule: Rule
    so_far: bool
    pain_reached: bool | None = None
    function_reached: bool | None = None
    pain_only: bool = False
    side_effect_stop: bool = False  # a moderate/severe side effect did not settle
    worse: bool = False  # pain or function got worse by at least the threshold
    meaning_text: str = ""
    checks: tuple[Check, ...] = ()
    side_effect_change: bool = False  # a mild side effect did not settle
    phases: Phases | None = None
    plan: Plan | None = None
    sessions: int = 0
    ready_from: date | None = None  # when insufficient: first day a verdict is possible
    amended: Verdict | None = None  # the amended plan's verdict, when the plan was amended

    @property
    def headline(self) -> str:
        return HEADLINES[self.decision]

    @property
    def meaning(self) -> str:
        """One line under the headline saying why, in the words of the decision."""
        return self.meaning_text or MEANINGS[self.decision]

    @property
    def compared(self) -> bool:
        """True when the rule's measures were compared (the figures may be interpreted)."""
        return bool(self.checks) and self.decision != "insufficient-data" and \
            self.pain_reached is not None

    def check(self, key: str) -> Check | None:
        return next((c for c in self.checks if c.measure.key == key), None)

    def window(self) -> str:
        """The end window the rule uses, named the same way everywhere."""
        return window_words(self.phases) if self.phases else "the last week of treatment"


MEANINGS = {
    "continue": "Pain and function both improved by at least what your rule asks.",
    "change": "Your rule's thresholds were not reached: change technique or dose, or switch "
    "to another option.",
    "stop": "Something got worse by at least what your rule allows, or a side effect did not "
    "settle between sessions.",
    "insufficient-data": "Too few logged days to apply your rule yet.",
}


def pain_threshold(rule: Rule, rule_scale: int, scale: int) -> float:
    """The rule's pain change in the units of the scale the data is on.

    Normally the same number; only if the pain scale was amended before any pain was logged
    (0-10 to 0-100) is it converted, so a frozen "1 point on 0-10" stays "10 points on 0-100".
    """
    return rule.pain_change * scale / rule_scale


def window_words(phases: Phases) -> str:
    """``the last week of treatment (3 Dec - 9 Dec)``; while running ``the last 7 treatment
    days so far (...)``, or ``the 4 treatment days so far (...)`` when fewer exist."""
    span = phases.end_window
    if span is None:
        return "the last week of treatment (not begun)"
    dates = span.words(year=False)
    if not phases.so_far:
        return f"the last week of treatment ({dates})"
    if span.days >= 7:
        return f"the last 7 treatment days so far ({dates})"
    return f"the {plural(span.days, 'treatment day')} so far ({dates})"


def window_label(phases: Phases) -> str:
    """A short column heading for the same window: ``Last week``, ``Last 7 days so far``."""
    span = phases.end_window
    if span is None or not phases.so_far:
        return "Last week"
    if span.days >= 7:
        return "Last 7 days so far"
    return f"{plural(span.days, 'day')} so far"


def side_effect_words(effect: SideEffect) -> str:
    """"temporary pain increase on 3 Oct (moderate)"."""
    return f"{effect.label} on {short_date(effect.day)} ({SEVERITIES[effect.severity]})"


def _measure_line(c: Check, window: str) -> str:
    """"Pain: 5.9 in the baseline, 4.1 in the last week ...: down 1.8 points; ..." """
    m = c.measure
    way = "down" if m.better == "lower" else "up"
    b, e = m.baseline_exact, m.end_exact
    assert b is not None and e is not None
    digits = c.digits()  # the means get as many decimals as the change that decides
    head = (f"{m.label}: {decisive(b, (), digits)} in the baseline, "
            f"{decisive(e, (), digits)} in {window}")
    asks = f"your rule asks for at least {c.threshold_words()} {way}"
    if c.outcome == "reached":
        outcome = "reached"
    elif c.outcome == "worse":
        outcome = "worse than the baseline by at least that amount"
    elif c.improvement > 0:
        outcome = "just under it, so no clear change" if \
            c.improvement * 10 >= c.threshold * 9 else "not reached, so no clear change"
    elif c.improvement < 0:
        outcome = ("it moved the wrong way, but by less than that amount, so no clear change "
                   "(not counted as worse)")
    else:
        outcome = "no clear change"
    return f"{head}: {c.moved_words()}; {asks}: {outcome}."


def _meaning(checks: Sequence[Check], pain_only: bool) -> str:
    """The measures' outcomes in one line, naming mixed results as mixed."""
    if all(c.outcome == "reached" for c in checks):
        if pain_only:
            return ("Pain improved by at least what your rule asks (the rule is about pain "
                    "only).")
        return "Pain and " + checks[1].name + " both improved by at least what your rule asks."
    if all(c.outcome == "unclear" for c in checks):
        names = " and ".join(c.name for c in checks)
        return (f"No clear change: {names} moved by less than your rule's "
                f"{'threshold' if len(checks) == 1 else 'thresholds'}, either way.")
    parts = []
    for c in checks:
        if c.outcome == "reached":
            parts.append(f"{c.name} improved enough")
        elif c.outcome == "worse":
            parts.append(f"{c.name} got worse by at least the {c.threshold_words()} your rule "
                         "allows")
        else:
            parts.append(f"{c.name} did not change clearly")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _ready_from(plan: Plan, phases: Phases, measures: Sequence[MeasureResult]) -> date | None:
    """The first day the rule could be applied if every day from now on is logged, or None
    when it never can (the baseline is over with too few days, or the block ends first)."""
    last = phases.last_day
    for m in measures:
        remaining = max(0, (phases.baseline.end - max(last, phases.baseline.start
                                                      - timedelta(days=1))).days)
        if len(m.baseline) + remaining < MIN_DAYS:
            return None
    day = max(last + timedelta(days=1), plan.first_session)
    while day <= plan.treatment_end:
        start = max(plan.first_session, day - timedelta(days=6))
        new_days = (day - max(last, start - timedelta(days=1))).days
        if all(sum(1 for d, _ in m.treatment if d >= start) + new_days >= MIN_DAYS
               for m in measures):
            return day
        day += timedelta(days=1)
    return None


def _thin_lines(m: MeasureResult, phases: Phases) -> list[str]:
    what = "pain" if m.key == "pain" else m.label.lower()
    out = []
    if len(m.baseline) < MIN_DAYS:
        out.append(f"Only {plural(len(m.baseline), 'baseline day')} with {what} logged; "
                   f"the rule needs at least {MIN_DAYS}.")
    if len(m.end) < MIN_DAYS:
        out.append(f"Only {plural(len(m.end), 'day')} with {what} logged in "
                   f"{window_words(phases)}; the rule needs at least {MIN_DAYS}.")
    return out


def decide(
    plan: Plan,
    pain: MeasureResult,
    function: MeasureResult | None,
    side_effects: Sequence[SideEffect],
    phases: Phases,
    sessions: Sequence[date] = (),
    *,
    rule_scale: int | None = None,
    mixed_scales: bool = False,
) -> Verdict:
    """Apply ``plan``'s rule to the measured results (see the module docstring).

    ``side_effects`` are the block's side effects so far; ``sessions`` the days with a recorded
    session in the treatment phase so far. ``rule_scale`` is the pain scale the rule was written
    for, when the data is on another (converted, see :func:`pain_threshold`). ``mixed_scales``
    says logged pain is on two scales, which are never averaged.
    """
    rule = plan.rule
    assert rule is not None
    so_far = phases.so_far
    reasons: list[str] = []
    marker_gone = function is None and rule.function_change is not None
    pain_only = rule.function_change is None or function is None
    if rule.function_change is None:
        pain_only_reason = ("This plan has no function marker, so its rule is about pain "
                            "alone.")
    elif marker_gone:
        pain_only_reason = ("The function marker is not part of this plan, so this verdict "
                            "rests on pain alone.")
    else:
        pain_only_reason = ""

    # Side effects, by severity.
    unsettled = [e for e in side_effects if e.settled is False]
    serious = [e for e in unsettled if e.severity >= 2]
    mild = [e for e in unsettled if e.severity < 2]
    stop = bool(serious)
    if serious:
        reasons.append(
            f"{plural(len(serious), 'moderate or severe side effect')} did not settle before "
            f"the next session: {'; '.join(side_effect_words(e) for e in serious)}. Your rule "
            "treats that as a reason to stop: pause and talk to your therapist or clinician.")
    if mild:
        reasons.append(
            f"{plural(len(mild), 'mild side effect')} did not settle before the next session: "
            f"{'; '.join(side_effect_words(e) for e in mild)}. Worsening that does not settle "
            "is evidence to reconsider: your rule asks for a change of technique or dose.")
    session_days = sorted(sessions)
    if phases.status == "finished":
        after_last = [e for e in side_effects if e.settled is None and session_days
                      and e.day >= session_days[-1]]
        if after_last:
            reasons.append(
                f"After the last session: {'; '.join(side_effect_words(e) for e in after_last)}"
                ". There is no next session, so please mark whether it has settled (Log screen,"
                " key a); one that does not settle is evidence to reconsider.")

    def not_judged(extra: list[str], ready: date | None) -> Verdict:
        reasons.extend(extra)
        if pain_only_reason:
            reasons.append(pain_only_reason)
        decision = "stop" if stop else "insufficient-data"
        if decision == "stop":
            meaning = ("A moderate or severe side effect did not settle before the next "
                       "session: your rule says stop and talk to your therapist or clinician.")
        elif phases.end_window is None:
            meaning = "The treatment phase has not begun, so there is nothing to compare yet."
        elif not session_days:
            meaning = "No session is recorded in the treatment phase, so it is not judged."
        elif not so_far:
            meaning = "Too few days were logged to apply your rule."
        else:
            meaning = MEANINGS["insufficient-data"]
        return Verdict(decision, tuple(reasons), rule, so_far, pain_only=pain_only,
                       side_effect_stop=stop, meaning_text=meaning,
                       side_effect_change=bool(mild), phases=phases, plan=plan,
                       sessions=len(session_days), ready_from=ready)

    if mixed_scales:
        return not_judged([
            "The pain scale was changed after pain had been logged in this block, so its pain "
            "values are on two scales; they are never averaged together, so the rule cannot be "
            "applied to this block."], None)

    if phases.end_window is None:
        ready = _ready_from(plan, phases, [pain] + ([function] if function and not pain_only
                                                    else []))
        lines = [f"The treatment phase has not begun yet (first session "
                 f"{short_date(phases.treatment.start, year=True)})."]
        if ready is not None:
            lines.append(f"A verdict is possible from {short_date(ready, year=True)} if you "
                         "log every day (and record the sessions).")
        return not_judged(lines, ready)
    measures = [pain] if pain_only or function is None else [pain, function]
    missing = [line for m in measures for line in _thin_lines(m, phases)]
    if not session_days:
        missing.insert(0, "No session is recorded in the treatment phase so far, so the block "
                          "is not judged as working: record each session as it happens.")
    if missing:
        ready = _ready_from(plan, phases, measures) if so_far else None
        if ready is not None and not session_days:
            ready = max(ready, phases.last_day + timedelta(days=1))
        if so_far:
            missing.append(
                f"A verdict is possible from {short_date(ready, year=True)} if you log every "
                "day (and record the sessions)." if ready is not None else
                "This block can no longer reach the days its rule needs, so it will not get a "
                "verdict by its rule.")
        return not_judged(missing, ready)

    assert pain.scale is not None
    p_threshold = exact(rule.pain_change)
    if rule_scale not in (None, pain.scale):
        p_threshold = p_threshold * pain.scale / rule_scale
    assert pain.improvement_exact is not None
    checks = [Check(pain, p_threshold, pain.improvement_exact)]
    if not pain_only and function is not None and rule.function_change is not None:
        assert function.improvement_exact is not None
        checks.append(Check(function, exact(rule.function_change),
                            function.improvement_exact))
    window = window_words(phases)
    reasons.extend(_measure_line(c, window) for c in checks)
    if pain_only_reason:
        reasons.append(pain_only_reason)

    worse = any(c.outcome == "worse" for c in checks)
    pain_reached = checks[0].outcome == "reached"
    function_reached = checks[1].outcome == "reached" if len(checks) > 1 else None
    meaning = _meaning(checks, pain_only)
    if stop:
        decision = "stop"
        meaning = ("A moderate or severe side effect did not settle before the next session: "
                   "your rule says stop and talk to your therapist or clinician. " + meaning)
    elif worse:
        decision = "stop"
    elif all(c.outcome == "reached" for c in checks):
        if mild:
            decision = "change"
            meaning = (f"{meaning[:-1]}, but a mild side effect did not settle before the next "
                       "session, so your rule says change technique or dose.")
        else:
            decision = "continue"
    else:
        decision = "change"
    return Verdict(decision, tuple(reasons), rule, so_far, pain_reached, function_reached,
                   pain_only, side_effect_stop=stop, worse=worse, meaning_text=meaning,
                   checks=tuple(checks), side_effect_change=bool(mild), phases=phases,
                   plan=plan, sessions=len(session_days))


# --- the one entry point -------------------------------------------------------------------


def _mixed_scales(block: Block, journal: Journal) -> bool:
    """True when an older version let the pain scale change after pain was logged."""
    first = block.pain_logged_since(journal)
    if first is None:
        return False
    return any(k == "pain_scale" and a.made_on > first
               for a in block.amendments for k, _, _ in a.changes)


def _verdict_for(plan: Plan, block: Block, journal: Journal, today: date, *,
                 data_scale: int, rule_scale: int, mixed: bool) -> Verdict:
    days = journal.days
    phases = phases_for(plan, today, today_logged=today in days)
    pain = measure_result(
        "pain", label="Pain", unit="points", better="lower", scale=data_scale,
        entries=days, phases=phases, periods=[], value=lambda e: e.pain,
        compute_stats=False)
    function = None
    marker = plan.function
    if marker is not None:
        function = measure_result(
            "function", label=marker.name[:1].upper() + marker.name[1:], unit=marker.unit,
            better=marker.better, scale=None, entries=days, phases=phases,
            periods=[], value=lambda e: e.function, compute_stats=False)
    span = Span(min(plan.baseline_start, block.current.baseline_start),
                min(max(plan.treatment_end, block.current.treatment_end), today))
    effects = sorted((e for e in journal.side_effects if e.day in span),
                     key=lambda e: (e.day, e.kind))
    sessions = [d for d in journal.sessions if d in phases.treatment_so_far]
    return decide(plan, pain, function, effects, phases, sessions, rule_scale=rule_scale,
                  mixed_scales=mixed)


def evaluate(block: Block, journal: Journal, today: date) -> Verdict:
    """The verdict of ``block`` as of ``today``: the frozen plan decides; ``.amended`` holds
    the amended plan's verdict whenever the block has amendments (None otherwise).

    Pain is read on the scale it was logged on (the current one: a scale change is refused
    once pain is logged), with the frozen threshold converted if the scale changed before.
    """
    current = block.current
    mixed = _mixed_scales(block, journal)
    frozen = _verdict_for(block.plan, block, journal, today, data_scale=current.pain_scale,
                          rule_scale=block.plan.pain_scale, mixed=mixed)
    if not block.amendments:
        return frozen
    amended = _verdict_for(current, block, journal, today, data_scale=current.pain_scale,
                           rule_scale=current.pain_scale, mixed=mixed)
    return dataclasses.replace(frozen, amended=amended)


def differs(v: Verdict) -> bool:
    """True when the amended plan would decide differently from the frozen one."""
    return v.amended is not None and v.amended.decision != v.decision


def next_step(verdict: Verdict, phases: Phases) -> str:
    """A calm suggestion for what to do next, given the decision and where the block is."""
    due = short_date(phases.treatment.end, year=True)
    running = phases.status in ("running", "baseline", "planned")
    if verdict.decision == "insufficient-data":
        if phases.end_window is None:
            return ("Keep logging pain and function once a day, at about the same time. The "
                    "rule can first be applied after the first treatment days are logged.")
        if not verdict.sessions:
            return ("Record each session on the day it happens (Log screen, or journal "
                    "session), and keep logging pain and function once a day.")
        if not running:
            return ("The rule cannot be applied: too few days were logged in the baseline or in "
                    "the last week. In a next block, logging at a fixed time each day keeps the "
                    "record complete.")
        return ("Log pain and function every day, at about the same time, so the rule has at "
                f"least {MIN_DAYS} days to compare in the baseline and in the last week.")
    if verdict.decision == "stop":
        if verdict.side_effect_stop:
            return ("Pause the sessions and talk to your therapist or clinician about the side "
                    "effect before the next one. Lighter pressure or shorter sessions may suit "
                    "you better; shooting pain, numbness or weakness needs a medical check.")
        return ("By your rule this block has not helped so far. Talk it over with your "
                "therapist or clinician, and consider stopping and switching to another option "
                "rather than more of the same.")
    if verdict.decision == "change":
        text = ("Talk with your therapist about a different technique, pressure or dose "
                "(longer or more frequent sessions), or about switching to another option. "
                "Plan any next block with its own rule, written down before it starts.")
        if verdict.side_effect_change:
            text = ("A mild side effect did not settle: ask your therapist about lighter "
                    "pressure or shorter sessions. " + text)
        if running:
            text = f"Keep going to the end of the block ({due}) and read this again then. " + text
        return text
    text = ("Your rule says the block is working for you. If you continue, keep logging: "
            "benefits may not last after a block ends, and a few weeks of follow-up show "
            "whether the relief lasts. A planned pause in sessions would show whether they "
            "are what helps.")
    if running:
        text = f"Keep going to the end of the block ({due}). " + text
    return text
