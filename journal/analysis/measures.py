"""One measure (pain, or the function marker) across a block: means, change, statistics.

Conventions:

* ``change`` is the plain difference ``end mean - baseline mean`` in the measure's own units,
  so pain going down is negative. ``improvement`` is the same amount signed so that positive
  always means "better" (lower pain; the marker's own better direction).
* ``change_percent`` is the change in percent of the baseline mean; undefined when the baseline
  mean is 0. ``change_0_100`` puts a pain change on a 0-100 scale (x10 for a 0-10 scale); the
  function marker has no fixed range, so it has none.
* The statistics compare every logged baseline day (A) with every logged treatment day so far
  (B), oriented so that higher is better (pain and lower-is-better markers are negated), with
  day numbers counted from the first baseline day so that skipped days keep their place in time.
"""

from __future__ import annotations

import dataclasses
import statistics
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, TypeVar

from journal.analysis import stats
from journal.analysis.phases import Phases
from journal.analysis.weekly import Period, exact_mean, logged, mean
from journal.domain.models import DayEntry

#: A change, exact (what decisions compare) or as a float (what is shown).
N = TypeVar("N", float, Fraction)

#: Keys of the STATS block, in the order they are shown.
STAT_KEYS = ("nap", "tau", "tau_u", "tau_bc", "tau_bc_pretest", "pnd")

#: Fewest baseline days for which a baseline trend is put into words (Tau-U, Tau-BC).
MIN_TREND_DAYS = 5


@dataclass(frozen=True)
class PeriodMean:
    """A measure's mean over one row of the weekly table."""

    period: Period
    logged: int
    mean: float | None


@dataclass(frozen=True)
class MeasureResult:
    """Everything the verdict, the screen and the report need to know about one measure."""

    key: str  # "pain" | "function"
    label: str  # "Pain", "Walking minutes before stopping"
    unit: str  # "points", "minutes"
    better: str  # "lower" | "higher"
    scale: int | None  # 10 or 100 for pain, None for the function marker
    origin: date  # day 0 for the statistics' day numbers (the first baseline day)
    baseline: tuple[tuple[date, float], ...]
    treatment: tuple[tuple[date, float], ...]
    end: tuple[tuple[date, float], ...]
    weekly: tuple[PeriodMean, ...]
    #: The STATS block (see :func:`journal.analysis.stats.all_stats`); None until computed.
    stats: dict[str, Any] | None
    #: Why a field is None, in plain words (keys: "baseline_mean", "change_percent", ...).
    notes: dict[str, str] = field(default_factory=dict)
    #: Notes from the statistics module (why a value is None, or which variant was computed).
    stat_notes: dict[str, str] = field(default_factory=dict)

    @property
    def stats_block(self) -> dict[str, Any]:
        """:attr:`stats`, for a caller that had them computed (:func:`with_stats`)."""
        if self.stats is None:
            raise ValueError(f"{self.key}: statistics not computed yet (see with_stats)")
        return self.stats

    @property
    def heading(self) -> str:
        """Column heading: ``Pain (0-10)``, ``Night wakings (wakings)``; the unit is left out
        when the name already says it (``Walking minutes before stopping``)."""
        if self.scale is not None:
            return f"{self.label} (0-{self.scale})"
        if not self.unit or self.unit.casefold() in self.label.casefold():
            return self.label
        return f"{self.label} ({self.unit})"

    @property
    def baseline_slope(self) -> float | None:
        """Theil-Sen slope of the baseline per day, in the measure's own units.

        The same line Tau-BC removes (the statistics work on oriented values, so their own note
        gives the slope with pain's sign flipped); shown so a reader knows how much drift there
        was before the first session.
        """
        points = self.baseline
        slopes = [(yk - yi) / (xk - xi).days
                  for i, (xi, yi) in enumerate(points) for xk, yk in points[i + 1:]]
        return statistics.median(slopes) if slopes else None

    # Exact values (Fractions of what was typed): what decisions compare. Equal logged values
    # give a change of exactly 0, and 6.1 -> 5.12 is a fall of exactly 0.98.
    @property
    def baseline_exact(self) -> Fraction | None:
        return exact_mean([v for _, v in self.baseline])

    @property
    def end_exact(self) -> Fraction | None:
        return exact_mean([v for _, v in self.end])

    @property
    def change_exact(self) -> Fraction | None:
        b, e = self.baseline_exact, self.end_exact
        return None if b is None or e is None else e - b

    @property
    def sign(self) -> int:
        """1 when higher is better, -1 when lower is: a change times this is an improvement."""
        return -1 if self.better == "lower" else 1

    def _signed(self, value: N | None) -> N | None:
        """``value`` (a change) signed so that positive means better for this measure."""
        return None if value is None else value * self.sign

    @property
    def improvement_exact(self) -> Fraction | None:
        """The exact change signed so that positive means better."""
        return self._signed(self.change_exact)

    @property
    def improvement_percent_exact(self) -> Fraction | None:
        imp, base = self.improvement_exact, self.baseline_exact
        return None if imp is None or not base else 100 * imp / base

    @property
    def improvement_0_100_exact(self) -> Fraction | None:
        imp = self.improvement_exact
        return None if imp is None or self.scale is None else imp * 100 / self.scale

    @property
    def baseline_mean(self) -> float | None:
        return mean([v for _, v in self.baseline])

    @property
    def end_mean(self) -> float | None:
        return mean([v for _, v in self.end])

    @property
    def change(self) -> float | None:
        c = self.change_exact
        return None if c is None else float(c)

    @property
    def improvement(self) -> float | None:
        """The change signed so that positive means better."""
        return self._signed(self.change)

    @property
    def change_percent(self) -> float | None:
        c, base = self.change_exact, self.baseline_exact
        if c is None or not base:
            return None
        return float(100 * c / base)

    @property
    def improvement_percent(self) -> float | None:
        return self._signed(self.change_percent)

    @property
    def change_0_100(self) -> float | None:
        c = self.change_exact
        if c is None or self.scale is None:
            return None
        return float(c * 100 / self.scale)

    @property
    def improvement_0_100(self) -> float | None:
        return self._signed(self.change_0_100)

    def moved(self) -> str:
        """``down``, ``up`` or ``unchanged``: the direction of the plain change."""
        if self.change is None or self.change == 0:
            return "unchanged"
        return "down" if self.change < 0 else "up"


