"""The review screen: the verdict of the person's own rule first, then the numbers behind it.

Top to bottom: the decision in words (large, coloured by a class), its reasons and the next
step; the two changes against the rule's thresholds; the weekly table; the statistics in plain
words (``n`` shows the numbers); reference figures; side effects; sessions and cost; caveats.
It reads the journal through :func:`journal.analysis.summary.review_block`, which is pure and
fast even for a year-long block (bench/README.md), so it simply recomputes on every change.

Most of the cost of opening a screen in Textual is per widget (each is composed, styled several
times, laid out and drawn on its own), so the titled sections are drawn by a few
:class:`Sections` widgets, each one visual holding titles, paragraphs and tables. The tables are
aligned text built here; Rich draws them only when they do not fit the width.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.events import ScreenResume
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual, Visual
from textual.widget import Widget
from textual.widgets import Header, Static

from journal.analysis import clinical
from journal.analysis.context import (
    CAVEATS,
    SE_CI_NOTE,
    SELF_RUN,
    STAT_EXPLAINED,
    STAT_NAMES,
    reference_lines,
    stats_gaps,
    stats_lines,
    stats_table,
)
from journal.analysis.measures import MeasureResult
from journal.analysis.phases import short_date
from journal.analysis.summary import BlockReview, review_block
from journal.analysis.verdict import DECISIONS, Verdict, window_label
from journal.analysis.words import decisive
from journal.domain.models import Block
from journal.formats import amount, num, plural, relative_day
from journal.report import build_report, delivery_sentences
from journal.screens.base import JournalFooter, JournalScreen
from journal.screens.palette import ScreenCommands, bound_entries
from journal.widgets.text import safe_markup

EMPTY_TEXT = (
    "There is no block to review yet.\n\n"
    "Plan one with F3: a week of baseline logging comes first, then the sessions. This screen "
    "fills in as you log, and at the end of the block it gives the verdict of the rule you "
    "wrote down before starting."
)

#: Styles of the parts of a section (theme variables, so a theme change recolours them).
TITLE_STYLE = "bold $primary"
RULE_STYLE = "$primary 40%"
MUTED_STYLE = "$muted-text"

Justify = Literal["left", "right"]


@dataclass(frozen=True)
class Title:
    """A section title, bold in the theme's primary colour, with a rule under it."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """Text wrapped to the width, indented one column under the titles."""

    content: Content
    #: Blank lines above it.
    top: int = 1


