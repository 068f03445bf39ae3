"""Plain words around the numbers: reference figures, the statistics, and the caveats.

The review screen and the clinician report both use these, so the two never disagree. The
reference figures are background from pooled trials, never a promise or a target; "significant"
is never used on its own, the kind is always named ("noticeable", or "statistically unlikely to
be chance alone").
"""

from __future__ import annotations

from typing import Any

from journal.analysis import stats
from journal.analysis.measures import MIN_TREND_DAYS, STAT_KEYS, MeasureResult
from journal.analysis.words import decisive
from journal.formats import num, pct, plural, units

#: Pooled randomized trials (a meta-analysis), 0-100 pain scale, end of treatment: massage vs
#: other active treatments, sham treatments, no treatment (SOURCE_TRIALS).
VS_ACTIVE, VS_SHAM, VS_NONE = 7, 11, 29
#: For many people, a double-digit change on a 0-100 scale is noticeable (SOURCE_NOTICEABLE).
NOTICEABLE_0_100 = 10
#: IMMPACT's thresholds for chronic-pain trials: moderately important / substantial reduction.
MODERATE_PERCENT, SUBSTANTIAL_PERCENT = 30, 50

SELF_RUN = "Self-run trial, not a clinical study."

#: Where each research figure comes from; the report ends with those it quoted.
SOURCE_TRIALS = ("Massage compared with sham treatments (about 11 points), no treatment (about "
                 "29) and other active treatments such as physical therapy or exercise (about "
                 "7), on a 0-100 pain scale at the end of treatment: a meta-analysis of "
                 "randomized trials of massage for chronic pain, as reported in the article "
                 "\"Does Massage Therapy Actually Help Chronic Pain - or Just Temporarily?\". "
                 "The same article notes that comparative evidence against "
                 "active care is mixed and that at 6 months pooled results favoured the active "
                 "comparators.")
SOURCE_NOTICEABLE = ("That many people notice a change of ten points or more on a 0-100 pain "
                     "scale: the same article.")
SOURCE_IMMPACT = ("30% (moderately important) and 50% (substantial) reductions in chronic pain: "
                  "IMMPACT recommendations (Dworkin et al., J Pain 2008).")
SOURCE_CERTAINTY = ("Certainty of the evidence low or very low; benefits may not last, and many "
                    "trials lack follow-up: the same article, citing evidence mapping of "
                    "systematic reviews of massage therapy (2018-2023).")
SOURCE_TARLOW = ("Tau-BC with a baseline-trend pre-test: Tarlow KR (2017), Behavior "
                 "Modification 41(4).")

CAVEATS = (
    "A change between the baseline and the end of a block is not, on its own, proof that "
    "massage caused it. People in the control groups of trials improve too: pain that was "
    "unusually bad when someone decided to act tends to drift back towards its usual level "
    "(regression to the mean), many pains ease with time, and attention and touch may help by "
    "themselves. The fair way to check is a planned pause: some weeks without sessions, then "
    "starting again (an A-B-A pattern); if pain rises in the pause and eases again afterwards, "
    "the sessions are the likely reason. The statistics treat every day as independent, but "
    "one day's pain is much like the day before's, so the ranges shown are narrower than they "
    "should be. The certainty of the trial evidence for massage is low or very low, and "
    "benefits may not last once a block ends, so your own record, including a few weeks of "
    "follow-up, tells you more than any average."
)

#: Which variant each number is, for the report and the numbers panel.
STAT_NAMES = {
    "nap": "NAP",
    "tau": "Tau",
    "tau_u": "Tau-U",
    "tau_bc": "Tau-BC",
    "tau_bc_pretest": "Tau-BC (pre-test)",
    "pnd": "PND",
}
STAT_VARIANTS = {
    "nap": "Non-overlap of All Pairs (Parker & Vannest 2009), ties count 0.5; SE Sen/Mee "
    "(unbiased); 95% CI Newcombe (2006) score method 5",
    "tau": "Tau, non-overlap = 2 x NAP - 1 (Parker, Vannest, Davis & Sauber 2011); SE and CI "
    "mapped from NAP",
    "tau_u": "Tau-U, A vs B minus trend A (Parker et al. 2011): (S_AB - S_trendA) / (m x n); "
    "no known SE; not bounded by -1..1",
    "tau_bc": "Baseline-corrected Tau, always corrected (SingleCaseES's default, kept for "
    "comparison): Theil-Sen baseline trend removed from every day, Tau on the exact residuals; "
    "SE and CI as for Tau, ignoring the uncertainty of the fitted trend",
    "tau_bc_pretest": "Baseline-corrected Tau as Tarlow (2017) proposed it, the one put into "
    "words: Kendall's test of the baseline against time (two-sided, alpha 0.05, exact for "
    "small untied baselines); the Theil-Sen trend is removed only when that test finds it, "
    "otherwise this equals Tau",
    "pnd": "Percentage of non-overlapping data (Scruggs, Mastropieri & Casto 1987): share of "
    "treatment days better than the best baseline day; no SE",
}


