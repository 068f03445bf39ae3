"""The first screen of an empty journal: what the app does and how to begin."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, VerticalScroll
from textual.widgets import Markdown

from journal.screens.base import JournalFooter, JournalScreen
from journal.widgets.header import JournalHeader

WELCOME = """\
# Welcome to trial-journal

A calm, private place to find out whether a block of massage therapy is worth it **for you**.

1. **Plan a block** before it starts: how often, how long, what pressure, and the rule that will
   say whether it worked. A week of baseline comes first, with no sessions.
2. **Log each day**, at about the same time: pain, one function marker of your own choosing,
   and, on session days, how the session went and any side effects.
3. **Watch the charts** fill in.
4. **Review** at the end: your own rule gives an honest answer: continue, change, or stop.

Press **F3** to plan your first block, **F1** for help, or **ctrl+p** for every command.
Try `journal --demo` to look around a sample journal first.

---

Your journal lives in one file on this computer, readable only by you:

`{path}`

Nothing is ever sent anywhere. `journal locate` shows where backups are kept.
"""


class WelcomeScreen(JournalScreen):
    """Shown when the journal holds no block yet."""

    CSS_PATH = "welcome.tcss"

    def compose(self) -> ComposeResult:
        yield JournalHeader()
        with VerticalScroll(id="welcome-scroll"), Center():
            yield Markdown(WELCOME.format(path=self.store.path), id="welcome")
        yield JournalFooter()

    def journal_changed(self) -> None:
        if self.journal.blocks:
            self.japp.show("log")
