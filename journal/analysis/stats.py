"""Single-case effect sizes: how a treatment phase (B) compares with a baseline phase (A).

A person runs one block: some days of baseline logging, then days with massage sessions. These
functions answer "were treatment days better than baseline days?" with the non-overlap measures
used in single-case research, matching the R package SingleCaseES (Pustejovsky, Chen & Swan)
where it defines them:

* :func:`nap`    Non-overlap of All Pairs (Parker & Vannest 2009), unbiased SE, Newcombe CI.
* :func:`tau`    Tau (non-overlap) = 2 * NAP - 1, with SE and CI mapped from NAP.
* :func:`tau_u`  Parker's Tau-U, "A vs B minus trend A" (the only variant in SingleCaseES).
* :func:`tau_bc` Baseline-corrected Tau (Tarlow 2017), computed on exact residuals.
* :func:`pnd`    Percentage of non-overlapping data, as a share.

Conventions the callers rely on:

* Values arrive already ORIENTED: a higher number is better. For pain, the caller negates.
* Values are in date order. Day numbers (``x_a``, ``x_b``) default to 0..m-1 for the baseline
  and m..m+n-1 for the treatment; pass real day numbers when days were skipped.
* A value that is ``None``, NaN or infinite is treated as a day not logged and left out (its day
  number goes with it), as SingleCaseES drops missing values.
* Nothing here raises on thin data. When a number cannot be computed the field is ``None`` and
  :attr:`Estimate.note` says why in plain words. NaN never leaves this module.
* Every SE and CI assumes the daily values are independent. Daily pain is autocorrelated, so
  the intervals are optimistic; they are a rough guide, not proof.

Arithmetic is exact until the final conversion to ``float``. This matters for Tau-BC, where
floating-point residuals such as 1/6 can differ in the last bit and silently turn ties into wins
or losses (SingleCaseES 0.7.4 has this problem). Floats are read through their shortest decimal
form, so a typed 0.1 is exactly 1/10.

Exact need not mean slow: the review screen runs these on blocks of a year or more. Each call
puts its values on a common integer scale once (0.5 and 4 become 1 and 8 when the scale is 2),
so every comparison is between plain integers, and the pair counts come from sorting and binary
search, in O((m + n) log n) rather than one comparison per (baseline, treatment) pair. Only
Theil-Sen, which needs every baseline slope, stays quadratic, in the baseline alone.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from itertools import groupby
from operator import itemgetter

__all__ = [
    "Estimate",
    "all_stats",
    "nap",
    "nap_sentence",
    "pnd",
    "tau",
    "tau_bc",
    "tau_u",
]

NEED_ONE_EACH = "needs at least 1 logged day in each phase"
NEED_TWO_EACH = "a standard error and range need at least 2 logged days in each phase"
NEED_TWO_BASELINE = "needs at least 2 logged baseline days to estimate a baseline trend"
SAME_DAY_BASELINE = "baseline days all share one day number, so no baseline trend can be estimated"
NO_SE_PATTERN = "no standard error could be calculated for this pattern of values"
NO_SE_TAU_U = "no standard error: the sampling distribution of Tau-U is not known"
NO_SE_PND = "no standard error: the sampling distribution of PND is not known"

_EXACT_KENDALL_MAX_N = 50

Values = Sequence[float | None]
"""Logged values of one phase in date order; ``None`` (or NaN) marks a day with no value."""
DayNumbers = Sequence[float]
"""Day numbers (normally ints) matching a :data:`Values` sequence one to one."""


# ---------------------------------------------------------------------------------------------
# Result type


def _finite(value: object) -> float | None:
    """``float(value)`` if it is a finite number, else ``None`` (so NaN cannot escape)."""
    if value is None:
        return None
    try:
        f = float(value)  # type: ignore[arg-type]  # any value: the TypeError is caught
    except (TypeError, ValueError, OverflowError):
        return None
    return f if math.isfinite(f) else None


@dataclass(frozen=True)
class Estimate:
    """One effect size with its standard error and confidence interval, when they exist.

    ``note`` says in plain words why a field is ``None`` (too few days, no known sampling
    distribution) or which variant was computed, so a screen can show it next to the number.
    Construction cleans the fields: NaN, infinities and negative SEs become ``None``, and
    ``Fraction`` values become ``float``, so a caller never has to check for NaN.
    """

    estimate: float | None
    se: float | None = None
    ci: tuple[float, float] | None = None
    note: str = ""

    def __post_init__(self) -> None:
        est = _finite(self.estimate)
        se = _finite(self.se)
        if se is not None and se < 0:
            se = None
        ci: tuple[float, float] | None = None
        if self.ci is not None:
            low, high = (_finite(v) for v in self.ci)
            if low is not None and high is not None and low <= high:
                ci = (low, high)
        note = self.note
        if est is None and self.estimate is not None and not note:
            note = "could not be calculated from these values"
        object.__setattr__(self, "estimate", est)
        object.__setattr__(self, "se", se)
        object.__setattr__(self, "ci", ci)
        object.__setattr__(self, "note", note)

    def to_dict(self) -> dict[str, float | list[float] | None]:
        """The JSON-friendly shape used in the STATS block: estimate, se, ci as [low, high]."""
        return {
            "estimate": self.estimate,
            "se": self.se,
            "ci": [self.ci[0], self.ci[1]] if self.ci is not None else None,
        }


# ---------------------------------------------------------------------------------------------
# Input cleaning

Exact = int | Fraction
"""An exact rational: ``int`` where the value is whole (cheaper), else ``Fraction``."""

_FLOAT_INT_LIMIT = 2.0**53
"""Below this, a whole float's shortest decimal form is the integer itself, so ``int()`` is
exact and agrees with ``Fraction(repr(value))``; above it the two can differ (1e23)."""


@lru_cache(maxsize=4096)
def _float_fraction(value: float) -> Fraction:
    """``Fraction(repr(value))``, remembered: logged values repeat (4.5 comes back often)."""
    return Fraction(repr(value))


def _to_fraction(value: object) -> Exact | None:
    """Exact value of one logged number, or ``None`` if it is missing or not finite.

    Floats go through ``repr`` (the shortest decimal that round-trips), so 0.1 becomes 1/10
    rather than the binary neighbour; values typed by a person keep their exact ties. Whole
    numbers come back as ``int``, which is exact and much cheaper to compare than a Fraction.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer() and abs(value) < _FLOAT_INT_LIMIT:
            return int(value)
        return _float_fraction(value)
    if isinstance(value, int | Fraction):
        return value
    try:
        f = float(value)  # type: ignore[arg-type]  # any value: the TypeError is caught
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(f):
        return None
    try:
        return Fraction(value)  # type: ignore[call-overload]  # e.g. Decimal, exactly
    except (TypeError, ValueError):
        return Fraction(repr(f))


