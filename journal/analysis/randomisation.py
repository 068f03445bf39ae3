"""Edgington's randomisation test for a randomly drawn first session (an A-B phase design).

Before the block the person declared k admissible first-session dates and the app drew one at
random from a stored seed. Afterwards the observed days stay where they are; only the
hypothetical split point moves. For every admissible start s:

* A_s = logged days from the baseline's first day up to the day before s;
* B_s = logged days from s + carry-over days up to the first treatment phase's last day;
* statistic = mean(A_s) - mean(B_s), oriented so that improvement is positive (for a measure
  where higher is better, mean(B_s) - mean(A_s)).

p = (number of admissible starts whose statistic is at least the observed one) / k. It is valid
because the start really was drawn at random: no assumption about the distribution, and serial
correlation does not invalidate it (Edgington 1975; Onghena & Edgington 2005). It is the
randomisation test the R packages scan (``rand_test``) and SCRT run for an AB phase design
with the "A-B" mean-difference statistic (SCRT's ``pvalue.systematic`` enumerates every
admissible start as here; ``pvalue.random`` samples them). The smallest p the design can reach
is 1/k.

Means are exact fractions, so "at least" is decided without rounding error (shifting every value
by a constant cannot change p). A start whose A_s or B_s has no logged day has no statistic; it
is counted as at least as extreme as the observed one, which keeps p conservative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

STATISTIC = "mean difference"


@dataclass(frozen=True)
class RandomisationTest:
    """The result: ``p`` over ``k`` admissible starts, the observed statistic, and each start's."""

    p: float | None
    k: int
    observed: float | None
    statistics: tuple[tuple[date, float | None], ...]

    @property
    def min_p(self) -> float:
        return 1 / self.k if self.k else 1.0


def _exact(value: float) -> Fraction:
    """A logged value exactly as typed (its shortest decimal form: 0.1 is 1/10)."""
    return Fraction(repr(float(value)))


def _mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def split_statistic(values: Mapping[date, float], first: date, last: date, start: date,
                    carry_over: int, better: str = "lower") -> Fraction | None:
    """mean(A_s) - mean(B_s) (reversed when higher is better) for the split at ``start``."""
    b_from = start + timedelta(days=carry_over)
    a = [_exact(v) for d, v in values.items() if first <= d < start]
    b = [_exact(v) for d, v in values.items() if b_from <= d <= last]
    mean_a, mean_b = _mean(a), _mean(b)
    if mean_a is None or mean_b is None:
        return None
    return mean_a - mean_b if better == "lower" else mean_b - mean_a


def edgington_test(values: Mapping[date, float], first: date, last: date,
                   starts: Sequence[date], actual: date, carry_over: int = 0,
                   better: str = "lower") -> RandomisationTest:
    """The randomisation test of ``actual`` among the admissible ``starts`` (see the module)."""
    stats = [(s, split_statistic(values, first, last, s, carry_over, better)) for s in starts]
    observed = dict(stats).get(actual)
    k = len(starts)
    shown = tuple((s, float(v) if v is not None else None) for s, v in stats)
    if observed is None or actual not in starts:
        return RandomisationTest(None, k, None, shown)
    extreme = sum(1 for _, v in stats if v is None or v >= observed)
    return RandomisationTest(extreme / k, k, float(observed), shown)


def smallest_p_words(k: int) -> str:
    """What a window of k dates can show, said before the draw."""
    if k <= 1:
        return "One admissible date: nothing is drawn, so no randomisation test is possible."
    text = (f"{k} admissible dates: the smallest p-value this design can reach is 1/{k} = "
            f"{1 / k:.3f}.")
    if k < 20:
        text += " For p below 0.05 you need at least 20 dates in the window."
    return text
