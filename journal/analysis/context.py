"""Plain words around the numbers: reference figures, the statistics, and the caveats.

The review screen and the clinician report both use these, so the two never disagree. The
reference figures are background from pooled trials, never a promise or a target; "significant"
is never used on its own, the kind is always named ("noticeable", or "statistically unlikely to
be chance alone").
"""

from __future__ import annotations

from typing import Any

from journal.analysis import stats
from journal.analysis.measures import STAT_KEYS, MeasureResult
from journal.formats import num, pct, percent, plural, units

#: Pooled randomized trials, 0-100 pain scale, end of treatment: massage vs ...
VS_ACTIVE, VS_SHAM, VS_NONE = 7, 11, 29
#: A change on 0-100 of at least this much is one most people notice.
NOTICEABLE_0_100 = 10
#: Reductions commonly counted as moderately important / substantial in chronic pain.
MODERATE_PERCENT, SUBSTANTIAL_PERCENT = 30, 50

SELF_RUN = "Self-run trial, not a clinical study."

CAVEATS = (
    "A change between the baseline and the end of a block is not, on its own, proof that "
    "massage caused it. People in the untreated and sham groups of trials get better too: pain "
    "that was unusually bad when someone decided to act tends to drift back towards its usual "
    "level (regression to the mean), many pains ease with time, and the attention of a regular "
    "appointment helps by itself. The fair way to check is a planned pause: some weeks without "
    "sessions, then starting again (an A-B-A pattern); if pain rises in the pause and eases "
    "again afterwards, the sessions are the likely reason. The statistics treat every day as "
    "independent, but one day's pain is much like the day before's, so the ranges shown are "
    "narrower than they should be. The trial evidence for massage is of low certainty and its "
    "effects often fade once a block ends, so your own record, including a few weeks of "
    "follow-up, tells you more than any average."
)

#: Which variant each number is, for the report and the numbers panel.
STAT_NAMES = {
    "nap": "NAP",
    "tau": "Tau",
    "tau_u": "Tau-U",
    "tau_bc": "Tau-BC",
    "pnd": "PND",
}
STAT_VARIANTS = {
    "nap": "Non-overlap of All Pairs (Parker & Vannest 2009), ties count 0.5; SE Sen/Mee "
    "(unbiased); 95% CI Newcombe (2006) score method 5",
    "tau": "Tau, non-overlap = 2 x NAP - 1 (Parker, Vannest, Davis & Sauber 2011); SE and CI "
    "mapped from NAP",
    "tau_u": "Tau-U, A vs B minus trend A (Parker et al. 2011): (S_AB - S_trendA) / (m x n); "
    "no known SE; not bounded by -1..1",
    "tau_bc": "Baseline-corrected Tau (Tarlow 2017): Theil-Sen baseline trend removed from "
    "every day (always, no pre-test), Tau on the exact residuals; SE and CI as for Tau, "
    "ignoring the uncertainty of the fitted trend",
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
    """Where the pain change sits against the reference figures, as context."""
    imp = pain.improvement_0_100
    if imp is None:
        return []
    lines = []
    if imp > 0:
        kind = ("a double-digit change, the size most people notice" if imp >= NOTICEABLE_0_100
                else f"less than the {NOTICEABLE_0_100} points or more that most people notice")
        lines.append(f"On a 0-100 scale, pain went down by {num(imp)} points: {kind}.")
        share = pain.improvement_percent
        if share is not None:
            if share >= SUBSTANTIAL_PERCENT:
                band = "at the level counted as substantial"
            elif share >= MODERATE_PERCENT:
                band = "at the level counted as moderately important"
            else:
                band = "below both"
            lines.append(
                f"That is {percent(share)} less than in the baseline. Chronic-pain research "
                f"commonly counts a {MODERATE_PERCENT}% reduction as moderately important and "
                f"{SUBSTANTIAL_PERCENT}% as substantial; this one is {band}.")
    elif imp < 0:
        lines.append(f"On a 0-100 scale, pain went up by {num(-imp)} points.")
    else:
        lines.append("On a 0-100 scale, pain did not change.")
    lines.append(
        f"For context only: in pooled randomized trials, at the end of treatment, massage did "
        f"about {VS_ACTIVE} points better than other active treatments, {VS_SHAM} better than "
        f"sham massage and {VS_NONE} better than no treatment, on a 0-100 scale. Those are "
        "average differences between groups of people, not one person's before-and-after "
        "change, so they are neither a target nor a promise.")
    return lines


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
    bc = estimate(m, "tau_bc")
    if bc.estimate is not None:
        share = pct((bc.estimate + 1) / 2)
        slope = m.baseline_slope
        if slope is not None and round(slope, 2) != 0:
            lines.append(
                f"{drift_words(m)} Even allowing for that drift, a day after the sessions "
                f"began was the better one {share} of the time. A trend from a few baseline "
                "days, carried on over many weeks, can make this figure too high or too low, "
                "so read it with care.")
        else:
            lines.append(
                f"{drift_words(m)[:-1]}; allowing for drift anyway, a day after the sessions "
                f"began was the better one {share} of the time.")
    else:
        lines.append("Whether things were already changing before the sessions began cannot "
                     f"be judged yet: {bc.note or 'too few days'}.")
    n_b = m.stats_block.get("n_treatment") or 0
    pnd_share = m.stats_block["pnd"].get("estimate")
    if pnd_share is not None and n_b:
        better = round(pnd_share * n_b)
        lines.append(f"On {better} of {plural(n_b, 'day')} after the sessions began "
                     f"({pct(pnd_share)}), {_better(m)} than on even the best baseline day.")
    return lines


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
    "tau_bc": "Tau after removing the baseline's straight-line trend (Theil-Sen line) from "
    "every day",
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
