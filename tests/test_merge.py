"""The merge rule and the plausibility rule, without a screen (journal.domain)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal.domain import merge, plausible
from journal.domain.models import FUNCTION_PRESETS, Block, DayEntry, Journal, Plan
from journal.views.daybook import refused_message

BASE = {"pain": "4", "function": "20", "note": ""}


def test_a_field_changed_only_here_is_written():
    result = merge.three_way(BASE, {**BASE, "pain": "3"}, BASE)
    assert (result.writes, result.conflicts, result.kept) == ({"pain": "3"}, {}, ())


def test_a_field_changed_only_elsewhere_is_kept():
    result = merge.three_way(BASE, {**BASE, "pain": "3"}, {**BASE, "function": "25"})
    assert result.writes == {"pain": "3"} and result.kept == ("function",)
    assert result.conflicts == {}


def test_the_same_field_changed_differently_is_a_conflict():
    result = merge.three_way(BASE, {**BASE, "function": "30"}, {**BASE, "function": "25"})
    assert result.conflicts == {"function": ("30", "25")} and result.writes == {}


def test_the_same_change_in_both_places_is_no_conflict():
    result = merge.three_way(BASE, {**BASE, "function": "25"}, {**BASE, "function": "25"})
    assert (result.writes, result.conflicts, result.kept) == ({}, {}, ())


def test_refreshed_untouched_fields_follow_the_file_typed_ones_stay():
    base, mine = merge.refreshed(BASE, {**BASE, "pain": "3"},
                                 {**BASE, "pain": "5", "function": "25"})
    assert mine == {"pain": "3", "function": "25", "note": ""}
    assert base == {"pain": "4", "function": "25", "note": ""}  # pain: still a conflict
    assert merge.three_way(base, mine, {**BASE, "pain": "5", "function": "25"}).conflicts == {
        "pain": ("3", "5")}


def test_put_back_leaves_fields_changed_elsewhere_since():
    changes = {"pain": (4, 3), "function": (20, 22)}
    writes, left = merge.put_back(changes, {"pain": 3, "function": 25})
    assert writes == {"pain": 4} and left == ("function",)
    # Redo is the same with the pairs swapped.
    swapped = {k: (after, before) for k, (before, after) in changes.items()}
    assert merge.put_back(swapped, {"pain": 4, "function": 20}) == (
        {"pain": 3, "function": 22}, ())


# --- plausibility ------------------------------------------------------------------------
WALKING = FUNCTION_PRESETS["walking"]
TODAY = date(2026, 11, 21)


def journal_with(values: list[float]) -> Journal:
    plan = Plan("B", TODAY - timedelta(days=20), 4, 1, 40, function=WALKING)
    journal = Journal(blocks=[Block("b1", plan, (), None)])
    for i, v in enumerate(values):
        day = TODAY - timedelta(days=i + 1)
        journal.entries[day] = DayEntry(day, function=v)
    return journal


def test_three_times_the_largest_value_asks_once_there_are_seven():
    journal = journal_with([12, 15, 20, 18, 16, 14, 19])
    found = plausible.unusual_values({"function": 200}, journal, TODAY, WALKING)
    assert found == {"function": "walking minutes before stopping 200 minutes is far above "
                                 "your usual range (12 to 20 minutes so far)"}
    assert plausible.unusual_values({"function": 60}, journal, TODAY, WALKING) == {}


def test_with_fewer_than_seven_values_only_natural_limits_ask():
    journal = journal_with([12, 15, 20])
    assert plausible.unusual_values({"function": 200}, journal, TODAY, WALKING) == {}
    found = plausible.unusual_values({"function": 2000}, journal, TODAY, WALKING)
    assert "more than is possible in a day (1440 minutes)" in found["function"]


def test_pain_is_never_asked_about_its_scale_is_its_limit():
    journal = journal_with([12] * 10)
    assert plausible.unusual_values({"pain": 10}, journal, TODAY, WALKING) == {}


@pytest.mark.parametrize(("character", "integer", "said"), [
    ("-", False, "Pain cannot be negative"),
    (".", True, "Pain takes whole numbers only"),
    (".", False, "Pain has one decimal point at most"),
    ("x", False, "Pain takes digits only ('x' was not typed)"),
])
def test_a_refused_character_is_explained(character, integer, said):
    assert refused_message("Pain", character, integer) == said
