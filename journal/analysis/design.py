"""Evidence from the block's design, beside the primary verdict (which it never overrides).

The verdict answers the rule written before the block: baseline against the last week of
treatment. A planned pause (A-B-A) and a second treatment phase (A-B-A-B) add more switches:
if pain eases when sessions start, returns in the pause and eases again when they resume, the
sessions are a more plausible cause than time, other care or regression to the mean. This module
compares each adjacent pair of phases (carry-over days left out), follow-up against the last week
of treatment, says whether the switches agree, and runs Edgington's randomisation test when the
app drew the first session.

Effect sizes reuse :mod:`journal.analysis.stats` (NAP with its CI, Tau), on values oriented so
that higher is better; NAP is the share of day pairs in which the later phase's day was better.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from journal.analysis import stats
from journal.analysis.phases import END_WINDOW_DAYS, PhaseSpan, Span, design_phases
from journal.analysis.randomisation import RandomisationTest, edgington_test
from journal.analysis.weekly import logged, mean
from journal.domain.models import DESIGNS, PHASE_LABELS, Block, DayEntry, Journal, Plan

_EPS = 1e-9

#: What a switch into each phase is expected to do to the measures, if the sessions help.
EXPECTED = {"treatment": "better", "pause": "worse", "treatment-2": "better",
            "follow-up": "hold"}


@dataclass(frozen=True)
class MeasureComparison:
    """One measure across one switch. ``change`` is after - before in the measure's units;
    ``improvement`` is the same change signed so that positive is better."""

    measure: str
    before_mean: float | None
    after_mean: float | None
    before_days: int
    after_days: int
    change: float | None
    improvement: float | None
    nap: stats.Estimate
    tau: stats.Estimate
    threshold: float | None
    expected: str
    met: bool | None

    def to_dict(self) -> dict[str, object]:
        return {"change": self.change, "nap": self.nap.estimate,
                "nap_ci": list(self.nap.ci) if self.nap.ci else None,
                "tau": self.tau.estimate,
                "before_mean": self.before_mean, "after_mean": self.after_mean,
                "before_days": self.before_days, "after_days": self.after_days,
                "threshold": self.threshold, "expected": self.expected, "met": self.met}


@dataclass(frozen=True)
class Comparison:
    """Two phases compared; ``before``/``after`` are the days that count on each side."""

    from_kind: str
    to_kind: str
    before: Span
    after: Span
    pain: MeasureComparison
    function: MeasureComparison | None

    @property
    def label(self) -> str:
        left = PHASE_LABELS[self.from_kind]
        if self.to_kind == "follow-up":
            left += " (last week)"
        return f"{left} → {PHASE_LABELS[self.to_kind]}"

    def to_dict(self) -> dict[str, object]:
        return {"from": self.from_kind, "to": self.to_kind,
                "from_days": {"start": self.before.start.isoformat(),
                              "end": self.before.end.isoformat()},
                "to_days": {"start": self.after.start.isoformat(),
                            "end": self.after.end.isoformat()},
                "pain": self.pain.to_dict(),
                "function": self.function.to_dict() if self.function else None}


@dataclass(frozen=True)
class DesignEvidence:
    """Everything the design adds: phases, comparisons, consistency, randomisation test."""

    plan: Plan
    phases: tuple[PhaseSpan, ...]
    comparisons: tuple[Comparison, ...]
    consistent: bool | None
    sentence: str
    follow_up_sentence: str
    randomisation: RandomisationTest | None

    def to_dict(self) -> dict[str, object]:
        """The report's ``design``, ``comparisons``, ``randomisation_test`` and
        ``consistent_with_effect`` fields."""
        plan = self.plan
        randomised = None
        if plan.window_from is not None and plan.window_to is not None:
            randomised = {"window": [plan.window_from.isoformat(), plan.window_to.isoformat()],
                          "seed": plan.seed, "drawn_start": plan.first_session.isoformat(),
                          "admissible_starts": plan.admissible_starts,
                          "min_p": 1 / plan.admissible_starts}
        test = None
        if self.randomisation is not None:
            test = {"statistic": "mean difference", "p": self.randomisation.p,
                    "k": self.randomisation.k, "observed": self.randomisation.observed,
                    "min_p": self.randomisation.min_p}
        return {
            "design": {
                "kind": plan.design, "carry_over_days": plan.carry_over_days,
                "phases": [{"kind": p.kind, "start": p.span.start.isoformat(),
                            "end": p.span.end.isoformat()} for p in self.phases],
                "carry_over": [{"start": p.carry_over.start.isoformat(),
                                "end": p.carry_over.end.isoformat()}
                               for p in self.phases if p.carry_over],
                "randomised": randomised,
            },
            "comparisons": [c.to_dict() for c in self.comparisons],
            "randomisation_test": test,
            "consistent_with_effect": self.consistent,
            "consistency": self.sentence or None,
            "follow_up": self.follow_up_sentence or None,
        }


def _values(entries: Mapping[date, DayEntry], span: Span, last_day: date,
            value: Callable[[DayEntry], float | None]) -> list[float]:
    return [v for _, v in logged(entries, span.clipped(last_day), value)]


def compare_values(measure: str, before: list[float], after: list[float], better: str,
                   threshold: float | None, expected: str) -> MeasureComparison:
    """Means, change, NAP and Tau across one switch, and whether it moved as expected.

    ``expected`` is ``better`` or ``worse`` (by at least ``threshold``), or ``hold`` for
    follow-up: relief lasted when it did not get worse by ``threshold`` or more.
    """
    sign = 1 if better == "higher" else -1
    b_mean, a_mean = mean(before), mean(after)
    change = a_mean - b_mean if a_mean is not None and b_mean is not None else None
    improvement = sign * change if change is not None else None
    nap = stats.nap([sign * v for v in before], [sign * v for v in after])
    tau = stats.tau([sign * v for v in before], [sign * v for v in after])
    met: bool | None = None
    if improvement is not None and threshold is not None:
        if expected == "better":
            met = improvement >= threshold - _EPS
        elif expected == "worse":
            met = -improvement >= threshold - _EPS
        else:
            met = -improvement < threshold - _EPS
    return MeasureComparison(measure, b_mean, a_mean, len(before), len(after), change,
                             improvement, nap, tau, threshold, expected, met)


def _thresholds(block: Block) -> tuple[float, float | None]:
    """The frozen rule's thresholds, pain converted to the current scale (as the verdict does)."""
    frozen, current = block.plan, block.current
    rule = frozen.rule
    assert rule is not None
    pain = rule.pain_change * current.pain_scale / frozen.pain_scale
    function = rule.function_change if current.function is not None else None
    return pain, function


