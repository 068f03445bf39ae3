"""The plan form: every field of a block plan, each with its message slot.

The form reads and shows a :class:`~journal.views.planning.PlanDraft`; it knows nothing of
the store. Each field is one row (title, then the control: compact, no frame), with its hint
and error line under it, so a validation message appears right under the field it is about.
The essential fields come first and fit an 80x24 window; the others follow under "More".
Typing into a prefilled field replaces it (as on the Log screen), and the first session date
takes short forms ("14", "14 Dec").

Programmatic changes (loading a block) are made with the change messages prevented, so only a
person's own edits trigger the small conveniences: picking a preset fills the marker fields,
switching the pain scale moves a default pain change along, and turning on gentle start picks
light pressure.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    Static,
)

from journal.domain.models import CARE_ROLES, COMMON_AREAS, CONCURRENT_CARE, FUNCTION_PRESETS
from journal.views.planning import (
    CUSTOM,
    FUNCTION_CHANGE_HINT,
    GENTLE_REMINDER,
    NERVE_NOTE,
    NO_MARKER,
    OWN_WORDS,
    PAIN_CHANGE_HINT,
    PlanDraft,
    expand_day,
    with_preset,
    with_scale,
)
from journal.widgets.chips import ChipList, ChoiceChips
from journal.widgets.inputs import InOrderInput
from journal.widgets.text import set_text, show
from journal.widgets.toggles import TickBox

#: Radio-button choices: draft field -> (value, label) in display order.
CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "pressure": (("light", "light"), ("moderate", "moderate"), ("firm", "firm"),
                 (OWN_WORDS, "own words")),
    "care_role": tuple((key, words) for key, words in CARE_ROLES.items()),
    "pain_scale": (("10", "0-10"), ("100", "0-100")),
    "function_better": (("higher", "higher is better"), ("lower", "lower is better")),
    "design": (("AB", "A-B"), ("ABA", "A-B-A (pause)"), ("ABAB", "A-B-A-B (pause, again)")),
}

#: Typed design fields (the "Design" section; all optional, defaults shown).
DESIGN_INPUTS = ("pause_weeks", "second_weeks", "follow_up_weeks", "carry_over_days",
                 "window_from", "window_to", "seed")
DESIGN_NOTE = ("A-B is the usual block. A planned pause (A-B-A), and sessions again after it "
               "(A-B-A-B), test whether the sessions cause the change: pain should return in "
               "the pause and ease again. A start window lets the app draw the first session "
               "at random (20 or more dates allow p < 0.05).")

PRESET_OPTIONS: list[tuple[str, str]] = [
    *((m.name, key) for key, m in FUNCTION_PRESETS.items()),
    ("my own marker", CUSTOM),
    ("no function marker (pain only)", NO_MARKER),
]

INPUT_FIELDS = ("name", "first_session", "baseline_days", "minutes", "sessions_per_week",
                "weeks", "pressure_own", "areas_other", "technique", "therapist", "cost",
                "currency", "care_other", "function_name", "function_unit", "pain_change",
                "function_change", *DESIGN_INPUTS)

#: Every draft field that has a control (and so an error line) in the form.
CONTROL_FIELDS = (*INPUT_FIELDS, *CHOICES, "areas", "care", "function_preset",
                  "gentle_start", "nerve_symptoms")

#: Messages a control sends when a person changes it; prevented while loading.
_CHANGE_MESSAGES = (Input.Changed, ChoiceChips.Changed, Checkbox.Changed, Select.Changed,
                    ChipList.Changed)

#: The fields a typical block needs, all on screen at 80x24; the rest are one key (ctrl+o)
#: away, in the "More" section below them.
ESSENTIAL_FIELDS = ("name", "first_session", "weeks", "sessions_per_week", "minutes",
                    "pressure", "areas", "cost", "function_preset")


def control_id(key: str) -> str:
    return f"pf-{key}"


def error_id(key: str) -> str:
    return f"pf-{key}-error"


class PlanForm(VerticalScroll, can_focus=False):
    """All plan fields in one scrolling column, grouped in short sections."""

    class Changed(Message):
        """A person changed something in the form (or a field was validated)."""

    class Blurred(Message):
        """A person left a typed field; the screen validates it."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, draft: PlanDraft, *, title: Content | str = "", frozen: str = "",
                 history: str = "", today: date | None = None, **kwargs: Any) -> None:
        """``title``, ``frozen`` and ``history`` fill the header; "" hides the last two.
        ``today`` is what a short first-session date ("14") counts from."""
        super().__init__(**kwargs)
        self.today = today or date.today()
        #: The error lines made so far, by field (see :meth:`show_errors`).
        self._errors: dict[str, Label] = {}
        self._initial = draft
        self._header = (title, frozen, history)
        self._choices: dict[str, str] = {key: getattr(draft, key) for key in CHOICES}

    # --- building ------------------------------------------------------------------------
    def _field(self, key: str, title: str, control: Widget, hint: str = "",
               classes: str = "") -> Widget:
        """A field: title and control on one line, then its hint.

        Its error line is added when there is first something to say (:meth:`show_errors`):
        most fields never show one, and every widget costs time when the screen opens. The
        field lays its parts out as a grid (title, control; hint and error across both
        columns), so no row container is needed around title and control.
        """
        parts: list[Widget] = [Label(title, classes="field-title"), control]
        if hint:
            parts.append(Label(hint, classes="hint", id=f"pf-{key}-hint"))
        return self._shown(Grid(*parts, classes=f"field {classes}".strip(), id=f"field-{key}"))

    def _dose_field(self, key: str, title: str) -> Widget:
        """A short number field of the dose row: title and field side by side, as narrow as
        they are, with the error line (when there is one) under them."""
        line = Horizontal(Label(title, classes="field-title"), self._input(key),
                          classes="field-line")
        return Vertical(line, classes="field", id=f"field-{key}")

    def _input(self, key: str, placeholder: str = "", **kwargs: Any) -> Input:
        # "-valid": what Input's own check adds at the first value; given now, it is no
        # class change (and restyle) on each field as its value is set. Focus selects the
        # value, so typing replaces a prefilled field, as on the Log screen.
        return InOrderInput(getattr(self._initial, key), placeholder=placeholder,
                            id=control_id(key), select_on_focus=True, classes="-valid",
                            compact=True, **kwargs)

    def _radios(self, key: str) -> ChoiceChips:
        return ChoiceChips(CHOICES[key], getattr(self._initial, key), id=control_id(key))

    def compose(self) -> ComposeResult:
        """Every field, already showing the draft, with what does not apply hidden.

        The widgets are built with their change messages prevented (Textual keeps that for
        their mount too), so filling them is not taken for a person's edits.
        """
        with self._quietly():
            widgets = list(self._build())
        yield from widgets

    def _shown(self, widget: Widget) -> Widget:
        """``widget``, hidden from the start when it does not apply to the draft (as
        :meth:`_sync_visibility` would hide it)."""
        d = self._initial
        hidden = {"field-pressure_own": d.pressure != OWN_WORDS,
                  "pf-gentle-note": not d.gentle_start, "pf-nerve-note": not d.nerve_symptoms,
                  "pf-frozen": not self._header[1], "pf-history": not self._header[2],
                  "pf-form-error": True}
        if hidden.get(widget.id or "") or (widget.has_class("marker")
                                           and d.function_preset == NO_MARKER) or (
                widget.has_class("design-pause") and d.design == "AB") or (
                widget.has_class("design-second") and d.design != "ABAB"):
            widget.display = False
        return widget

    def _row(self, *fields: Widget, classes: str = "row") -> Widget:
        """Fields side by side; the last one has no right margin (a class, not an order
        rule, which Textual would restyle again for each field as it is mounted)."""
        fields[-1].add_class("-last", update=False)
        return self._shown(Horizontal(*fields, classes=classes))

    def _function_change_title(self, draft: PlanDraft) -> str:
        preset = FUNCTION_PRESETS.get(draft.function_preset)
        unit = draft.function_unit.strip() or (preset.unit if preset else "")
        return f"Function change needed ({unit})" if unit else "Function change needed"

    def _build(self) -> Iterator[Widget]:
        d = self._initial
        title, frozen, history = self._header
        yield Label(title, id="pf-title")
        yield self._shown(Static(Content(frozen), id="pf-frozen", classes="notice"))
        yield self._shown(Static(Content(history), id="pf-history", classes="history"))
        yield self._shown(Label("", id="pf-form-error", classes="error"))

        # The essentials: one row each, all visible at 80x24.
        yield self._field("name", "Name", self._input("name", "e.g. Low back, spring"))
        yield self._field("first_session", "First session",
                          self._input("first_session", "YYYY-MM-DD, or 14, or 14 Dec"))
        yield self._row(
            self._dose_field("weeks", "Weeks"),
            self._dose_field("sessions_per_week", "Per week"),
            self._dose_field("minutes", "Minutes"),
            classes="row dose",
        )
        yield self._field("pressure", "Pressure", self._radios("pressure"))
        own = self._input("pressure_own", "pressure in your own words")
        yield self._field("pressure_own", "Own words", own, classes="own-words")
        yield self._field("areas", "Areas", ChipList(COMMON_AREAS, d.areas,
                                                     id=control_id("areas")))
        yield self._field("cost", "Cost/session", self._input("cost", "e.g. 60"))
        yield self._field("function_preset", "Function", Select(
            PRESET_OPTIONS, value=d.function_preset, allow_blank=False, compact=True,
            id=control_id("function_preset")))
        yield Label("ctrl+o more fields · ctrl+s save", id="pf-keys", classes="hint")

        yield Label("More", classes="section", id="pf-more")
        yield self._field("baseline_days", "Baseline days", self._input("baseline_days"),
                          hint="logging only, before the first session")
        yield self._field("gentle_start", "Gentle start",
                          TickBox("start light", d.gentle_start,
                                  id=control_id("gentle_start"), compact=True),
                          hint="raise intensity only by agreement with your therapist")
        yield self._shown(Static(GENTLE_REMINDER, id="pf-gentle-note", classes="note"))
        yield self._field("areas_other", "Other areas",
                          self._input("areas_other", "separated by commas"))
        yield self._field("technique", "Technique", self._input("technique", "e.g. Swedish"))
        yield self._field("therapist", "Therapist", self._input("therapist"))
        yield self._field("currency", "Currency", self._input("currency", "e.g. EUR"))
        yield self._field("care", "Other care", ChipList(CONCURRENT_CARE, d.care,
                                                         id=control_id("care")))
        yield self._field("care_other", "More care",
                          self._input("care_other", "separated by commas"))
        yield self._field("care_role", "Massage", self._radios("care_role"))

        yield Label("What you measure", classes="section")
        yield self._field("pain_scale", "Pain scale", self._radios("pain_scale"))
        yield self._field("function_name", "Marker name",
                          self._input("function_name", "e.g. stairs climbed"),
                          classes="marker")
        yield self._field("function_unit", "Unit", self._input("function_unit", "e.g. floors"),
                          classes="marker")
        yield self._field("function_better", "Better is", self._radios("function_better"),
                          classes="marker")

        yield Label("The go/no-go rule", classes="section")
        yield Static("Written down now, before the block starts. Once the baseline begins, "
                     "a change is kept as a dated amendment and the verdict still uses "
                     "this rule.", classes="note", id="pf-rule-note")
        yield self._field("pain_change", "Pain change", self._input("pain_change"),
                          hint=f"points. {PAIN_CHANGE_HINT}")
        yield self._field("function_change", self._function_change_title(d),
                          self._input("function_change"), hint=FUNCTION_CHANGE_HINT,
                          classes="marker")

        yield from self._design_fields()

        yield Label("Caution", classes="section")
        yield self._field("nerve_symptoms", "Nerve symptoms",
                          TickBox("shooting pain, numbness",
                                  d.nerve_symptoms, id=control_id("nerve_symptoms"),
                                  compact=True),
                          hint="or weakness that grows")
        yield self._shown(Static(NERVE_NOTE, id="pf-nerve-note", classes="note"))
        yield Horizontal(Button("Save plan (ctrl+s)", id="pf-save", variant="primary",
                                compact=True), id="pf-buttons")

    def jump_to_more(self) -> None:
        """ctrl+o: to the first field under "More" (or back to the name from there)."""
        more = self.query_one("#pf-more")
        focused = self.screen.focused
        if focused is not None and focused.region.y > more.region.y:
            self.focus_field("name")
            self.scroll_home(animate=False)
            return
        self.focus_field("baseline_days")
        self.call_after_refresh(self.scroll_to_widget, more, top=True, animate=False)

    def _design_fields(self) -> Iterator[Widget]:
        """The optional design section: kind, phase lengths, carry-over, randomised start."""
        yield Label("Design (optional)", classes="section")
        yield Static(DESIGN_NOTE, classes="note", id="pf-design-note")
        yield self._field("design", "Design", self._radios("design"))
        yield self._row(
            self._field("pause_weeks", "Pause weeks", self._input("pause_weeks"),
                        classes="design-pause"),
            self._field("second_weeks", "Weeks, 2nd", self._input(
                "second_weeks", "same as first"), classes="design-second"),
            self._field("follow_up_weeks", "Follow-up weeks", self._input("follow_up_weeks")),
            self._field("carry_over_days", "Carry-over days", self._input("carry_over_days"),
                        hint="left out after each switch"),
        )
        yield self._row(
            self._field("window_from", "Start window from",
                        self._input("window_from", "YYYY-MM-DD"),
                        hint="optional: the first session is drawn"),
            self._field("window_to", "Start window to", self._input("window_to", "YYYY-MM-DD")),
            self._field("seed", "Seed", self._input("seed", "drawn at save")),
        )

    # --- reading and writing -----------------------------------------------------------
    def read_draft(self) -> PlanDraft:
        """What the form shows now."""
        values: dict[str, Any] = {
            key: self.query_one(f"#{control_id(key)}", Input).value for key in INPUT_FIELDS}
        values.update(self._choices)
        values["first_session"] = expand_day(values["first_session"], self.today)
        values["areas"] = self._ticked("areas", COMMON_AREAS)
        values["care"] = self._ticked("care", CONCURRENT_CARE)
        preset = self.query_one(f"#{control_id('function_preset')}", Select).value
        values["function_preset"] = preset if isinstance(preset, str) else CUSTOM
        for key in ("gentle_start", "nerve_symptoms"):
            values[key] = self.query_one(f"#{control_id(key)}", Checkbox).value
        values["function_default"] = self._initial.function_default
        return PlanDraft(**values)

    def _ticked(self, key: str, order: tuple[str, ...]) -> tuple[str, ...]:
        chosen = set(self.query_one(f"#{control_id(key)}", ChipList).selected)
        return tuple(item for item in order if item in chosen)

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        with self.prevent(*_CHANGE_MESSAGES):
            yield

    def load_draft(self, draft: PlanDraft) -> None:
        """Show ``draft`` in every control, without triggering the edit conveniences."""
        self._initial = draft
        with self._quietly():
            for key in INPUT_FIELDS:
                widget = self.query_one(f"#{control_id(key)}", Input)
                value = getattr(draft, key)
                if widget.value != value:
                    widget.value = value
                    widget.cursor_position = len(value)
            for key in CHOICES:
                self._press(key, getattr(draft, key))
            for key in ("areas", "care"):
                chosen = getattr(draft, key)
                chooser = self.query_one(f"#{control_id(key)}", ChipList)
                for value in COMMON_AREAS if key == "areas" else CONCURRENT_CARE:
                    if value in chosen:
                        chooser.select(value)
                    else:
                        chooser.deselect(value)
            self.query_one(f"#{control_id('function_preset')}", Select).value = (
                draft.function_preset)
            for key in ("gentle_start", "nerve_symptoms"):
                self.query_one(f"#{control_id(key)}", Checkbox).value = getattr(draft, key)
        self._sync_visibility(draft)

    def _press(self, key: str, value: str) -> None:
        self._choices[key] = value
        self.query_one(f"#{control_id(key)}", ChoiceChips).set_value(value)

    def _set_inputs(self, draft: PlanDraft, *keys: str) -> None:
        with self._quietly():
            for key in keys:
                self.query_one(f"#{control_id(key)}", Input).value = getattr(draft, key)

    def _sync_visibility(self, draft: PlanDraft) -> None:
        """Show only what applies: own-words pressure, marker fields, the two notes.

        Each widget is touched only when its state really changes: every update costs a
        layout pass of the whole form, and this runs on every key press.
        """
        show(self.query_one("#field-pressure_own"), draft.pressure == OWN_WORDS)
        for widget in self.query(".marker"):
            show(widget, draft.function_preset != NO_MARKER)
        for widget in self.query(".design-pause"):
            show(widget, draft.design != "AB")
        for widget in self.query(".design-second"):
            show(widget, draft.design == "ABAB")
        show(self.query_one("#pf-gentle-note"), draft.gentle_start)
        show(self.query_one("#pf-nerve-note"), draft.nerve_symptoms)
        title = self.query_one("#field-function_change .field-title", Label)
        set_text(title, self._function_change_title(draft))

    # --- messages shown at fields ------------------------------------------------------
    def show_errors(self, errors: dict[str, str], keys: tuple[str, ...] | None = None) -> None:
        """Show ``errors`` at their fields; clear the others (only ``keys``, if given).

        A field's error line is made the first time it has a message, under the field."""
        for key in keys if keys is not None else CONTROL_FIELDS:
            message = errors.get(key, "")
            label = self._errors.get(key)
            if label is None and message:
                label = Label("", classes="error", id=error_id(key))
                self._errors[key] = label
                self.query_one(f"#field-{key}").mount(label)
            if label is not None:
                set_text(label, message)
                show(label, bool(message))
            box = self.query_one(f"#field-{key}")
            if box.has_class("-invalid") != bool(message):
                box.set_class(bool(message), "-invalid")
        if keys is None:
            self.show_form_error(errors.get("form", ""))

    def shown_errors(self) -> dict[str, str]:
        """The messages visible at fields now (what a person sees)."""
        return {key: str(label.content) for key, label in self._errors.items()
                if label.display and str(label.content)}

    def error_line(self, key: str) -> Label | None:
        """The error line under field ``key``; None while it has never had a message."""
        return self._errors.get(key)

    def show_form_error(self, message: str) -> None:
        label = self.query_one("#pf-form-error", Label)
        set_text(label, message)
        show(label, bool(message))

    def focus_field(self, key: str) -> None:
        """Move the cursor to a field (and scroll it into view)."""
        target = key if key in CONTROL_FIELDS else "name"
        if target in ("function_name", "function_unit", "function_better",
                      "function_change") and self.read_draft().function_preset == NO_MARKER:
            target = "function_preset"
        if target == "pressure_own" and self._choices["pressure"] != OWN_WORDS:
            target = "pressure"
        widget = self.query_one(f"#{control_id(target)}")
        widget.focus()
        self.call_after_refresh(self._scroll_to_field, target)

    def _scroll_to_field(self, key: str, tries: int = 5) -> None:
        """Scroll field ``key`` into view, with its error line once that line is laid out
        (a line made just now has no place on screen until the next layout)."""
        error = self._errors.get(key)
        if error is not None and error.display and not error.region and tries:
            self.call_after_refresh(self._scroll_to_field, key, tries - 1)
            return
        self.query_one(f"#field-{key}").scroll_visible(animate=False)

    # --- a person's edits ----------------------------------------------------------------
    @on(ChoiceChips.Changed)
    def _radio_changed(self, event: ChoiceChips.Changed) -> None:
        key = (event.control.id or "").removeprefix("pf-")
        if key not in CHOICES:
            return
        before = self.read_draft()
        self._choices[key] = event.value
        if key == "pain_scale":
            after = with_scale(before, event.value)
            self._set_inputs(after, "pain_change")
        if key == "function_better":
            self._to_custom_if_edited()
        if key == "pressure" and event.value == OWN_WORDS:
            self.call_after_refresh(self.query_one(f"#{control_id('pressure_own')}").focus)
        self._changed()

    @on(Select.Changed, "#pf-function_preset")
    def _preset_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            return
        after = with_preset(self.read_draft(), event.value)
        self._initial = self._initial.replace(function_default=after.function_default)
        if event.value in FUNCTION_PRESETS:
            self._set_inputs(after, "function_name", "function_unit", "function_change")
            self._press("function_better", after.function_better)
        self._changed()

    @on(Checkbox.Changed, "#pf-gentle_start")
    def _gentle_changed(self, event: Checkbox.Changed) -> None:
        if event.value:
            self._press("pressure", "light")
        self._changed()

    @on(Checkbox.Changed, "#pf-nerve_symptoms")
    @on(ChipList.Changed)
    def _ticked_changed(self) -> None:
        self._changed()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("pf-function_name", "pf-function_unit"):
            self._to_custom_if_edited()
        self._changed()

    @on(Input.Blurred)
    def _input_blurred(self, event: Input.Blurred) -> None:
        key = (event.input.id or "").removeprefix("pf-")
        if key == "first_session":  # show a short date ("14") as the date it means
            full = expand_day(event.input.value, self.today)
            if full != event.input.value:
                event.input.value = full
        if key in INPUT_FIELDS:
            self.post_message(self.Blurred(key))

    def _to_custom_if_edited(self) -> None:
        """Editing a preset's name, unit or direction makes it your own marker."""
        draft = self.read_draft()
        preset = FUNCTION_PRESETS.get(draft.function_preset)
        if preset is None:
            return
        if (draft.function_name, draft.function_unit, draft.function_better) != (
                preset.name, preset.unit, preset.better):
            with self._quietly():
                self.query_one(f"#{control_id('function_preset')}", Select).value = CUSTOM

    def _changed(self) -> None:
        self._sync_visibility(self.read_draft())
        self.post_message(self.Changed())


