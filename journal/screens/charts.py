"""The Charts screen: pain or the function marker over time, with the block's landmarks.

One chart at a time fills the screen: the daily values, the weekly average, the baseline and
target lines of the go/no-go rule, and under it, on the same dates, the phases, session days,
side effects and flare-ups. Keys switch what is shown (``p`` pain, ``f`` function, ``c`` the
other one) and over which dates (``b`` this block, ``a`` all time, ``w`` the last 4 weeks,
``r`` the next range). The chart itself is drawn by :func:`journal.charts.render_chart`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Label

from journal.charts import RANGE_TITLES
from journal.screens.base import JournalFooter, JournalScreen
from journal.screens.palette import Entry, ScreenCommands, bound_entries
from journal.widgets.chart_view import ChartView
from journal.widgets.text import show

if TYPE_CHECKING:
    from journal.domain.models import Journal

#: The charts this screen switches between: kind -> (label, key).
CHART_KINDS: dict[str, tuple[str, str]] = {"pain": ("Pain", "p"), "function": ("Function", "f"),
                                           "peg": ("PEG", "g")}
#: The ranges: range -> (label, key).
CHART_RANGES: dict[str, tuple[str, str]] = {
    "block": ("This block", "b"),
    "all": ("All time", "a"),
    "4w": ("4 weeks", "w"),
}
#: Shorter range labels for narrow windows, so the switcher line is never cut.
SHORT_RANGES = {"block": "Block", "all": "All", "4w": "4 weeks"}
#: Below these widths the "Chart"/"Range" titles go, then the range labels get shorter.
NO_TITLES_BELOW, SHORT_LABELS_BELOW = 92, 72


class ChartCommands(ScreenCommands):
    """The Charts screen's actions in the command palette (ctrl+p)."""

    def _commands(self) -> Iterable[Entry]:
        screen = self.screen
        if not isinstance(screen, ChartsScreen):
            return
        yield from bound_entries(screen, [
            *((f"kind('{kind}')", f"Charts: {label.lower()} chart",
               f"Show {label.lower()} over time") for kind, (label, _) in CHART_KINDS.items()),
            *((f"range('{name}')", f"Charts: {label.lower()}", f"Show {RANGE_TITLES[name]}")
              for name, (label, _) in CHART_RANGES.items()),
        ])


class ChartsScreen(JournalScreen):
    """Pain or function over time, with the baseline, the target and the sessions."""

    HELP_TITLE = "Charts"
    #: Loaded when the screen is first shown (see ``JournalApp.prepare_mode_screen``).
    CSS_PATH = "charts.tcss"
    #: Whether the range labels are the short ones (set for the width when composed).
    _short_labels = False
    COMMANDS: ClassVar[set[Any]] = {ChartCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows the two cycling keys; the direct keys are on the switcher line.
        Binding("c", "cycle_kind", "Chart", id="charts-cycle-kind"),
        Binding("r", "cycle_range", "Range", id="charts-cycle-range"),
        Binding("p", "kind('pain')", "Pain chart", show=False, id="charts-pain"),
        Binding("f", "kind('function')", "Function chart", show=False, id="charts-function"),
        Binding("g", "kind('peg')", "PEG-3 chart (weekly)", show=False, id="charts-peg"),
        Binding("b", "range('block')", "This block", show=False, id="charts-block"),
        Binding("a", "range('all')", "All time", show=False, id="charts-all"),
        Binding("w", "range('4w')", "Last 4 weeks", show=False, id="charts-4w"),
    ]

    def compose(self) -> ComposeResult:
        """The switcher and the chart as first shown: the selected keys marked and the labels
        fitted to the window before anything is mounted, so the first layout is the last."""
        chart = ChartView(self._chart_source, id="chart")
        width = self.app.size.width
        self._short_labels = width < SHORT_LABELS_BELOW
        yield Header()
        with Horizontal(id="charts-switcher"):
            yield self._title("Chart", "switch-title", width)
            for kind, (label, key) in CHART_KINDS.items():
                yield Label(f"{label} [b]{key}[/b]", id=f"kind-{kind}",
                            classes="switch -selected" if kind == chart.kind else "switch")
            yield self._title("Range", "switch-title -second", width)
            for name in CHART_RANGES:
                yield Label(self._range_label(name), id=f"range-{name}",
                            classes="switch -selected" if name == chart.range else "switch")
        yield chart
        yield JournalFooter()

    @staticmethod
    def _title(text: str, classes: str, width: int) -> Label:
        title = Label(text, classes=classes)
        title.display = width >= NO_TITLES_BELOW
        return title

    def _range_label(self, name: str) -> str:
        label, key = CHART_RANGES[name]
        return f"{SHORT_RANGES[name] if self._short_labels else label} [b]{key}[/b]"

    def on_mount(self) -> None:
        self._mark_selection()

    def on_resize(self, event: events.Resize) -> None:
        """Fit the switcher line to the width: titles first, then long labels make room.

        Only what changes is touched: each update costs a layout pass, and the first resize
        comes at the size the screen was built for."""
        width = event.size.width
        for title in self.query(".switch-title"):
            show(title, width >= NO_TITLES_BELOW)
        short = width < SHORT_LABELS_BELOW
        if short != self._short_labels:
            self._short_labels = short
            for name in CHART_RANGES:
                self.query_one(f"#range-{name}", Label).update(self._range_label(name))

    # --- data ------------------------------------------------------------------------
    def _chart_source(self) -> tuple[Journal, date]:
        return self.journal, self.clock.today()

    @property
    def chart(self) -> ChartView:
        return self.query_one("#chart", ChartView)

    def journal_changed(self) -> None:
        self.chart.reload()

    # --- actions ---------------------------------------------------------------------
    def action_kind(self, kind: str) -> None:
        """Show the pain, the function or the weekly PEG-3 chart."""
        if kind in CHART_KINDS:
            self.chart.kind = kind
            self._mark_selection()

    def action_range(self, name: str) -> None:
        """Show this block, all time or the last 4 weeks."""
        if name in CHART_RANGES:
            self.chart.range = name
            self._mark_selection()

    def action_cycle_kind(self) -> None:
        kinds = list(CHART_KINDS)
        self.action_kind(kinds[(kinds.index(self.chart.kind) + 1) % len(kinds)])

    def action_cycle_range(self) -> None:
        names = list(CHART_RANGES)
        self.action_range(names[(names.index(self.chart.range) + 1) % len(names)])

    def on_click(self, event: events.Click) -> None:
        """The switcher labels also work with the mouse."""
        widget_id = event.widget.id if event.widget else None
        if widget_id and widget_id.startswith("kind-"):
            self.action_kind(widget_id.removeprefix("kind-"))
        elif widget_id and widget_id.startswith("range-"):
            self.action_range(widget_id.removeprefix("range-"))

    def _mark_selection(self) -> None:
        chart = self.chart
        for kind in CHART_KINDS:
            self.query_one(f"#kind-{kind}").set_class(kind == chart.kind, "-selected")
        for name in CHART_RANGES:
            self.query_one(f"#range-{name}").set_class(name == chart.range, "-selected")
