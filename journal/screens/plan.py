"""The plan screen: design a block before it starts, and freeze its rule.

Left (or above, on a narrow terminal): the form with every plan field. Beside it: the blocks
of the journal (past, active, planned) and a live summary of the plan being edited. Saving a
block whose baseline has begun asks for a one-line reason and is kept as a dated amendment;
the original plan and every amendment stay on screen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Button, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from journal.domain import merge
from journal.domain.errors import ValidationError
from journal.domain.models import Block, plan_changes
from journal.printable import shown
from journal.screens.base import JournalFooter, JournalScreen
from journal.screens.confirm import UnsavedDialog
from journal.screens.palette import ScreenCommands, bound_entries
from journal.store import JournalFileError
from journal.views.planning import (
    FIELD_TO_KEY,
    GENTLE_REMINDER,
    NERVE_NOTE,
    PlanDraft,
    amendment_lines,
    block_status,
    change_lines,
    draft_errors,
    draft_from_plan,
    draft_rule_sentence,
    new_draft,
    next_block_draft,
    original_lines,
    plan_from_draft,
    summary_compact,
    summary_lines,
    summary_notes,
    with_seed,
)
from journal.widgets.plan_form import PlanForm
from journal.widgets.plan_modals import ReasonModal

#: Below this width the side column gets narrower and the summary more compact.
NARROW_WIDTH = 120
#: Below this width the side column (blocks, summary) is hidden, and a line says so.
TINY_WIDTH = 76

STATUS_WORDS = {"active": "active ", "planned": "planned", "past": "past   "}


class PlanCommands(ScreenCommands):
    """The plan screen's actions in the command palette (ctrl+p)."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        assert isinstance(screen, PlanScreen)
        return list(bound_entries(screen, [
            ("save", "Save plan", "Save the block being edited"),
            ("new_block", "New block", "Start a blank plan with gentle defaults"),
            ("duplicate", "New block from this one",
             "Copy this plan into a new block with new dates, to change dose or technique"),
            ("more", "More plan fields",
             "Baseline length, the go/no-go rule, technique, therapist, other care"),
            ("leave", "Leave the plan screen", "Go to the log; asks first if something is unsaved"),
        ]))


