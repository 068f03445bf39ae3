"""Tests for journal.analysis.stats: hand-derived values, edge cases and one property test.

Every expected number below is derived by hand in the comment next to it. Notation: m baseline
days (A), n treatment days (B); a "pair" is one A day with one B day; W / T / L count pairs where
B is better / tied / worse. Values are already oriented (higher is better).
"""

from __future__ import annotations

import itertools
import math
import random
import statistics
import time
from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.analysis import stats as stats_module
from journal.analysis.stats import (
    Estimate,
    all_stats,
    nap,
    nap_sentence,
    pnd,
    tau,
    tau_bc,
    tau_u,
)

Z95 = 1.959963984540054


def newcombe_grid(p: float, m: int, n: int, steps: int = 100_000) -> tuple[float, float]:
    """Second, independent route to Newcombe's Method 5 interval: brute-force grid scan.

    Uses the equation in the form printed by Newcombe (2006), not the polynomial the module
    solves:  (p - t)^2 = z^2 t(1-t)/(mn) * [1 + h(1-t)/(2-t) + h t/(1+t)],  h = (m+n)/2 - 1.
    The lower bound is where the difference first turns non-positive scanning up from 0 (or 0
    when p = 0); the upper bound is where it turns positive again above p (or 1 when p = 1).
    Returns grid-cell midpoints, accurate to 1/steps.
    """
    h = (m + n) / 2 - 1

    def g(t: float) -> float:
        rhs = Z95**2 * t * (1 - t) / (m * n) * (1 + h * (1 - t) / (2 - t) + h * t / (1 + t))
        return (p - t) ** 2 - rhs

    grid = [k / steps for k in range(1, steps)]
    lower = 0.0
    if p > 0:
        k = next(k for k, t in enumerate(grid) if g(t) <= 0)
        lower = grid[k] - 0.5 / steps
    upper = 1.0
    if p < 1:
        k = next(k for k, t in enumerate(grid) if t > p and g(t) > 0)
        upper = grid[k] - 0.5 / steps
    return lower, upper


# --------------------------------------------------------------------------------------------
# NAP and Tau


def test_nap_with_one_tie_hand_derived():
    # a = [1, 2, 3], b = [3, 4, 5]: 9 pairs.
    #   b=3 vs 1, 2, 3 -> W, W, T (2.5);  b=4 -> W W W (3);  b=5 -> W W W (3)
    #   NAP = 8.5 / 9 = 17/18 = 0.94444...;  Tau = (W - L) / 9 = (8 - 0) / 9 = 8/9
    # SE (unbiased, SingleCaseES): pair-score matrix, rows = A days, columns = B days:
    #   a=1: [1, 1, 1]   a=2: [1, 1, 1]   a=3: [0.5, 1, 1]
    #   row sums 3, 3, 2.5 minus n*NAP = 17/6 -> 1/6, 1/6, -1/3; squares sum to 1/6
    #   Q1 = (1/6) / (m n^2) = (1/6) / 27 = 1/162;  columns are the same -> Q2 = 1/162
    #   Q3 = [8 * (1/18)^2 + (0.5 - 17/18)^2] / 9 = [8/324 + 64/324] / 9 = 2/81
    #   truncation bounds [1/18, 17/18] leave NAP = 17/18 unchanged; NAP(1-NAP) = 17/324
    #   V = (17/324 + 3/162 + 3/162 - 4/81) / ((3-1)(3-1)) = (13/324) / 4 = 13/1296
    #   SE = sqrt(13) / 36 = 0.1001542...
    est = nap([1, 2, 3], [3, 4, 5])
    assert est.estimate == pytest.approx(17 / 18)
    assert est.se == pytest.approx(math.sqrt(13) / 36)
    assert est.note == ""
    t = tau([1, 2, 3], [3, 4, 5])
    assert t.estimate == pytest.approx(8 / 9)
    assert t.se == pytest.approx(2 * math.sqrt(13) / 36)
    assert t.ci == pytest.approx((2 * est.ci[0] - 1, 2 * est.ci[1] - 1))


def test_nap_ci_matches_independent_grid_search():
    # Same data as above (NAP = 17/18, m = n = 3): the bisection roots of the polynomial must
    # agree with a brute-force scan of Newcombe's equation in its published form.
    est = nap([1, 2, 3], [3, 4, 5])
    lower, upper = newcombe_grid(17 / 18, 3, 3)
    assert est.ci[0] == pytest.approx(lower, abs=2e-5)
    assert est.ci[1] == pytest.approx(upper, abs=2e-5)
    assert est.ci[0] < 17 / 18 < est.ci[1]