def estimate(m: MeasureResult, key: str) -> stats.Estimate:
    """One statistic of ``m`` back as an :class:`stats.Estimate` (with its note)."""
    d: dict[str, Any] = m.stats_block[key]
    ci = d.get("ci")
    return stats.Estimate(d.get("estimate"), d.get("se"), tuple(ci) if ci else None,
                          note=m.stat_notes.get(key, ""))


def reference_lines(pain: MeasureResult) -> list[str]:
    """Where the pain change sits against the reference figures, as context.

    Figures beside a comparison show the digits that decide it (9.96 is "less than 10", never
    "10.0"). Callers give none when the rule could not be applied: nothing is interpreted then.
    """
    imp = pain.improvement_0_100_exact
    if imp is None:
        return []
    lines = []
    if imp > 0:
        shown = decisive(imp, (NOTICEABLE_0_100, 0))
        kind = ("a double-digit change, which for many people is noticeable"
                if imp >= NOTICEABLE_0_100 else
                f"less than the {NOTICEABLE_0_100} points or more that many people notice")
        lines.append(f"On a 0-100 scale, pain went down by {shown} points: {kind}.")
        share = pain.improvement_percent_exact
        if share is not None:
            if share >= SUBSTANTIAL_PERCENT:
                band = "at the level IMMPACT counts as substantial"
            elif share >= MODERATE_PERCENT:
                band = "at the level IMMPACT counts as moderately important"
            else:
                band = "below both"
            lines.append(
                f"That is {decisive(share, (MODERATE_PERCENT, SUBSTANTIAL_PERCENT), 0)}% less "
                f"than in the baseline. IMMPACT (Dworkin et al., 2008) counts a "
                f"{MODERATE_PERCENT}% reduction in chronic pain as moderately important and "
                f"{SUBSTANTIAL_PERCENT}% as substantial; this one is {band}.")
    elif imp < 0:
        lines.append(f"On a 0-100 scale, pain went up by {decisive(-imp, (0,))} points.")
    else:
        lines.append("On a 0-100 scale, pain did not change.")
    lines.append(
        f"For context only: in a meta-analysis of randomized trials of massage for chronic "
        f"pain (see Sources in the saved report), at the end of treatment, massage "
        f"reduced pain about {VS_SHAM} points more than sham treatments and about {VS_NONE} more "
        f"than no treatment, on a 0-100 scale; against other active treatments such as physical "
        f"therapy or exercise the difference was smaller, about {VS_ACTIVE} points, comparative "
        "evidence is mixed, and at 6 months pooled results favoured the active treatments. "
        "Those are average differences between groups of people, not one person's "
        "before-and-after change, so they are neither a target nor a promise.")
    return lines


def sources(reference: bool, stats_words: bool) -> list[str]:
    """The sources of the research figures a page quoted (the caveats always quote some)."""
    out = []
    if reference:
        out += [SOURCE_TRIALS, SOURCE_NOTICEABLE, SOURCE_IMMPACT]
    out.append(SOURCE_CERTAINTY)
    if stats_words:
        out.append(SOURCE_TARLOW)
    return out


def _chance_words(est: stats.Estimate) -> str:
    """What the likely range says about chance, naming the kind of "significant"."""
    if est.ci is None:
        return ""
    low, high = est.ci
    where = f"The likely range is {pct(low)} to {pct(high)}"
    if low > 0.5:
        return (f"{where}, all above 50%, so this is unlikely to be chance alone (if each day "
                "were independent of the day before, which it is not quite).")
    if high < 0.5:
        return (f"{where}, all below 50%: days after the sessions began were mostly worse, "
                "and that is unlikely to be chance alone.")
    return (f"{where}. It includes 50%, so chance alone could explain a difference this "
            "size; more logged days would narrow it.")


def _better(m: MeasureResult) -> str:
    """"pain was lower" / "walking minutes before stopping was higher": better, in words."""
    what = "pain" if m.key == "pain" else m.label[:1].lower() + m.label[1:]
    return f"{what} was {'lower' if m.better == 'lower' else 'higher'}"


def stats_lines(m: MeasureResult) -> list[str]:
    """The statistics of one measure in plain words, one sentence each, no technical names
    (those, with the SE and range, are in the numbers view: :func:`stats_table`)."""
    nap = estimate(m, "nap")
    if nap.estimate is None:
        reason = f" ({nap.note})" if nap.note else ""
        return [f"Not enough logged days to compare the days after the sessions began with "
                f"the baseline yet{reason}."]
    lines = [" ".join(part for part in (
        f"Compared one by one with each baseline day, a day after the sessions began was "
        f"the better one {pct(nap.estimate)} of the time ({_better(m)}; a tie counts as "
        "half, and 50% would mean no difference).", _chance_words(nap)) if part)]
    lines.append(trend_words(m))
    n_b = m.stats_block.get("n_treatment") or 0
    pnd_share = m.stats_block["pnd"].get("estimate")
    if pnd_share is not None and n_b:
        better = round(pnd_share * n_b)
        lines.append(f"On {better} of {plural(n_b, 'day')} after the sessions began "
                     f"({pct(pnd_share)}), {_better(m)} than on even the best baseline day.")
    return lines


