"""The Log screen, driven as a person would: keys pressed, then the stored data and the screen."""

from __future__ import annotations

import errno
import re
from datetime import date, datetime, timedelta

import pytest
from conftest import TZ, screen_text

from journal import paths, themes
from journal import settings as settings_file
from journal.app import JournalApp
from journal.clock import FixedClock
from journal.demo import demo_journal
from journal.domain.models import FUNCTION_PRESETS, DayEntry, Plan, Session
from journal.screens.log import LogScreen
from journal.store import Store
from journal.widgets.day_strip import DayStrip
from journal.widgets.log_modals import DayQuestion, SessionDialog, SideEffectsDialog

WALKING = FUNCTION_PRESETS["walking"]


@pytest.fixture
def demo_store(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    return store


def add_block(store: Store, first_session: date) -> None:
    """A 4-week block, 2 sessions a week (days 0 and 4 of each week), 30 minutes, light."""
    store.add_block(Plan(name="Neck block", first_session=first_session, weeks=4,
                         sessions_per_week=2, minutes=30, function=WALKING,
                         areas=("neck", "shoulders"), pressure="light",
                         cost_per_session=50.0, currency="EUR"))


def flat_text(app) -> str:
    """The screen as one line of words (wrapped sentences become whole again)."""
    text = screen_text(app)
    for bar in "█▌▐":
        text = text.replace(bar, " ")
    return " ".join(text.split())


def value(app, key: str) -> str:
    return app.screen.query_one(f"#f-{key}").value


async def started(app, pilot) -> LogScreen:
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LogScreen)
    return screen


# --- the everyday path ---------------------------------------------------------------------
async def test_typical_day_pain_function_save_in_five_keys(demo_store, clock, journal_path):
    keys = ["4", "enter", "2", "0", "enter"]  # five keys: the issue allows six
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        assert app.focused is not None and app.focused.id == "f-pain"
        await pilot.press(*keys)
        await pilot.pause()
        entry = demo_store.journal.entries[clock.today()]
        assert (entry.pain, entry.function) == (4, 20)
        assert entry.recorded_at == clock.now() and entry.edited_at is None
        assert "Recorded Sat 21 Nov 20:30" in screen_text(app)
    on_disk = Store(journal_path, clock).journal.entries[clock.today()]
    assert (on_disk.pain, on_disk.function) == (4, 20)


@pytest.mark.parametrize("theme_name", ["calm", "paper"])
async def test_first_frame_draws_text_in_the_themes_foreground(demo_store, theme_name):
    # Text that inherits the app's colour was once drawn (and kept) in the colour of what is
    # behind it, invisible, when the app's own styles came after the first screen's.
    settings_file.save_settings(paths.settings_file(), {"theme": theme_name})
    theme = themes.load_theme_file(themes.bundled_themes_dir() / f"{theme_name}.toml")
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        assert app.theme == theme_name
        svg = app.export_screenshot()
    styles = dict(re.findall(r"\.(terminal-\d+-r\d+) \{ ([^}]*)\}", svg))
    for words in ("Saturday&#160;21&#160;November&#160;2026", ">Pain<"):
        drawn = re.search(rf'class="(terminal-\d+-r\d+)"[^>]*>{words.strip("<>")}<', svg)
        assert drawn is not None, words
        assert f"fill: {theme.foreground.lower()}" in styles[drawn.group(1)].lower(), words


async def test_header_names_the_day_the_phase_and_the_marker(demo_store, clock):
    yesterday = demo_store.journal.entries[clock.today() - timedelta(days=1)]
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        text = screen_text(app)
        assert "Saturday 21 November 2026" in text
        assert "Treatment week 8, day 4" in text
        assert "- session planned" not in text
        assert "Walking minutes before stopping" in text
        assert "minutes, higher is better" in text
        assert f"yesterday {yesterday.pain:g}" in text
        # three days back is the first session day of week 8, and its session was recorded
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert clock.today() - timedelta(days=3) in demo_store.journal.sessions
        assert "Treatment week 8, day 1 - session recorded" in screen_text(app)


async def test_update_an_existing_day_changes_only_what_was_typed(demo_store, clock):
    today = clock.today()
    demo_store.log_day(today, pain=5, function=18, note="stiff back")
    first = demo_store.journal.entries[today].recorded_at
    clock.advance(minutes=20)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        assert (value(app, "pain"), value(app, "function"), value(app, "note")) == (
            "5", "18", "stiff back")
        await pilot.press("3", "enter", "enter")  # typing replaces the selected value
        await pilot.pause()
        entry = demo_store.journal.entries[today]
        assert (entry.pain, entry.function, entry.note) == (3, 18, "stiff back")
        assert entry.recorded_at == first and entry.edited_at == clock.now()
        text = screen_text(app)
        assert "Recorded Sat 21 Nov 20:30" in text and "last changed Sat 21 Nov 20:50" in text