def test_nap_with_two_ties_published_example():
    # Parker, Vannest & Davis (2011) example used in SingleCaseES's tests:
    # A = 20 20 26 25 22 23, B = 28 25 24 27 30 30 29 -> 42 pairs.
    #   b=28, 27, 30, 30, 29 beat all six A values: 5 * 6 = 30 W
    #   b=25: beats 20 20 22 23 (4 W), ties 25 (1 T), loses to 26 (1 L)
    #   b=24: beats 20 20 22 23 (4 W), loses to 26 and 25 (2 L)
    #   W = 38, T = 1, L = 3 -> NAP = 38.5 / 42, Tau = (38 - 3) / 42 = 35/42
    #   PND: best A = 26; B above 26: 28 27 30 30 29 -> 5/7
    a = [20, 20, 26, 25, 22, 23]
    b = [28, 25, 24, 27, 30, 30, 29]
    assert nap(a, b).estimate == pytest.approx(38.5 / 42)
    assert tau(a, b).estimate == pytest.approx(35 / 42)
    assert pnd(a, b).estimate == pytest.approx(5 / 7)
    lower, upper = newcombe_grid(38.5 / 42, 6, 7)
    assert nap(a, b).ci == pytest.approx((lower, upper), abs=2e-5)


def test_all_ties():
    # a = [2, 2], b = [2, 2]: all 4 pairs tied -> NAP = 0.5, Tau = 0.
    # Every pair score is 0.5 = NAP, so Q1 = Q2 = Q3 = 0; NAP(1-NAP) = 1/4
    # V = (1/4) / ((2-1)(2-1)) = 1/4 -> SE(NAP) = 0.5, SE(Tau) = 1.0
    # The Newcombe equation is symmetric under t -> 1 - t when NAP = 0.5, so lower + upper = 1.
    est = nap([2, 2], [2, 2])
    assert est.estimate == 0.5
    assert est.se == pytest.approx(0.5)
    assert est.ci[0] + est.ci[1] == pytest.approx(1.0)
    t = tau([2, 2], [2, 2])
    assert t.estimate == 0.0
    assert t.se == pytest.approx(1.0)
    assert t.ci[0] == pytest.approx(-t.ci[1])


def test_complete_nonoverlap_ci_does_not_collapse():
    # a = [1, 2, 3], b = [4, 5, 6]: all 9 pairs W -> NAP = 1, Tau = 1.
    # SE: all scores equal NAP so Q1 = Q2 = Q3 = 0; truncation sets NAP~ = 1 - 1/(2*9) = 17/18
    #   V = (17/18 * 1/18) / 4 = 17/1296 -> SE = sqrt(17) / 36 = 0.114531
    # CI: upper bound is 1; the lower bound is the interior root, 0.5010188 for m = n = 3
    # (value recorded in the project's reference notes), NOT 1 as SingleCaseES 0.7.4 returns.
    est = nap([1, 2, 3], [4, 5, 6])
    assert est.estimate == 1.0
    assert est.se == pytest.approx(math.sqrt(17) / 36)
    low, high = est.ci
    assert high == 1.0
    assert low < 1.0
    assert low == pytest.approx(0.5010188, abs=1e-6)
    assert low == pytest.approx(newcombe_grid(1.0, 3, 3)[0], abs=2e-5)
    t = tau([1, 2, 3], [4, 5, 6])
    assert t.estimate == 1.0
    assert t.ci == pytest.approx((2 * 0.5010188 - 1, 1.0), abs=1e-6)


