"""The block report: a printable Markdown page for a clinician, or a stable JSON document.

``journal report [--block NAME] --format markdown|json [--out FILE]`` calls
:func:`build_report`. The JSON shape is a contract (keys never renamed; numbers unrounded;
``null`` where a value is undefined, the reason being given in the Markdown):

    {"report_version": 1, "block": {...}, "pain": PHASE, "function": PHASE | null,
     "verdict": {"decision", "reasons", ...}, "side_effects": {...}, "cost": {...},
     "completeness": {...}, "peg": {...}, "impression": {...}, "expectation": {...},
     "medicine": {...}}

    PHASE = {"baseline_mean", "end_mean", "change", "change_percent", "change_0_100",
             "weekly": [...], "stats": STATS}

``change`` is ``end_mean - baseline_mean`` in the measure's units (negative = went down);
the block section says which direction is better for each measure. The last four sections
(the clinician measures: PEG-3, global impression, expectation at the freeze, pain medicine and
other care) come from :func:`journal.analysis.clinical.report_sections`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from journal.analysis import clinical
from journal.analysis.context import (
    CAVEATS,
    SELF_RUN,
    STAT_NAMES,
    STAT_VARIANTS,
    reference_lines,
    sources,
    stats_gaps,
    stats_lines,
    stats_table,
)
from journal.analysis.design import design_evidence, design_markdown
from journal.analysis.measures import MeasureResult
from journal.analysis.phases import Span, short_date
from journal.analysis.summary import BlockReview, review_block
from journal.analysis.verdict import MIN_DAYS, Verdict, side_effect_words, window_label
from journal.analysis.words import decisive
from journal.domain.errors import ValidationError
from journal.domain.models import (
    CARE_ROLES,
    SEVERITIES,
    Block,
    Journal,
    Plan,
    Rule,
)
from journal.formats import amount, money, num, pct, percent, plural
from journal.views.planning import OTHER_OUTCOMES, SIDE_EFFECT_RULE

REPORT_VERSION = 1
FORMATS = ("markdown", "json", "html")


def resolve_block(journal: Journal, block: Block | str | None, today: date) -> Block:
    """The block to report on: the one given, the one named, or the active/most recent one."""
    if not journal.blocks:
        raise ValidationError("block", "the journal has no block yet; plan one first")
    if isinstance(block, Block):
        return block
    if block is None:
        found = journal.current_block(today)
        if found is None:  # pragma: no cover - current_block finds one whenever blocks exist
            raise ValidationError("block", "no active or recent block")
        return found
    found = journal.block_by_name(block)
    if found is None:
        names = ", ".join(f'"{b.name}"' for b in journal.blocks_by_start())
        raise ValidationError("block", f'no block is named "{block}" (blocks: {names})')
    return found


def build_report(journal: Journal, block: Block | str | None, today: date, fmt: str) -> str:
    """The report for ``block`` (None: the active or most recent one) as of ``today``.

    ``fmt`` is ``"markdown"``, ``"json"`` or ``"html"`` (the Markdown drawn as one printable
    page by :mod:`journal.report_html`). Raises :class:`ValidationError` when the journal has
    no block, a named block does not exist, or the format is unknown.
    """
    if fmt not in FORMATS:
        raise ValidationError("format", "must be markdown, json or html")
    chosen = resolve_block(journal, block, today)
    review = review_block(journal, chosen, today)
    from journal.printable import shown, shown_json

    if fmt == "json":
        return shown_json(json.dumps(report_dict(review, journal), indent=2,
                                     ensure_ascii=False, allow_nan=False)) + "\n"
    if fmt == "html":
        from journal.report_html import html_page

        return html_page(shown(markdown(review, journal)))
    return shown(markdown(review, journal))


# --- JSON --------------------------------------------------------------------------------


def _span(span: Span | None) -> dict[str, str] | None:
    if span is None or span.is_empty:
        return None
    return {"start": span.start.isoformat(), "end": span.end.isoformat()}


def _rule(rule: Rule, plan: Plan) -> dict[str, Any]:
    return {"pain_change": rule.pain_change, "function_change": rule.function_change,
            "pain_scale": plan.pain_scale}


def _verdict(v: Verdict, plan: Plan) -> dict[str, Any]:
    return {"decision": v.decision, "headline": v.headline, "meaning": v.meaning,
            "reasons": list(v.reasons), "rule": _rule(v.rule, plan),
            "ready_from": v.ready_from.isoformat() if v.ready_from else None}


def _phase(m: MeasureResult) -> dict[str, Any]:
    return {
        "baseline_mean": m.baseline_mean,
        "end_mean": m.end_mean,
        "change": m.change,
        "change_percent": m.change_percent,
        "change_0_100": m.change_0_100,
        "weekly": [
            {
                "label": w.period.label,
                "kind": w.period.kind,
                "week": w.period.week,
                "start": w.period.span.start.isoformat(),
                "end": w.period.span.end.isoformat(),
                "days": w.period.span.days,
                "logged": w.logged,
                "mean": w.mean,
            }
            for w in m.weekly
        ],
        "stats": m.stats,
    }


def report_dict(review: BlockReview, journal: Journal | None = None) -> dict[str, Any]:
    """The JSON report as a plain dict (see the module docstring for the contract)."""
    block, phases = review.block, review.phases
    plan, current = block.plan, block.current
    effects = review.side_effects
    d = review.delivery
    design = design_evidence(journal or Journal(blocks=[review.block]), review.block,
                             review.phases.today).to_dict()
    return {
        "report_version": REPORT_VERSION,
        "block": {
            "id": block.id,
            "name": block.name,
            "today": phases.today.isoformat(),
            "status": phases.status,
            "so_far": phases.so_far,
            "pain_better": "lower",
            "function_better": current.function.better if current.function else None,
            "baseline": _span(phases.baseline),
            "treatment": _span(phases.treatment),
            "end_window": _span(phases.end_window),
            "plan": plan.flat(),
            "current": current.flat(),
            "amendments": [
                {
                    "made_on": a.made_on.isoformat(),
                    "reason": a.reason,
                    "touches_rule": a.touches_rule(),
                    "changes": [{"field": k, "old": old, "new": new}
                                for k, old, new in a.changes],
                }
                for a in block.amendments
            ],
        },
        "pain": _phase(review.pain),
        "function": _phase(review.function) if review.function else None,
        "verdict": {
            **_verdict(review.verdict, plan),
            "so_far": review.so_far,
            "amended": (_verdict(review.amended_verdict, current)
                        if review.amended_verdict else None),
            "next_step": review.next_step,
        },
        "side_effects": {
            "total": effects.total,
            "settled": effects.settled,
            "not_settled": len(effects.not_settled),
            "not_yet_marked": effects.unknown,
            "by_kind": {
                k.kind: {"label": k.label, "count": k.count, "settled": k.settled,
                         "not_settled": k.not_settled, "not_yet_marked": k.unknown,
                         "worst_severity": k.worst}
                for k in effects.by_kind
            },
            "list": [
                {"day": e.day.isoformat(), "kind": e.kind, "severity": e.severity,
                 "settled": e.settled}
                for e in effects.effects
            ],
        },
        "cost": {
            "currency": d.currency,
            "per_session": d.cost_per_session,
            "so_far": d.cost_so_far,
            "planned_to_date": d.cost_planned_to_date,
            "planned_total": d.cost_planned_total,
            "sessions_without_cost": d.sessions_without_cost,
            "per_point_0_100": d.cost_per_point,
        },
        "completeness": {
            **{
                c.name: {
                    **(_span(c.span) or {"start": None, "end": None}),
                    "days": c.span.days,
                    "planned_days": c.planned_days,
                    "pain_logged": c.pain_logged,
                    "function_logged": c.function_logged,
                    "flare_days": c.flare_days,
                    "flares_per_week": c.flares_per_week,
                }
                for c in review.completeness
            },
            "sessions": {
                "done": d.sessions_done,
                "planned_to_date": d.sessions_planned_to_date,
                "planned_total": d.sessions_planned_total,
                "minutes_delivered": d.minutes_delivered,
                "minutes_planned_total": d.minutes_planned_total,
                "too_strong": d.too_strong,
                "too_light": d.too_light,
            },
        },
        **design,
        # Without the journal, the days' medicine is not known: those counts come out empty.
        **clinical.report_sections(journal or Journal(blocks=[review.block]), review),
    }


# --- Markdown ----------------------------------------------------------------------------


def _cell(text: object) -> str:
    return str(text).replace("|", "/").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    align = ["---:" if i in right else "---" for i in range(len(header))]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def rule_words(rule: Rule, plan: Plan) -> str:
    """"pain down by at least 1 point (0-10) and walking minutes ... up by at least 5 minutes"
    (the "working" part of the rule; :data:`OTHER_OUTCOMES` and the side-effect part follow)."""
    text = (f"pain down by at least {amount(rule.pain_change)} "
            f"{'point' if rule.pain_change == 1 else 'points'} (0-{plan.pain_scale})")
    marker = plan.function
    if rule.function_change is not None and marker is not None:
        way = "up" if marker.better == "higher" else "down"
        text += (f" and {marker.name} {way} by at least {amount(rule.function_change)} "
                 f"{marker.unit}".rstrip())
    return text


def amended_sentence(review: BlockReview) -> str:
    """The amended plan's verdict beside the original one (it never replaces it)."""
    v = review.verdict
    av = v.amended
    assert av is not None
    if av.decision == v.decision:
        return (f"The plan was amended after it froze. The amended plan gives the same verdict "
                f"({av.headline}); the verdict above uses the original plan.")
    why = " ".join(av.reasons)
    return (f"The plan was amended after it froze. The verdict above uses the original plan. "
            f"The amended plan, whose rule is to continue when "
            f"{rule_words(av.rule, review.block.current)}, would say **{av.headline}**: "
            f"{av.meaning} {why}")