async def test_yesterday_values_are_a_hint_until_confirmed(demo_store, clock):
    today = clock.today()
    yesterday = demo_store.journal.entries[today - timedelta(days=1)]
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert today not in demo_store.journal.entries
        assert "Nothing to save yet" in screen_text(app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert value(app, "pain") == f"{yesterday.pain:g}"
        assert value(app, "function") == f"{yesterday.function:g}"
        assert today not in demo_store.journal.entries
        assert "nothing is saved until you do" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        entry = demo_store.journal.entries[today]
        assert (entry.pain, entry.function, entry.mood) == (
            yesterday.pain, yesterday.function, yesterday.mood)


async def test_optional_fields_are_a_tab_away(demo_store, clock):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("4", "tab", "2", "0", "tab", "1", "tab", "5", "tab", "6",
                          "tab", "2", "tab", "space", "tab")
        await pilot.press(*"sore")
        await pilot.press("enter")
        await pilot.pause()
        entry = demo_store.journal.entries[clock.today()]
        assert (entry.pain, entry.function, entry.sleep_wakings, entry.mood, entry.fatigue,
                entry.medicine, entry.flare, entry.note) == (4, 20, 1, 5, 6, 2, True, "sore")


# --- bad input and failures --------------------------------------------------------------
async def test_out_of_range_values_are_refused_at_the_field(demo_store, clock):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("1", "1", "enter")
        await pilot.pause()
        assert "pain: must be a number from 0 to 10 (got 11)" in screen_text(app)
        assert app.focused is not None and app.focused.id == "f-pain"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert clock.today() not in demo_store.journal.entries
        # letters never reach a number field; the refused value is selected, so it is replaced
        await pilot.press("x", "q", "7")
        assert value(app, "pain") == "7"


@pytest.mark.parametrize(("burst", "pain"), [
    (["backspace", "backspace", "4", "enter", "2", "0", "enter"], 4),  # "11" selected: gone
    (["end", "backspace", "0", "enter", "2", "0", "enter"], 10),  # "11" -> "1" -> "10"
])
async def test_keys_arriving_in_one_burst_keep_their_order(demo_store, clock, burst, pain):
    """A fast typist or a slow SSH link delivers keys together: editing keys (backspace,
    end) must still act before the characters typed after them, so the field shows what was
    saved and nothing is left "unsaved"."""
    from textual import events

    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("1", "1", "enter")  # refused (11 is off the 0-10 scale), selected
        await pilot.pause()
        for key in burst:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(4):
            await pilot.pause()
        entry = demo_store.journal.entries[clock.today()]
        assert (entry.pain, entry.function) == (pain, 20)
        assert value(app, "pain") == str(pain)
        assert "unsaved" not in screen_text(app).lower()


async def test_a_long_note_is_refused_and_nothing_is_stored(demo_store, clock):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("4", "enter", "2", "0")
        app.screen.query_one("#f-note").value = "x" * 2001
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "note: must be at most 2,000 characters (got 2,001)" in screen_text(app)
        assert clock.today() not in demo_store.journal.entries
        assert value(app, "pain") == "4"


async def test_a_store_failure_keeps_the_typed_values(demo_store, clock, monkeypatch,
                                                      journal_path):
    before = journal_path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("journal.store.atomic_write_bytes", disk_full)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("4", "enter", "2", "0", "enter")
        await pilot.pause()
        assert (value(app, "pain"), value(app, "function")) == ("4", "20")
        text = flat_text(app)
        assert "Not saved" in text and "the disk is full" in text
        assert clock.today() not in demo_store.journal.entries
        # once there is room again, the same values save with one key
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_store.journal.entries[clock.today()].function == 20
    assert journal_path.read_bytes() != before


# --- days ----------------------------------------------------------------------------------
async def test_editing_a_past_day_keeps_both_timestamps(demo_store, clock):
    past = clock.today() - timedelta(days=2)
    original = demo_store.journal.entries[past]
    clock.advance(hours=1)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("escape", "left", "left")  # to the strip, two days back
        await pilot.pause()
        assert app.screen.day == past
        assert value(app, "pain") == f"{original.pain:g}"
        await pilot.press("enter")  # back to the form, on that day
        await pilot.press("9", "enter", "enter")
        await pilot.pause()
        entry = demo_store.journal.entries[past]
        assert entry.pain == 9 and entry.function == original.function
        assert entry.recorded_at == original.recorded_at
        assert entry.edited_at == clock.now()
        text = screen_text(app)
        assert f"Recorded Thu 19 Nov {original.recorded_at:%H:%M}" in text
        assert "last changed Sat 21 Nov 21:30" in text


async def test_future_days_are_not_offered(demo_store, clock):
    tomorrow = clock.today() + timedelta(days=1)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(app, pilot)
        await pilot.press("right_square_bracket")
        await pilot.press("escape", "right", "right")
        await pilot.pause()
        assert screen.day == clock.today()
        screen.query_one(DayStrip).post_message(DayStrip.Picked(tomorrow))
        await pilot.pause()
        assert screen.day == clock.today()
        await pilot.press("enter", "4", "enter", "2", "0", "enter")
        await pilot.pause()
        assert tomorrow not in demo_store.journal.entries
        assert clock.today() in demo_store.journal.entries


async def test_arrows_move_the_cursor_in_fields_and_days_on_the_strip(demo_store, clock):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(app, pilot)
        await pilot.press("enter", "1", "2", "left", "3")
        assert value(app, "function") == "132"
        assert screen.day == clock.today()
        await pilot.press("escape", "left")
        await pilot.pause()
        assert screen.day == clock.today() - timedelta(days=1)
        await pilot.press("t")
        await pilot.pause()
        assert screen.day == clock.today()
        # what was typed for today survived the trip
        assert value(app, "function") == "132"


async def test_after_midnight_the_screen_asks_which_day(store, monkeypatch):
    clock = FixedClock(datetime(2026, 11, 22, 1, 30, tzinfo=TZ))
    store.clock = clock
    store.replace_all(demo_journal(date(2026, 11, 21), TZ))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DayQuestion)
        text = screen_text(app)
        assert "Which day is this entry for?" in text
        assert "Yesterday, Sat 21 Nov" in text and "Today, Sun 22 Nov" in text
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen) and app.screen.day == date(2026, 11, 21)
        await pilot.press("4", "enter", "2", "0", "enter")
        await pilot.pause()
        assert store.journal.entries[date(2026, 11, 21)].pain == 4
        assert date(2026, 11, 22) not in store.journal.entries