def trend_words(m: MeasureResult) -> str:
    """Whether the baseline was already drifting, allowed for only when a test of the baseline
    days finds a trend (Tau-BC with Tarlow's pre-test), in plain words. With fewer than 5
    baseline days a trend cannot be judged: the figures are listed, not put into words."""
    n_a = len(m.baseline)
    if n_a < MIN_TREND_DAYS:
        return (f"With {plural(n_a, 'baseline day')}, whether things were already changing "
                f"before the sessions began cannot be judged (that needs at least "
                f"{MIN_TREND_DAYS}), so the trend-based figures are listed in the numbers view "
                "but not put into words.")
    pre = m.stats_block.get("tau_bc_pretest") or {}
    est, p = pre.get("estimate"), pre.get("trend_p")
    if est is None or p is None:
        why = m.stat_notes.get("tau_bc_pretest") or "too few days"
        return ("Whether things were already changing before the sessions began cannot be "
                f"judged yet: {why}.")
    share = pct((est + 1) / 2)
    if pre.get("corrected"):
        return (f"{drift_words(m)} A test of the baseline days finds that drift unlikely to be "
                f"chance (p = {p:.2g}), so it is allowed for: a day after the sessions began "
                f"was then the better one {share} of the time. A trend from a few baseline "
                "days, carried on over many weeks, can make this figure too high or too low, "
                "so read it with care.")
    return (f"The baseline days show no clear drift (a test of their trend gives p = {p:.2g}), "
            "so nothing is taken out for it.")


def drift_words(m: MeasureResult) -> str:
    """How the measure was drifting during the baseline, in its own units per day."""
    slope = m.baseline_slope
    what = "pain" if m.key == "pain" else m.label[:1].lower() + m.label[1:]
    if slope is None:
        return ""
    if round(slope, 2) == 0:
        return f"Before the sessions began, {what} held steady."
    way = "down" if slope < 0 else "up"
    toward = "better" if (way == "down") == (m.better == "lower") else "worse"
    return (f"Before the sessions began, {what} was already going {way} (getting {toward}) by "
            f"about {num(abs(slope), 2)} {units(abs(slope), m.unit)} a day.")


#: One line per statistic for the numbers view: what it is, for someone who is no statistician.
STAT_EXPLAINED = {
    "nap": "share of (baseline day, treatment day) pairs in which the treatment day was better",
    "tau": "the same comparison on a -1 to 1 scale: 0 no difference, 1 every pair better",
    "tau_u": "Tau after subtracting the trend inside the baseline (can pass -1 or 1)",
    "tau_bc": "Tau after always removing the baseline's straight-line trend (Theil-Sen line) "
    "from every day (SingleCaseES's default, kept for comparison)",
    "tau_bc_pretest": "the same, but the trend is removed only when Kendall's test of the "
    "baseline days against time finds one (two-sided, alpha 0.05; Tarlow 2017), otherwise "
    "equal to Tau; the one put into words",
    "pnd": "share of treatment days better than the best baseline day",
}

#: How the SE and the 95% range are made, so a reader sees why they need not be estimate ± 2 SE.
SE_CI_NOTE = (
    "SE: standard error, how much the estimate would vary from one run of days to another "
    "(Sen/Mee method). 95% CI: the range the true value likely lies in, by the Newcombe score "
    "method, which stays inside the possible values; near the ends (NAP close to 100%, Tau "
    "close to 1) it is lopsided and wider than the estimate ± 2 SE, so the two can look at odds "
    "there. Both assume each day is independent of the day before."
)


def _three(value: float | None) -> str:
    return num(value, 3)


def stats_table(m: MeasureResult) -> list[tuple[str, str, str, str]]:
    """Rows of (name, estimate, SE, 95% CI) for the numbers panel and the report."""
    rows = []
    for key in STAT_KEYS:
        d = m.stats_block[key]
        se = _three(d.get("se")) if "se" in d else "no SE"
        ci = d.get("ci")
        ci_text = (f"{_three(ci[0])} to {_three(ci[1])}" if ci
                   else ("–" if "ci" in d else "no CI"))
        rows.append((STAT_NAMES[key], _three(d.get("estimate")), se, ci_text))
    return rows


def stats_gaps(m: MeasureResult) -> list[str]:
    """Why each missing statistic is missing, in plain words."""
    out = []
    for key in STAT_KEYS:
        d = m.stats_block[key]
        missing = d.get("estimate") is None or ("se" in d and d.get("se") is None)
        if missing and key in m.stat_notes:
            out.append(f"{STAT_NAMES[key]}: {m.stat_notes[key]}.")
    return out