def plan_rows(plan: Plan) -> list[list[str]]:
    """The plan in a two-column table: what a clinician asks first."""
    end = short_date(plan.treatment_end, year=True)
    rows = [
        ["Dose", f"{plan.sessions_per_week} per week for {plural(plan.weeks, 'week')}, "
                 f"{plan.minutes} minutes each ({plan.total_sessions} sessions, "
                 f"{plan.total_minutes} minutes)"],
        ["Dates", f"baseline from {short_date(plan.baseline_start, year=True)}"
                  f" ({plural(plan.baseline_days, 'day')}); treatment "
                  f"{short_date(plan.first_session)} - {end}"],
        ["Areas", ", ".join(plan.areas) or "not stated"],
        ["Pressure, technique", ", ".join(p for p in (plan.pressure, plan.technique) if p)],
    ]
    if plan.therapist:
        rows.append(["Therapist", plan.therapist])
    if plan.concurrent_care:
        rows.append(["Other care", f"{', '.join(plan.concurrent_care)} "
                                   f"({CARE_ROLES[plan.care_role]})"])
    rows.append(["Pain scale", f"0-{plan.pain_scale}, lower is better"])
    if plan.function:
        f = plan.function
        rows.append(["Function marker", f"{f.name} ({f.unit}), {f.direction_words}"])
    else:
        rows.append(["Function marker", "none: the rule is about pain alone"])
    if plan.cost_per_session is not None:
        rows.append(["Cost per session", money(plan.cost_per_session, plan.currency)])
    extras = []
    if plan.gentle_start:
        extras.append("gentle start")
    if plan.nerve_symptoms:
        extras.append("nerve symptoms noted: under medical evaluation alongside")
    if extras:
        rows.append(["Notes", "; ".join(extras)])
    return rows


