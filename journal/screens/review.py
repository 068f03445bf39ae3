"""The review screen: the verdict of the person's own rule first, then the numbers behind it.

Top to bottom: the decision in words (large, coloured by a class), its reasons and the next
step; the two changes against the rule's thresholds; the weekly table; the statistics in plain
words (``n`` shows the numbers); reference figures; side effects; sessions and cost; caveats.
It reads the journal through :func:`journal.analysis.summary.review_block`, which is pure and
fast (a year-long block takes tens of milliseconds), so it simply recomputes on every change.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Header, Label, Static

from journal.analysis.context import (
    CAVEATS,
    SELF_RUN,
    reference_lines,
    stats_gaps,
    stats_lines,
    stats_table,
)
from journal.analysis.measures import MeasureResult
from journal.analysis.summary import BlockReview, review_block
from journal.analysis.verdict import DECISIONS, Verdict, pain_threshold
from journal.analysis.words import amount, num, percent, plural
from journal.domain.models import Block
from journal.report import build_report, delivery_sentences
from journal.screens.base import JournalFooter, JournalScreen
from journal.screens.palette import ScreenCommands

EMPTY_TEXT = (
    "There is no block to review yet.\n\n"
    "Plan one with F3: a week of baseline logging comes first, then the sessions. This screen "
    "fills in as you log, and at the end of the block it gives the verdict of the rule you "
    "wrote down before starting."
)


class ReviewCommands(ScreenCommands):
    """The review screen's actions in the command palette (ctrl+p)."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        if not isinstance(screen, ReviewScreen):
            return []
        out: list[tuple[str, str, Callable[[], object]]] = [
            ("Review: show or hide the numbers (n)",
             "Estimates, standard errors and 95% ranges of every statistic",
             screen.action_toggle_numbers),
            ("Review: save the clinician report (w)",
             "Write this review as a Markdown page into the reports folder beside the journal",
             screen.action_save_report),
        ]
        if len(screen.journal.blocks) > 1:
            out += [
                ("Review: previous block ([)", "Review the block before this one",
                 screen.action_previous_block),
                ("Review: next block (])", "Review the block after this one",
                 screen.action_next_block),
            ]
        return out