def _last_week(span: Span) -> Span:
    return Span(max(span.start, span.end - timedelta(days=END_WINDOW_DAYS - 1)), span.end)


def design_evidence(journal: Journal, block: Block, today: date) -> DesignEvidence:
    """The design's evidence for ``block`` as of ``today`` (days up to yesterday, or today
    once it is logged, count)."""
    plan = block.current
    last_day = today if today in journal.days else today - timedelta(days=1)
    phases = design_phases(plan)
    pain_threshold, function_threshold = _thresholds(block)
    marker = plan.function
    entries = journal.days

    def compare(from_kind: str, to_kind: str, before: Span, after: Span) -> Comparison:
        expected = EXPECTED[to_kind]
        pain = compare_values(
            "pain", _values(entries, before, last_day, lambda e: e.pain),
            _values(entries, after, last_day, lambda e: e.pain), "lower", pain_threshold,
            expected)
        function = None
        if marker is not None:
            function = compare_values(
                "function", _values(entries, before, last_day, lambda e: e.function),
                _values(entries, after, last_day, lambda e: e.function), marker.better,
                function_threshold, expected)
        return Comparison(from_kind, to_kind, before.clipped(last_day),
                          after.clipped(last_day), pain, function)

    comparisons = []
    designed = [p for p in phases if p.kind != "follow-up"]
    for left, right in pairwise(designed):
        comparisons.append(compare(left.kind, right.kind, left.counted, right.counted))
    follow = next((p for p in phases if p.kind == "follow-up"), None)
    last_treatment = [p for p in designed if p.kind.startswith("treatment")][-1]
    if follow is not None:
        comparisons.append(compare(last_treatment.kind, "follow-up",
                                   _last_week(last_treatment.counted), follow.counted))
    switches = [c for c in comparisons if c.to_kind != "follow-up"]
    consistent, sentence = _consistency(plan, switches, function_threshold is not None)
    follow_words = ""
    if follow is not None:
        follow_words = _follow_up_words(comparisons[-1], last_day < follow.span.end)
    return DesignEvidence(plan, phases, tuple(comparisons), consistent, sentence, follow_words,
                          _randomisation(journal, plan, phases))


def _switch_ok(c: Comparison, use_function: bool) -> bool | None:
    results = [c.pain.met]
    if use_function and c.function is not None:
        results.append(c.function.met)
    if False in results:
        return False
    if None in results:
        return None
    return True