def _notes(result: MeasureResult, phases: Phases) -> dict[str, str]:
    notes: dict[str, str] = {}
    what = result.label.lower() if result.key == "function" else "pain"
    if not result.baseline:
        notes["baseline_mean"] = f"no baseline day has {what} logged"
    if phases.end_window is None:
        notes["end_mean"] = "the treatment phase has not begun"
    elif not result.end:
        notes["end_mean"] = f"no day of the last treatment week has {what} logged"
    for key in ("change", "change_percent", "change_0_100"):
        if "baseline_mean" in notes or "end_mean" in notes:
            notes[key] = "needs both a baseline mean and an end mean"
    if "change_percent" not in notes and result.baseline_mean == 0:
        notes["change_percent"] = "the baseline mean is 0, so a percent change is undefined"
    if result.scale is None:
        notes["change_0_100"] = "the function marker has no fixed range to put on 0-100"
    return notes


def _stat_notes(a: Series, b: Series, xa: Series, xb: Series,
                block: dict[str, Any]) -> dict[str, str]:
    """Plain-words reasons from the statistics module for every value that is None.

    Computed only when something is missing (thin data), so it costs nothing on a full block.
    """
    notes: dict[str, str] = {}
    missing = [k for k in STAT_KEYS
               if block[k].get("estimate") is None or ("se" in block[k] and block[k]["se"] is None)]
    calls: dict[str, Callable[[], stats.Estimate]] = {
        "nap": lambda: stats.nap(a, b),
        "tau": lambda: stats.tau(a, b),
        "tau_u": lambda: stats.tau_u(a, b, xa),
        "tau_bc": lambda: stats.tau_bc(a, b, xa, xb),
        "tau_bc_pretest": lambda: stats.tau_bc(a, b, xa, xb, trend_test=True),
        "pnd": lambda: stats.pnd(a, b),
    }
    for key in missing:
        note = calls[key]().note
        if note:
            notes[key] = note
    return notes