@dataclass(frozen=True)
class Grid:
    """A read-only table, described once: header, rows, each column's justification, its look.

    Both forms are drawn from this one description: aligned text (:attr:`lines`), which is how
    the screen shows it, and a Rich table (:attr:`table`), built only when the text is too wide
    to fit (Rich then squeezes the columns) or where a Rich renderable is wanted. Rich measures
    and draws every cell through its console, which made the tables most of the screen's drawing
    time; the text form draws the same characters (``tests/test_review_screen.py`` compares
    them) directly.

    ``simple_head``: a rule under a bold header, columns three spaces apart (Rich's
    ``box.SIMPLE_HEAD``, one cell of padding, no outer edge); otherwise no rule and ``gap``
    spaces after every column (no box, right padding ``gap``).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    justify: tuple[Justify, ...]
    simple_head: bool = True
    gap: int = 2
    #: Whether Rich may wrap a cell when squeezed (the numbers table) or must keep it whole.
    wrap: bool = False
    top: int = 1

    @cached_property
    def _widths(self) -> list[int]:
        return [max(cell_len(cell) for cell in column)
                for column in zip(self.header, *self.rows, strict=True)]

    @property
    def _spacing(self) -> tuple[str, str]:
        """The text between two columns and after the last one."""
        return (" " * 3, "") if self.simple_head else (" " * self.gap, " " * self.gap)

    @property
    def width(self) -> int:
        """Columns of the text form: what decides whether it fits."""
        between, tail = self._spacing
        return sum(self._widths) + len(between) * (len(self._widths) - 1) + len(tail)

    def _line(self, cells: tuple[str, ...]) -> str:
        between, tail = self._spacing
        padded = []
        for cell, w, how in zip(cells, self._widths, self.justify, strict=True):
            fill = " " * (w - cell_len(cell))
            padded.append(fill + cell if how == "right" else cell + fill)
        return between.join(padded) + tail

    @cached_property
    def lines(self) -> Content:
        """The table as aligned text, header in bold."""
        body = [Content(self._line(row)) for row in self.rows]
        if self.simple_head:
            body.insert(0, Content("─" * self.width))
        return Content("\n").join([Content.styled(self._line(self.header), "bold"), *body])

    @cached_property
    def table(self) -> Table:
        """The same table for Rich, for a width it does not fit (or a Rich renderable)."""
        if self.simple_head:
            table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False,
                          expand=False, header_style="bold")
        else:
            table = Table(box=None, padding=(0, self.gap, 0, 0), show_edge=False, expand=False)
        for name, how in zip(self.header, self.justify, strict=True):
            table.add_column(Text(name), justify=how, no_wrap=not self.wrap)
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))
        return table


Part = Title | Paragraph | Grid

#: Columns under the titles where paragraphs and tables start.
INDENT = 1


class SectionsVisual(Visual):
    """Titles, paragraphs and tables drawn as one visual, so they cost one widget."""

    def __init__(self, widget: Widget, parts: list[Part]) -> None:
        self.widget = widget
        self.parts = parts

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        inner = max(1, width - INDENT)
        height = 0
        for part in self.parts:
            if isinstance(part, Title):
                height += 3  # blank line, title, rule
            elif isinstance(part, Paragraph):
                height += part.top + part.content.get_height(rules, inner)
            elif part.width <= inner:
                height += part.top + len(part.lines.plain.split("\n"))
            else:
                height += part.top + RichVisual(self.widget, part.table).get_height(rules, inner)
        return height

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        if width <= INDENT:
            return []
        inner = width - INDENT
        plain = RenderOptions(options.get_style, options.rules)  # no selection: see class doc
        blank = Strip.blank(width, style.background_style.rich_style)
        indent = Strip.blank(INDENT, style.background_style.rich_style)
        strips: list[Strip] = []
        for part in self.parts:
            if isinstance(part, Title):
                strips.append(blank)
                strips += Content.styled(part.text, TITLE_STYLE).render_strips(
                    width, None, style, plain)[:1]
                strips += Content.styled("─" * width, RULE_STYLE).render_strips(
                    width, None, style, plain)
                continue
            strips += [blank] * part.top
            if isinstance(part, Paragraph):
                body = part.content.render_strips(inner, None, style, plain)
            elif part.width <= inner:
                body = part.lines.render_strips(inner, None, style, plain)
            else:
                body = RichVisual(self.widget, part.table).render_strips(inner, None, style, plain)
            strips += [Strip.join([indent, line]) for line in body]
        return strips[:height] if height is not None else strips


class Sections(Widget):
    """Titled sections of the review, drawn by :class:`SectionsVisual`.

    Text in it cannot be selected with the mouse inside the app (the terminal's own selection,
    usually with shift held, still works, and ``w`` saves the whole review as Markdown or HTML).
    """

    ALLOW_SELECT = False
    # No DEFAULT_CSS: a new widget class's default styles make Textual re-parse every style
    # source when the screen opens; its rule is in review.tcss, read (alone) when Review
    # is first shown.

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self._parts: list[Part] = []

    def update(self, parts: list[Part]) -> None:
        """Show ``parts``; the layout follows their height."""
        self._parts = parts
        self.refresh(layout=True)

    def render(self) -> SectionsVisual:
        return SectionsVisual(self, self._parts)

    @property
    def plain(self) -> str:
        """The text of the sections (titles and paragraphs; tables as aligned text)."""
        out = []
        for part in self._parts:
            if isinstance(part, Title):
                out.append(part.text)
            elif isinstance(part, Paragraph):
                out.append(part.content.plain)
            else:
                out.append(part.lines.plain)
        return "\n".join(out)


def grid(header: list[str], rows: list[list[str]], justify: list[Justify], *,
         simple_head: bool, gap: int = 2, wrap: bool = False) -> Grid:
    """A :class:`Grid` from lists, as the sections build them."""
    return Grid(tuple(header), tuple(tuple(row) for row in rows), tuple(justify),
                simple_head=simple_head, gap=gap, wrap=wrap)


class ReviewCommands(ScreenCommands):
    """The review screen's actions in the command palette (ctrl+p)."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        if not isinstance(screen, ReviewScreen):
            return []
        offers = [
            ("toggle_numbers", "Review: show or hide the numbers",
             "Estimates, standard errors and 95% ranges of every statistic"),
            ("save_report", "Review: save the clinician report",
             "Write this review as Markdown or a printable HTML page into the reports folder "
             "beside the journal"),
        ]
        offers += [
            ("impression", "Review: rate your impression of change",
             "PGIC, 1 very much improved to 7 very much worse, shown beside the verdict"),
            ("expectation", "Review: record your expectation",
             "How much you expect this block to help, 0-10"),
        ]
        if len(screen.journal.blocks) > 1:
            offers += [
                ("previous_block", "Review: previous block", "Review the block before this one"),
                ("next_block", "Review: next block", "Review the block after this one"),
            ]
        return list(bound_entries(screen, offers))