_WHAT_IT_SUGGESTS = {
    "treatment": ("pain did not ease by the rule's amount when the sessions began, so the later "
                  "switches cannot show the sessions helping."),
    "pause": ("pain did not come back during the pause. Relief that outlasts the sessions would "
              "look like this, but so would time, other care, or regression to the mean (a "
              "bad spell easing back toward usual on its own)."),
    "treatment-2": ("pain did not ease again when the sessions resumed, so the first "
                    "improvement may owe more to time, other care or regression to the mean "
                    "than to the sessions."),
}


def _consistency(plan: Plan, switches: list[Comparison],
                 use_function: bool) -> tuple[bool | None, str]:
    """(None | bool, one plain sentence); None for A-B or while a switch has no result yet."""
    if plan.design == "AB":
        return None, ""
    measures = "pain and the function marker" if use_function else "pain"
    results = [(c, _switch_ok(c, use_function)) for c in switches]
    failed = [c for c, ok in results if ok is False]
    if failed:
        c = failed[0]
        return False, (f"Not consistent with the sessions helping: at the switch "
                       f"{c.label}, {_WHAT_IT_SUGGESTS[c.to_kind]}")
    if any(ok is None for _, ok in results):
        return None, ("Too early to say whether the switches agree: each phase needs logged "
                      f"days (after the carry-over days) for {measures}.")
    return True, (f"Consistent with the sessions helping: {measures} moved the expected way by "
                  "at least the rule's amount at every switch. This is more than an A-B "
                  "block can show, though one person's data never prove a cause.")


def _follow_up_words(c: Comparison, so_far: bool) -> str:
    met = c.pain.met
    if met is None:
        return "Follow-up: not enough logged days yet to say whether relief lasted."
    if so_far:
        return _follow_up_words(c, False).replace("Follow-up:", "Follow-up so far:", 1)
    if met:
        return (f"Follow-up: pain stayed within the rule's amount of the last week of "
                f"treatment ({c.pain.before_mean:.1f} then {c.pain.after_mean:.1f}), so the "
                "relief seems to have lasted.")
    return (f"Follow-up: pain rose by at least the rule's amount after the sessions ended "
            f"({c.pain.before_mean:.1f} then {c.pain.after_mean:.1f}), so the relief did not "
            "last.")


def _randomisation(journal: Journal, plan: Plan,
                   phases: tuple[PhaseSpan, ...]) -> RandomisationTest | None:
    """Edgington's test, only when the app drew the first session from a window."""
    if plan.window_from is None or plan.window_to is None:
        return None
    first = phases[0].span.start
    last = phases[1].span.end
    values = {d: e.pain for d in Span(first, last).each_day()
              if (e := journal.entry(d)) is not None and e.pain is not None}
    starts = list(Span(plan.window_from, plan.window_to).each_day())
    return edgington_test(values, first, last, starts, plan.first_session,
                          plan.carry_over_days, "lower")


# --- words and tables shared by the report and the review screen ---------------------------
def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def phase_rows(ev: DesignEvidence) -> list[list[str]]:
    """Phase, dates, and the carry-over days left out of comparisons."""
    rows = []
    for p in ev.phases:
        carry = p.carry_over.words(year=False) if p.carry_over else "–"
        rows.append([PHASE_LABELS[p.kind], p.span.words(), carry])
    return rows


COMPARISON_HEADER = ["Switch", "Measure", "Before", "After", "Change", "NAP", "Tau", "Expected",
                     "Met"]


def comparison_rows(ev: DesignEvidence) -> list[list[str]]:
    """One row per switch and measure: means, change, NAP (95% range), Tau, expectation."""
    words = {"better": "better", "worse": "worse", "hold": "held"}
    rows = []
    for c in ev.comparisons:
        for m in (c.pain, c.function):
            if m is None:
                continue
            nap = _pct(m.nap.estimate)
            if m.nap.ci is not None:
                nap += f" ({_pct(m.nap.ci[0])}-{_pct(m.nap.ci[1])})"
            met = "–" if m.met is None else ("yes" if m.met else "no")
            amount = "" if m.threshold is None else f" by {_num(m.threshold)}"
            if m.expected == "hold":
                amount = "" if m.threshold is None else f" (within {_num(m.threshold)})"
            rows.append([c.label, m.measure, _num(m.before_mean), _num(m.after_mean),
                         _num(m.change), nap, _num(m.tau.estimate),
                         words[m.expected] + amount, met])
    return rows