def _change_rows(review: BlockReview) -> list[list[str]]:
    """The rule's measures against their thresholds, from the verdict itself, with the digits
    that decide: a figure beside "reached" is never rounded onto or across the threshold."""
    rows = []
    v = review.verdict
    # The verdict's own measures (the frozen plan's marker, even if amended away since).
    shown = [c.measure for c in v.checks] if v.compared else [review.pain, review.function]
    for m in shown:
        if m is None:
            continue
        c = v.check(m.key)
        way = "down" if m.better == "lower" else "up"
        if c is None or not v.compared:
            rows.append([m.heading, num(m.baseline_mean), num(m.end_mean),
                         num(m.change) if m.change is not None else "–",
                         percent(m.change_percent), num(m.change_0_100), "–", "–"])
            continue
        cm = c.measure
        assert cm.change_exact is not None
        t = c.threshold
        change = decisive(cm.change_exact, (t, -t, 0))
        bands = (0, 30, -30, 50, -50) if cm.scale is not None else (0,)  # IMMPACT's bands
        pct_text = "–" if cm.change_percent is None else \
            f"{decisive(100 * cm.change_exact / cm.baseline_exact, bands, 0)}%"  # type: ignore[operator]
        t100 = t * 100 / cm.scale if cm.scale is not None else t
        on_100 = "–" if cm.scale is None else decisive(cm.change_exact * 100 / cm.scale,
                                                       (t100, -t100, 10, -10, 0))
        reached = {"reached": "yes", "worse": "no: worse", "unclear": "no"}[c.outcome]
        digits = c.digits()
        rows.append([cm.heading, decisive(cm.baseline_exact, (), digits),  # type: ignore[arg-type]
                     decisive(cm.end_exact, (), digits),  # type: ignore[arg-type]
                     change, pct_text, on_100, f"at least {c.threshold_words()} {way}", reached])
    return rows