class PlanScreen(JournalScreen):
    """Plan a block, open an earlier one, or amend the running one."""

    HELP_TITLE = "Plan"
    #: Loaded when the screen is first shown (see ``JournalApp.prepare_mode_screen``).
    CSS_PATH = "plan.tcss"
    COMMANDS = {PlanCommands}
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+n", "new_block", "New", tooltip="New block", priority=True),
        Binding("ctrl+d", "duplicate", "Copy", tooltip="New block from this one",
                priority=True),
        Binding("ctrl+o", "more", "More", tooltip="The other fields: baseline, rule, care",
                priority=True),
        Binding("escape", "leave", "Leave"),
        # Priority keys move the focus at once, as on the Log screen: keys typed after a tab
        # in a burst (a fast typist, a paste, a slow SSH link) land in the next field.
        Binding("tab", "move_focus(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", "Previous field", show=False, priority=True),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        #: The block the form edits, or None for a new, unsaved block.
        self.block_id: str | None = None
        #: What the form held when it was last opened or saved (for "unsaved changes").
        self.saved_draft: PlanDraft = PlanDraft()
        self._ready = False

    # --- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """The screen as first shown, filled from the journal before anything is mounted.

        Values, classes and visibility are all final when the widgets are built, so the first
        layout is the last: no field is set, restyled or shown/hidden again after mount.
        """
        today = self.clock.today()
        block = self.journal.current_block(today)
        draft = draft_from_plan(block.current) if block else new_draft(self.journal, today)
        self.block_id = block.id if block else None
        self.saved_draft = draft
        narrow = self.app.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow", update=False)
        self.set_class(self.app.size.width < TINY_WIDTH, "-tiny", update=False)
        title, frozen, history = self._header_parts(block)
        options, highlighted = self._block_options()
        listing = OptionList(*options, id="plan-blocks", compact=True)
        listing.set_reactive(OptionList.highlighted, highlighted)
        yield Header()
        yield Label(f"The block list and the summary need a window {TINY_WIDTH} columns "
                    "wide.", id="plan-hidden-side")
        with Horizontal(id="plan-body"):
            yield PlanForm(draft, title=title, frozen=frozen, history=history, today=today,
                           id="plan-form")
            with Vertical(id="plan-side"):
                yield Label("Blocks", classes="side-title")
                yield listing
                yield Label("Summary", classes="side-title")
                with VerticalScroll(id="plan-summary-scroll"):
                    yield Static(self._summary(draft, dirty=False, narrow=narrow),
                                 id="plan-summary")
        yield JournalFooter()

    @property
    def form(self) -> PlanForm:
        return self.query_one(PlanForm)

    def on_mount(self) -> None:
        self._ready = True
        self.drawn_from_journal()  # the first resume has nothing new to draw
        self.form.focus_field("name")

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        if (width < TINY_WIDTH) != self.has_class("-tiny"):
            self.set_class(width < TINY_WIDTH, "-tiny")
        narrow = width < NARROW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if self._ready:
                self._refresh_summary()

    # --- what the form shows -------------------------------------------------------------
    @property
    def editing(self) -> Block | None:
        return self.journal.block_by_id(self.block_id) if self.block_id else None

    @property
    def dirty(self) -> bool:
        """True when the form differs from what was opened or last saved."""
        return self.form.read_draft() != self.saved_draft

    def has_unsaved_changes(self) -> bool:
        """The plan has no drafts elsewhere: unsaved is what the form shows."""
        return self.dirty

    def _open_block(self, block: Block) -> None:
        self._open_draft(block.id, draft_from_plan(block.current))

    def _open_draft(self, block_id: str | None, draft: PlanDraft, *,
                    saved: PlanDraft | None = None) -> None:
        """Show ``draft``; ``saved`` is what counts as "no unsaved changes" (default: it)."""
        self.block_id = block_id
        self.saved_draft = saved if saved is not None else draft
        self.form.load_draft(draft)
        self.form.show_errors({})
        self._refresh_blocks()
        self._refresh_header()
        self._refresh_summary()

    def _header_parts(self, block: Block | None) -> tuple[Content, str, str]:
        """Title, the frozen-rule notice and the plan history ("" when not shown)."""
        if block is None:
            return Content.assemble(("New block", "bold"), " (not saved yet)"), "", ""
        today = self.clock.today()
        status = block_status(block, today)
        title = Content.assemble(("Block: ", "bold"), (shown(block.name), "bold"),
                                 f"  ({status})")
        frozen = ""
        first = block.first_logged_day(self.journal)
        if first is not None:
            frozen = (f"Days inside this block are logged (the first on {first.isoformat()}). "
                      "Saving a change asks for a one-line reason and keeps it as a dated "
                      "amendment; the original plan stays and the verdict uses it.")
        history = ""
        if block.amendments:
            history = "\n".join(["Original plan (before amendments):",
                                 *(f"  {line}" for line in original_lines(block)),
                                 "Amendments:",
                                 *(f"  {line}" for line in amendment_lines(block))])
        return title, frozen, history

    def _refresh_header(self) -> None:
        """Title, the frozen-rule notice, and the original plan with its amendments."""
        title_text, frozen_text, history_text = self._header_parts(self.editing)
        form = self.form
        form.query_one("#pf-title", Label).update(title_text)
        frozen = form.query_one("#pf-frozen", Static)
        history = form.query_one("#pf-history", Static)
        frozen.display = bool(frozen_text)
        if frozen_text:
            frozen.update(Content(frozen_text))
        history.display = bool(history_text)
        if history_text:
            history.update(Content(history_text))

    def _block_options(self) -> tuple[list[Option], int | None]:
        """The block list's options, newest plans last, and the index of the open block."""
        today = self.clock.today()
        blocks = self.journal.blocks_by_start()
        options: list[Option] = []
        for block in blocks:
            plan = block.current
            status = block_status(block, today)
            extra = f" · {len(block.amendments)} amended" if block.amendments else ""
            prompt = Content.assemble(
                STATUS_WORDS[status], " ", (shown(block.name), "bold"),
                "\n", f"{plan.baseline_start.isoformat()} to {plan.block_end.isoformat()}"
                f"{extra}")
            options.append(Option(prompt, id=block.id))
        if not options:
            options.append(Option(Content("No blocks yet. Fill in the form and press "
                                          "ctrl+s."), id="plan-none", disabled=True))
        ids = [b.id for b in blocks]
        highlighted = ids.index(self.block_id) if self.block_id in ids else None
        return options, highlighted

    def _refresh_blocks(self) -> None:
        """The block list, newest plans last, with the open block highlighted."""
        options, highlighted = self._block_options()
        listing = self.query_one("#plan-blocks", OptionList)
        with listing.prevent(OptionList.OptionHighlighted):
            listing.set_options(options)
            if highlighted is not None:
                listing.highlighted = highlighted
            elif self.block_id is None:
                listing.highlighted = None

    def _refresh_summary(self) -> None:
        content = self._summary(self.form.read_draft(), dirty=self.dirty,
                                narrow=self.has_class("-narrow"))
        summary = self.query_one("#plan-summary", Static)
        if content != summary.content:  # an update costs a layout pass; typing is frequent
            summary.update(content)

    def _summary(self, draft: PlanDraft, *, dirty: bool, narrow: bool) -> Content:
        """The live summary of ``draft``: dates, dose, cost, notes, unsaved changes."""
        today = self.clock.today()
        parts: list[Content | str | tuple[str, str]] = []
        if narrow:  # a few short lines: with the rule below, it all fits at 80x24
            for line in summary_compact(draft, today):
                parts += [line, "\n"]
        else:
            rows = summary_lines(draft, today)
            width = max(len(label) for label, _ in rows)
            for label, value in rows:
                parts += [(f"{label:<{width}}", "bold"), "  ", value, "\n"]
        notes = summary_notes(draft, today)
        if narrow:  # the rule is in the short lines; the reminders sit under their fields
            notes = [n for n in notes if n not in (draft_rule_sentence(draft), GENTLE_REMINDER,
                                                    NERVE_NOTE)
                     and not n.startswith("The rule appears here")]
        for note in notes:
            parts += ["\n", note, "\n"]
        if dirty:
            parts += ["\n", ("Unsaved changes: ctrl+s saves.", "italic")]
        return Content.assemble(*parts)

    # --- events --------------------------------------------------------------------------
    @on(PlanForm.Changed)
    def _form_changed(self) -> None:
        if not self._ready:
            return
        shown = self.form.shown_errors()
        if shown:
            # A field already marked wrong is re-checked as you type, so a fix clears it.
            errors = draft_errors(self.form.read_draft())
            self.form.show_errors(errors, tuple(shown))
        self._refresh_summary()

    @on(PlanForm.Blurred)
    def _field_left(self, event: PlanForm.Blurred) -> None:
        if not self._ready or not self.is_current:
            return
        errors = draft_errors(self.form.read_draft())
        self.form.show_errors(errors, (event.key,))

    @on(Button.Pressed, "#pf-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(OptionList.OptionSelected, "#plan-blocks")
    def _block_chosen(self, event: OptionList.OptionSelected) -> None:
        block = self.journal.block_by_id(event.option.id or "")
        if block is None or (block.id == self.block_id and not self.dirty):
            return
        self._when_clean(lambda: self._open_block(block), f"the plan of {self._what()}")

    def journal_changed(self) -> None:
        """Another screen or process changed the journal: redraw, keep unsaved typing."""
        if not self._ready:
            return
        if self.block_id is not None and self.editing is None:
            # The block was removed elsewhere; keep what is on screen as a new block.
            self.block_id = None
        elif self.block_id is not None and not self.dirty:
            block = self.editing
            assert block is not None
            self._open_block(block)
            return
        elif self.block_id is not None:
            # Fields without typing follow the file; typed ones stay (a save merges them).
            block = self.editing
            assert block is not None
            base, mine = merge.refreshed(_fields(self.saved_draft),
                                         _fields(self.form.read_draft()),
                                         _fields(draft_from_plan(block.current)))
            self.saved_draft = PlanDraft(**base)
            if PlanDraft(**mine) != self.form.read_draft():
                self.form.load_draft(PlanDraft(**mine))
        self._refresh_blocks()
        self._refresh_header()
        self._refresh_summary()

    # --- actions -------------------------------------------------------------------------
    def _what(self) -> str:
        block = self.editing
        return block.name if block else "this new block"

    def _when_clean(self, then: Callable[[], None], what: str = "this plan") -> None:
        """Run ``then`` now, or after asking what to do with unsaved changes."""
        if not self.dirty:
            then()
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                self._save(after=then)
            elif choice == "discard":
                then()

        self.app.push_screen(UnsavedDialog(what), answered)

    def action_leave(self) -> None:
        def leave() -> None:
            if self.dirty:  # discarded: next visit shows the saved plan
                self._reopen()
            self.japp.show("log")

        self._when_clean(leave)

    def _reopen(self) -> None:
        """After discarding: the block being edited, else (a discarded new block or copy)
        the current block, as a first visit shows; a blank plan only when there is none."""
        block = self.editing or self.journal.current_block(self.clock.today())
        if block is not None:
            self._open_block(block)
        else:
            self._open_draft(None, new_draft(self.journal, self.clock.today()))

    def action_new_block(self) -> None:
        def start() -> None:
            self._open_draft(None, new_draft(self.journal, self.clock.today()))
            self.form.focus_field("name")
            self.notify("A blank plan with gentle defaults. ctrl+s saves it.",
                        title="New block")

        self._when_clean(start)

    def action_duplicate(self) -> None:
        source = self.editing
        if source is None:
            self.notify("Open a saved block first (pick it in the block list); its plan is "
                        "then copied into a new block.", title="New block from this one",
                        severity="warning")
            return

        def copy() -> None:
            today = self.clock.today()
            draft = next_block_draft(self.journal, source, today)
            self._open_draft(None, draft, saved=PlanDraft())
            self.form.focus_field("name")
            self.notify(f"Copied from {source.name} with new dates. Change the dose or "
                        "technique, then ctrl+s saves it as a new block.",
                        title="New block from this one")

        self._when_clean(copy, f"the plan of {self._what()}")

    def action_save(self) -> None:
        self._save()

    # --- saving --------------------------------------------------------------------------
    def action_more(self) -> None:
        """The fields beyond the essentials, one key away (and back to the top)."""
        self.form.jump_to_more()

    def save_then(self, then: Callable[[], None]) -> None:
        """Save (asking for a reason if the block is frozen), then run ``then``."""
        self._save(after=then)

    def _merged(self, after: Callable[[], None] | None) -> PlanDraft | None:
        """The form merged with the block as saved now: only fields typed here are written.

        None when a field was changed both here and elsewhere; the person is asked which to
        keep and the save runs again with the answer.
        """
        draft = self.form.read_draft()
        block = self.editing
        if block is None:
            return draft
        theirs = _fields(draft_from_plan(block.current))
        result = merge.three_way(_fields(self.saved_draft), _fields(draft), theirs)
        if result.conflicts:
            from journal.widgets.log_modals import ConflictDialog

            rows = [(k, k.replace("_", " "), _shown(mine), _shown(other))
                    for k, (mine, other) in result.conflicts.items()]

            def answered(picks: dict[str, str] | None) -> None:
                if picks is None:
                    return
                base, shown = _fields(self.saved_draft), _fields(self.form.read_draft())
                for key, pick in picks.items():
                    base[key] = theirs[key]
                    if pick == "theirs":
                        shown[key] = theirs[key]
                self.saved_draft = PlanDraft(**base)
                self.form.load_draft(PlanDraft(**shown))
                self._save(after)

            self.app.push_screen(ConflictDialog(block.name, rows), answered)
            return None
        merged = PlanDraft(**{**theirs, **result.writes})
        if merged != draft:
            self.form.load_draft(merged)
        return merged

    def _save(self, after: Callable[[], None] | None = None) -> None:
        """Validate the whole form, then add or update the block (asking for a reason when
        the baseline has begun). Nothing is stored unless every field is valid. Fields changed
        elsewhere since the form was opened are kept (:mod:`journal.domain.merge`)."""
        form = self.form
        self._catch_up()
        merged = self._merged(after)
        if merged is None:
            return
        draft = merged
        errors = draft_errors(draft)
        form.show_errors(errors)
        if errors:
            first = next(iter(errors))
            form.focus_field(first)
            count = len(errors)
            self.notify(f"Not saved: {count} field{'s' if count > 1 else ''} to fix. "
                        f"{next(iter(errors.values()))}", title="Plan", severity="warning")
            return
        if draft != with_seed(draft):  # a randomised start: draw the first session now, once
            draft = with_seed(draft)
            form.load_draft(draft)
        plan = plan_from_draft(draft)
        block = self.editing
        if block is None:
            self._store(lambda: self.store.add_block(plan), draft, after)
            return
        changes = plan_changes(block.current, plan)
        if not changes:
            self.saved_draft = draft
            self._refresh_summary()
            self.notify("Nothing to save: the plan is unchanged.", title="Plan")
            if after is not None:
                after()
            return
        first_logged = block.first_logged_day(self.journal)
        if first_logged is None:
            self._store(lambda: self.store.update_block(block.id, plan), draft, after)
            return

        def with_reason(reason: str | None) -> None:
            if reason is None:
                self.notify("Not saved: the change needs a reason.", title="Plan",
                            severity="warning")
                return
            self._store(partial(self.store.update_block, block.id, plan, reason), draft,
                        after)

        self.app.push_screen(
            ReasonModal(first_logged.isoformat(), change_lines(changes)),
            with_reason)

    def _store(self, write: Callable[[], Block], draft: PlanDraft,
               after: Callable[[], None] | None) -> None:
        """Run the store call; on refusal keep the form as typed and say why, at the field."""
        try:
            block = write()
        except ValidationError as exc:
            errors = {_field_key(exc.field): str(exc)}
            self.form.show_errors(errors)
            self.form.focus_field(next(iter(errors)))
            self.notify(f"Not saved. {exc}", title="Plan", severity="warning")
            return
        except JournalFileError as exc:
            self.form.show_form_error(f"Not saved: {exc}")
            self.form.scroll_home(animate=False)
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return
        self.block_id = block.id
        self.saved_draft = draft
        self.form.show_errors({})
        self._refresh_blocks()
        self._refresh_header()
        self._refresh_summary()
        amended = bool(block.amendments) and block.is_frozen(self.journal)
        if amended:  # show the new amendment beside the original values, at the top
            self.form.scroll_home(animate=False)
        drawn = (f" First session drawn: {block.current.first_session:%a %Y-%m-%d} (seed "
                 f"{block.current.seed}); book it on that day."
                 if block.current.randomised else "")
        self.notify("Block saved" + (" (as a dated amendment)" if amended else "") + "."
                    + drawn, title="Plan")
        if after is not None:
            after()


def _fields(draft: PlanDraft) -> dict[str, Any]:
    """A draft as a plain dict of its fields, for the merge."""
    return {f.name: getattr(draft, f.name) for f in dataclasses.fields(draft)}


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(value) or "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value not in ("", None) else "(empty)"


def _field_key(field: str) -> str:
    """The form field a store refusal is about ("first session date" for an overlap)."""
    return FIELD_TO_KEY.get(field, "form")