def randomisation_words(ev: DesignEvidence) -> str:
    """The randomisation test in one sentence, or "" when the start was not drawn."""
    test = ev.randomisation
    if test is None:
        return ""
    if test.p is None:
        return (f"Randomisation test (Edgington): not yet, pain must be logged before and after "
                f"the drawn first session ({test.k} admissible dates).")
    return (f"Randomisation test (Edgington, mean difference over {test.k} admissible first-"
            f"session dates): p = {test.p:.3f}; the smallest p this design can reach is "
            f"1/{test.k} = {test.min_p:.3f}. A small p says a drop this large would rarely "
            "appear at a randomly drawn date by chance alone.")


def carry_over_words(plan: Plan) -> str:
    if not plan.carry_over_days:
        return "No carry-over days are left out."
    n = plan.carry_over_days
    return (f"The first {n} day{'s' if n != 1 else ''} after each switch (carry-over: soreness "
            "or lingering relief) are left out of every comparison of phases.")


def design_markdown(ev: DesignEvidence,
                    table: Callable[[list[str], list[list[str]], set[int]], list[str]]
                    ) -> list[str]:
    """The report's "Was it the massage?" section (``table`` draws a Markdown table)."""
    plan = ev.plan
    lines = [f"## Was it the massage? Design {plan.design}", "",
             f"Design: {DESIGNS[plan.design]}, then {plan.follow_up_weeks} weeks of follow-up "
             f"(logging only). {carry_over_words(plan)} These comparisons add evidence beside "
             "the verdict above; they never change it.", "",
             *table(["Phase", "Dates", "Carry-over days (left out)"], phase_rows(ev), set()),
             ""]
    if plan.window_from is not None and plan.window_to is not None:
        lines += [f"Randomised start: the first session was drawn from "
                  f"{Span(plan.window_from, plan.window_to).words()} ({plan.admissible_starts} "
                  f"dates) with seed {plan.seed}: {plan.first_session.isoformat()}.", ""]
    lines += [*table(COMPARISON_HEADER, comparison_rows(ev), {2, 3, 4, 5, 6}), "",
              "NAP: share of day pairs in which the later phase's day was better (50% = no "
              "difference); Tau = 2 x NAP - 1.", ""]
    for sentence in (ev.sentence, ev.follow_up_sentence, randomisation_words(ev)):
        if sentence:
            lines += [sentence, ""]
    return lines


SHORT_LABELS = {"baseline": "Base", "treatment": "Treat", "pause": "Pause",
                "treatment-2": "Treat 2", "follow-up": "Follow-up"}
SCREEN_HEADER = ["Switch", "From", "To", "Change", "NAP", "Tau", "Expect", "Met"]


def _one(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _expect_words(m: MeasureComparison, better: str) -> str:
    """"≥1 down", "≥5 up", "within 1": what the switch should do, in the measure's way."""
    if m.threshold is None:
        return "–"
    t = _num(m.threshold)
    if m.expected == "hold":
        return f"within {t}"
    up = (better == "higher") == (m.expected == "better")
    return f"≥{t} {'up' if up else 'down'}"


def screen_rows(ev: DesignEvidence) -> list[list[str]]:
    """The comparisons narrowed for an 80-column screen: one decimal, no CI, short labels."""
    marker = ev.plan.function
    rows = []
    for c in ev.comparisons:
        for m in (c.pain, c.function):
            if m is None:
                continue
            better = "lower" if m.measure == "pain" else (marker.better if marker else "higher")
            label = (f"{SHORT_LABELS[c.from_kind]}→{SHORT_LABELS[c.to_kind]}"
                     if m.measure == "pain" else "  function")
            met = "–" if m.met is None else ("yes" if m.met else "no")
            rows.append([label, _one(m.before_mean), _one(m.after_mean), _one(m.change),
                         _pct(m.nap.estimate), _one(m.tau.estimate), _expect_words(m, better),
                         met])
    return rows


def screen_summary(ev: DesignEvidence) -> str:
    """The phases and the carry-over rule in one line, for the review screen."""
    phases = ", ".join(f"{PHASE_LABELS[p.kind].lower()} {p.span.words(year=False)}"
                       for p in ev.phases)
    return f"{DESIGNS[ev.plan.design]}: {phases}. {carry_over_words(ev.plan)}"


SCREEN_KEY = ("Means of the days that count (carry-over days left out). NAP: share of day "
              "pairs in which the later phase's day was better (50% = no difference); "
              "Tau = 2 x NAP - 1.")