class ReviewScreen(JournalScreen):
    """Did it work, by how much, how sure can I be, what did it cost, what next?"""

    HELP_TITLE = "Review"
    #: Loaded when the screen is first shown (see ``JournalApp.prepare_mode_screen``).
    CSS_PATH = "review.tcss"
    COMMANDS = {ReviewCommands}
    BINDINGS = [
        Binding("n", "toggle_numbers", "Numbers"),
        Binding("left_square_bracket", "previous_block", "Previous block"),
        Binding("right_square_bracket", "next_block", "Next block"),
        Binding("w", "save_report", "Save report"),
        Binding("g", "impression", "Impression"),
        Binding("x", "expectation", "Expectation", show=False),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        #: The block on screen; None means the active or most recent one.
        self.block_id: str | None = None
        self.review: BlockReview | None = None
        self._numbers_shown = False
        #: Rows in the weekly table (baseline, treatment weeks, follow-up).
        self.weekly_rows = 0
        #: The widgets in the scrolling part by id, built (and filled) in :meth:`compose`.
        self._widgets: dict[str, Widget] = {}

    # --- layout ----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # The widgets are filled from the journal before they are mounted, so the screen is
        # laid out and drawn once, complete: content set after mount changes heights and
        # classes, which costs a restyle, another layout and another frame.
        self._widgets = {
            "review-block": Static("", id="review-block"),
            "verdict": Static("", id="verdict", classes="verdict"),
            "verdict-reasons": Static("", id="verdict-reasons"),
            "verdict-amended": Static("", id="verdict-amended"),
            "verdict-context": Static("", id="verdict-context"),
            "review-tables": Sections(id="review-tables"),
            "stats-words": Sections(id="stats-words"),
            "stats-numbers": Static("", id="stats-numbers"),
            "review-end": Sections(id="review-end"),
        }
        self.journal_changed()
        self.drawn_from_journal()
        yield Header()
        with VerticalScroll(id="review-scroll"):
            # The heading line, or (class -empty) what to do when there is no block yet.
            yield from self._widgets.values()
        yield JournalFooter()

    def _static(self, name: str) -> Static:
        widget = self._widgets[name]
        assert isinstance(widget, Static)
        return widget

    def _sections(self, name: str) -> Sections:
        widget = self._widgets[name]
        assert isinstance(widget, Sections)
        return widget

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
        if not self._widgets:
            return  # not composed yet: compose fills the widgets from the journal
        block = self._block()
        heading = self._static("review-block")
        heading.set_class(block is None, "-empty", update=heading.is_mounted)
        for widget in self._widgets.values():
            if widget is not heading:
                widget.display = block is not None
        if block is None:
            heading.update(EMPTY_TEXT)
            self.review = None
            self.refresh_bindings()
            return
        # The statistics are quick even on a year-long block (bench/README.md), so they are
        # worked out here: the screen is drawn once, complete, with no second pass.
        review = review_block(self.journal, block, self.clock.today())
        self.review = review
        self._show(review)
        self.refresh_bindings()

    # --- drawing ---------------------------------------------------------------------
    def _show(self, r: BlockReview) -> None:
        self._show_heading(r)
        self._show_verdict(r)
        self._sections("review-tables").update(self._tables_parts(r))
        self._show_stats(r)
        muted = Content.styled(CAVEATS + " " + SELF_RUN, MUTED_STYLE)
        self._sections("review-end").update([
            Title("Other measures"),
            Paragraph(Content("\n".join(clinical.summary_sentences(self.journal, r)))),
            Title("Side effects"), Paragraph(self._side_effects_text(r)),
            Title("Sessions and cost"), Paragraph(Content(" ".join(delivery_sentences(r)))),
            Title("How to read this"), Paragraph(muted),
            Title("What next"), Paragraph(Content(r.next_step)),
        ])

    def _show_heading(self, r: BlockReview) -> None:
        blocks = self._blocks()
        plan = r.block.current
        p = r.phases
        if p.status == "finished" and p.today > plan.block_end:
            where = (f"finished {short_date(plan.block_end, year=True)} "
                     f"({relative_day(plan.block_end, p.today)})")
        else:
            where = plan.position(p.today)
            where = where[:1].lower() + where[1:]
        parts = [f"[b]{safe_markup(r.block.name)}[/b]", safe_markup(where)]
        if p.status == "running":
            parts.append(f"results so far; verdict due {short_date(plan.evaluation_day)} "
                         f"({relative_day(plan.evaluation_day, p.today)})")
        if len(blocks) > 1:
            index = next(i for i, b in enumerate(blocks) if b.id == r.block.id)
            parts.append(safe_markup(f"block {index + 1} of {len(blocks)} ([ and ] to switch)"))
        self._static("review-block").update("  ·  ".join(parts))

    def _show_verdict(self, r: BlockReview) -> None:
        v = r.verdict
        box = self._static("verdict")
        for decision in DECISIONS:
            box.set_class(decision == v.decision, f"verdict--{decision}", update=box.is_mounted)
        title = "Verdict so far" if r.so_far and r.phases.end_window is not None else "Verdict"
        box.update(f"{title}: [b]{v.headline.upper()}[/b]\n{safe_markup(v.meaning)}")
        self._static("verdict-reasons").update(
            "\n".join(f"• {safe_markup(line)}" for line in v.reasons))
        amended = self._static("verdict-amended")
        amended.display = r.amended_verdict is not None
        if r.amended_verdict is not None:
            amended.update(self._amended_text(r, r.amended_verdict))
        # Beside the verdict, never part of it: impression, medicine, other care.
        context = self._static("verdict-context")
        lines = clinical.context_lines(self.journal, r)
        context.display = bool(lines)
        context.update(Content("\n".join(lines)))

    @staticmethod
    def _amended_text(r: BlockReview, amended: Verdict) -> str:
        made = list(r.block.amendments)
        when = ", ".join(short_date(a.made_on) for a in made)
        reasons = "; ".join(a.reason for a in made)
        head = f"The plan was amended on {when} ({reasons}) after it froze."
        if amended.decision == r.verdict.decision:
            return safe_markup(f"{head} The amended plan gives the same verdict; the one above "
                          "keeps the original plan.")
        return safe_markup(
            f"{head} The verdict above keeps the original plan; the amended plan would say: "
            f"{amended.headline}. {amended.meaning} " + " ".join(amended.reasons))

    @staticmethod
    def _short_label(m: MeasureResult) -> str:
        """A narrow column label; the full name is spelled out under the weekly table."""
        if m.key == "pain":
            return f"Pain (0-{m.scale})"
        return m.label if len(m.label) <= 16 else "Function"

    def _tables_parts(self, r: BlockReview) -> list[Part]:
        """Week by week (table and its key), then the rule's two changes and the references."""
        weekly = self._weekly_grid(r)
        key = [f"Pain on 0-{r.pain.scale}, lower is better.",
               "Weeks count from the first session.",
               "Logged: days with pain logged, of the days so far."]
        if r.function:
            f = r.function
            key.insert(1, f"{self._short_label(f)}: {f.label.lower()}"
                          f"{f' ({f.unit})' if f.unit and f.unit not in f.label else ''}, "
                          f"{'higher' if f.better == 'higher' else 'lower'} is better.")
        parts: list[Part] = [
            Title("Week by week"), weekly,
            Paragraph(Content.styled(" ".join(key), MUTED_STYLE), top=0),
            *self._measures_by_week(r),
            Title(f"Your rule: baseline against {r.verdict.window()}"),
            self._changes_grid(r),
        ]
        ref = reference_lines(r.verdict.checks[0].measure) if r.verdict.compared else []
        if ref:
            parts.append(Paragraph(Content.styled(" ".join(ref), MUTED_STYLE)))
        return parts + self._design_parts(r)

    def _design_parts(self, r: BlockReview) -> list[Part]:
        """"Was it the massage?": the design's switches beside the verdict (never over it).

        An A-B block shows only whether relief lasted, once its follow-up has begun."""
        from journal.analysis import design

        ev = design.design_evidence(self.journal, r.block, r.phases.today)
        plan = r.block.current
        if plan.design == "AB" and ev.randomisation is None:
            if r.phases.today <= plan.block_end:
                return []
            return [Title("Did the relief last?"), Paragraph(Content(ev.follow_up_sentence))]
        rows = design.screen_rows(ev)
        justify: list[Justify] = ["left", "left", "left"]
        justify[1:1] = ["right"] * 5
        parts: list[Part] = [
            Title(f"Was it the massage? Design {plan.design}"),
            Paragraph(Content.styled(design.screen_summary(ev), MUTED_STYLE), top=0),
            grid(design.SCREEN_HEADER, rows, justify, simple_head=False),
            Paragraph(Content.styled(design.SCREEN_KEY, MUTED_STYLE), top=0)]
        today = r.phases.today
        if plan.baseline_start <= today <= plan.follow_up_end:
            parts.append(Paragraph(Content(
                f"Now: {plan.position(today)}: {plan.due_words(today)}.")))
        for sentence in (ev.sentence, ev.follow_up_sentence, design.randomisation_words(ev)):
            if sentence:
                parts.append(Paragraph(Content(sentence)))
        return parts

    def _measures_by_week(self, r: BlockReview) -> list[Part]:
        """PEG-3 and pain-medicine days by week: a table of their own beside the weekly one,
        so the pain and function columns keep their width on an 80-column terminal."""
        first = clinical.weekly_cells(self.journal, r, r.rows[0].period) if r.rows else {}
        if not first:
            return []
        rows = [[row.period.label, *clinical.weekly_cells(self.journal, r, row.period).values()]
                for row in r.rows]
        header = ["Period", *(clinical.WEEKLY_HEADERS[k] for k in first)]
        key = []
        if "peg" in first:
            key.append(f"PEG-3: the mean of three 0-{clinical.PEG_MAX} answers about the week "
                       "(lower is better; Krebs et al. 2009).")
        if "medicine" in first:
            key.append("Medicine days: days with pain medicine, of the days it was recorded.")
        justify: list[Justify] = ["left"]
        justify.extend(["right"] * len(first))
        return [grid(header, rows, justify, simple_head=True),
                Paragraph(Content.styled(" ".join(key), MUTED_STYLE), top=0)]

    def _changes_grid(self, r: BlockReview) -> Grid:
        """The rule's measures against their thresholds, from the verdict itself: a figure
        beside "reached" shows the digits that decide, never rounded onto the threshold."""
        v = r.verdict
        rows: list[list[str]] = []
        # The verdict's own measures (the frozen plan's marker, even if amended away since).
        shown = [c.measure for c in v.checks] if v.compared else [r.pain, r.function]
        for m in shown:
            if m is None:
                continue
            c = v.check(m.key)
            if c is None or not v.compared:
                rows.append([self._short_label(m), num(m.baseline_mean), num(m.end_mean), "–",
                             "–", "not applied yet" if c is None else "–"])
                continue
            cm = c.measure
            way = "down" if cm.better == "lower" else "up"
            change = c.moved_words()
            imp_pct = cm.improvement_percent_exact
            if imp_pct is not None and cm.change_exact:
                bands = (30, 50) if cm.scale is not None else ()  # IMMPACT's, for pain
                change += f" ({decisive(abs(imp_pct), bands, 0)}%)"
            mark = {"reached": "✓ reached", "worse": "✗ worse",
                    "unclear": "✗ no clear change"}[c.outcome]
            digits = c.digits()
            rows.append([self._short_label(cm),
                         decisive(cm.baseline_exact, (), digits),  # type: ignore[arg-type]
                         decisive(cm.end_exact, (), digits), change,  # type: ignore[arg-type]
                         f"≥ {amount(float(c.threshold))} {way}", mark])
        return grid(["", "Baseline", window_label(r.phases), "Change", "Rule asks", ""], rows,
                    ["left", "right", "right", "right", "left", "left"], simple_head=False)

    def _weekly_grid(self, r: BlockReview) -> Grid:
        header = ["Period", "Dates", "Pain"]
        if r.function:
            header.append(self._short_label(r.function))
        header += ["Logged", "Flares", "Sessions"]
        rows: list[list[str]] = []
        for row in r.rows:
            numbers = [num(row.pain_mean)]
            if r.function:
                numbers.append(num(row.function_mean))
            numbers += [f"{row.pain_logged}/{row.period.span.days}", str(row.flare_days),
                        str(row.sessions)]
            rows.append([row.period.label, row.period.span.words(year=False), *numbers])
        self.weekly_rows = len(r.rows)
        justify: list[Justify] = ["left", "left"]
        justify.extend(["right"] * (len(header) - 2))
        return grid(header, rows, justify, simple_head=True)

    def _show_stats(self, r: BlockReview) -> None:
        numbers = self._static("stats-numbers")
        numbers.display = self._numbers_shown
        parts: list[Part] = [Title("What the statistics say")]
        if not r.verdict.compared:
            parts.append(Paragraph(Content(
                "The rule cannot be applied yet, so the statistics are not put into words; "
                "the numbers are one key away.")))
        for m in (r.pain, r.function):
            if m is None or not r.verdict.compared:
                continue
            parts.append(Paragraph(Content.assemble(
                (f"{m.label}.", "bold"), " ", " ".join(stats_lines(m)))))
        parts.append(Paragraph(Content.styled(
            "Press n for the numbers behind these sentences: their technical names, standard "
            "errors (SE) and 95% ranges (CI), each explained.", MUTED_STYLE)))
        self._sections("stats-words").update(parts)
        numbers.update(self._numbers_table(r))

    @staticmethod
    def _numbers_table(r: BlockReview) -> Group:
        parts: list[RenderableType] = []
        for m in (r.pain, r.function):
            if m is None:
                continue
            title = (f"{m.label}: A = {plural(m.stats_block['n_baseline'], 'baseline day')}, "
                     f"B = {plural(m.stats_block['n_treatment'], 'treatment day')}")
            table = grid(["", "Estimate", "SE", "95% CI"], [list(row) for row in stats_table(m)],
                         ["left", "right", "right", "left"], simple_head=False, gap=3, wrap=True)
            parts += [Text(title, style="bold"), table.table, Text("")]
            gaps = stats_gaps(m)
            if gaps:
                parts += [Text(" ".join(gaps)), Text("")]
        for key, words in STAT_EXPLAINED.items():
            parts.append(Text.assemble((f"{STAT_NAMES[key]}: ", "bold"), words))
        parts += [Text(""), Text(SE_CI_NOTE)]
        return Group(*parts)

    @staticmethod
    def _side_effects_text(r: BlockReview) -> Content:
        e = r.side_effects
        if not e.total:
            return Content("None recorded in this block.")
        lines = [f"{plural(e.total, 'side effect')}: {e.settled} settled before the next session, "
                 f"{len(e.not_settled)} did not, {e.unknown} not yet marked."]
        for k in e.by_kind:
            bits = [f"{k.settled} settled"] if k.settled else []
            if k.not_settled:
                bits.append(f"{k.not_settled} did not settle")
            if k.unknown:
                bits.append(f"{k.unknown} not yet marked")
            lines.append(f"• {k.label}: {k.count}× ({', '.join(bits)})")
        if e.not_settled:
            lines.append("A side effect that does not settle between sessions is a signal to "
                         "reconsider the pressure or the dose, or to stop.")
        return Content("\n".join(lines))

    @on(ScreenResume)
    def _open_at_the_verdict(self) -> None:
        """Every visit starts at the top: the block's name and its verdict, whatever was
        scrolled to last time (the base class's resume handler still redraws)."""
        self.query_one("#review-scroll", VerticalScroll).scroll_home(animate=False,
                                                                     immediate=True)

    # --- actions ---------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("previous_block", "next_block"):
            return len(self.journal.blocks) > 1
        if action in ("toggle_numbers", "save_report", "impression", "expectation"):
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
        """Ask Markdown or HTML (the last choice first), then save the clinician report."""
        if self.review is None:
            return
        from journal.screens.report_format import ReportFormat, remembered

        self.app.push_screen(ReportFormat(remembered(self.japp.settings)), self._save_report_as)

    def _save_report_as(self, fmt: str | None) -> None:
        """Write the report into ``reports/`` beside the journal file, through the same safe
        writer as ``journal report --out`` (atomic, 0600, a link there replaced, not followed)."""
        if fmt is None or self.review is None:
            return
        from journal.commands.common import CommandError, write_text
        from journal.commands.reporting import SUFFIXES
        from journal.paths import report_file

        self._remember_format(fmt)
        today = self.clock.today()
        text = build_report(self.journal, self.review.block, today, fmt)
        path = report_file(Path(self.store.path), self.review.block.name, today.isoformat(),
                           SUFFIXES[fmt])
        try:
            write_text(text, str(path), Path(self.store.path))
        except CommandError as exc:
            self.notify(f"Could not write the report: {exc.message.removeprefix('--out: ')}",
                        title="Report", severity="error", timeout=10)
            return
        note = " (demo journal: removed when the demo closes)" if self.japp.demo else ""
        what = "Printable report" if fmt == "html" else "Clinician report"
        self.notify(f"Saved to {path}{note}", title=what, timeout=10)

    def _remember_format(self, fmt: str) -> None:
        """The next ``w`` offers this format first (settings file, like the theme)."""
        from journal import paths
        from journal.screens.report_format import SETTING
        from journal.settings import load_settings, save_settings

        settings = self.japp.settings
        if settings.get(SETTING) == fmt:
            return
        try:
            updated = {**load_settings(paths.settings_file()), SETTING: fmt}
            save_settings(paths.settings_file(), updated)
        except (OSError, TypeError):
            updated = {**settings, SETTING: fmt}  # remembered for this session only
        self.japp.settings = updated

    def action_impression(self) -> None:
        """Rate the global impression of change for the block on screen (any time)."""
        if self.review is None:
            return
        from journal.widgets.measure_prompts import open_impression

        open_impression(self, self.review.block, lambda _saved: self.journal_changed())

    def action_expectation(self) -> None:
        if self.review is None:
            return
        from journal.widgets.measure_prompts import expectation_prompt, save_one_time

        self.app.push_screen(
            expectation_prompt(save_one_time(self, self.review.block, "expectation")),
            lambda _saved: self.journal_changed())

    # --- for tests and the palette ---------------------------------------------------
    @property
    def numbers_shown(self) -> bool:
        return self._numbers_shown
