"""What the first frame waits for: the dialogs' styles are read after it, yet before any opens."""

from __future__ import annotations

import inspect
from pathlib import Path

from textual.screen import ModalScreen

from journal.app import DIALOG_STYLES, JournalApp
from journal.demo import demo_journal
from journal.screens import confirm
from journal.screens import help as help_screen
from journal.widgets import log_modals, measure_prompts


def dialog_classes() -> list[type[ModalScreen[object]]]:
    found = []
    for module in (log_modals, measure_prompts, help_screen, confirm):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ModalScreen) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def style_files(cls: type[ModalScreen[object]]) -> list[Path]:
    """A screen class's CSS_PATH, resolved as Textual resolves it (beside its module)."""
    paths = cls.CSS_PATH if isinstance(cls.CSS_PATH, list) else [cls.CSS_PATH]
    return [Path(inspect.getfile(cls)).parent / path for path in paths if path]


def test_every_dialog_names_a_dialog_style_file():
    """A dialog's rules live in a file read after the first frame, never in a main screen's."""
    classes = dialog_classes()
    assert len(classes) >= 8, classes
    for cls in classes:
        files = style_files(cls)
        assert files and all(path in DIALOG_STYLES for path in files), (cls, files)
    for path in DIALOG_STYLES:
        assert path.is_file(), path


async def test_the_dialog_styles_are_read_once_the_log_screen_is_drawn(store, clock):
    """Read then, a dialog opening later finds its file known: Textual re-parses nothing and
    restyles no screen for it."""
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "LogScreen"
        for path in DIALOG_STYLES:
            assert app.stylesheet.has_source(str(path)), path
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, log_modals.SessionDialog)
        box = app.screen.query_one(".log-dialog")
        assert box.styles.border.top[0] == "round"  # styled from log_dialogs.tcss
