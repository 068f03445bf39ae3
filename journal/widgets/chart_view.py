"""A thin widget around :func:`journal.charts.render_chart`.

The chart is drawn by the pure function for the widget's own size and in the current theme's
colours, then shown as Rich text. Drawing takes a while (bench/README.md), so the widget keeps
the last few results and only draws again when something the chart depends on changed: the
kind or range, the size, the theme's colours, the date, or the journal (``reload()``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.color import Color, ColorParseError
from textual.reactive import reactive
from textual.widget import Widget

from journal.charts import ChartSpec, render_chart

if TYPE_CHECKING:
    from textual.theme import Theme

    from journal.domain.models import Journal

#: Theme variables the chart may use; the rest of the theme is left out of the cache key.
CHART_COLOURS = (
    "pain-line", "function-line", "baseline-line", "target-line", "session-marker",
    "side-effect", "flare", "phase-baseline", "phase-treatment", "phase-followup",
    "muted-text", "background", "foreground", "surface",
)

#: How many drawn charts to keep, so switching back and forth is instant.
CACHE_SIZE = 8


def chart_palette(variables: dict[str, str]) -> dict[str, str]:
    """The chart colours of a theme as ``#rrggbb``, whatever CSS form the theme used."""
    palette: dict[str, str] = {}
    for name in CHART_COLOURS:
        value = variables.get(name)
        if not value:
            continue
        try:
            palette[name] = Color.parse(value).hex6
        except ColorParseError:
            continue  # left out: that element is drawn in the default colour
    return palette


class ChartView(Widget):
    """One chart of the journal. ``source`` returns the journal and today's date."""

    kind: reactive[str] = reactive("pain")
    range: reactive[str] = reactive("block")
    block_id: reactive[str | None] = reactive(None)

    def __init__(
        self,
        source: Callable[[], tuple[Journal, date]],
        *,
        kind: str = "pain",
        range: str = "block",
        block_id: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._source = source
        self._generation = 0
        self._cache: OrderedDict[Hashable, Text] = OrderedDict()
        self.set_reactive(ChartView.kind, kind)
        self.set_reactive(ChartView.range, range)
        self.set_reactive(ChartView.block_id, block_id)
        #: How many times a chart was actually drawn (not served from the cache).
        self.draw_count = 0
        #: The plain text last shown, for tests and for copying.
        self.plain = ""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)

    def _theme_changed(self, _theme: Theme) -> None:
        self.refresh()

    def reload(self) -> None:
        """The journal changed: forget the drawn charts and draw again."""
        self._generation += 1
        self._cache.clear()
        self.refresh()

    def render(self) -> Text:
        width, height = self.size
        if width <= 0 or height <= 0:
            return Text("")
        journal, today = self._source()
        palette = chart_palette(self.app.theme_variables)
        key: tuple[Any, ...] = (self.kind, self.range, self.block_id, width, height, today,
                                tuple(sorted(palette.items())), self._generation, id(journal))
        text = self._cache.get(key)
        if text is None:
            spec = ChartSpec(self.kind, self.range, width, height, self.block_id, palette)
            text = Text.from_ansi(render_chart(journal, today, spec), no_wrap=True,
                                  overflow="crop", end="")
            self.draw_count += 1
            self._cache[key] = text
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        self.plain = text.plain
        return text
