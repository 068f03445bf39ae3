"""Nothing typed or saved is lost between the person, the screens and the file (issue 15).

Pilot tests: keys pressed in the app, ``journal ...`` run through the command-line code path
in between (as a shell in another window would), then the file and the screen checked.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import screen_text

from journal import paths, themes
from journal import settings as settings_file
from journal.app import JournalApp
from journal.backups import list_backups
from journal.demo import demo_journal
from journal.domain.models import FUNCTION_PRESETS, Plan
from journal.screens.log import LogScreen
from journal.store import Store
from journal.widgets.log_modals import AskDialog, ConflictDialog

THEMES = sorted(p.stem for p in themes.bundled_themes_dir().glob("*.toml"))
WALK = "walking minutes before stopping"


@pytest.fixture
def demo_store(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    return store


def flat(app) -> str:
    text = screen_text(app)
    for bar in "█▌▐":
        text = text.replace(bar, " ")
    return " ".join(text.split())


def value(app, key: str) -> str:
    return app.screen.query_one(f"#f-{key}").value


def on_disk(store: Store, clock, day=None):
    return Store(store.path, clock).journal.entries.get(day or clock.today())


async def started(pilot) -> LogScreen:
    await pilot.pause()
    assert isinstance(pilot.app.screen, LogScreen)
    return pilot.app.screen


# --- 1. the shell-write race ----------------------------------------------------------------
async def test_a_shell_write_between_typing_and_saving_is_kept(demo_store, clock, run_journal):
    today = clock.today()
    demo_store.log_day(today, pain=4.5, function=20)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("3")  # pain typed, not saved
        shell = run_journal(demo_store.path, "log", "--function", "25")
        assert shell.code == 0
        await pilot.press("ctrl+s")  # before the app's own check for outside changes
        await pilot.pause()
        assert (on_disk(demo_store, clock).pain, on_disk(demo_store, clock).function) == (3, 25)
        assert (value(app, "pain"), value(app, "function")) == ("3", "25")
        assert f"Kept from elsewhere: {WALK}" in flat(app)


async def test_fields_without_typing_follow_the_file_while_others_hold_typing(
        demo_store, clock, run_journal):
    demo_store.log_day(clock.today(), pain=4, function=20)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("6")
        run_journal(demo_store.path, "log", "--function", "25", "--note", "from the shell")
        app.check_external_changes()
        await pilot.pause()
        assert (value(app, "pain"), value(app, "function"), value(app, "note")) == (
            "6", "25", "from the shell")
        assert "unsaved changes" in flat(app)


@pytest.mark.parametrize(("key", "kept"), [("k", 30), ("u", 25)])
async def test_a_field_changed_in_both_places_asks_which_to_keep(
        demo_store, clock, run_journal, key, kept):
    demo_store.log_day(clock.today(), pain=4, function=20)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("tab", "3", "0")  # function 20 -> 30 here
        run_journal(demo_store.path, "log", "--function", "25",  # 20 -> 25 in the shell
                    "--note", "from the shell")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        text = flat(app)
        assert "you typed 30; saved elsewhere: 25" in text
        assert on_disk(demo_store, clock).function == 25  # nothing overwritten yet
        await pilot.press("enter")  # no answer yet: it says so and waits
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        assert "Pick a value for every field first" in flat(app)
        await pilot.press(key, "enter")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        assert on_disk(demo_store, clock).function == kept
        assert value(app, "function") == str(kept)
        assert on_disk(demo_store, clock).note == "from the shell"
        assert value(app, "note") == "from the shell"
        assert "Kept from elsewhere: note" in flat(app)


# --- 2. clearing is explicit ----------------------------------------------------------------
@pytest.mark.parametrize("answer", ["y", "n"])
async def test_removing_a_saved_pain_value_asks_first(demo_store, clock, answer):
    today = clock.today()
    demo_store.log_day(today, pain=4, function=20)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("1", "1", "enter")  # out of range: refused at the field
        await pilot.pause()
        assert "pain" in flat(app).lower() and on_disk(demo_store, clock).pain == 4
        await pilot.press("ctrl+u", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AskDialog)
        assert "Remove today's pain value?" in flat(app)
        assert on_disk(demo_store, clock).pain == 4
        await pilot.press(answer)
        await pilot.pause()
        if answer == "y":
            assert on_disk(demo_store, clock).pain is None
            assert "Removed: pain" in flat(app)
        else:
            assert on_disk(demo_store, clock).pain == 4
            assert value(app, "pain") == "4"
            assert "Kept pain 4" in flat(app)
        assert on_disk(demo_store, clock).function == 20


async def test_removing_another_field_is_named_in_the_message(demo_store, clock):
    demo_store.log_day(clock.today(), pain=4, mood=3)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        app.screen.query_one("#f-mood").focus()
        await pilot.press("ctrl+u", "ctrl+s")
        await pilot.pause()
        assert on_disk(demo_store, clock).mood is None
        assert "Removed: mood/anxiety" in flat(app)


# --- 3. undo and redo ---------------------------------------------------------------------
async def test_undo_keeps_what_the_shell_wrote_since(demo_store, clock, run_journal):
    today = clock.today()
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("5", "enter", "2", "0", "enter")
        await pilot.pause()
        assert on_disk(demo_store, clock).pain == 5
        assert run_journal(demo_store.path, "log", "--note", "from the shell",
                           "--mood", "2").code == 0
        await pilot.press("ctrl+z")
        await pilot.pause()
        entry = on_disk(demo_store, clock)
        assert (entry.pain, entry.function) == (None, None)
        assert (entry.note, entry.mood) == ("from the shell", 2)
        assert "Undone: pain (empty)" in flat(app)
        assert (value(app, "note"), value(app, "mood")) == ("from the shell", "2")
        await pilot.press("ctrl+r")
        await pilot.pause()
        entry = on_disk(demo_store, clock)
        assert (entry.pain, entry.function, entry.note, entry.mood) == (
            5, 20, "from the shell", 2)
        assert "Redone: pain 5" in flat(app)
        assert value(app, "pain") == "5"
    assert today in demo_store.journal.entries


async def test_undo_of_a_field_changed_elsewhere_since_keeps_it(demo_store, clock, run_journal):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("5", "enter", "2", "0", "enter")
        await pilot.pause()
        run_journal(demo_store.path, "log", "--function", "22")
        await pilot.press("ctrl+z")
        await pilot.pause()
        entry = on_disk(demo_store, clock)
        assert (entry.pain, entry.function) == (None, 22)
        assert f"kept what was saved elsewhere since for {WALK}" in flat(app)


async def test_undo_of_another_day_says_which_day_and_asks(demo_store, clock):
    today = clock.today()
    yesterday = today - timedelta(days=1)
    before = demo_store.journal.entries[yesterday]
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("left_square_bracket")  # to yesterday
        await pilot.pause()
        await pilot.press("9", "ctrl+s")
        await pilot.pause()
        assert demo_store.journal.entries[yesterday].pain == 9
        await pilot.press("right_square_bracket")  # back to today: nothing changed here
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert isinstance(app.screen, AskDialog)
        assert "Undo a change to Friday 20 November 2026?" in flat(app)
        await pilot.press("n")
        await pilot.pause()
        assert demo_store.journal.entries[yesterday].pain == 9
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert demo_store.journal.entries[yesterday] == before
        assert on_disk(demo_store, clock, yesterday) == before
        assert "Undone: the entry for Fri 20 Nov is back to how it was." in flat(app)
        # Redo for that day is asked about from today too.
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Redo a change to Friday 20 November 2026?" in flat(app)
        await pilot.press("y")
        await pilot.pause()
        assert demo_store.journal.entries[yesterday].pain == 9


async def test_undo_takes_the_newest_change_of_the_day_shown(demo_store, clock):
    today, yesterday = clock.today(), clock.today() - timedelta(days=1)
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("4", "ctrl+s")  # today
        await pilot.press("left_square_bracket", "8", "ctrl+s")  # then yesterday
        await pilot.press("right_square_bracket", "ctrl+z")  # on today: today's save
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        assert today not in demo_store.journal.entries
        assert demo_store.journal.entries[yesterday].pain == 8


async def test_redo_is_a_key_in_the_footer_and_the_palette(demo_store):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        assert "Redo" not in flat(app)  # nothing undone yet: the footer keeps its room
        await pilot.press("4", "ctrl+s", "ctrl+z")
        await pilot.pause()
        assert "^r Redo" in flat(app) or "ctrl+r Redo" in flat(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"redo")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Log: redo what was undone (^r)" in flat(app)


# --- 4. every control shows its state -----------------------------------------------------
@pytest.mark.parametrize("theme_name", THEMES)
async def test_the_flare_box_shows_its_tick_in_every_theme(demo_store, clock, theme_name):
    settings_file.save_settings(paths.settings_file(), {"theme": theme_name})
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        assert app.theme == theme_name
        assert "[ ] a flare-up" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert "[x] a flare-up" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_store.journal.entries[clock.today()].flare is True
        assert "[x] a flare-up" in screen_text(app)


@pytest.mark.parametrize("theme_name", THEMES)
async def test_plan_toggles_show_their_state_in_the_characters(store, clock, theme_name):
    settings_file.save_settings(paths.settings_file(), {"theme": theme_name})
    store.add_block(Plan("Later", clock.today() + timedelta(days=20), 4, 1, 40,
                         areas=("neck",), gentle_start=True))
    app = JournalApp(store)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        text = screen_text(app)
        assert "▐X▌ start light" in text          # a ticked box
        nbsp = "\u00a0"  # the chips keep mark and label on one line
        assert f"✓{nbsp}neck" in text and f"·{nbsp}low{nbsp}back" in text   # the tick list
        assert f"●{nbsp}light" in text and f"○{nbsp}moderate" in text  # one choice of a few
        app.screen.query_one("#pf-gentle_start").focus()
        await pilot.press("space")
        await pilot.pause()
        assert "▐ ▌ start light" in screen_text(app)  # unticked


# --- 5. no silent changes to what is typed --------------------------------------------------
async def test_a_refused_key_is_said_at_the_field(demo_store):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("-")
        await pilot.pause()
        assert "Pain cannot be negative" in flat(app)
        await pilot.press("2")
        await pilot.pause()
        assert value(app, "pain") == "2" and "cannot be negative" not in flat(app)
        await pilot.press("x")
        await pilot.pause()
        assert "Pain takes digits only ('x' was not typed)" in flat(app)
        app.screen.query_one("#f-mood").focus()
        await pilot.press("4", ".")
        await pilot.pause()
        assert "Mood/anxiety takes whole numbers only" in flat(app)
        assert value(app, "mood") == "4"


async def test_pasted_text_a_field_will_not_take_is_said_too(demo_store):
    from textual import events

    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        app.screen.query_one("#f-pain").post_message(events.Paste("four"))
        await pilot.pause()
        assert value(app, "pain") == ""
        assert "Pain takes digits only ('four' was not typed)" in flat(app)


async def test_digits_typed_off_the_form_go_to_the_field_last_used(demo_store, clock):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("escape")  # to the day strip
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "log-strip"
        await pilot.press("4", "enter", "2", "0", "enter")
        await pilot.pause()
        entry = demo_store.journal.entries[clock.today()]
        assert (entry.pain, entry.function) == (4, 20)


# --- 6. plausibility -----------------------------------------------------------------------
@pytest.mark.parametrize("answer", ["y", "n"])
async def test_a_value_far_outside_the_history_asks_before_saving(demo_store, clock, answer):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("4", "enter", *"200", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AskDialog)
        assert "Walking minutes before stopping 200 minutes is far above your usual range" \
            in flat(app)
        assert clock.today() not in demo_store.journal.entries
        await pilot.press(answer)
        await pilot.pause()
        saved = demo_store.journal.entries.get(clock.today())
        if answer == "y":
            assert saved is not None and saved.function == 200
        else:
            assert saved is None
            assert "check: " in flat(app) and value(app, "function") == "200"


async def test_more_minutes_than_a_day_has_asks_even_without_history(store, clock):
    store.add_block(Plan("Now", clock.today(), 4, 1, 40, function=FUNCTION_PRESETS["walking"]))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("4", "enter", *"99999", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AskDialog)
        assert "more than is possible in a day (1440 minutes)" in app.screen.text
        assert clock.today() not in store.journal.entries


def test_journal_log_refuses_an_unusual_value_without_yes(demo_store, clock, run_journal):
    usual = [e.function for e in demo_store.journal.entries.values() if e.function is not None]
    low, high = min(usual), max(usual)
    result = run_journal(demo_store.path, "log", "--function", "200")
    assert result.code == 2
    assert f"far above your usual range ({low:g} to {high:g} minutes so far)" in result.err
    assert "--yes" in result.err and "Traceback" not in result.err
    assert clock.today() not in Store(demo_store.path, clock).journal.entries
    result = run_journal(demo_store.path, "log", "--function", "200", "--yes")
    assert result.code == 0
    assert Store(demo_store.path, clock).journal.entries[clock.today()].function == 200
    assert run_journal(demo_store.path, "log", "--function", "30").code == 0


# --- 7. backups on the app's first save of the day ------------------------------------------
async def test_the_apps_first_save_of_the_day_makes_the_days_backup(demo_store, clock):
    path = demo_store.path
    opened = Store(path, clock)  # the app's store, opened on a journal from yesterday
    assert list_backups(path) == []
    app = JournalApp(opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("4", "enter", "2", "0", "enter")
        await pilot.pause()
        assert sorted(b.name for b in list_backups(path)) == ["journal-2026-11-21.json",
                                                              "journal-2026-11.json"]


async def test_a_journal_started_in_the_app_is_backed_up_the_same_day(store, clock, run_journal):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")  # a new journal opens on the welcome screen
        await started(pilot)
        await pilot.press("4", "enter")
        await pilot.pause()
        await pilot.press("5", "enter")
        await pilot.pause()
    listed = run_journal(store.path, "restore", "--list")
    assert "No backups yet" not in listed.out
    assert "2026-11-21" in listed.out


# --- the Plan screen merges the same way --------------------------------------------------
async def test_plan_save_keeps_a_field_changed_elsewhere(store, clock):
    store.add_block(Plan("Later", clock.today() + timedelta(days=20), 4, 1, 40))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        field = app.screen.query_one("#pf-minutes")
        field.focus()
        await pilot.pause()
        await pilot.press("end", "ctrl+u", "5", "0")
        other = Store(store.path, clock)  # another process changes the therapist meanwhile
        (block,) = other.journal.blocks
        other.update_block(block.id, block.plan.replace(therapist="R. Okafor"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        (saved,) = Store(store.path, clock).journal.blocks
        assert (saved.plan.minutes, saved.plan.therapist) == (50, "R. Okafor")


async def test_redo_is_listed_in_help(demo_store):
    app = JournalApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert "Redo" in flat(app)