def _scale_of(values: list[Exact]) -> int:
    """Smallest positive integer that makes every value whole (1 for whole numbers)."""
    return math.lcm(*{v.denominator for v in values})


def _scaled(values: list[Exact], scale: int) -> list[int]:
    """``values`` times ``scale``, as ints (exact: ``scale`` is a multiple of each denominator)."""
    return [v.numerator * (scale // v.denominator) for v in values]


@dataclass(frozen=True)
class _Points:
    """Logged (day number, value) pairs of one phase, both on integer scales.

    The real day number is ``x / day_scale`` and the real value is ``y / value_scale``; the
    value scale is shared by both phases of a call, so values compare across phases as ints.
    """

    xs: list[int]
    ys: list[int]
    day_scale: int


class _Inputs:
    """One call's values, cleaned once and put on exact integer scales.

    Every measure reads what it needs from here, and :func:`all_stats` shares one instance
    across all of them. Each part is worked out on first use, so day numbers are read (and
    their lengths checked) only by the measures that need them: x_a first, then x_b.
    """

    def __init__(
        self, a: Values, b: Values, x_a: DayNumbers | None = None, x_b: DayNumbers | None = None
    ) -> None:
        self._a, self._b, self._x_a, self._x_b = a, b, x_a, x_b

    @cached_property
    def _exact(self) -> tuple[list[Exact | None], list[Exact | None]]:
        return [_to_fraction(v) for v in self._a], [_to_fraction(v) for v in self._b]

    @cached_property
    def value_scale(self) -> int:
        exact_a, exact_b = self._exact
        return _scale_of([v for v in (*exact_a, *exact_b) if v is not None])

    @cached_property
    def _scaled(self) -> tuple[list[int | None], list[int | None]]:
        """Every value (``None`` kept in place) times :attr:`value_scale`."""
        scale = self.value_scale

        def scaled(exact: list[Exact | None]) -> list[int | None]:
            return [None if v is None else v.numerator * (scale // v.denominator) for v in exact]

        exact_a, exact_b = self._exact
        return scaled(exact_a), scaled(exact_b)

    @cached_property
    def vals_a(self) -> list[int]:
        """Logged baseline values in date order, scaled."""
        return [v for v in self._scaled[0] if v is not None]

    @cached_property
    def vals_b(self) -> list[int]:
        """Logged treatment values in date order, scaled."""
        return [v for v in self._scaled[1] if v is not None]

    @cached_property
    def points_a(self) -> _Points:
        """Baseline days with a usable value and day number (0, 1, ... by default)."""
        return _points(self._scaled[0], self._x_a, 0, "x_a")

    @cached_property
    def points_b(self) -> _Points:
        """Treatment days likewise; day numbers default to continue after the baseline."""
        return _points(self._scaled[1], self._x_b, len(self._a), "x_b")


def _points(ys: list[int | None], xs: DayNumbers | None, start: int, label: str) -> _Points:
    """Pair each logged value with its day number, dropping days with no usable value.

    Day numbers default to ``start, start + 1, ...``. A length mismatch is a programming error
    in the caller, not thin data, so it raises ``ValueError``.
    """
    if xs is None:
        xs = range(start, start + len(ys))
    elif len(xs) != len(ys):
        raise ValueError(f"{label}: {len(xs)} day numbers for {len(ys)} values")
    kept_x: list[Exact] = []
    kept_y: list[int] = []
    for x, y in zip(xs, ys, strict=True):
        fx = _to_fraction(x)
        if fx is not None and y is not None:
            kept_x.append(fx)
            kept_y.append(y)
    day_scale = _scale_of(kept_x)
    return _Points(_scaled(kept_x, day_scale), kept_y, day_scale)


def _z(confidence: float) -> float:
    """Two-sided normal critical value (1.959964 for 95%)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    return statistics.NormalDist().inv_cdf(1 - (1 - confidence) / 2)


# ---------------------------------------------------------------------------------------------
# NAP core


def _bisect(f: Callable[[float], float], lo: float, hi: float) -> float:
    """Root of ``f`` between ``lo`` and ``hi`` where the signs at the ends differ.

    Bisection never leaves the bracket and always converges, which is all a CI bound needs;
    it runs until the bracket stops shrinking in floating point.
    """
    f_lo = f(lo)
    if f_lo == 0:
        return lo
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        f_mid = f(mid)
        if f_mid == 0:
            return mid
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


def _newcombe_ci(p: float, m: int, n: int, z: float) -> tuple[float, float]:
    """Newcombe (2006) Method 5 score interval for NAP, as in SingleCaseES.

    The bounds are the roots of
    ``m n (p - x)^2 (2 - x)(1 + x) - z^2 x (1 - x) (2 + h + (1 + 2h) x (1 - x))``
    with ``h = (m + n)/2 - 1``: one in (0, p), one in (p, 1). At p = 1 the function is exactly 0
    at x = 1, and a bracketing root finder started on (0, 1) returns that endpoint, giving the
    wrong interval [1, 1]. Dividing out the factor (1 - x) leaves the interior root, which is the
    real lower bound; p = 0 is handled the same way (the function is symmetric in x <-> 1 - x).
    """
    h = (m + n) / 2 - 1
    mn = m * n
    zz = z * z

    def k(x: float) -> float:
        return 2 + h + (1 + 2 * h) * x * (1 - x)

    if p >= 1:
        lower = _bisect(lambda x: mn * (1 - x) * (2 - x) * (1 + x) - zz * x * k(x), 0.0, 1.0)
        return lower, 1.0
    if p <= 0:
        upper = _bisect(lambda x: mn * x * (2 - x) * (1 + x) - zz * (1 - x) * k(x), 0.0, 1.0)
        return 0.0, upper

    def f(x: float) -> float:
        return mn * (p - x) ** 2 * (2 - x) * (1 + x) - zz * x * (1 - x) * k(x)

    return _bisect(f, 0.0, p), _bisect(f, p, 1.0)


@dataclass(frozen=True)
class _PairCounts:
    """How the m x n (baseline day, treatment day) pairs fall, without visiting each pair.

    Pair scores are doubled to stay in integers: 2 = B better, 1 = tie, 0 = B worse. ``rows``
    holds, for each distinct baseline value, (how many baseline days have it, the row score:
    the doubled sum of its pair scores against all of B); ``cols`` likewise for treatment
    values against all of A. Days with equal values have equal row (column) scores, so this
    loses nothing.
    """

    wins: int
    ties: int
    losses: int
    rows: list[tuple[int, int]]
    cols: list[tuple[int, int]]


def _pair_counts(a: Sequence[int], b: Sequence[int]) -> _PairCounts:
    """Count wins, ties and losses of B against A by sorting and binary search.

    For a baseline value ``v``, ``bisect_left`` on the sorted treatment values gives how many
    are below ``v`` and ``bisect_right`` how many are at most ``v``; the rest are above. That is
    O((m + n) log n) instead of m * n comparisons.
    """
    m, n = len(a), len(b)
    sorted_a, sorted_b = sorted(a), sorted(b)
    rows: list[tuple[int, int]] = []
    wins = ties = 0
    for value, count in Counter(a).items():
        below, upto = bisect_left(sorted_b, value), bisect_right(sorted_b, value)
        rows.append((count, 2 * n - below - upto))  # 2 * #above + #equal
        wins += count * (n - upto)
        ties += count * (upto - below)
    cols: list[tuple[int, int]] = []
    for value, count in Counter(b).items():
        below, upto = bisect_left(sorted_a, value), bisect_right(sorted_a, value)
        cols.append((count, below + upto))  # 2 * #A below + #equal
    return _PairCounts(wins, ties, m * n - wins - ties, rows, cols)


def _nap_exact(
    a: Sequence[int], b: Sequence[int], confidence: float
) -> tuple[Fraction | None, Estimate]:
    """NAP as an exact fraction plus the :class:`Estimate` with SE and CI.

    ``a`` and ``b`` are values on one integer scale (only their order matters). Ties count 0.5.
    The SE is SingleCaseES's default "unbiased" estimator (Sen 1967, Mee 1990) with its
    truncation of NAP to [1/(2mn), 1 - 1/(2mn)] inside the p(1 - p) term, so that complete
    non-overlap does not report a standard error of zero:

        V = (NAP~(1 - NAP~) + n Q1 + m Q2 - 2 Q3) / ((m - 1)(n - 1))

    with Q1, Q2, Q3 the centred row, column and cell sums of squares of the pair scores.
    """
    z = _z(confidence)
    m, n = len(a), len(b)
    if m == 0 or n == 0:
        return None, Estimate(None, note=NEED_ONE_EACH)

    counts = _pair_counts(a, b)
    total = 2 * counts.wins + counts.ties  # doubled sum of all pair scores
    p = Fraction(total, 2 * m * n)
    if m < 2 or n < 2:
        return p, Estimate(float(p), note=NEED_TWO_EACH)

    # Centred row sum r/2 - n p = (m r - total) / (2m), column sum c/2 - m p = (n c - total)
    # / (2n): the sums of squares are integers over a known denominator, exactly.
    q1 = Fraction(sum(k * (m * r - total) ** 2 for k, r in counts.rows), 4 * m**3 * n**2)
    q2 = Fraction(sum(k * (n * c - total) ** 2 for k, c in counts.cols), 4 * m**2 * n**3)
    half = Fraction(1, 2)
    cells = counts.losses * p**2 + counts.ties * (half - p) ** 2 + counts.wins * (1 - p) ** 2
    q3 = cells / (m * n)
    trunc = Fraction(1, 2 * m * n)
    p_t = min(max(p, trunc), 1 - trunc)
    var = (p_t * (1 - p_t) + n * q1 + m * q2 - 2 * q3) / ((m - 1) * (n - 1))
    se = math.sqrt(var) if var > 0 else None
    ci = _newcombe_ci(float(p), m, n, z)
    return p, Estimate(float(p), se, ci, note="" if se is not None else NO_SE_PATTERN)


def _tau_from_nap(p: Fraction | None, est: Estimate) -> Estimate:
    """Tau = 2 NAP - 1; SE doubles and the CI maps end by end (as SingleCaseES does)."""
    if p is None:
        return Estimate(None, note=est.note)
    se = 2 * est.se if est.se is not None else None
    ci = (2 * est.ci[0] - 1, 2 * est.ci[1] - 1) if est.ci is not None else None
    return Estimate(float(2 * p - 1), se, ci, note=est.note)


def _kendall_s(xs: Sequence[int], ys: Sequence[int]) -> int:
    """Kendall's S of ``ys`` against ``xs``: pairs rising minus pairs falling, ties count 0.

    Days are taken in order of day number, one group of equal day numbers at a time (pairs
    within a group have no direction), and each is compared by binary search with the values
    of all earlier day numbers: O(m log m) comparisons instead of one per pair.
    """
    earlier: list[int] = []
    s = 0
    for _, group in groupby(sorted(zip(xs, ys, strict=True)), key=itemgetter(0)):
        group_ys = [y for _, y in group]
        for y in group_ys:
            s += bisect_left(earlier, y) - (len(earlier) - bisect_right(earlier, y))
        for y in group_ys:
            insort(earlier, y)
    return s


# ---------------------------------------------------------------------------------------------
# Public measures


def nap(a: Values, b: Values, *, confidence: float = 0.95) -> Estimate:
    """Non-overlap of All Pairs: the share of (baseline day, treatment day) pairs in which the
    treatment day is better, a tie counting half (Parker & Vannest 2009).

    It is the plain-language measure for this app: "on 83% of day pairs the treatment day was
    better". 0.5 means no difference, 1 means every treatment day beat every baseline day.
    The SE is SingleCaseES's "unbiased" one and the CI is Newcombe's Method 5 score interval,
    solved by bisection; at complete non-overlap the CI is (interior root, 1), not [1, 1].
    SE and CI need at least 2 days in each phase; with 1 they are ``None`` and ``note`` says so.
    """
    data = _Inputs(a, b)
    return _nap_exact(data.vals_a, data.vals_b, confidence)[1]


def tau(a: Values, b: Values, *, confidence: float = 0.95) -> Estimate:
    """Tau (non-overlap) = 2 * NAP - 1, on the familiar -1..1 correlation-like scale.

    Equal to (#pairs B better - #pairs B worse) / #pairs, ties counting zero. SE = 2 * SE(NAP)
    and CI = 2 * CI(NAP) - 1, as SingleCaseES computes them.
    """
    data = _Inputs(a, b)
    return _tau_from_nap(*_nap_exact(data.vals_a, data.vals_b, confidence))


def tau_u(a: Values, b: Values, x_a: DayNumbers | None = None) -> Estimate:
    """Parker's Tau-U, "A vs B minus trend A" (Parker, Vannest, Davis & Sauber 2011).

    (S_AB - S_trendA) / (m n), where S_AB counts pairs with B better minus pairs with B worse
    and S_trendA is Kendall's S of the baseline against time. It is reported because clinicians
    meet it in the literature, but it is not bounded by -1..1 and has no known sampling
    distribution, so there is no SE (this is also SingleCaseES's only Tau-U variant). Prefer
    :func:`tau_bc` for a trend-corrected number. ``x_a`` only decides the time order.
    """
    return _tau_u(_Inputs(a, b, x_a))


def _tau_u(data: _Inputs) -> Estimate:
    pts_a = data.points_a
    vals_b = data.vals_b
    m, n = len(pts_a.ys), len(vals_b)
    if m == 0 or n == 0:
        return Estimate(None, note=NEED_ONE_EACH)
    counts = _pair_counts(pts_a.ys, vals_b)
    s_ab = counts.wins - counts.losses
    s_trend = _kendall_s(pts_a.xs, pts_a.ys)
    return Estimate(float(Fraction(s_ab - s_trend, m * n)), note=NO_SE_TAU_U)


def _twice_median(ordered: Sequence[int]) -> int:
    """Twice the median of sorted integers (an integer even when the count is even)."""
    half = len(ordered) // 2
    if len(ordered) % 2:
        return 2 * ordered[half]
    return ordered[half - 1] + ordered[half]


def _median_ratio(pairs: Sequence[tuple[int, int]], max_rise: int, max_run: int) -> Fraction:
    """Exact median of ``rise / run`` over ``pairs`` of integers with ``0 < run <= max_run`` and
    ``|rise| <= max_rise`` (the median of an even count is the mean of the middle two).

    Usually through floats, which is exact here and several times faster than exact keys: two
    different ratios differ by at least 1 / max_run**2, and rounding moves each by at most
    max_rise / 2**53. While ``max_rise * max_run**2 < 2**52`` that cannot reorder or merge two
    ratios, and the nearest fraction with denominator <= max_run to a rounded ratio is the
    ratio itself. For huge values (or very fine scales) exact integer keys over the least
    common run are used instead.
    """
    half = len(pairs) // 2
    middle = [half] if len(pairs) % 2 else [half - 1, half]
    if max_rise * max_run**2 < 2**52:
        ordered_f = sorted(rise / run for rise, run in pairs)
        picks = [Fraction(ordered_f[i]).limit_denominator(max_run) for i in middle]
    else:
        common = math.lcm(*{run for _, run in pairs})
        ordered = sorted(rise * (common // run) for rise, run in pairs)
        picks = [Fraction(ordered[i], common) for i in middle]
    return sum(picks, Fraction(0)) / len(picks)


def _theil_sen(
    pts_a: _Points, pts_b: _Points, value_scale: int
) -> tuple[Fraction, list[int], list[int]] | None:
    """Exact Theil-Sen line of the baseline, and every day's residual from it.

    slope = median pairwise slope, intercept = median(y - slope x), residual = y - intercept
    - slope x. Pairs on the same day number have no slope and are skipped; if every pair is
    skipped there is no line (``None``). Returns the slope per day and the residuals of the
    baseline and treatment days as integers: the true residuals times one positive constant,
    so they order and tie exactly as the true residuals do.
    """
    day_scale = math.lcm(pts_a.day_scale, pts_b.day_scale)
    xa = [x * (day_scale // pts_a.day_scale) for x in pts_a.xs]
    xb = [x * (day_scale // pts_b.day_scale) for x in pts_b.xs]
    ya, yb = pts_a.ys, pts_b.ys

    # Every pair's (rise, run) with run > 0: taken in day order, a later day has the larger x.
    by_day = sorted(zip(xa, ya, strict=True))
    pairs: list[tuple[int, int]] = []
    for i, (xi, yi) in enumerate(by_day):
        pairs.extend((yk - yi, xk - xi) for xk, yk in by_day[i + 1 :] if xk != xi)
    if not pairs:
        return None
    max_rise = max(ya) - min(ya)
    max_run = by_day[-1][0] - by_day[0][0]
    # The median rise / run, in scaled units; a slope per real day is that * (D / V).
    slope = _median_ratio(pairs, max_rise, max_run) * Fraction(day_scale, value_scale)

    # y - slope x = (Y q D - p X V) / (V q D) for slope p/q, value Y/V and day X/D.
    p, q = slope.numerator, slope.denominator
    y_factor, x_factor = q * day_scale, p * value_scale
    level_a = [y * y_factor - x * x_factor for x, y in zip(xa, ya, strict=True)]
    level_b = [y * y_factor - x * x_factor for x, y in zip(xb, yb, strict=True)]
    twice_intercept = _twice_median(sorted(level_a))
    res_a = [2 * v - twice_intercept for v in level_a]
    res_b = [2 * v - twice_intercept for v in level_b]
    return slope, res_a, res_b


def _mahonian(n: int) -> list[int]:
    """Number of permutations of n items with k inversions, k = 0..n(n-1)/2."""
    counts = [1]
    for size in range(2, n + 1):
        new_len = len(counts) + size - 1
        prefix = [0]
        for c in counts:
            prefix.append(prefix[-1] + c)
        new = []
        for k in range(new_len):
            hi = min(k, len(counts) - 1)
            lo = max(0, k - size + 1)
            new.append(prefix[hi + 1] - prefix[lo] if lo <= hi else 0)
        counts = new
    return counts


def _tie_groups(values: Sequence[int]) -> list[int]:
    return [t for t in Counter(values).values() if t > 1]


def _kendall_trend_p(pts: _Points) -> float:
    """Two-sided p-value of Kendall's test for a monotone trend of the baseline over time.

    Exact (permutation distribution of S) when nothing is tied and there are at most 50 days,
    as the R package Kendall does without ties; otherwise the normal approximation with the
    tie-corrected variance of S and a continuity correction.
    """
    n = len(pts.ys)
    if n < 2:
        return 1.0
    return _kendall_p_of_s(_kendall_s(pts.xs, pts.ys), n, _tie_groups(pts.xs),
                           _tie_groups(pts.ys))


#: Two-sided significance level of Tarlow's baseline-trend pre-test.
TREND_ALPHA = 0.05


def baseline_trend_p(a: Values, x_a: DayNumbers | None = None) -> float:
    """Two-sided p-value of Kendall's test for a trend of the baseline against time.

    The pre-test of :func:`tau_bc` with ``trend_test=True``, exposed so the report can state it.
    """
    return _kendall_trend_p(_Inputs(a, [], x_a, None).points_a)


def _kendall_p_of_s(s: int, n: int, ties_x: Sequence[int], ties_y: Sequence[int]) -> float:
    """The p-value for a Kendall S of ``n`` points with the given tie group sizes."""
    if not ties_x and not ties_y and n <= _EXACT_KENDALL_MAX_N:
        counts = _mahonian(n)
        n0 = n * (n - 1) // 2
        extreme = sum(c for k, c in enumerate(counts) if abs(n0 - 2 * k) >= abs(s))
        return float(Fraction(extreme, math.factorial(n)))
    var = Fraction(
        n * (n - 1) * (2 * n + 5)
        - sum(t * (t - 1) * (2 * t + 5) for t in ties_x)
        - sum(u * (u - 1) * (2 * u + 5) for u in ties_y),
        18,
    )
    if n > 2:
        var += Fraction(
            sum(t * (t - 1) * (t - 2) for t in ties_x) * sum(u * (u - 1) * (u - 2) for u in ties_y),
            9 * n * (n - 1) * (n - 2),
        )
    var += Fraction(
        sum(t * (t - 1) for t in ties_x) * sum(u * (u - 1) for u in ties_y), 2 * n * (n - 1)
    )
    if var <= 0:
        return 1.0
    zstat = max(abs(s) - 1, 0) / math.sqrt(var)
    return min(1.0, math.erfc(zstat / math.sqrt(2)))


def _fmt_num(x: Fraction | float) -> str:
    return f"{float(x):+.3g}"


def tau_bc(
    a: Values,
    b: Values,
    x_a: DayNumbers | None = None,
    x_b: DayNumbers | None = None,
    *,
    trend_test: bool = False,
    alpha: float = 0.05,
    confidence: float = 0.95,
) -> Estimate:
    """Baseline-corrected Tau (Tarlow 2017), as SingleCaseES ``Tau_BC`` with ``Kendall = FALSE``.

    Why: pain often drifts during a baseline week (improving on its own, or flaring). Plain Tau
    would credit that drift to massage. Here a Theil-Sen line is fitted to the baseline against
    day number, every day (baseline and treatment) is replaced by its residual from that line,
    and Tau (non-overlap, with its SE and CI) is computed on the residuals. Residuals are exact,
    so equal residuals stay tied.

    By default the trend is ALWAYS removed (SingleCaseES's default ``pretest_trend = FALSE``);
    the ``note`` says so. With ``trend_test=True`` Tarlow's original procedure is followed: the
    baseline is corrected only if Kendall's test of baseline vs time gives p <= ``alpha``;
    otherwise the result is plain Tau and the note says the trend was not clear.

    Fewer than 2 baseline days (or all on the same day number) leave the slope undefined, and
    this returns ``None`` with a note rather than quietly falling back to uncorrected Tau. The SE
    and CI ignore the uncertainty of the fitted line, as in SingleCaseES.
    """
    return _tau_bc(
        _Inputs(a, b, x_a, x_b), trend_test=trend_test, alpha=alpha, confidence=confidence
    )


def _tau_bc(
    data: _Inputs, *, trend_test: bool = False, alpha: float = 0.05, confidence: float = 0.95
) -> Estimate:
    pts_a, pts_b = data.points_a, data.points_b
    if not pts_a.ys or not pts_b.ys:
        return Estimate(None, note=NEED_ONE_EACH)
    if len(pts_a.ys) < 2:
        return Estimate(None, note=NEED_TWO_BASELINE)
    fit = _theil_sen(pts_a, pts_b, data.value_scale)
    if fit is None:
        return Estimate(None, note=SAME_DAY_BASELINE)
    slope, res_a, res_b = fit

    correct = True
    if trend_test:
        p_trend = _kendall_trend_p(pts_a)
        correct = p_trend <= alpha
        if correct:
            note = (
                f"baseline trend of {_fmt_num(slope)} per day removed (Theil-Sen), "
                f"as Kendall's trend test gave p = {p_trend:.3g} <= {alpha:g}"
            )
        else:
            note = (
                f"baseline trend not clear (Kendall's test p = {p_trend:.3g} > {alpha:g}), "
                "so no correction was made and this equals plain Tau"
            )
    else:
        note = (
            f"baseline trend of {_fmt_num(slope)} per day removed (Theil-Sen); "
            "always corrected, without a trend pre-test"
        )

    if not correct:
        res_a, res_b = pts_a.ys, pts_b.ys
    result = _tau_from_nap(*_nap_exact(res_a, res_b, confidence))
    full_note = f"{note}; {result.note}" if result.note else note
    return Estimate(result.estimate, result.se, result.ci, note=full_note)


def pnd(a: Values, b: Values) -> Estimate:
    """Percentage of non-overlapping data, as a share: treatment days strictly better than the
    single best baseline day (Scruggs, Mastropieri & Casto 1987).

    Kept because older single-case papers report it; one unusually good baseline day can drive
    it to 0, which is why NAP is the headline number. No SE.
    """
    return _pnd(_Inputs(a, b))


def _pnd(data: _Inputs) -> Estimate:
    vals_a, vals_b = data.vals_a, data.vals_b
    if not vals_a or not vals_b:
        return Estimate(None, note=NEED_ONE_EACH)
    best = max(vals_a)
    return Estimate(float(Fraction(sum(1 for y in vals_b if y > best), len(vals_b))),
                    note=NO_SE_PND)


# ---------------------------------------------------------------------------------------------
# Summaries


def all_stats(
    a: Values,
    b: Values,
    x_a: DayNumbers | None = None,
    x_b: DayNumbers | None = None,
) -> dict[str, object]:
    """Every measure in the STATS shape, unrounded, ``None`` where undefined.

    ``{"n_baseline", "n_treatment", "nap": {estimate, se, ci}, "tau": {...},
    "tau_u": {"estimate"}, "tau_bc": {...}, "pnd": {"estimate"}}``. The counts are of usable
    (logged, finite) values. The inputs are cleaned once and shared by every measure, and Tau
    comes from the same NAP computation, so this costs little more than its slowest measure.
    """
    data = _Inputs(a, b, x_a, x_b)
    p, nap_est = _nap_exact(data.vals_a, data.vals_b, 0.95)
    return {
        "n_baseline": len(data.vals_a),
        "n_treatment": len(data.vals_b),
        "nap": nap_est.to_dict(),
        "tau": _tau_from_nap(p, nap_est).to_dict(),
        "tau_u": {"estimate": _tau_u(data).estimate},
        "tau_bc": _tau_bc(data).to_dict(),
        "pnd": {"estimate": _pnd(data).estimate},
    }


def _pct(x: float) -> int:
    """Percent rounded half up (so 0.835 reads 84%, not banker's 83%)."""
    return math.floor(x * 100 + 0.5)


def nap_sentence(est: Estimate) -> str:
    """NAP in plain words for the review screen and the clinician summary.

    Says what the share means, that ties count half, and the range when there is one (worded
    as 95%, the default of :func:`nap`); when NAP is undefined it says what is missing instead
    of showing a number.
    """
    if est.estimate is None:
        reason = f" ({est.note})" if est.note else ""
        return f"Not enough logged days to compare treatment with baseline yet{reason}."
    text = (
        f"On {_pct(est.estimate)}% of day pairs, a treatment day was better than a baseline day "
        "(a tie counts as half; 50% would mean no difference)."
    )
    if est.ci is not None:
        text += f" The 95% range is {_pct(est.ci[0])}% to {_pct(est.ci[1])}%."
    return text
