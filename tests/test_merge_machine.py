"""A Hypothesis state machine: the Log screen and a shell write the same days in any order.

Each step is one of: typing into a field of the day shown, saving (answering any dialog),
a ``journal log`` run through the command-line code path (another process), the app's
periodic check for outside changes, moving between today and yesterday, undo and redo.
After every step the file is read afresh and every value written from the shell must still
be there, unless the person knowingly replaced it: by typing over it while it was shown, or
by choosing "keep what you typed" when asked about that very field.

The real app runs under Textual's Pilot; the event loop is driven step by step.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import NOW
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from journal import cli
from journal.app import JournalApp
from journal.clock import FixedClock
from journal.demo import demo_journal
from journal.screens.log import LogScreen
from journal.store import Store
from journal.widgets.log_modals import AskDialog, ConflictDialog

FIELDS = ("pain", "function", "note")
OPTION = {"pain": "--pain", "function": "--function", "note": "--note"}


class AppAndShell(RuleBasedStateMachine):
    """The person at the Log screen, and a shell writing the same journal."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock(NOW)
        self.folder = Path(tempfile.mkdtemp(prefix="app-and-shell-"))
        self.path = self.folder / "journal.json"
        store = Store(self.path, self.clock)
        store.replace_all(demo_journal(self.clock.today(), self.clock.now().tzinfo))
        self.days = (self.clock.today(), self.clock.today() - timedelta(days=1))
        self.app = JournalApp(store)
        self.loop = asyncio.new_event_loop()
        self.jobs: asyncio.Queue = asyncio.Queue()
        self.session = self.loop.create_task(self._session())
        self.run(self._noop)
        #: (day, field) -> the value the shell wrote last, while the person has not replaced it.
        self.protected: dict[tuple[object, str], object] = {}
        self.unique = itertools.count(1)
        #: Steps that would do nothing are left out, so the interesting orders come up often.
        self.typed = False
        self.saves = 0
        self.unseen = False

    async def _session(self) -> None:
        """The app's whole run in one task (Textual keeps its context in context variables)."""
        async with self.app.run_test(size=(120, 40)) as pilot:
            self.pilot = pilot
            while True:
                job, done = await self.jobs.get()
                if job is None:
                    done.set_result(None)
                    return
                try:
                    done.set_result(await job())
                except BaseException as exc:  # handed to the step that asked
                    done.set_exception(exc)

    async def _noop(self) -> None:
        await self.pilot.pause()

    def replay(self, *steps: tuple[str, tuple[object, ...]]) -> None:
        """Run named steps in order, checking the promise after each (fixed interleavings)."""
        for name, args in steps:
            getattr(self, name)(*args)
            self.nothing_written_in_the_shell_is_lost()

    def run(self, job: object) -> object:
        """Run ``job`` (an async function) inside the app's task; return what it returns."""
        done = self.loop.create_future()
        self.jobs.put_nowait((job, done))
        return self.loop.run_until_complete(done)

    def teardown(self) -> None:
        self.run(None)
        self.loop.run_until_complete(self.session)
        self.loop.close()
        for leftover in sorted(self.folder.rglob("*"), reverse=True):
            leftover.unlink() if leftover.is_file() else leftover.rmdir()
        self.folder.rmdir()

    # --- what the person sees ------------------------------------------------------------
    @property
    def screen(self) -> LogScreen:
        screen = self.app.screen
        assert isinstance(screen, LogScreen), screen
        return screen

    def shown(self, field: str) -> str:
        return self.screen.query_one(f"#f-{field}").value

    @staticmethod
    def as_text(value: object) -> str:
        return f"{value:g}" if isinstance(value, float) else str(value)

    async def _answer_dialogs(self, keep_mine: list[bool]) -> None:
        """Answer whatever the save or undo asks; record the fields the person gave away."""
        for _ in range(6):
            await self.pilot.pause()
            screen = self.app.screen
            if isinstance(screen, ConflictDialog):
                day = self.screen_day_under(screen)
                for i, (key, *_rest) in enumerate(screen.rows):
                    mine = keep_mine[i % len(keep_mine)] if keep_mine else False
                    screen.query_one(f"#conflict-{key}").focus()
                    await self.pilot.press("k" if mine else "u")
                    if mine:
                        self.protected.pop((day, key), None)
                await self.pilot.press("enter")
            elif isinstance(screen, AskDialog):
                await self.pilot.press("y")
            else:
                return

    def screen_day_under(self, _dialog: object) -> object:
        log = next(s for s in self.app.screen_stack if isinstance(s, LogScreen))
        return log.day

    # --- the person ----------------------------------------------------------------------
    @rule(field=st.sampled_from(FIELDS), number=st.integers(1, 4))
    def type_a_value(self, field: str, number: int) -> None:
        text = {"pain": str(number), "function": str(10 + number),
                "note": f"screen {next(self.unique)}"}[field]

        async def type_it() -> None:
            day = self.screen.day
            if self.shown(field) == self.as_text(self.protected.get((day, field), object())):
                # Typing over a value the person can see is their choice.
                self.protected.pop((day, field), None)
            self.screen.query_one(f"#f-{field}").focus()
            await self.pilot.pause()
            await self.pilot.press("end", "ctrl+u", *text)
            await self.pilot.pause()

        self.run(type_it)
        self.typed = True

    @precondition(lambda self: self.typed)
    @rule(keep_mine=st.lists(st.booleans(), min_size=1, max_size=3))
    def save(self, keep_mine: list[bool]) -> None:
        async def save_it() -> None:
            await self.pilot.press("ctrl+s")
            await self._answer_dialogs(keep_mine)

        self.run(save_it)
        self.typed = False
        self.saves += 1

    @precondition(lambda self: self.saves > 0)
    @rule(undo=st.booleans())
    def undo_or_redo(self, undo: bool) -> None:
        async def press() -> None:
            await self.pilot.press("ctrl+z" if undo else "ctrl+r")
            await self._answer_dialogs([])

        self.run(press)

    @rule(step=st.sampled_from(["left_square_bracket", "right_square_bracket"]))
    def move_day(self, step: str) -> None:
        async def move() -> None:
            self.screen.query_one("#f-pain").focus()
            await self.pilot.pause()
            await self.pilot.press(step)
            await self.pilot.pause()

        self.run(move)

    @precondition(lambda self: self.unseen)
    @rule()
    def app_checks_for_outside_changes(self) -> None:
        async def check() -> None:
            self.app.check_external_changes()
            await self.pilot.pause()

        self.run(check)
        self.unseen = False

    # --- the shell -----------------------------------------------------------------------
    @rule(same_day=st.sampled_from([True, True, False]), field=st.sampled_from(FIELDS))
    def shell_writes(self, same_day: bool, field: str) -> None:
        async def shown_day() -> object:
            return self.screen.day

        shown = self.run(shown_day)
        day = shown if same_day else next(d for d in self.days if d != shown)
        n = next(self.unique)
        value: object = {"pain": 5 + (n % 90) / 100, "function": 40 + n,
                         "note": f"shell {n}"}[field]
        words = ["--data", str(self.path), "log", "--date", day.isoformat(), OPTION[field],
                 self.as_text(value), "--yes"]
        assert cli.main(words, clock=self.clock, lock_timeout=5) == 0
        self.protected[(day, field)] = value
        self.unseen = True

    # --- the promise -----------------------------------------------------------------------
    @invariant()
    def nothing_written_in_the_shell_is_lost(self) -> None:
        entries = Store(self.path, self.clock).journal.entries
        for (day, field), value in self.protected.items():
            stored = getattr(entries.get(day), field, None)
            assert stored == value, (day, field, stored, value)


