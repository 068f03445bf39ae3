"""The plan screen, driven as a person would: keys in, then the store and the screen checked."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import screen_text
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select

from journal.app import JournalApp
from journal.demo import DEMO_BLOCK_ID, demo_journal
from journal.domain.models import FunctionMarker, Plan, Rule
from journal.screens.confirm import UnsavedDialog
from journal.screens.plan import PlanScreen
from journal.store import JournalWriteError, Store
from journal.widgets.chips import ChoiceChips
from journal.widgets.plan_modals import ReasonModal

DEMO_NAME = "Low back & shoulders, spring"


# --- helpers -------------------------------------------------------------------------------
async def open_plan(pilot) -> PlanScreen:
    await pilot.pause()
    await pilot.press("f3")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PlanScreen)
    return screen


async def type_into(pilot, key: str, text: str) -> None:
    """Focus a form field, clear it with the keyboard, and type ``text``."""
    widget = pilot.app.screen.query_one(f"#pf-{key}", Input)
    widget.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u", *text)
    await pilot.pause()


async def pick(pilot, key: str, label: str) -> None:
    """Choose one of a few: focus it, move with the arrow keys, press enter."""
    radios = pilot.app.screen.query_one(f"#pf-{key}", ChoiceChips)
    radios.focus()
    await pilot.pause()
    labels = radios.labels
    moves = (labels.index(label) - max(radios.pressed_index, 0)) % len(labels)
    await pilot.press(*["right"] * moves, "enter")
    await pilot.pause()


async def tick(pilot, key: str, items: list[str], all_items: tuple[str, ...]) -> None:
    """Tick ``items`` in a selection list (up/down and space)."""
    widget = pilot.app.screen.query_one(f"#pf-{key}")
    widget.focus()
    await pilot.pause()
    await pilot.press("home")
    for i, item in enumerate(all_items):
        if item in items:
            await pilot.press("space")
        if i < len(all_items) - 1:
            await pilot.press("down")
    await pilot.pause()


def field_error(app, key: str) -> str:
    """The message under field ``key`` as shown ("" when none; the line is made when needed)."""
    label = app.screen.form.error_line(key)
    return str(label.content) if label is not None and label.display else ""


def summary_text(app) -> str:
    """The live summary beside the form, as one line of words (the column wraps it)."""
    content = app.screen.query_one("#plan-summary").content
    return " ".join(content.plain.split())


def demo_store(store, clock):
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    return store


# --- creating a block ------------------------------------------------------------------------
async def test_create_block_from_empty_journal_with_every_field(store, clock, journal_path):
    from journal.domain.models import COMMON_AREAS, CONCURRENT_CARE

    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(pilot)
        assert app.screen.focused.id == "pf-name"
        await pilot.press(*"Neck, winter")
        await type_into(pilot, "first_session", "2026-12-01")
        await type_into(pilot, "baseline_days", "5")
        await type_into(pilot, "minutes", "30")
        await type_into(pilot, "sessions_per_week", "2")
        await type_into(pilot, "weeks", "6")
        app.screen.query_one("#pf-gentle_start").focus()
        await pilot.press("space")
        await pick(pilot, "pressure", "own words")
        assert app.screen.focused.id == "pf-pressure_own"
        await pilot.press(*"slow, broad strokes")
        await tick(pilot, "areas", ["neck", "shoulders"], COMMON_AREAS)
        await type_into(pilot, "areas_other", "left wrist, jaw")
        await type_into(pilot, "technique", "Swedish")
        await type_into(pilot, "therapist", "A. Lind")
        await type_into(pilot, "cost", "55.5")
        await type_into(pilot, "currency", "EUR")
        await tick(pilot, "care", ["physical therapy"], CONCURRENT_CARE)
        await type_into(pilot, "care_other", "yoga")
        await pick(pilot, "care_role", "massage replaces it")
        await pick(pilot, "pain_scale", "0-100")
        # The default pain change follows the scale.
        assert app.screen.query_one("#pf-pain_change", Input).value == "10"
        await type_into(pilot, "function_name", "stairs climbed")
        await type_into(pilot, "function_unit", "floors")
        assert app.screen.query_one("#pf-function_preset", Select).value == "custom"
        await type_into(pilot, "pain_change", "15")
        await type_into(pilot, "function_change", "2")
        app.screen.query_one("#pf-nerve_symptoms").focus()
        await pilot.press("space")
        assert not journal_path.exists()
        await pilot.press("ctrl+s")
        await pilot.pause()

        expected = Plan(
            name="Neck, winter", first_session=date(2026, 12, 1), weeks=6,
            sessions_per_week=2, minutes=30, baseline_days=5, pain_scale=100,
            function=FunctionMarker("stairs climbed", "floors", "higher", 5.0),
            rule=Rule(15, 2), areas=("neck", "shoulders", "left wrist", "jaw"),
            pressure="slow, broad strokes", technique="Swedish", therapist="A. Lind",
            cost_per_session=55.5, currency="EUR",
            concurrent_care=("physical therapy", "yoga"), care_role="replaces",
            gentle_start=True, nerve_symptoms=True)
        assert len(store.journal.blocks) == 1
        assert store.journal.blocks[0].plan == expected
        # It is on disk, not only in memory.
        assert Store(journal_path, clock).journal.blocks[0].plan == expected
        assert "Block: Neck, winter" in str(app.screen.query_one("#pf-title", Label).content)
        assert "planned" in screen_text(app)  # in the block list
        assert not app.screen.dirty


async def test_keys_arriving_in_one_burst_keep_their_order_in_plan_fields(store):
    """As on the Log screen: backspace typed before a letter acts before it, even when the
    keys reach the app together (a fast typist, a slow SSH link)."""
    from textual import events

    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(pilot)
        await pilot.press(*"Neck")
        for key in ("backspace", "backspace", "x"):
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(3):
            await pilot.pause()
        assert app.screen.query_one("#pf-name", Input).value == "Nex"


async def test_tab_in_a_burst_moves_on_before_the_keys_after_it(store):
    """Keys pasted or typed fast: what follows a tab goes into the next field, also into a
    picker after the fields."""
    from textual import events

    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        burst = [*"Back", "tab", "1", "4", "tab", "6", "tab", "2", "tab", "tab", "right",
                 "tab", "enter", "right", "enter", "tab", "6", "0"]
        for key in burst:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(6):
            await pilot.pause()
        draft = screen.form.read_draft()
        assert (draft.name, draft.weeks, draft.sessions_per_week, draft.minutes) == (
            "Back", "6", "2", "45")
        assert draft.first_session.endswith("-14")
        assert draft.pressure == "moderate"
        assert (draft.areas, draft.cost) == (("low back", "neck"), "60")


async def test_preset_fills_marker_fields_and_default_change(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        select = screen.query_one("#pf-function_preset", Select)
        select.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # walking -> night wakings
        await pilot.pause()
        assert select.value == "night-wakings"
        assert screen.query_one("#pf-function_name", Input).value == "night wakings from pain"
        assert screen.query_one("#pf-function_unit", Input).value == "wakings"
        assert screen.query_one("#pf-function_change", Input).value == "1"
        assert screen.form.read_draft().function_better == "lower"
        assert "night wakings from pain at least 1 wakings lower" in summary_text(app)
        # "No function marker" hides the marker fields and leaves a pain-only rule.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert select.value == "none"
        chain = [w.id for w in screen.focus_chain]
        assert "pf-function_name" not in chain and "pf-function_change" not in chain
        assert "Marker name" not in screen_text(app)
        assert "wakings" not in summary_text(app)
        assert "at least 1 point lower than in the baseline (on 0-10)." in summary_text(app)


async def test_summary_updates_as_you_type(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(pilot)
        assert "8 (1 a week for 8 weeks)" in screen_text(app)
        await type_into(pilot, "weeks", "10")
        await type_into(pilot, "cost", "40")
        await type_into(pilot, "currency", "GBP")
        text = screen_text(app)
        assert "10 (1 a week for 10 weeks)" in text
        assert "450 (7.5 h)" in text
        assert "400.00 GBP" in text
        await type_into(pilot, "weeks", "x")
        text = screen_text(app)
        assert "10 (1 a week" not in text
        assert "Sessions        —" in text
        assert "Lines showing — need a valid value" in summary_text(app)


# --- bad input -------------------------------------------------------------------------------
BAD_INPUT = [
    ("name", "", "name: is required"),
    ("first_session", "2026-13-01", "first session date: must be a date"),
    ("baseline_days", "61", "baseline days: must be a whole number from 0 to 60"),
    ("minutes", "0", "minutes per session: must be a whole number from 1 to 240"),
    ("sessions_per_week", "8", "sessions per week: must be a whole number from 1 to 7"),
    ("weeks", "many", "number of weeks: must be a whole number from 1 to 52"),
    ("cost", "-5", "cost per session: must be a number from 0"),
    ("currency", "EURO-DOLLARS", "currency: must be at most 10 characters"),
    ("function_name", "", "function marker name: is required"),
    ("pain_change", "11", "pain change needed: must be from 0 to 10"),
    ("function_change", "lots", "function change needed: must be a number"),
]


async def test_each_validation_error_shows_at_its_field_and_saves_nothing(store, journal_path):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        await type_into(pilot, "name", "Knees")
        for key, bad, message in BAD_INPUT:
            good = screen.query_one(f"#pf-{key}", Input).value
            await type_into(pilot, key, bad)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert message in field_error(app, key), key
            # Only that field is marked, the cursor is on it, and it is scrolled into view.
            assert set(screen.form.shown_errors()) == {key}, key
            assert app.screen.focused.id == f"pf-{key}", key
            label = screen.query_one(f"#pf-{key}-error", Label)
            assert label is screen.form.error_line(key)
            assert label.region.height > 0 and 0 < label.region.y < 39, key
            assert store.journal.blocks == [], key
            assert not journal_path.exists(), key
            await type_into(pilot, key, good)
            assert field_error(app, key) == "", key  # fixing it clears the message
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [b.name for b in store.journal.blocks] == ["Knees"]


async def test_field_is_checked_when_you_leave_it_and_cleared_when_fixed(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(pilot)
        await type_into(pilot, "minutes", "500")
        assert field_error(app, "minutes") == ""  # not while typing the first time
        await pilot.press("tab")
        await pilot.pause()
        assert "minutes per session: must be a whole number from 1 to 240 (got 500)" in (
            field_error(app, "minutes"))
        await type_into(pilot, "minutes", "50")
        assert field_error(app, "minutes") == ""


async def test_pressure_in_own_words_must_not_be_empty(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(pilot)
        await type_into(pilot, "name", "Back")
        await pick(pilot, "pressure", "own words")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "pressure" in field_error(app, "pressure_own")
        assert store.journal.blocks == []


async def test_overlapping_block_is_refused_with_the_other_blocks_name(store, clock):
    demo_store(store, clock)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await type_into(pilot, "name", "Overlapping")
        await type_into(pilot, "first_session", "2026-11-10")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = field_error(app, "first_session")
        assert "overlaps block 'Low back & shoulders, spring'" in error
        assert len(store.journal.blocks) == 1
        assert app.screen.query_one("#pf-name", Input).value == "Overlapping"


async def test_duplicate_name_is_refused_at_the_name(store, clock):
    demo_store(store, clock)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(pilot)
        await pilot.press("ctrl+n")
        await type_into(pilot, "name", DEMO_NAME.upper())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already used by another block" in field_error(app, "name")
        assert len(store.journal.blocks) == 1


async def test_file_error_keeps_the_form_and_says_why(store, monkeypatch):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        await type_into(pilot, "name", "Shoulders")

        def full_disk(plan):
            raise JournalWriteError(store.path, "could not be saved: the disk is full. The "
                                    "journal file is unchanged.")

        monkeypatch.setattr(store, "add_block", full_disk)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "the disk is full" in screen_text(app)
        assert screen.query_one("#pf-name", Input).value == "Shoulders"
        assert screen.dirty
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [b.name for b in store.journal.blocks] == ["Shoulders"]
        assert not screen.query_one("#pf-form-error").display


# --- amendments ------------------------------------------------------------------------------
async def test_edit_after_baseline_began_is_an_amendment_with_reason(store, clock, journal_path):
    demo_store(store, clock)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        assert "Days inside this block are logged" in screen_text(app)
        await type_into(pilot, "minutes", "30")
        await type_into(pilot, "pain_change", "2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        text = screen_text(app)
        assert "minutes per session: 45 → 30" in text
        assert "pain change needed: 1 → 2" in text
        await pilot.press("enter")  # an empty reason is not accepted
        await pilot.pause()
        assert "reason for the change: is required" in screen_text(app)
        await pilot.press(*"therapist advised shorter sessions", "enter")
        await pilot.pause()
        assert app.screen is screen

        block = store.journal.block_by_id(DEMO_BLOCK_ID)
        assert block.plan.minutes == 45 and block.plan.rule.pain_change == 1
        assert block.current.minutes == 30 and block.current.rule.pain_change == 2
        (amendment,) = block.amendments
        assert amendment.reason == "therapist advised shorter sessions"
        assert amendment.made_on == clock.today()
        assert {k for k, _, _ in amendment.changes} == {"minutes", "rule.pain_change"}
        on_disk = Store(journal_path, clock).journal.block_by_id(DEMO_BLOCK_ID)
        assert on_disk.amendments == block.amendments and on_disk.plan == block.plan

        text = screen_text(app)
        assert "Original plan" in text
        assert "minutes per session: 45" in text
        assert "2026-11-21" in text and "therapist advised shorter sessions" in text
        assert not screen.dirty


async def test_cancelling_the_reason_saves_nothing(store, clock, journal_path):
    demo_store(store, clock)
    before = journal_path.read_bytes()
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        await type_into(pilot, "weeks", "10")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert journal_path.read_bytes() == before
        assert screen.query_one("#pf-weeks", Input).value == "10"


async def test_edit_before_baseline_replaces_the_plan_without_reason(store, clock):
    store.add_block(Plan("Later", clock.today() + timedelta(days=20), 4, 1, 40))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(pilot)
        await type_into(pilot, "minutes", "50")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (block,) = store.journal.blocks
        assert block.plan.minutes == 50 and block.amendments == ()


# --- blocks list and new blocks ----------------------------------------------------------------
async def test_new_block_from_this_one_copies_the_plan_with_new_dates(store, clock):
    demo_store(store, clock)
    source = store.journal.blocks[0].plan
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        await pilot.press("ctrl+d")
        await pilot.pause()
        first = source.treatment_end + timedelta(days=1 + source.baseline_days)
        assert screen.query_one("#pf-name", Input).value == f"{DEMO_NAME} (2)"
        assert screen.query_one("#pf-first_session", Input).value == first.isoformat()
        assert "New block" in screen_text(app)
        await type_into(pilot, "minutes", "60")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(store.journal.blocks) == 2
        new = store.journal.block_by_name(f"{DEMO_NAME} (2)")
        assert new.plan == source.replace(name=f"{DEMO_NAME} (2)", first_session=first,
                                          minutes=60)
        assert new.amendments == ()


async def test_choosing_a_block_in_the_list_opens_it(store, clock):
    demo_store(store, clock)
    store.add_block(Plan("Next one", date(2027, 1, 10), 4, 1, 40))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        assert screen.query_one("#pf-name", Input).value == DEMO_NAME
        text = screen_text(app)
        assert "active" in text and "planned" in text
        listing = screen.query_one("#plan-blocks", OptionList)
        listing.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert screen.query_one("#pf-name", Input).value == "Next one"
        assert screen.query_one("#pf-minutes", Input).value == "40"


async def test_new_block_starts_blank_with_gentle_defaults(store, clock):
    demo_store(store, clock)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        draft = screen.form.read_draft()
        assert draft.name == "" and draft.pressure == "light"
        assert (draft.baseline_days, draft.minutes, draft.sessions_per_week, draft.weeks) == (
            "7", "45", "1", "8")
        # The baseline starts after the demo block's treatment, not inside it.
        demo = store.journal.blocks[0].current
        assert date.fromisoformat(draft.first_session) - timedelta(days=7) > demo.treatment_end


# --- leaving -----------------------------------------------------------------------------------
async def test_escape_with_unsaved_changes_asks(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        await type_into(pilot, "name", "Hips")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        assert "Unsaved changes" in screen_text(app)
        await pilot.press("escape")  # cancel: back to the form, nothing lost
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#pf-name", Input).value == "Hips"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")  # discard
        await pilot.pause()
        assert app.current_mode == "log"
        assert store.journal.blocks == []


async def test_escape_then_save_saves_and_leaves(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(pilot)
        await type_into(pilot, "name", "Hips")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert [b.name for b in store.journal.blocks] == ["Hips"]
        assert app.current_mode == "log"


async def test_escape_without_changes_leaves_at_once(store, clock):
    demo_store(store, clock)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "log"


# --- notes, keys, layout -------------------------------------------------------------------
async def test_gentle_start_picks_light_pressure_and_reminds(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        await pick(pilot, "pressure", "firm")
        assert screen.form.read_draft().pressure == "firm"
        assert "Raise the intensity only" not in summary_text(app)
        screen.query_one("#pf-gentle_start", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert screen.form.read_draft().pressure == "light"
        assert "Raise the intensity only when you and your therapist agree" in (
            summary_text(app))
        screen.query_one("#pf-nerve_symptoms", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert "medical evaluation" in summary_text(app)
        assert screen.query_one("#pf-nerve-note").display


async def test_tab_reaches_every_field_in_order(store):
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        expected = ["pf-name", "pf-first_session", "pf-weeks", "pf-sessions_per_week",
                    "pf-minutes", "pf-pressure", "pf-areas", "pf-cost", "pf-function_preset",
                    "pf-baseline_days", "pf-gentle_start", "pf-areas_other", "pf-technique",
                    "pf-therapist", "pf-currency", "pf-care", "pf-care_other", "pf-care_role",
                    "pf-pain_scale", "pf-function_name",
                    "pf-function_unit", "pf-function_better", "pf-pain_change",
                    "pf-function_change", "pf-nerve_symptoms", "pf-save", "plan-blocks"]
        # The order tab follows (the focus chain), checked whole ...
        chain = [w.id for w in screen.focus_chain]
        assert [i for i in chain if i in expected] == expected
        # ... and walked for a stretch with real key presses, both ways.
        for want in expected[1:6]:
            await pilot.press("tab")
            assert app.screen.focused.id == want
        for want in reversed(expected[:5]):
            await pilot.press("shift+tab")
            assert app.screen.focused.id == want
        # Picking "own words" adds its field to the chain right after the pressure choice.
        await pick(pilot, "pressure", "own words")
        chain = [w.id for w in screen.focus_chain]
        assert chain[chain.index("pf-pressure") + 1] == "pf-pressure_own"


async def test_palette_lists_plan_actions(store, clock):
    demo_store(store, clock)
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_plan(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"new block from")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # the palette searches in a worker
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#pf-name", Input).value == f"{DEMO_NAME} (2)"


async def test_small_terminal_everything_reachable(store, clock):
    demo_store(store, clock)
    app = JournalApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot)
        assert screen.has_class("-narrow")
        text = screen_text(app)
        assert "Summary" in text and "Blocks" in text and "First session" in text
        screen.query_one("#pf-nerve_symptoms").focus()
        await pilot.press("tab")
        await pilot.pause()
        save = screen.query_one("#pf-save", Button)
        assert app.screen.focused is save
        region = save.region
        assert region.height and region.y > 0 and region.bottom <= 23
        assert region.right <= 80
        # The compact summary shows the evaluation day and the rule without scrolling.
        text = " ".join(screen_text(app).split())
        assert "Verdict on" in text and "Works if: pain 1 point lower" in text


async def test_wide_terminal_shows_form_list_and_summary_side_by_side(store, clock):
    demo_store(store, clock)
    app = JournalApp(store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_plan(pilot)
        assert not screen.has_class("-narrow")
        form = screen.query_one("#plan-form")
        side = screen.query_one("#plan-side")
        assert form.region.right <= side.region.x
        assert side.region.right <= 160
        text = screen_text(app)
        assert "Evaluation day  Wed 2026-11-25" in text