class ReviewScreen(JournalScreen):
    """Did it work, by how much, how sure can I be, what did it cost, what next?"""

    HELP_TITLE = "Review"
    COMMANDS = {ReviewCommands}
    BINDINGS = [
        Binding("n", "toggle_numbers", "Numbers"),
        Binding("left_square_bracket", "previous_block", "Previous block"),
        Binding("right_square_bracket", "next_block", "Next block"),
        Binding("w", "save_report", "Save report"),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        #: The block on screen; None means the active or most recent one.
        self.block_id: str | None = None
        self.review: BlockReview | None = None
        self._numbers_shown = False
        #: Rows in the weekly table (baseline, treatment weeks, follow-up).
        self.weekly_rows = 0

    # --- layout ----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review-scroll"):
            yield Static(EMPTY_TEXT, id="review-empty")
            yield Static("", id="review-block")
            yield Static("", id="verdict", classes="verdict")
            yield Static("", id="verdict-reasons")
            yield Static("", id="verdict-amended")
            yield Label("Week by week", classes="review-section")
            yield Static("", id="weekly")
            yield Static("", id="weekly-key")
            yield Label("Your rule: baseline against the last week", id="changes-title",
                        classes="review-section")
            yield Static("", id="changes")
            yield Static("", id="reference")
            yield Label("What the statistics say", classes="review-section")
            yield Static("", id="stats-words")
            yield Static("", id="stats-numbers")
            yield Label("Side effects", classes="review-section")
            yield Static("", id="side-effects")
            yield Label("Sessions and cost", classes="review-section")
            yield Static("", id="cost")
            yield Label("How to read this", classes="review-section")
            yield Static("", id="caveats")
            yield Label("What next", classes="review-section")
            yield Static("", id="next-step")
        yield JournalFooter()

    def on_mount(self) -> None:
        self.query_one("#stats-numbers").display = False

    # --- data ------------------------------------------------------------------------
    def _blocks(self) -> list[Block]:
        return self.journal.blocks_by_start()

    def _block(self) -> Block | None:
        if self.block_id is not None:
            block = self.journal.block_by_id(self.block_id)
            if block is not None:
                return block
            self.block_id = None
        return self.journal.current_block(self.clock.today())

    def journal_changed(self) -> None:
        block = self._block()
        body = [w for w in self.query("#review-scroll > *") if w.id != "review-empty"]
        self.query_one("#review-empty").display = block is None
        for widget in body:
            widget.display = block is not None
        if block is None:
            self.review = None
            self.refresh_bindings()
            return
        # The statistics take a few milliseconds even on a year-long block, so they are
        # worked out here: the screen is drawn once, complete, with no second pass.
        review = review_block(self.journal, block, self.clock.today())
        self.review = review
        self._show(review)
        self.refresh_bindings()

    # --- drawing ---------------------------------------------------------------------
    def _show(self, r: BlockReview) -> None:
        self._show_heading(r)
        self._show_verdict(r)
        title = "Your rule: baseline against the last week" + (" so far" if r.so_far else "")
        self.query_one("#changes-title", Label).update(title)
        self.query_one("#changes", Static).update(self._changes_table(r))
        ref = reference_lines(r.pain)
        reference = self.query_one("#reference", Static)
        reference.update(escape(" ".join(ref)))
        reference.display = bool(ref)
        self._show_weekly(r)
        self._show_stats(r)
        self.query_one("#side-effects", Static).update(self._side_effects_text(r))
        self.query_one("#cost", Static).update(escape(" ".join(delivery_sentences(r))))
        self.query_one("#caveats", Static).update(escape(CAVEATS + " " + SELF_RUN))

    def _show_heading(self, r: BlockReview) -> None:
        blocks = self._blocks()
        plan = r.block.current
        p = r.phases
        if p.status == "finished":
            where = f"finished {plan.treatment_end:%d %b %Y}"
        else:
            where = plan.position(p.today)
            where = where[:1].lower() + where[1:]
        parts = [f"[b]{escape(r.block.name)}[/b]", escape(where)]
        if p.status == "running":
            parts.append(f"results so far; verdict due {plan.evaluation_day:%d %b}")
        if len(blocks) > 1:
            index = next(i for i, b in enumerate(blocks) if b.id == r.block.id)
            parts.append(f"block {index + 1} of {len(blocks)} ([ and ] to switch)")
        self.query_one("#review-block", Static).update("  ·  ".join(parts))

    def _show_verdict(self, r: BlockReview) -> None:
        v = r.verdict
        box = self.query_one("#verdict", Static)
        for decision in DECISIONS:
            box.set_class(decision == v.decision, f"verdict--{decision}")
        title = "Verdict so far" if r.so_far and r.phases.end_window is not None else "Verdict"
        box.update(f"{title}: [b]{v.headline.upper()}[/b]\n{escape(v.meaning)}")
        self.query_one("#verdict-reasons", Static).update(
            "\n".join(f"• {escape(line)}" for line in v.reasons))
        amended = self.query_one("#verdict-amended", Static)
        amended.display = r.amended_verdict is not None
        if r.amended_verdict is not None:
            amended.update(self._amended_text(r, r.amended_verdict))
        self.query_one("#next-step", Static).update(escape(r.next_step))

    @staticmethod
    def _amended_text(r: BlockReview, amended: Verdict) -> str:
        made = [a for a in r.block.amendments if a.touches_rule()]
        when = ", ".join(f"{a.made_on:%d %b}" for a in made)
        reasons = "; ".join(a.reason for a in made)
        rule = amended.rule
        return escape(
            f"The rule was amended on {when} ({reasons}) to pain down by "
            f"{amount(rule.pain_change)}"
            + (f" and function by {amount(rule.function_change)}"
               if rule.function_change is not None else "")
            + f". The verdict above keeps the rule frozen at the start; the amended rule would "
            f"say: {amended.headline}.")

    @staticmethod
    def _short_label(m: MeasureResult) -> str:
        """A narrow column label; the full name is spelled out under the weekly table."""
        if m.key == "pain":
            return f"Pain (0-{m.scale})"
        return m.label if len(m.label) <= 16 else "Function"

    def _changes_table(self, r: BlockReview) -> Table:
        rule = r.block.plan.rule
        assert rule is not None
        table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, expand=False)
        for name, justify in (("", "left"), ("Baseline", "right"), ("Last week", "right"),
                              ("Change", "right"), ("Rule asks", "left"), ("", "left")):
            table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        for m in (r.pain, r.function):
            if m is None:
                continue
            threshold = (pain_threshold(rule, r.block.plan.pain_scale, m.scale)
                         if m.scale is not None else rule.function_change)
            way = "down" if m.better == "lower" else "up"
            asks = f"≥ {amount(threshold)} {way}" if threshold is not None else "nothing"
            if m.change is None:
                change = "–"
            elif m.moved() == "unchanged":
                change = "no change"
            else:
                change = f"{m.moved()} {num(abs(m.change))}"
                if m.change_percent is not None:
                    change += f" ({percent(abs(m.change_percent))})"
            if m.improvement is None or threshold is None:
                mark = "–"
            elif m.improvement >= threshold - 1e-9:
                mark = "✓ reached"
            elif m.improvement < 0:
                mark = "✗ wrong way"
            else:
                mark = "✗ not reached"
            table.add_row(self._short_label(m), num(m.baseline_mean), num(m.end_mean), change,
                          asks, mark)
        return table

    def _show_weekly(self, r: BlockReview) -> None:
        # A read-only table, so a rich Table in a Static: no cursor to manage, and it is drawn
        # in one pass with the rest of the screen.
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False,
                      expand=False, header_style="bold")
        table.add_column("Period", no_wrap=True)
        table.add_column("Dates", no_wrap=True)
        numeric = ["Pain"]
        if r.function:
            numeric.append(self._short_label(r.function))
        numeric += ["Logged", "Flares", "Sessions"]
        for name in numeric:
            table.add_column(name, justify="right", no_wrap=True)
        for row in r.rows:
            numbers = [num(row.pain_mean)]
            if r.function:
                numbers.append(num(row.function_mean))
            numbers += [f"{row.pain_logged}/{row.period.span.days}", str(row.flare_days),
                        str(row.sessions)]
            table.add_row(row.period.label, row.period.span.words(year=False), *numbers)
        self.weekly_rows = len(r.rows)
        self.query_one("#weekly", Static).update(table)
        key = [f"Pain on 0-{r.pain.scale}, lower is better.",
               "Weeks count from the first session.",
               "Logged: days with pain logged, of the days so far."]
        if r.function:
            f = r.function
            key.insert(1, f"{self._short_label(f)}: {f.label.lower()}"
                          f"{f' ({f.unit})' if f.unit and f.unit not in f.label else ''}, "
                          f"{'higher' if f.better == 'higher' else 'lower'} is better.")
        self.query_one("#weekly-key", Static).update(escape(" ".join(key)))

    def _show_stats(self, r: BlockReview) -> None:
        numbers = self.query_one("#stats-numbers", Static)
        numbers.display = self._numbers_shown
        parts = []
        for m in (r.pain, r.function):
            if m is None:
                continue
            parts.append(f"[b]{escape(m.label)}.[/b] " + escape(" ".join(stats_lines(m))))
        parts.append("[dim]Press n for the numbers and which variant each one is.[/dim]")
        self.query_one("#stats-words", Static).update("\n\n".join(parts))
        numbers.update(self._numbers_table(r))

    @staticmethod
    def _numbers_table(r: BlockReview) -> Group:
        parts: list[RenderableType] = []
        for m in (r.pain, r.function):
            if m is None:
                continue
            title = (f"{m.label}: A = {plural(m.stats['n_baseline'], 'baseline day')}, "
                     f"B = {plural(m.stats['n_treatment'], 'treatment day')}")
            table = Table(box=None, padding=(0, 3, 0, 0), show_edge=False, expand=False)
            for name, justify in (("", "left"), ("Estimate", "right"), ("SE", "right"),
                                  ("95% CI", "left")):
                table.add_column(name, justify=justify)  # type: ignore[arg-type]
            for row in stats_table(m):
                table.add_row(*row)
            parts += [Text(title, style="bold"), table, Text("")]
            gaps = stats_gaps(m)
            if gaps:
                parts += [Text(" ".join(gaps)), Text("")]
        parts.append(Text(
            "NAP: Parker & Vannest 2009, ties count half, SE Sen/Mee, 95% CI Newcombe method 5. "
            "Tau = 2 x NAP - 1. Tau-U: A vs B minus trend A (Parker 2011), no SE. Tau-BC: "
            "Tarlow 2017, Theil-Sen baseline trend always removed. PND: share of B days better "
            "than the best A day. Every SE and CI assumes independent days."))
        return Group(*parts)

    @staticmethod
    def _side_effects_text(r: BlockReview) -> str:
        e = r.side_effects
        if not e.total:
            return "None recorded in this block."
        lines = [f"{plural(e.total, 'side effect')}: {e.settled} settled before the next session, "
                 f"{len(e.not_settled)} did not, {e.unknown} not yet marked."]
        for k in e.by_kind:
            bits = [f"{k.settled} settled"] if k.settled else []
            if k.not_settled:
                bits.append(f"{k.not_settled} did not settle")
            if k.unknown:
                bits.append(f"{k.unknown} not yet marked")
            lines.append(f"• {escape(k.label)}: {k.count}× ({', '.join(bits)})")
        if e.not_settled:
            lines.append("A side effect that does not settle between sessions is a signal to "
                         "reconsider the pressure or the dose, or to stop.")
        return "\n".join(lines)

    # --- actions ---------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("previous_block", "next_block"):
            return len(self.journal.blocks) > 1
        if action in ("toggle_numbers", "save_report"):
            return self.review is not None
        return True

    def action_toggle_numbers(self) -> None:
        shown = not self._numbers_shown
        self._numbers_shown = shown
        numbers = self.query_one("#stats-numbers")
        numbers.display = shown and self.review is not None
        if numbers.display:
            numbers.scroll_visible()

    def _step_block(self, step: int) -> None:
        blocks = self._blocks()
        current = self._block()
        if len(blocks) < 2 or current is None:
            return
        index = next(i for i, b in enumerate(blocks) if b.id == current.id)
        self.block_id = blocks[(index + step) % len(blocks)].id
        self.journal_changed()
        self.query_one("#review-scroll").scroll_home(animate=False)

    def action_previous_block(self) -> None:
        self._step_block(-1)

    def action_next_block(self) -> None:
        self._step_block(1)

    def action_save_report(self) -> None:
        """Write the clinician report (Markdown) into ``reports/`` beside the journal file."""
        if self.review is None:
            return
        from journal.paths import ensure_private_dir

        today = self.clock.today()
        text = build_report(self.journal, self.review.block, today, "markdown")
        slug = re.sub(r"[^a-z0-9]+", "-", self.review.block.name.casefold()).strip("-")
        folder = Path(self.store.path).parent / "reports"
        path = folder / f"{slug or 'block'}-{today.isoformat()}.md"
        try:
            ensure_private_dir(folder)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as exc:
            self.notify(f"Could not write the report: {exc.strerror or exc}",
                        title="Report", severity="error", timeout=10)
            return
        note = " (demo journal: removed when the demo closes)" if self.japp.demo else ""
        self.notify(f"Saved to {path}{note}", title="Clinician report", timeout=10)

    # --- for tests and the palette ---------------------------------------------------
    @property
    def numbers_shown(self) -> bool:
        return self._numbers_shown