def test_complete_nonoverlap_five_by_five():
    # a = 1..5, b = 6..10: NAP = 1; NAP~ = 1 - 1/50 = 49/50
    #   V = (49/50 * 1/50) / (4 * 4) = 49/40000 -> SE = 7/200 = 0.035
    # Lower bound 0.6427028 (reference notes), upper 1.
    est = nap([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
    assert est.se == pytest.approx(0.035)
    assert est.ci[0] == pytest.approx(0.6427028, abs=1e-6)
    assert est.ci[1] == 1.0


def test_complete_nonoverlap_other_direction():
    # a = [4, 5, 6], b = [1, 2, 3]: every pair L -> NAP = 0, Tau = -1.
    # The equation is symmetric under (NAP, t) -> (1 - NAP, 1 - t), so the interval is the
    # mirror of the one above: [0, 1 - 0.5010188] = [0, 0.4989812]. SE is the same sqrt(17)/36.
    est = nap([4, 5, 6], [1, 2, 3])
    assert est.estimate == 0.0
    assert est.se == pytest.approx(math.sqrt(17) / 36)
    assert est.ci[0] == 0.0
    assert est.ci[1] == pytest.approx(1 - 0.5010188, abs=1e-6)
    assert est.ci[1] > 0.0
    t = tau([4, 5, 6], [1, 2, 3])
    assert t.estimate == -1.0
    assert t.ci[0] == -1.0


def test_decreasing_pain_oriented_by_caller():
    # Pain falls from 6-7 to 3-5; the caller negates so higher is better:
    #   a = [-6, -7, -6, -7], b = [-5, -4, -3] -> every B value beats every A value:
    #   NAP = 12/12 = 1, Tau = 1, PND = 3/3 = 1 (best A = -6, all B > -6).
    pain_a, pain_b = [6, 7, 6, 7], [5, 4, 3]
    a = [-v for v in pain_a]
    b = [-v for v in pain_b]
    assert nap(a, b).estimate == 1.0
    assert tau(a, b).estimate == 1.0
    assert pnd(a, b).estimate == 1.0
    # Forgetting to orient gives the mirror image: NAP 0, Tau -1, PND 0.
    assert nap(pain_a, pain_b).estimate == 0.0
    assert tau(pain_a, pain_b).estimate == -1.0
    assert pnd(pain_a, pain_b).estimate == 0.0


# --------------------------------------------------------------------------------------------
# Trend-corrected measures


def test_perfect_rising_baseline_is_removed_by_tau_u_and_tau_bc():
    # a = [1, 2, 3, 4] on days 0-3, b = [5, 6, 7] on days 4-6: the treatment simply continues
    # the baseline line y = x + 1.
    # Tau: all 12 pairs W -> 1.
    # Tau-U: S_AB = 12; S_trendA = all 6 baseline pairs rising = 6 -> (12 - 6) / 12 = 0.5
    # Tau-BC: Theil-Sen slopes are all 1 -> slope 1; intercept = median(y - x) = median(1,1,1,1)
    #   = 1; residuals y - 1 - x are 0 on every day -> all 12 residual pairs tied -> Tau-BC = 0.
    #   SE: NAP = 0.5, Q's = 0, V = (1/4) / ((4-1)(3-1)) = 1/24, SE(Tau) = 2 sqrt(1/24) =
    #   sqrt(1/6) = 0.408248
    a, b = [1, 2, 3, 4], [5, 6, 7]
    assert tau(a, b).estimate == 1.0
    assert tau_u(a, b).estimate == pytest.approx(0.5)
    bc = tau_bc(a, b)
    assert bc.estimate == 0.0
    assert bc.se == pytest.approx(math.sqrt(1 / 6))
    assert bc.ci[0] == pytest.approx(-bc.ci[1])
    assert "always corrected" in bc.note


def test_tau_u_and_tau_bc_published_tarlow_example():
    # SingleCaseES test "Tarlow (2017)": A = 1..5, B = 6..10.
    # Tau-U: S_AB = 25, S_trendA = C(5,2) = 10 -> (25 - 10) / 25 = 0.6; Tau-BC = 0 (as above).
    a, b = [1, 2, 3, 4, 5], [6, 7, 8, 9, 10]
    assert tau_u(a, b).estimate == pytest.approx(0.6)
    assert tau_bc(a, b).estimate == 0.0


def test_tau_u_with_ties_published_example():
    # SingleCaseES test from Parker, Vannest & Davis (2011): A = 3 3 4 5, B = 4 5 6 7 7 (20 pairs)
    #   b=4: W W (vs 3, 3), T (vs 4), L (vs 5);  b=5: W W W, T (vs 5);  b=6, 7, 7: 4 W each
    #   W = 2 + 3 + 12 = 17, L = 1 -> S_AB = 16, Tau = 16/20
    #   baseline pairs: (3,3) 0, (3,4) +, (3,5) +, (3,4) +, (3,5) +, (4,5) + -> S_trendA = 5
    #   Tau-U = (16 - 5) / 20 = 11/20
    a, b = [3, 3, 4, 5], [4, 5, 6, 7, 7]
    assert tau(a, b).estimate == pytest.approx(16 / 20)
    assert tau_u(a, b).estimate == pytest.approx(11 / 20)
    assert tau_u(a, b).se is None
    assert "not known" in tau_u(a, b).note


def test_falling_baseline_trend_is_removed_too():
    # Outcome getting worse on its own: a = [4, 3, 2, 1] (days 0-3), b = [0, -1, -2] (days 4-6).
    # Tau: every B is below every A -> -1.
    # Tau-U: S_AB = -12; S_trendA = -6 -> (-12 - (-6)) / 12 = -0.5
    # Tau-BC: slope -1, intercept = median(y + x) = median(4,4,4,4) = 4; residuals all 0 -> 0.
    a, b = [4, 3, 2, 1], [0, -1, -2]
    assert tau(a, b).estimate == -1.0
    assert tau_u(a, b).estimate == pytest.approx(-0.5)
    assert tau_bc(a, b).estimate == 0.0


def test_tau_bc_keeps_decimal_ties_exact():
    # a = [0.1, 0.2, 0.3], b = [0.4, 0.5, 0.6]: an exact line y = 0.1 x + 0.1 on days 0-5.
    # Exact residuals are all 0 -> 9 tied pairs -> Tau-BC = 0, SE(NAP) = sqrt(1/4 / 4) = 1/4,
    # SE(Tau) = 0.5. In binary floating point 0.3 - 0.2 != 0.1, so naive residuals differ in
    # the last bit and would turn ties into wins and losses.
    naive = [y - 0.1 * x - 0.1 for x, y in enumerate([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])]
    assert len(set(naive)) > 1  # the trap is real
    bc = tau_bc([0.1, 0.2, 0.3], [0.4, 0.5, 0.6])
    assert bc.estimate == 0.0
    assert bc.se == pytest.approx(0.5)


def test_tau_bc_uses_day_numbers_and_thirds_exactly():
    # Baseline a = [0, 1, 1, 1] on days 0-3. Pairwise slopes: (0,1) 1, (0,2) 1/2, (0,3) 1/3,
    # (1,2) 0, (1,3) 0, (2,3) 0 -> sorted 0 0 0 1/3 1/2 1 -> median (0 + 1/3)/2 = 1/6.
    # y - x/6: 0, 5/6, 2/3, 1/2 -> intercept = median = (1/2 + 2/3)/2 = 7/12.
    # Residuals A: -7/12, 1/4, 1/12, -1/12.
    # Treatment on days 4 and 5 with residual exactly 1/4 and 1/12:
    #   day 4: b = 1/4 + 4/6 + 7/12 = 3/2;  day 5: b = 1/12 + 5/6 + 7/12 = 3/2.
    #   B residual 1/4 vs A (-7/12, 1/4, 1/12, -1/12): W T W W -> 3.5
    #   B residual 1/12 vs A: W L T W -> 2.5
    #   NAP = 6/8 = 0.75 -> Tau-BC = 0.5 (W = 5, L = 1, T = 2: (5 - 1)/8 = 0.5)
    bc = tau_bc([0, 1, 1, 1], [1.5, 1.5])
    assert bc.estimate == pytest.approx(0.5)
    # The same values with a skipped day: treatment on days 5 and 6 instead of 4 and 5.
    # Residuals become 1/4 - 1/6 = 1/12 and 1/12 - 1/6 = -1/12:
    #   1/12 vs A: W L T W -> 2.5;  -1/12 vs A: W L L T -> 1.5;  NAP = 4/8 -> Tau-BC = 0
    assert tau_bc([0, 1, 1, 1], [1.5, 1.5], x_b=[5, 6]).estimate == 0.0


def test_constant_baseline_tau_bc_equals_tau():
    # a = [4, 4, 4]: every slope 0, intercept 4 -> residuals are y - 4, same order as y.
    # b = [5, 3, 4]: b=5 W W W, b=3 L L L, b=4 T T T -> NAP = (3 + 1.5)/9 = 0.5, Tau = 0.
    a, b = [4, 4, 4], [5, 3, 4]
    assert nap(a, b).estimate == 0.5
    assert tau_bc(a, b).estimate == tau(a, b).estimate == 0.0
    assert tau_bc(a, b).se == pytest.approx(tau(a, b).se)


def test_tau_bc_trend_pretest():
    # a = [1, 2, 3, 4]: Kendall S = 6 (all 6 pairs rising), no ties -> exact test.
    # Only 1 of the 4! = 24 orderings has S = 6 and 1 has S = -6 -> p = 2/24 = 0.0833 > 0.05,
    # so no correction: result equals plain Tau = 1 and the note says so.
    a, b = [1, 2, 3, 4], [5, 6, 7]
    bc = tau_bc(a, b, trend_test=True)
    assert bc.estimate == 1.0
    assert "not clear" in bc.note
    # a = 1..5: S = 10, p = 2/120 = 0.0167 <= 0.05 -> corrected -> Tau-BC = 0.
    bc5 = tau_bc([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], trend_test=True)
    assert bc5.estimate == 0.0
    assert "removed" in bc5.note


def test_tau_bc_trend_pretest_with_ties():
    # SingleCaseES test case: A = 1 1 3 3 5 5 has p < .05 but > .01.
    # S = 8 (1s vs 3s and 5s) + 4 (3s vs 5s) = 12; three tied pairs of 2 values.
    # Var(S) = [6*5*17 - 3 * (2*1*9)] / 18 = (510 - 54)/18 = 25.33
    # z = (12 - 1) / sqrt(25.33) = 2.1855 -> two-sided p = 0.0289.
    a, b = [1, 1, 3, 3, 5, 5], [5, 6, 4, 8, 9]
    assert "0.0289" in tau_bc(a, b, trend_test=True).note
    assert "removed" in tau_bc(a, b, trend_test=True).note
    plain = tau_bc(a, b, trend_test=True, alpha=0.01)
    assert "not clear" in plain.note
    assert plain.estimate == pytest.approx(tau(a, b).estimate)


# --------------------------------------------------------------------------------------------
# PND


def test_pnd_counts_only_strictly_better_than_best_baseline():
    # a = [2, 5, 3] -> best baseline 5. b = [4, 6, 5, 7]: above 5 are 6 and 7 (5 itself is a
    # tie, not better) -> PND = 2/4 = 0.5.
    est = pnd([2, 5, 3], [4, 6, 5, 7])
    assert est.estimate == 0.5
    assert est.se is None


# --------------------------------------------------------------------------------------------
# Thin and messy data


def test_one_day_phases_give_estimates_without_se():
    # a = [3], b = [5]: 1 pair, W -> NAP = 1, Tau = 1, Tau-U = (1 - 0)/1 = 1, PND = 1.
    # SE divides by (m-1)(n-1) = 0 -> None with a note; Tau-BC needs 2 baseline days -> None.
    est = nap([3], [5])
    assert est.estimate == 1.0
    assert est.se is None and est.ci is None
    assert "at least 2" in est.note
    assert tau([3], [5]).estimate == 1.0 and tau([3], [5]).se is None
    assert tau_u([3], [5]).estimate == 1.0
    assert pnd([3], [5]).estimate == 1.0
    bc = tau_bc([3], [5])
    assert bc.estimate is None
    assert "2 logged baseline days" in bc.note
    # One treatment day, several baseline days: NAP defined, SE not.
    one_b = nap([1, 2, 3], [2])
    assert one_b.estimate == pytest.approx(0.5)  # W, T, L -> 1.5/3
    assert one_b.se is None and one_b.ci is None


@pytest.mark.parametrize(
    ("a", "b"),
    [([], []), ([], [1, 2]), ([1, 2], []), ([None, float("nan")], [1])],
)
def test_empty_phases_return_none_with_a_note(a, b):
    for fn in (nap, tau, tau_u, tau_bc, pnd):
        est = fn(a, b)
        assert est.estimate is None
        assert est.note
    stats = all_stats(a, b)
    assert stats["nap"] == {"estimate": None, "se": None, "ci": None}
    assert stats["tau_u"] == {"estimate": None}
    assert stats["pnd"] == {"estimate": None}


def test_missing_values_are_dropped_with_their_day_numbers():
    # a = [1, None, 3] on days 0-2 -> baseline (0, 1), (2, 3); slope 1, intercept 1.
    # b = [4, nan, 6] on days 3-5 -> (3, 4), (5, 6); residuals 0 -> Tau-BC = 0.
    # NAP on the 2 x 2 logged values: 4 > 1, 3; 6 > 1, 3 -> 1.
    a, b = [1, None, 3], [4, float("nan"), 6]
    assert nap(a, b).estimate == 1.0
    assert tau_bc(a, b).estimate == 0.0
    stats = all_stats(a, b)
    assert stats["n_baseline"] == 2 and stats["n_treatment"] == 2


def test_baseline_on_one_day_number_has_no_trend():
    # Two baseline values both logged as day 0: no pair has a slope.
    bc = tau_bc([1, 2], [3], x_a=[0, 0], x_b=[1])
    assert bc.estimate is None
    assert "one day number" in bc.note


def test_mismatched_day_numbers_are_a_caller_error():
    with pytest.raises(ValueError):
        tau_bc([1, 2, 3], [4], x_a=[0, 1])


def test_estimate_never_holds_nan():
    est = Estimate(float("nan"), float("inf"), (float("nan"), 1.0))
    assert est.estimate is None and est.se is None and est.ci is None
    assert est.note
    assert Estimate(Fraction(1, 4), -1.0).to_dict() == {"estimate": 0.25, "se": None, "ci": None}


def test_all_stats_shape():
    # a = [1, 2, 3], b = [4, 5, 6]: NAP 1, Tau 1, Tau-U (9 - 3)/9 = 2/3, Tau-BC 0, PND 1.
    stats = all_stats([1, 2, 3], [4, 5, 6])
    assert set(stats) == {"n_baseline", "n_treatment", "nap", "tau", "tau_u", "tau_bc", "pnd"}
    assert stats["n_baseline"] == 3 and stats["n_treatment"] == 3
    assert set(stats["nap"]) == {"estimate", "se", "ci"}
    assert stats["nap"]["ci"][1] == 1.0 and stats["nap"]["ci"][0] < 1.0
    assert stats["tau_u"] == {"estimate": pytest.approx(2 / 3)}
    assert stats["tau_bc"]["estimate"] == 0.0
    assert stats["pnd"] == {"estimate": 1.0}


def test_nap_sentence():
    # NAP = 38.5/42 = 0.9167 -> "92%".
    text = nap_sentence(nap([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29]))
    assert text.startswith("On 92% of day pairs, a treatment day was better than a baseline day")
    assert "95% range" in text
    # 5/6 = 0.8333 -> "83%"; one-day phases have no range.
    assert "On 83% of day pairs" in nap_sentence(Estimate(5 / 6))
    assert "range" not in nap_sentence(nap([3], [5]))
    empty = nap_sentence(nap([], [1]))
    assert empty.startswith("Not enough logged days")
    assert "%" not in empty


# --------------------------------------------------------------------------------------------
# Property test

small_values = st.lists(
    st.one_of(st.integers(-10, 10), st.sampled_from([0.5, 2.25, -1.5, float("nan"), None])),
    max_size=7,
)


@settings(max_examples=300, deadline=None)
@given(a=small_values, b=small_values)
def test_nap_properties(a, b):
    est = nap(a, b)
    t = tau(a, b)
    if est.estimate is None:
        assert t.estimate is None
    else:
        assert 0.0 <= est.estimate <= 1.0
        assert t.estimate == pytest.approx(2 * est.estimate - 1)
        if est.ci is not None:
            low, high = est.ci
            assert 0.0 <= low <= est.estimate <= high <= 1.0
            assert t.ci[0] <= t.estimate <= t.ci[1]
    stats = all_stats(a, b)
    for key in ("nap", "tau", "tau_u", "tau_bc", "pnd"):
        for value in stats[key].values():
            flat = value if isinstance(value, list) else [value]
            assert all(v is None or math.isfinite(v) for v in flat)


# --------------------------------------------------------------------------------------------
# Fast path = straightforward definition
#
# The module counts pairs by sorting and binary search and compares values as scaled integers.
# The reference below is the plain definition: exact Fractions and one comparison per pair,
# exactly as the measures are written in the literature. On random small inputs (ties,
# decimals, missing days, skipped and repeated day numbers, huge values) both must give the
# same floats, bit for bit, and the same notes.


def ref_exact(value):
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return Fraction(repr(value)) if math.isfinite(value) else None
    return Fraction(value)


def ref_points(values, xs, start):
    xs = range(start, start + len(values)) if xs is None else xs
    pairs = [(ref_exact(x), ref_exact(v)) for x, v in zip(xs, values, strict=True)]
    return [(x, v) for x, v in pairs if x is not None and v is not None]


def ref_values(values):
    return [v for v in map(ref_exact, values) if v is not None]


def sign(v):
    return (v > 0) - (v < 0)


def ref_nap(a, b):
    """(exact NAP, Estimate): the Sen/Mee SE from the full m x n matrix of pair scores."""
    m, n = len(a), len(b)
    if m == 0 or n == 0:
        return None, Estimate(None, note=stats_module.NEED_ONE_EACH)
    score = [[Fraction(1 + sign(yb - ya), 2) for yb in b] for ya in a]
    p = sum(map(sum, score)) / (m * n)
    if m < 2 or n < 2:
        return p, Estimate(p, note=stats_module.NEED_TWO_EACH)
    q1 = sum((sum(row) - n * p) ** 2 for row in score) / (m * n * n)
    q2 = sum((sum(row[j] for row in score) - m * p) ** 2 for j in range(n)) / (m * m * n)
    q3 = sum((s - p) ** 2 for row in score for s in row) / (m * n)
    p_t = min(max(p, Fraction(1, 2 * m * n)), 1 - Fraction(1, 2 * m * n))
    var = (p_t * (1 - p_t) + n * q1 + m * q2 - 2 * q3) / ((m - 1) * (n - 1))
    se = math.sqrt(var) if var > 0 else None
    ci = stats_module._newcombe_ci(float(p), m, n, stats_module._z(0.95))
    return p, Estimate(p, se, ci, note="" if se is not None else stats_module.NO_SE_PATTERN)


def ref_tau(p, est):
    if p is None:
        return Estimate(None, note=est.note)
    se = 2 * est.se if est.se is not None else None
    ci = (2 * est.ci[0] - 1, 2 * est.ci[1] - 1) if est.ci is not None else None
    return Estimate(2 * p - 1, se, ci, note=est.note)


def ref_kendall_s(points):
    return sum(
        sign(xk - xi) * sign(yk - yi)
        for i, (xi, yi) in enumerate(points)
        for xk, yk in points[i + 1 :]
    )


def ref_tau_u(a, b, x_a):
    pts, vals_b = ref_points(a, x_a, 0), ref_values(b)
    if not pts or not vals_b:
        return None
    s_ab = sum(sign(yb - ya) for _, ya in pts for yb in vals_b)
    return float(Fraction(s_ab - ref_kendall_s(pts), len(pts) * len(vals_b)))


def ref_trend_p(points):
    """Kendall's trend test from a pair-by-pair S and plainly counted ties; the p-value
    formula itself is checked by the hand-derived trend-test cases above."""
    n = len(points)
    if n < 2:
        return 1.0
    ties_x = [c for c in Counter(x for x, _ in points).values() if c > 1]
    ties_y = [c for c in Counter(y for _, y in points).values() if c > 1]
    return stats_module._kendall_p_of_s(ref_kendall_s(points), n, ties_x, ties_y)


def ref_tau_bc(a, b, x_a, x_b, trend_test=False):
    pts_a, pts_b = ref_points(a, x_a, 0), ref_points(b, x_b, len(a))
    if not pts_a or not pts_b:
        return Estimate(None, note=stats_module.NEED_ONE_EACH)
    if len(pts_a) < 2:
        return Estimate(None, note=stats_module.NEED_TWO_BASELINE)
    slopes = [
        (yk - yi) / (xk - xi)
        for i, (xi, yi) in enumerate(pts_a)
        for xk, yk in pts_a[i + 1 :]
        if xk != xi
    ]
    if not slopes:
        return Estimate(None, note=stats_module.SAME_DAY_BASELINE)
    slope = Fraction(statistics.median(slopes))
    intercept = Fraction(statistics.median([y - slope * x for x, y in pts_a]))
    trend = f"baseline trend of {float(slope):+.3g} per day removed (Theil-Sen)"
    note = f"{trend}; always corrected, without a trend pre-test"
    correct = True
    if trend_test:
        p_trend = ref_trend_p(pts_a)
        correct = p_trend <= 0.05
        note = (
            f"{trend}, as Kendall's trend test gave p = {p_trend:.3g} <= 0.05"
            if correct
            else f"baseline trend not clear (Kendall's test p = {p_trend:.3g} > 0.05), "
            "so no correction was made and this equals plain Tau"
        )
    if correct:
        res_a = [y - intercept - slope * x for x, y in pts_a]
        res_b = [y - intercept - slope * x for x, y in pts_b]
    else:
        res_a, res_b = [y for _, y in pts_a], [y for _, y in pts_b]
    result = ref_tau(*ref_nap(res_a, res_b))
    return Estimate(
        result.estimate,
        result.se,
        result.ci,
        note=f"{note}; {result.note}" if result.note else note,
    )


def ref_all_stats(a, b, x_a, x_b):
    vals_a, vals_b = ref_values(a), ref_values(b)
    p, est = ref_nap(vals_a, vals_b)
    best = max(vals_a, default=None)
    pnd_value = (
        float(Fraction(sum(1 for y in vals_b if y > best), len(vals_b)))
        if vals_a and vals_b
        else None
    )
    return {
        "n_baseline": len(vals_a),
        "n_treatment": len(vals_b),
        "nap": est.to_dict(),
        "tau": ref_tau(p, est).to_dict(),
        "tau_u": {"estimate": ref_tau_u(a, b, x_a)},
        "tau_bc": ref_tau_bc(a, b, x_a, x_b).to_dict(),
        "pnd": {"estimate": pnd_value},
    }


# Whole numbers, typed decimals (0.1 + 0.2 style traps), exact thirds, missing and non-finite
# days, and now and then a huge value: it pushes Theil-Sen off its float fast path, and 1e23
# is a float whose int() is not the 10**23 it was typed as.
logged_value = st.one_of(
    st.integers(-6, 6),
    st.integers(-6, 6).map(float),
    st.sampled_from([0.5, 2.25, -1.5, 0.1, 0.2, 0.3, 4.5, Fraction(1, 3), Fraction(-2, 7)]),
    st.sampled_from([None, float("nan"), float("inf")]),
    st.integers(-(2**60), 2**60),
    st.sampled_from([1e23, 10**23, 2.0**60, 2**60 + 1]),
)


@st.composite
def phase_pair(draw):
    """(a, b, x_a, x_b): day numbers default, or rise with gaps, repeats, halves and holes."""
    a = draw(st.lists(logged_value, max_size=9))
    b = draw(st.lists(logged_value, max_size=9))

    def days(count, start):
        steps = draw(
            st.lists(
                st.sampled_from([0, 1, 1, 2, 0.5, Fraction(1, 3)]), min_size=count, max_size=count
            )
        )
        holes = draw(st.lists(st.booleans(), min_size=count, max_size=count))
        out, day = [], start
        for step, hole in zip(steps, holes, strict=True):
            day += step
            out.append(float("nan") if hole and draw(st.booleans()) else day)
        return out

    x_a = None if draw(st.booleans()) else days(len(a), 0)
    x_b = None if draw(st.booleans()) else days(len(b), len(a) + draw(st.integers(0, 3)))
    return a, b, x_a, x_b


@settings(max_examples=400, deadline=None)
@given(phase_pair())
def test_fast_statistics_equal_the_plain_definition(data):
    a, b, x_a, x_b = data
    assert all_stats(a, b, x_a, x_b) == ref_all_stats(a, b, x_a, x_b)
    assert tau_bc(a, b, x_a, x_b, trend_test=True) == ref_tau_bc(a, b, x_a, x_b, trend_test=True)
    assert tau_u(a, b, x_a).estimate == ref_tau_u(a, b, x_a)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.integers(-50, 50), st.integers(-(2**70), 2**70)),
            st.integers(1, 40),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_median_slope_is_exact_on_both_paths(pairs):
    # The median of rise/run is found through floats while the numbers are small enough for
    # floats to keep every distinct ratio apart, else through exact integer keys; both must
    # equal the exact median of the fractions.
    expected = statistics.median([Fraction(rise, run) for rise, run in pairs])
    max_rise = max(abs(rise) for rise, _ in pairs)
    max_run = max(run for _, run in pairs)
    assert stats_module._median_ratio(pairs, max_rise, max_run) == expected


def test_median_slope_keeps_ratios_that_floats_would_merge():
    # 2**53 + 1 and 2**53 are the same float, so a float sort could not tell 1/1 * (2**53 + 1)
    # from 2**53; the exact path must. Median of three: (2**53 + 1) / 1.
    pairs = [(2**53, 1), (2**53 + 2, 1), (2**53 + 1, 1)]
    assert float(2**53 + 1) == float(2**53)
    assert stats_module._median_ratio(pairs, 2**53 + 2, 1) == 2**53 + 1


def test_huge_whole_floats_keep_their_typed_value():
    # int(1e23) is 99999999999999991611392, but 1e23 was typed as 10**23 and ties with it:
    # one tied pair -> NAP 0.5. Below 2**53 whole floats are read as ints, which is exact.
    assert nap([1e23], [10**23]).estimate == 0.5
    assert nap([2.0**52 + 1], [2**52 + 1]).estimate == 0.5


def test_year_long_block_is_quick():
    # 60 baseline days against 10 years of treatment days, pain with half points: counting
    # 219,000 pairs one by one took seconds; sorting and binary search take milliseconds.
    # The bound is CPU time and generous (about 50 times the usual figure), so a busy
    # machine does not fail it, while a return to pair-by-pair counting does.
    rng = random.Random(5)
    a = [-float(min(10, max(0, round(rng.gauss(6, 1.3))))) for _ in range(60)]
    b = [-min(10.0, max(0.0, round(rng.gauss(4, 1.3) * 2) / 2)) for _ in range(3650)]
    start = time.process_time()
    result = all_stats(a, b)
    assert time.process_time() - start < 0.5
    assert result["n_treatment"] == 3650 and result["tau_bc"]["estimate"] is not None


@pytest.mark.parametrize("n", range(1, 8))
def test_mahonian_rows_count_inversions(n):
    """The exact Kendall distribution: how many orderings of n days have k inversions,
    counted here by brute force over every permutation."""
    counts = Counter(sum(1 for i in range(n) for j in range(i + 1, n) if p[i] > p[j])
                     for p in itertools.permutations(range(n)))
    assert stats_module._mahonian(n) == [counts[k] for k in range(n * (n - 1) // 2 + 1)]


@given(st.lists(st.integers(-50, 50), min_size=2, max_size=7, unique=True))
@settings(max_examples=150, deadline=None)
def test_exact_kendall_p_is_the_share_of_orderings_at_least_as_extreme(ys):
    """Without ties, p = share of the n! orderings whose |S| is at least the observed |S|."""
    n = len(ys)
    observed = abs(ref_kendall_s(list(enumerate(ys))))
    extreme = sum(1 for p in itertools.permutations(ys)
                  if abs(ref_kendall_s(list(enumerate(p)))) >= observed)
    ties: list[int] = []
    assert stats_module._kendall_p_of_s(observed, n, ties, ties) == pytest.approx(
        extreme / math.factorial(n))