def _weekly_rows(review: BlockReview, journal: Journal) -> list[list[str]]:
    rows = []
    for r in review.rows:
        logged = f"{r.pain_logged}/{r.period.span.days}"
        row = [r.period.label, r.period.span.words(), num(r.pain_mean)]
        if review.function:
            row.append(num(r.function_mean))
        row += [logged, str(r.flare_days), str(r.sessions)]
        row += clinical.weekly_cells(journal, review, r.period).values()
        rows.append(row)
    return rows


def _charts(review: BlockReview, journal: Journal) -> list[str]:
    """Plain-text charts of pain and function, from the shared chart builder."""
    from journal.charts import ChartSpec, render_chart

    out = []
    kinds = ["pain"] + (["function"] if review.function else [])
    for kind in kinds:
        spec = ChartSpec(kind=kind, range="block", width=80, height=20,
                         block_id=review.block.id, palette=None)
        text = render_chart(journal, review.phases.today, spec)
        out += ["```text", text.rstrip("\n"), "```", ""]
    return out


def _status_line(review: BlockReview) -> str:
    p = review.phases
    plan = review.block.current
    when = short_date(p.today, year=True)
    if p.status == "finished":
        return (f"As of {when}. The block ended on {short_date(plan.treatment_end, year=True)}; "
                "the verdict compares the baseline with its last week.")
    where = plan.position(p.today)
    where = where[:1].lower() + where[1:]
    if p.status == "running":
        return (f"As of {when}, during the block ({where}): results so far, on "
                f"{review.verdict.window()}. The block's verdict is due on "
                f"{short_date(plan.evaluation_day, year=True)}.")
    return (f"As of {when}, before the first session ({where}): there is nothing to compare "
            "yet.")