def test_app_and_shell_never_lose_a_field_written_in_the_shell():
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    run_state_machine_as_test(AppAndShell, settings=settings(
        max_examples=int(os.environ.get("MACHINE_EXAMPLES", "10")), stateful_step_count=14,
        deadline=None, suppress_health_check=list(HealthCheck)))


#: Interleavings worth running every time, whatever order Hypothesis happens to try.
REPLAYS = {
    "type, shell writes another field, save": [
        ("type_a_value", ("pain", 3)), ("shell_writes", (True, "note")), ("save", ([True],))],
    "type, shell writes the same field, keep mine": [
        ("type_a_value", ("function", 2)), ("shell_writes", (True, "function")),
        ("save", ([True],))],
    "type, shell writes the same field, use theirs": [
        ("type_a_value", ("function", 2)), ("shell_writes", (True, "function")),
        ("save", ([False],))],
    "save, shell writes, undo, redo": [
        ("type_a_value", ("pain", 2)), ("save", ([True],)), ("shell_writes", (True, "note")),
        ("undo_or_redo", (True,)), ("undo_or_redo", (False,))],
    "save, shell writes the same field, undo": [
        ("type_a_value", ("pain", 2)), ("save", ([True],)), ("shell_writes", (True, "pain")),
        ("undo_or_redo", (True,))],
    "typing kept as a draft while the shell writes that day": [
        ("type_a_value", ("pain", 4)), ("move_day", ("left_square_bracket",)),
        ("shell_writes", (False, "pain")), ("shell_writes", (False, "note")),
        ("move_day", ("right_square_bracket",)), ("save", ([False],))],
    "the app notices, then the person types over what it shows": [
        ("shell_writes", (True, "function")), ("app_checks_for_outside_changes", ()),
        ("type_a_value", ("function", 1)), ("save", ([True],))],
}


@pytest.mark.parametrize("name", list(REPLAYS))
def test_fixed_interleavings_keep_every_field_written_in_the_shell(name):
    machine = AppAndShell()
    try:
        machine.replay(*REPLAYS[name])
    finally:
        machine.teardown()
