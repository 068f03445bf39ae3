"""The main screens' footer: the screen's keys on one line, drawn by a single widget.

Textual's ``Footer`` builds a widget per key (thirteen on the Log screen), each styled, laid out
and drawn on its own, and it rebuilds them all after every change of the bindings: a screen
opens with an empty footer that is filled in one frame later, with a second layout of the
whole screen. This footer draws the same line (the same keys, words, colours and spacing as
Textual's compact footer) as the text of one widget, from the screen's ``active_bindings``,
and a change of the bindings only redraws that line. A key is clicked, hovered and explained
in a tooltip as in Textual's footer.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

#: Below these widths the footer leaves out its ctrl+p hint, then the key groups (F2-F5).
NO_PALETTE_HINT_BELOW, NARROW_FOOTER_BELOW = 90, 86


class _Key:
    """A key on the line, with its words (none in a group), and what a click on it does."""

    __slots__ = ("enabled", "key", "parts", "tooltip")

    def __init__(self, key: str, parts: list[tuple[str, str]], enabled: bool = True,
                 tooltip: str = "") -> None:
        self.key = key  # the key a click presses
        self.parts = parts  # (text, component class name)
        self.enabled = enabled
        self.tooltip = tooltip


class _Run:
    """What Textual's footer holds in one widget: a key, the keys of a group, or a group's
    words (``words``, no keys)."""

    __slots__ = ("between", "edges", "keys", "margin", "words")

    def __init__(self, keys: list[_Key], *, margin: tuple[int, int], between: int = 1,
                 edges: tuple[int, int] = (0, 0), words: str = "") -> None:
        self.keys = keys
        self.margin = margin  # footer columns before and after the run (collapsed)
        self.between = between  # columns between two keys of the run
        self.edges = edges  # columns inside the run, before the first key and after the last
        self.words = words


class JournalFooter(Widget, can_focus=False):
    """The keys of the current screen, as Textual's compact ``Footer`` shows them.

    Keys of a binding group (F2-F5) share one label. Under 90 columns the ctrl+p hint is left
    out, under 86 the groups too, so the screen's own keys stay whole (F1 lists them all).
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "journal-footer--item",
        "journal-footer--hover",
        "journal-footer--key",
        "journal-footer--description",
        "journal-footer--divider",
    }
    # The colours of Textual's FooterKey and FooterLabel, from the same theme variables.
    DEFAULT_CSS = """
    JournalFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .journal-footer--item {
            background: $footer-item-background;
        }
        .journal-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .journal-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .journal-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .journal-footer--divider {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: Where each key was drawn last: (first column, end column, item).
        self._spans: list[tuple[int, int, _Key]] = []
        #: The key under the mouse pointer, drawn in the hover colours.
        self._hover: str | None = None
        self._styles: dict[tuple[tuple[str, ...], bool], Style] = {}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    # --- what is shown ---------------------------------------------------------------------
    def _runs(self, width: int) -> tuple[list[_Run], _Key | None]:
        """The keys on the left, in Textual's footer order, and the ctrl+p hint (or None).

        The spacing is that of Textual's compact footer: one column after each key; a group's
        keys one column apart with one before and after (none for a compact group, which has
        one column before it instead), then the group's words.
        """
        app, active = self.app, self.screen.active_bindings
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        runs: list[_Run] = []
        for group, same_group in groupby(by_action.values(), lambda b: b[0][0].group):
            firsts = [b[0] for b in same_group]
            if group is not None and len(firsts) > 1:
                if width < NARROW_FOOTER_BELOW:
                    continue
                keys = [_Key(b.key, [(app.get_key_display(b), "key")], enabled,
                             tooltip or b.description) for b, enabled, tooltip in firsts]
                if group.compact:
                    runs.append(_Run(keys, margin=(0, 1), between=0, edges=(1, 0)))
                else:
                    runs.append(_Run(keys, margin=(0, 0), edges=(1, 1)))
                runs.append(_Run([], margin=(0, 0), words=group.description))
                continue
            for binding, enabled, tooltip in firsts:
                parts = [(app.get_key_display(binding), "key")]
                if binding.description:
                    parts.append((" " + binding.description, "description"))
                runs.append(_Run([_Key(binding.key, parts, enabled, tooltip)], margin=(0, 1)))
        palette = None
        if width >= NO_PALETTE_HINT_BELOW and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = _Key(binding.key, [(app.get_key_display(binding), "key"),
                                             (" " + binding.description, "description")],
                               enabled, binding.tooltip or binding.description)
        return runs, palette

    # --- drawing -----------------------------------------------------------------------------
    def _style(self, *layers: str, dim: bool = False) -> Style:
        """The style of text drawn through ``layers`` (component classes), each laid over the
        one before as Textual lays a widget over its parent: a key's part over the key (its
        background, or the hover colours) over the footer. Colours blend as in Textual.

        Worked out once per drawing of the line (see :meth:`render`)."""
        found = self._styles.get((layers, dim))
        if found is None:
            found = self._styles[layers, dim] = self._blend(layers, dim)
        return found

    def _blend(self, layers: tuple[str, ...], dim: bool) -> Style:
        _, background = self.background_colors
        color, style = self.styles.color, Style(dim=True) if dim else Style()
        for layer in layers:
            styles = self.get_component_styles(f"journal-footer--{layer}")
            if styles.has_rule("background"):
                background += styles.background
            if styles.has_rule("color"):
                color = styles.color
            style += styles.text_style
        return style + Style.from_color((background + color).rich_color,
                                        background.rich_color if background.a else None)

    def _draw(self, key: _Key, line: Text) -> None:
        start = line.cell_len
        under = "hover" if key.key == self._hover else "item"
        for text, part in key.parts:
            line.append(text, self._style(under, part, dim=not key.enabled))
        self._spans.append((start, line.cell_len, key))

    def render(self) -> Text:
        width = self.size.width
        runs, palette = self._runs(width)
        self._spans = []
        self._styles = {}
        line = Text(no_wrap=True, overflow="crop", end="")
        after = 0  # the right margin of the run drawn last
        for run in runs:
            line.append(" " * (max(after, run.margin[0]) + run.edges[0]))
            for n, key in enumerate(run.keys):
                if n:
                    line.append(" " * run.between)
                self._draw(key, line)
            line.append(" " * run.edges[1])
            line.append(run.words, self._style("description"))
            after = run.margin[1]
        line.append(" " * after)
        if palette is None:
            return line
        # Docked on the right, after a thin rule, with one column to spare.
        left = max(0, width - 2 - sum(cell_len(text) for text, _ in palette.parts))
        line.truncate(left, overflow="crop", pad=True)
        self._spans = [span for span in self._spans if span[1] <= left]
        line.append("▏", self._style("divider"))
        self._draw(palette, line)
        line.append(" ")
        return line

    # --- mouse -------------------------------------------------------------------------------
    def _key_at(self, x: int) -> _Key | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        hover = key.key if key is not None else None
        if hover != self._hover:
            self._hover = hover
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

