"""Help: the keys of every screen and a short explainer of how a block works."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

EXPLAINER = """\
## How a block works

- **Baseline** (default 7 days before the first session): log pain and your function marker
  only. This is what later days are compared with.
- **Treatment**: the planned weeks of sessions. Keep logging every day, at about the same time.
  On session days, record the session and any side effects afterwards.
- **Evaluation**: the last week of treatment is compared with the baseline, using the rule you
  wrote down before starting. Changes to the rule after the baseline began are kept as dated
  amendments; the verdict always uses the original rule and shows what the amended one says.
- **Follow-up**: keep logging a few weeks after the block to see whether relief lasts.

A before/after change is not proof that massage caused it: people improve over time and with
attention, too. A pause in sessions afterwards is the honest way to check.
"""


class HelpScreen(ModalScreen[None]):
    """Lists every key of the screen it was opened from, grouped, plus the explainer."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("escape,f1,q,question_mark", "dismiss", "Close help"),
    ]

    def __init__(self, keys_markdown: str) -> None:
        super().__init__()
        self.keys_markdown = keys_markdown

    def on_resize(self, event: events.Resize) -> None:
        """Under 76 columns the keys and the explainer sit one above the other, so neither
        column is too narrow to read."""
        self.query_one("#help-body").set_class(event.size.width < 76, "-narrow")

    def compose(self) -> ComposeResult:
        with Horizontal(id="help-body"):
            with VerticalScroll(id="help-keys"):
                yield Markdown(self.keys_markdown, id="help-text")
            with VerticalScroll(id="help-explainer"):
                yield Markdown(EXPLAINER, id="help-block")
        yield Footer()