def markdown(review: BlockReview, journal: Journal) -> str:
    """The clinician report as Markdown (charts in fenced blocks, so it prints as is)."""
    block, p = review.block, review.phases
    plan = block.plan
    v = review.verdict
    so_far = " (so far)" if p.so_far and p.end_window is not None else ""
    lines: list[str] = [
        f"# Massage block review: {block.name}",
        "",
        f"*{SELF_RUN}* {_status_line(review)}",
        "",
        f"## Verdict: {v.headline}{so_far}",
        "",
        f"**{v.meaning}**",
        "",
        f"Rule written down before the block and frozen when its first day was logged: "
        f"continue when {rule_words(v.rule, plan)}, comparing the baseline mean with the mean "
        f"of {v.window()}, with at least {MIN_DAYS} logged days in each. {OTHER_OUTCOMES} "
        f"{SIDE_EFFECT_RULE}",
        "",
        *[f"- {r}" for r in v.reasons],
        "",
        # Beside the verdict, never part of it: impression, medicine, other care.
        *[f"*{line}*\n" for line in clinical.context_lines(journal, review)],
    ]
    if v.amended is not None:
        lines += [amended_sentence(review), ""]
    lines += [f"**Next step.** {review.next_step}", ""]

    lines += ["## Plan", "", *_table(["", ""], plan_rows(plan)), ""]
    if block.amendments:
        lines += ["Amendments (the original plan above still stands for the verdict):", ""]
        for a in block.amendments:
            changes = "; ".join(f"{k}: {old} -> {new}" for k, old, new in a.changes)
            lines.append(f"- {short_date(a.made_on, year=True)}: {a.reason} ({changes})")
        lines.append("")

    header = ["Period", "Dates", review.pain.heading]
    if review.function:
        header.append(review.function.heading)
    header += ["Days logged", "Flare days", "Sessions"]
    header += [clinical.WEEKLY_HEADERS[k] for k in clinical.weekly_cells(
        journal, review, review.rows[0].period)] if review.rows else []
    right = set(range(2, len(header)))
    lines += ["## Weekly averages", "",
              "Weeks are counted from the first session; the baseline is its own row.", "",
              *_table(header, _weekly_rows(review, journal), right), ""]

    lines += [f"## Change: baseline against {v.window()}", "",
              *_table(["Measure", "Baseline", window_label(p).capitalize(), "Change",
                       "% of baseline",
                       "On 0-100", "Rule asks", "Reached"], _change_rows(review),
                      {1, 2, 3, 4, 5}), ""]
    gaps = [f"- {m.label}: {k.replace('_', ' ')} is missing because {why}."
            for m in (review.pain, review.function) if m is not None
            for k, why in m.notes.items()
            if not (k == "change_0_100" and m.key == "function")]
    if review.function is not None:
        gaps.append(f"- {review.function.label}: no 0-100 value, because the marker has no fixed "
                    "range.")
    lines += [*gaps, ""] if gaps else []
    reference = reference_lines(v.checks[0].measure) if v.compared else []
    if reference:
        lines += [" ".join(reference), ""]

    lines += design_markdown(design_evidence(journal, block, p.today), _table)
    lines += ["## Charts", "", *_charts(review, journal)]

    lines += ["## Statistics", "",
              "Every logged baseline day (A) is compared with every logged treatment day so far "
              "(B), oriented so that better counts as higher.", ""]
    if not v.compared:
        lines += ["The rule cannot be applied yet, so the statistics are listed but not put "
                  "into words.", ""]
    for m in (review.pain, review.function):
        if m is None:
            continue
        n_a, n_b = m.stats_block["n_baseline"], m.stats_block["n_treatment"]
        words = " ".join(stats_lines(m)) if v.compared else ""
        lines += [f"**{m.label}** ({plural(n_a, 'baseline day')}, "
                  f"{plural(n_b, 'treatment day')}). " + words, "",
                  *_table(["Measure", "Estimate", "SE", "95% CI"],
                          [list(r) for r in stats_table(m)], {1, 2}), ""]
        gaps = stats_gaps(m)
        if gaps:
            lines += ["Missing values: " + " ".join(gaps), ""]
    lines += ["Variants:", "", *[f"- {STAT_NAMES[k]}: {t}." for k, t in STAT_VARIANTS.items()],
              ""]

    lines += clinical.markdown_lines(journal, review)
    lines += ["## Side effects", "", *_side_effect_lines(review), ""]
    lines += ["## Sessions and cost", "", *_delivery_lines(review), ""]
    lines += ["## Data completeness", "", *_completeness_lines(review), ""]
    lines += ["## How to read this", "", CAVEATS, ""]
    lines += ["## Sources", "", *[f"- {src}" for src in sources(bool(reference), v.compared)],
              "", f"*{SELF_RUN}*", ""]
    return "\n".join(lines)