async def test_after_midnight_today_is_one_key_too(store):
    clock = FixedClock(datetime(2026, 11, 22, 1, 30, tzinfo=TZ))
    store.clock = clock
    store.replace_all(demo_journal(date(2026, 11, 22), TZ))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t", "4", "enter", "2", "0", "enter")
        await pilot.pause()
        assert store.journal.entries[date(2026, 11, 22)].function == 20


async def test_day_start_hour_comes_from_the_settings(store):
    settings_file.save_settings(paths.settings_file(), {"day_start_hour": 1})
    clock = FixedClock(datetime(2026, 11, 22, 1, 30, tzinfo=TZ))
    store.clock = clock
    store.replace_all(demo_journal(date(2026, 11, 22), TZ))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(app, pilot)
        assert screen.day == date(2026, 11, 22)
        assert "usually log around 20:2" in screen_text(app)


async def test_far_from_the_usual_time_a_gentle_note(demo_store, clock):
    clock.set(datetime(2026, 11, 21, 9, 0, tzinfo=TZ))
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        text = flat_text(app)
        assert "You usually log around 20:2" in text
        assert "now is about 11 hours earlier" in text and "keep days comparable" in text


# --- sessions and side effects -----------------------------------------------------------
async def test_session_as_delivered_then_side_effects(store, clock):
    today = clock.today()
    add_block(store, today)  # today is the first session
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        assert "Treatment week 1, day 1 - session planned" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SessionDialog)
        text = screen_text(app)
        assert "prefilled from the plan" in text
        assert app.screen.query_one("#s-minutes").value == "30"
        await pilot.press("4", "5", "tab", "tab", "tab", "tab", "s", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        session = store.journal.sessions[today]
        assert (session.minutes, session.pressure, session.areas, session.cost,
                session.tolerance) == (45, "light", ("neck", "shoulders"), 50.0, "too-strong")
        assert "Session: 45 min · light · neck, shoulders · 50.00 EUR" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, SideEffectsDialog)
        await pilot.press("2", "tab", "1", "enter")  # soreness moderate, stiffness mild
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        effects = {(s.kind, s.severity, s.settled) for s in store.journal.side_effects}
        assert effects == {("soreness", 2, None), ("stiffness", 1, None)}
        text = screen_text(app)
        assert "soreness (moderate)" in text and "stiffness (mild)" in text


