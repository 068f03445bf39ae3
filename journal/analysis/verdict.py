"""The go/no-go verdict of the rule written down before the block began.

The decisions, checked in this order (the first that applies wins):

1. ``stop`` when a side effect did not settle before the next session (marked "not settled").
   This is a safety signal, so it holds however much data there is.
2. ``insufficient-data`` when the treatment phase has not begun, or fewer than
   :data:`MIN_DAYS` days have the measure logged in the baseline or in the end window (for pain,
   and for the function marker when the rule has a function threshold).
3. ``stop`` when things got worse: the end-week pain mean is above the baseline mean (any
   amount in the wrong direction), or the function marker moved the wrong way by at least the
   amount the rule asks for in the right direction. Pain is held to the stricter test because it
   is what the block is for; a function marker such as walking minutes moves with weather and
   plans, so only a change as large as the hoped-for one counts as worse.
4. ``continue`` when pain improved by at least the rule's pain change and (if the rule has one)
   the function marker improved by at least its change.
5. ``change`` otherwise: some improvement, or none, but short of the rule: change technique or
   dose, or switch to another option.

Without a function threshold the rule is about pain alone, and the reasons say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journal.analysis.measures import MeasureResult
from journal.analysis.phases import Phases, short_date
from journal.domain.models import SEVERITIES, Rule, SideEffect
from journal.formats import amount, num, plural, units

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

#: One line under the headline: what the decision means.
MEANINGS = {
    "continue": "Pain and function both reached the thresholds of your rule.",
    "change": "The thresholds of your rule were not reached: change technique or dose, "
    "or switch to another option.",
    "stop": "Something got worse, or a side effect did not settle between sessions.",
    "insufficient-data": "Too few logged days to apply your rule yet.",
}

#: Tolerance for comparing means with thresholds (means of 7 values are not exact in binary).
_EPS = 1e-9


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
    side_effect_stop: bool = False  # a side effect did not settle between sessions
    worse: bool = False  # pain or function got worse than in the baseline

    @property
    def headline(self) -> str:
        return HEADLINES[self.decision]

    @property
    def meaning(self) -> str:
        """One line under the headline saying why, in the words of the decision."""
        if self.decision == "insufficient-data" and not self.so_far:
            return "Too few days were logged to apply your rule."
        if self.decision == "continue" and self.pain_only:
            return "Pain reached the threshold of your rule (the rule is about pain only)."
        if self.decision == "stop":
            if self.side_effect_stop and not self.worse:
                tail = ""
                if self.pain_reached and self.pain_only:
                    tail = ", even though pain reached its threshold"
                elif self.pain_reached and self.function_reached:
                    tail = ", even though pain and function reached their thresholds"
                return ("A side effect did not settle between sessions. Your rule treats that "
                        f"as a reason to stop and reconsider{tail}.")
            if self.worse and not self.side_effect_stop:
                return "Things got worse than in the baseline, not better."
        return MEANINGS[self.decision]


def pain_threshold(rule: Rule, rule_scale: int, scale: int) -> float:
    """The rule's pain change in the units of the scale the data is on.

    Normally the same number; only if the pain scale was amended (0-10 to 0-100) is it
    converted, so a frozen "1 point on 0-10" stays "10 points on 0-100".
    """
    return rule.pain_change * scale / rule_scale


def _window_words(so_far: bool) -> str:
    return "the last 7 treatment days so far" if so_far else "the last week of treatment"


def _is_worse(m: MeasureResult, threshold: float) -> bool:
    """Worse than baseline, as defined in the module docstring."""
    assert m.improvement is not None
    if m.improvement >= -_EPS:
        return False
    return m.key == "pain" or -m.improvement >= threshold - _EPS


def _measure_line(m: MeasureResult, threshold: float, so_far: bool) -> tuple[str, bool]:
    """"Pain: 5.9 in the baseline, 4.1 in the last week: down 1.8 points. ..." + reached?"""
    assert m.improvement is not None and m.change is not None
    reached = m.improvement >= threshold - _EPS
    better_way = "down" if m.better == "lower" else "up"
    head = (f"{m.label}: {num(m.baseline_mean)} in the baseline, {num(m.end_mean)} in "
            f"{_window_words(so_far)}")
    if m.moved() == "unchanged":
        moved = "no change"
    else:
        moved = f"{m.moved()} {num(abs(m.change))} {units(abs(m.change), m.unit)}"
    asks = (f"your rule asks for at least {amount(threshold)} {units(threshold, m.unit)} "
            f"{better_way}")
    if _is_worse(m, threshold):
        outcome = "worse than the baseline, not better"
    elif m.improvement < -_EPS:
        outcome = ("not reached (it moved the wrong way, but by less than that amount, "
                   "so it is not counted as worse)")
    else:
        outcome = "reached" if reached else "not reached"
    return f"{head}: {moved}; {asks}: {outcome}.", reached


def _thin(m: MeasureResult, phases: Phases) -> list[str]:
    what = "pain" if m.key == "pain" else m.label.lower()
    out = []
    if len(m.baseline) < MIN_DAYS:
        out.append(f"Only {plural(len(m.baseline), 'baseline day')} with {what} logged; "
                   f"the rule needs at least {MIN_DAYS}.")
    if len(m.end) < MIN_DAYS:
        out.append(f"Only {plural(len(m.end), 'day')} with {what} logged in "
                   f"{_window_words(phases.so_far)}; the rule needs at least {MIN_DAYS}.")
    return out


def side_effect_words(effect: SideEffect) -> str:
    """"temporary pain increase on 3 Oct (moderate)"."""
    return f"{effect.label} on {short_date(effect.day)} ({SEVERITIES[effect.severity]})"


def decide(
    rule: Rule,
    rule_scale: int,
    pain: MeasureResult,
    function: MeasureResult | None,
    not_settled: Sequence[SideEffect],
    phases: Phases,
) -> Verdict:
    """Apply ``rule`` (written for a ``rule_scale`` pain scale) to the measured results.

    ``not_settled`` are the block's side effects marked as not settled before the next
    session. See the module docstring for the order of the decisions.
    """
    reasons: list[str] = []
    so_far = phases.so_far
    pain_only = rule.function_change is None or function is None
    if rule.function_change is None:
        pain_only_reason = ("The rule has no function threshold (no function marker was "
                            "planned), so it is about pain alone.")
    elif function is None:
        pain_only_reason = ("The function marker is no longer part of the plan, so this "
                            "verdict rests on pain alone.")
    else:
        pain_only_reason = ""

    stop = False
    if not_settled:
        stop = True
        listed = "; ".join(side_effect_words(e) for e in not_settled)
        reasons.append(
            f"{plural(len(not_settled), 'side effect')} did not settle before the next "
            f"session: {listed}. That is a signal to stop and talk it over with your "
            "therapist or clinician.")

    if phases.end_window is None:
        reasons.append(f"The treatment phase has not begun yet (first session "
                       f"{short_date(phases.treatment.start, year=True)}).")
        if pain_only_reason:
            reasons.append(pain_only_reason)
        return Verdict("stop" if stop else "insufficient-data", tuple(reasons), rule, so_far,
                       pain_only=pain_only, side_effect_stop=stop)

    measures = [pain] if pain_only or function is None else [pain, function]
    thin = [line for m in measures for line in _thin(m, phases)]
    if thin:
        reasons.extend(thin)
        if pain_only_reason:
            reasons.append(pain_only_reason)
        return Verdict("stop" if stop else "insufficient-data", tuple(reasons), rule, so_far,
                       pain_only=pain_only, side_effect_stop=stop)

    assert pain.scale is not None
    p_threshold = pain_threshold(rule, rule_scale, pain.scale)
    line, pain_reached = _measure_line(pain, p_threshold, so_far)
    reasons.append(line)
    worse = _is_worse(pain, p_threshold)
    function_reached: bool | None = None
    if not pain_only and function is not None and rule.function_change is not None:
        line, function_reached = _measure_line(function, rule.function_change, so_far)
        reasons.append(line)
        worse = worse or _is_worse(function, rule.function_change)
    elif pain_only_reason:
        reasons.append(pain_only_reason)

    if stop or worse:
        decision = "stop"
    elif pain_reached and (pain_only or function_reached):
        decision = "continue"
    else:
        decision = "change"
    return Verdict(decision, tuple(reasons), rule, so_far, pain_reached, function_reached,
                   pain_only, side_effect_stop=stop, worse=worse)


def next_step(verdict: Verdict, phases: Phases) -> str:
    """A calm suggestion for what to do next, given the decision and where the block is."""
    due = short_date(phases.treatment.end, year=True)
    running = phases.status in ("running", "baseline", "planned")
    if verdict.decision == "insufficient-data":
        if phases.end_window is None:
            return ("Keep logging pain and function once a day, at about the same time. The "
                    "rule can first be applied after the first treatment days are logged.")
        if not running:
            return ("The rule cannot be applied: too few days were logged in the baseline or in "
                    "the last week. The weekly table and the statistics still show the "
                    "direction, with less certainty. In a next block, logging at a fixed time "
                    "each day keeps the record complete.")
        return ("Log pain and function every day, at about the same time, so the rule has at "
                f"least {MIN_DAYS} days to compare in the baseline and in the last week.")
    if verdict.decision == "stop":
        if verdict.side_effect_stop:
            return ("Pause the sessions and talk to your therapist or clinician about the side "
                    "effect before the next one. Lighter pressure or shorter sessions may suit "
                    "you better; shooting pain, numbness or weakness needs a medical check.")
        return ("This block has not helped so far. Talk it over with your therapist or "
                "clinician, and consider stopping and switching to another option rather than "
                "more of the same.")
    if verdict.decision == "change":
        text = ("Talk with your therapist about a different technique, pressure or dose "
                "(longer or more frequent sessions), or about switching to another option. "
                "Plan any next block with its own rule, written down before it starts.")
        if running:
            text = f"Keep going to the end of the block ({due}) and read this again then. " + text
        return text
    text = ("Your rule says the block is working for you. If you continue, keep logging: "
            "effects often fade after a block ends, and a few weeks of follow-up show whether "
            "the relief lasts. A planned pause in sessions would show whether they are what "
            "helps.")
    if running:
        text = f"Keep going to the end of the block ({due}). " + text
    return text