def _side_effect_lines(review: BlockReview) -> list[str]:
    e = review.side_effects
    if not e.total:
        return ["None recorded."]
    lines = [f"{plural(e.total, 'side effect')} recorded: {e.settled} settled before the next "
             f"session, {len(e.not_settled)} did not, {e.unknown} not yet marked.", ""]
    rows = [[k.label, str(k.count), str(k.settled), str(k.not_settled), str(k.unknown),
             SEVERITIES[k.worst]] for k in e.by_kind]
    lines += _table(["Kind", "Times", "Settled", "Not settled", "Not yet marked", "Worst"],
                    rows, {1, 2, 3, 4})
    if e.not_settled:
        lines += ["", "Did not settle: " + "; ".join(side_effect_words(x) for x in e.not_settled)
                  + "."]
    return lines


def delivery_sentences(review: BlockReview) -> list[str]:
    """Sessions, minutes and cost in sentences (shared with the review screen)."""
    d = review.delivery
    out = [f"Sessions: {d.sessions_done} done of {d.sessions_planned_to_date} planned so far "
           f"({d.sessions_planned_total} in the whole block); {d.minutes_delivered} minutes "
           f"delivered of {d.minutes_planned_total} planned."]
    tol = []
    if d.too_strong:
        tol.append(f"{plural(d.too_strong, 'session')} felt too strong")
    if d.too_light:
        tol.append(f"{plural(d.too_light, 'session')} felt too light")
    if tol:
        out.append(" and ".join(tol).capitalize() + ".")
    if d.cost_so_far is None:
        out.append("Cost: none recorded.")
        return out
    cost = f"Cost so far: {money(d.cost_so_far, d.currency)}"
    if d.cost_planned_to_date is not None and d.cost_planned_total is not None:
        cost += (f" (planned by now: {money(d.cost_planned_to_date, d.currency)}; "
                 f"whole block: {money(d.cost_planned_total, d.currency)})")
    out.append(cost + ".")
    if d.sessions_without_cost:
        out.append(f"{plural(d.sessions_without_cost, 'session')} without a recorded cost "
                   "counted at the planned price.")
    if d.cost_per_point is not None:
        out.append(f"That is {money(d.cost_per_point, d.currency)} per point of pain "
                   "improvement on a 0-100 scale.")
    else:
        out.append(f"No cost per point of improvement: {d.cost_per_point_note}.")
    return out


def _delivery_lines(review: BlockReview) -> list[str]:
    return [" ".join(delivery_sentences(review))]


def _completeness_lines(review: BlockReview) -> list[str]:
    names = {"baseline": "Baseline", "treatment": "Treatment so far" if review.so_far
             else "Treatment", "end_window": "Last week"}
    rows = []
    for c in review.completeness:
        if c.span.is_empty:
            rows.append([names[c.name], "not begun", "–", "–", "–"])
            continue
        fn = f"{c.function_logged}" if c.function_logged is not None else "–"
        rows.append([names[c.name], f"{c.span.words()} ({plural(c.span.days, 'day')})",
                     f"{c.pain_logged} ({pct(c.share)})", fn,
                     f"{c.flare_days} ({num(c.flares_per_week)} per week)"])
    return _table(["Phase", "Days", "Pain logged", "Function logged", "Flare days"], rows,
                  {2, 3, 4})