Series = tuple[float, ...]
_StatsKey = tuple[Series, Series, Series, Series]

#: Statistics already worked out, by their exact inputs. They are quick even on a year-long
#: block, but the review screen and the report ask for them repeatedly, so every later visit
#: finds them here. Small: only recent blocks matter.
_CACHE: OrderedDict[_StatsKey, tuple[dict[str, Any], dict[str, str]]] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


def _stats_key(m: MeasureResult) -> _StatsKey:
    """The oriented inputs: values negated when lower is better, day numbers from the start."""
    sign = float(m.sign)
    origin = m.origin
    return (
        tuple(sign * v for _, v in m.baseline),
        tuple(sign * v for _, v in m.treatment),
        tuple(float((d - origin).days) for d, _ in m.baseline),
        tuple(float((d - origin).days) for d, _ in m.treatment),
    )


def cached_stats(m: MeasureResult) -> MeasureResult | None:
    """``m`` with its statistics if they were worked out before, else None (never computes)."""
    if m.stats is not None:
        return m
    with _CACHE_LOCK:
        hit = _CACHE.get(_stats_key(m))
    if hit is None:
        return None
    return dataclasses.replace(m, stats=hit[0], stat_notes=dict(hit[1]))


def with_stats(m: MeasureResult) -> MeasureResult:
    """``m`` with its statistics: every logged baseline day (A) against every logged treatment
    day so far (B), oriented so that higher is better. Safe to call from a worker thread."""
    found = cached_stats(m)
    if found is not None:
        return found
    key = _stats_key(m)
    a, b, xa, xb = key
    block = stats.all_stats(list(a), list(b), list(xa), list(xb))
    block["tau_bc_pretest"] = _pretest(a, b, xa, xb)
    notes = _stat_notes(a, b, xa, xb, block)
    with _CACHE_LOCK:
        _CACHE[key] = (block, notes)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return dataclasses.replace(m, stats=block, stat_notes=dict(notes))


def _pretest(a: Series, b: Series, xa: Series, xb: Series) -> dict[str, Any]:
    """Tau-BC as Tarlow (2017) proposed it: the baseline trend is removed only when Kendall's
    test of the baseline against time finds it (two-sided, alpha 0.05); otherwise it is Tau.

    ``stats.tau_bc`` keeps the always-corrected value (SingleCaseES's default) for comparison.
    """
    est = stats.tau_bc(a, b, xa, xb, trend_test=True)
    trend_p = stats.baseline_trend_p(a, xa) if len(a) >= 2 else None
    out: dict[str, Any] = est.to_dict()
    out["corrected"] = bool(est.estimate is not None and trend_p is not None
                            and trend_p <= stats.TREND_ALPHA)
    out["trend_p"] = trend_p
    return out


def measure_result(
    key: str,
    *,
    label: str,
    unit: str,
    better: str,
    scale: int | None,
    entries: Mapping[date, DayEntry],
    phases: Phases,
    periods: list[Period],
    value: Callable[[DayEntry], float | None],
    compute_stats: bool = True,
) -> MeasureResult:
    """Collect one measure's logged days per phase, and (unless told not to) its statistics."""
    baseline = logged(entries, phases.baseline_so_far, value)
    treatment = logged(entries, phases.treatment_so_far, value)
    end = logged(entries, phases.end_window, value) if phases.end_window else []
    weekly = []
    for period in periods:
        days = logged(entries, period.span, value)
        weekly.append(PeriodMean(period, len(days), mean([v for _, v in days])))
    result = MeasureResult(
        key=key, label=label, unit=unit, better=better, scale=scale,
        origin=phases.baseline.start,
        baseline=tuple(baseline), treatment=tuple(treatment), end=tuple(end),
        weekly=tuple(weekly), stats=None,
    )
    result.notes.update(_notes(result, phases))
    if compute_stats:
        return with_stats(result)
    return cached_stats(result) or result