async def test_side_effects_noted_the_morning_after_go_with_the_session(store, clock):
    yesterday = clock.today() - timedelta(days=1)
    add_block(store, yesterday)
    store.save_session(Session(yesterday, 30))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert "Side effects after the session on Friday 20 November 2026" in flat_text(app)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert [(s.day, s.kind) for s in store.journal.side_effects] == [
            (yesterday, "soreness")]


async def test_side_effect_that_did_not_settle_is_flagged_at_the_next_session(store, clock):
    first = clock.today() - timedelta(days=4)
    add_block(store, first)  # sessions on day 0 and day 4: today is the second one
    store.save_session(Session(first, 30))
    soreness = store.add_side_effect(first, "soreness", 2)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        text = screen_text(app)
        assert "session planned" in text
        assert "did soreness (moderate) after Tue 17 Nov settle" in flat_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SessionDialog)
        assert "did these side effects settle?" in screen_text(app)
        await pilot.press("n", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        assert store.journal.sessions[clock.today()].minutes == 30
        assert next(s for s in store.journal.side_effects if s.id == soreness.id).settled \
            is False
        text = flat_text(app)
        assert "Did not settle before the next session: soreness (moderate)" in text
        assert "signal to lower the intensity" in text and "reconsider the block" in text
        assert "Waiting for an answer" not in text


async def test_settled_side_effects_can_be_answered_on_their_own(store, clock):
    first = clock.today() - timedelta(days=4)
    add_block(store, first)
    store.save_session(Session(first, 30))
    stiff = store.add_side_effect(first, "stiffness", 1)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        assert store.journal.side_effects[0].id == stiff.id
        assert store.journal.side_effects[0].settled is True
        assert "signal" not in screen_text(app)


async def test_settling_asked_between_sessions_says_when_it_can_be_answered(store, clock):
    first = clock.today() - timedelta(days=2)
    add_block(store, first)  # sessions on day 0 and day 4: the next is in two days
    store.save_session(Session(first, 30))
    store.add_side_effect(first, "soreness", 2)
    app = JournalApp(store)
    said: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        assert "Settled?" in screen_text(app)  # the key is offered, not silently dead
        app.notify = lambda message, **_kw: said.append(message)  # type: ignore[method-assign]
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        assert said == ["Whether the side effect from Thu 19 Nov settled is asked at the next "
                        "session, Mon 23 Nov: press a on that day."]
        assert store.journal.side_effects[0].settled is None


# --- undo ------------------------------------------------------------------------------------
async def test_undo_puts_back_the_previous_entry_exactly(demo_store, clock):
    today = clock.today()
    demo_store.log_day(today, pain=5, function=18)
    before = demo_store.journal.entries[today]
    clock.advance(minutes=5)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("2", "enter", "enter")
        await pilot.pause()
        assert demo_store.journal.entries[today].pain == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert demo_store.journal.entries[today] == before
        assert value(app, "pain") == "5"
        assert "Undone: the entry for Sat 21 Nov is back to how it was." in flat_text(app)


async def test_undo_removes_a_new_entry_and_a_session(store, clock):
    today = clock.today()
    add_block(store, today)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("4", "enter", "2", "0", "enter")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert today in store.journal.sessions and today in store.journal.entries
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert today not in store.journal.sessions and today in store.journal.entries
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert today not in store.journal.entries
        reopened = Store(store.path, clock).journal
        assert today not in reopened.entries and today not in reopened.sessions


# --- outside changes, no block, palette ---------------------------------------------------
async def test_an_outside_change_redraws_but_keeps_what_is_being_typed(demo_store, clock,
                                                                        journal_path):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("7")
        Store(journal_path, clock).log_day(clock.today(), pain=3, function=21)
        app.check_external_changes()
        await pilot.pause()
        assert demo_store.journal.entries[clock.today()].pain == 3
        assert value(app, "pain") == "7"
        text = screen_text(app)
        assert "Recorded Sat 21 Nov 20:30" in text and "unsaved changes" in text


async def test_without_a_block_pain_alone_saves_with_enter(store, clock):
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        screen = await started(app, pilot)
        assert "No block" in screen_text(app)
        assert not screen.query_one("#row-function").display
        await pilot.press("3", "enter")
        await pilot.pause()
        assert store.journal.entries[clock.today()] == DayEntry(
            clock.today(), pain=3, recorded_at=clock.now())


async def test_log_actions_are_in_the_command_palette(demo_store):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"record the session")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # the palette searches in a worker
        await pilot.pause()
        assert "Log: record the session (s)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDialog)


async def test_fits_a_small_terminal(demo_store):
    app = JournalApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        text = screen_text(app)
        for wanted in ("Treatment week 8, day 4", "Wk 8", "Pain", "Walking minutes",
                       "Note", "usually log"):
            assert wanted in text
