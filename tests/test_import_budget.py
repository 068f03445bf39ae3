"""What each quick path may import: the one list, one row per path.

A shell prompt runs ``journal status --short`` every time it draws; ``journal log`` is typed
while in pain; the app's first frame is what a person waits for. Each row names modules the
path must never load (a heavy or slow import it does not need) and one it must load, so the
check is seen to look at real imports. Each path runs in a fresh interpreter: modules other
tests loaded stay in this process's ``sys.modules``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import python_prints

#: Every terminal-UI package: no quick command loads them.
UI = ("textual", "rich", "plotext")


@dataclass(frozen=True)
class Budget:
    argv: tuple[str, ...]
    never: tuple[str, ...]
    needs: str  # loaded on this path: proves the check sees what was imported
    default_file: bool = False  # no --data: the file under $XDG_DATA_HOME


LOG_NEVER = (*UI, "pendulum", "tempfile", "random", "shutil", "dataclasses")
STATUS_NEVER = (*UI, "pendulum", "argparse", "tinydb", "journal.store", "dataclasses", "typing",
                "shutil", "pathlib", "platformdirs")

BUDGETS = {
    # journal log: the store and TinyDB, nothing of the UI; a temp file is written without
    # tempfile (random, shutil), argparse's width without shutil; an ISO date or none
    # without pendulum (only weekday names need it).
    "log": Budget(("log", "--pain", "4"), LOG_NEVER, "tinydb"),
    "log --date ISO": Budget(("log", "--pain", "4", "--date", "2026-01-02"), LOG_NEVER,
                             "journal.store"),
    "log --date yesterday": Budget(("log", "--pain", "4", "--date", "yesterday"), LOG_NEVER,
                                   "journal.store"),
    # status --short: read by hand, no parser, no store.
    "status --short": Budget(("status", "--short"), STATUS_NEVER, "journal.journal_file"),
    "status --short, default file": Budget(("status", "--short"), STATUS_NEVER,
                                           "journal.quickread", default_file=True),
    # remind: writes a timer, reads no journal.
    "remind": Budget(("remind",), (*UI, "tinydb", "pendulum"), "journal.reminders",
                     default_file=True),
}


def loaded(code: str, names: tuple[str, ...], env: dict[str, str]) -> list[str]:
    """Which of ``names`` (a package or one module) a fresh process running ``code`` loaded."""
    probe = (f"{code}\nimport sys\nnames = {names!r}\n"
             "print(sorted(n for n in names if any(m == n or m.startswith(n + '.') "
             "for m in sys.modules)))")
    return eval(python_prints(probe, env))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TRIAL_JOURNAL_DATA"}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               PATH=str(tmp_path / "bin"))  # remind finds no systemctl or crontab here
    return env


@pytest.mark.parametrize("path", list(BUDGETS))
def test_a_quick_path_imports_only_what_it_needs(path, tmp_path, env):
    budget = BUDGETS[path]
    journal = tmp_path / "j.json"
    data = () if budget.default_file else ("--data", str(journal))
    code = f"from journal.cli import main\nrc = main({[*data, *budget.argv]!r})\nprint(rc)"
    found = loaded(code, (*budget.never, budget.needs), env)
    assert found == [budget.needs], f"journal {path} loaded {found}"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_the_apps_first_frame_builds_no_command_parser_and_no_dates_in_words(tmp_path, env):
    """``journal`` (the app) up to its first frame on the Log screen of a journal in use (its
    thread that imports pendulum once the first frame is drawn left out)."""
    journal = tmp_path / "j.json"
    code = f"""
import asyncio
from journal import cli
from journal.app import JournalApp
from journal.clock import SystemClock
from journal.demo import demo_journal
from journal.store import Store

clock = SystemClock()
Store({str(journal)!r}, clock, backups=False).replace_all(
    demo_journal(clock.today(), clock.now().tzinfo))
words = ["--data", {str(journal)!r}]
cli.build_parser(cli.command_named(words)).parse_args(words)

import journal.app
journal.app.import_for_later_screens = lambda: None  # after the first frame, on purpose

async def first_frame():
    app = JournalApp(Store({str(journal)!r}, clock))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ in ("LogScreen", "DayQuestion"), app.screen

asyncio.run(first_frame())
"""
    commands = tuple(f"journal.commands.{m}" for m in
                     ("blocks", "daily", "measures", "status", "transfer", "reporting",
                      "backup", "remind", "check"))
    # The dialogs (the Log screen's and the clinician prompts) load when first opened.
    dialogs = ("journal.widgets.log_modals", "journal.widgets.measure_prompts")
    found = loaded(code, ("pendulum", *commands, *dialogs, "textual"), env)
    assert found == ["textual"]


def test_what_later_screens_need_is_imported_once_the_first_frame_is_drawn(tmp_path, env):
    """Review words far days with pendulum: a thread imports it after the first frame, so
    neither the first frame nor Review's first open waits for it."""
    code = f"""
import asyncio
from journal.app import JournalApp
from journal.clock import SystemClock
from journal.store import Store

async def first_frame():
    app = JournalApp(Store({str(tmp_path / "j.json")!r}, SystemClock()))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()

asyncio.run(first_frame())
"""
    assert loaded(code, ("pendulum",), env) == ["pendulum"]


@pytest.mark.parametrize("never", ["pendulum", "tinydb", "textual"])
def test_the_check_itself_can_fail(tmp_path, env, never):
    """A path that does load the module is caught: the table's test can fail."""
    code = {"pendulum": "from journal.domain import checks\nfrom datetime import date\n"
                        "checks.day_word('monday', 'date', date(2026, 11, 21))",
            "tinydb": f"from journal.cli import main\nmain(['--data', "
                      f"{str(tmp_path / 'j.json')!r}, 'log', '--pain', '4'])",
            "textual": "import journal.app"}[never]
    assert loaded(code, (never,), env) == [never]
