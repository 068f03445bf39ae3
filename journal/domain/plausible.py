"""Is a typed value plausible for this person? Asked before saving, never refused.

A slip such as 200 for 20 walking minutes is a valid number, so range checks pass it, yet it
would quietly move the averages and the verdict. Two signs that a value is probably a slip:

* it is more than :data:`FACTOR` times the largest value logged so far for that field, once
  there are at least :data:`MIN_HISTORY` values to judge from;
* it is beyond the natural limit of the marker's unit (more minutes than a day has, more
  degrees than a circle).

Only fields without a fixed scale are checked (the function marker and night wakings): pain,
mood and fatigue have their scale's range, and a bad day at the top of it is real. The screen
and ``journal log`` both ask through :func:`unusual_values`; nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping

TYPE_CHECKING = False  # not typing's: ``journal log`` asks this module on every call

if TYPE_CHECKING:
    from datetime import date
    from typing import Any

    from journal.domain.models import FunctionMarker, Journal

FACTOR = 3
MIN_HISTORY = 7
#: The most a value in this unit can be in one day (or at all).
NATURAL_LIMITS: dict[str, float] = {
    "minutes": 24 * 60, "min": 24 * 60, "hours": 24, "degrees": 360, "wakings": 50,
}
CHECKED = ("function", "sleep_wakings")


def _history(journal: Journal, key: str, day: date, marker: FunctionMarker | None) -> list[float]:
    """Values logged for ``key`` on other days (for the function: under the same marker)."""
    values = []
    block_for = journal.block_finder()
    for other, value in journal.logged(key):
        if other == day or value is None:
            continue
        if key == "function":
            block = block_for(other)
            other_marker = block.current.function if block else None
            if (other_marker.name if other_marker else None) != (marker.name if marker
                                                                 else None):
                continue
        values.append(float(value))
    return values


def fmt_number(value: float) -> str:
    """As the form shows numbers; formats is imported only when a value is reported."""
    from journal.formats import typed

    return typed(value)


def _label(key: str, marker: FunctionMarker | None) -> tuple[str, str]:
    if key == "function":
        return (marker.name if marker else "function"), (marker.unit if marker else "")
    return "night wakings", ""


def unusual_values(values: Mapping[str, Any], journal: Journal, day: date,
                   marker: FunctionMarker | None) -> dict[str, str]:
    """A sentence per value that looks like a slip, naming the usual range; else nothing."""
    found: dict[str, str] = {}
    for key in CHECKED:
        value = values.get(key)
        if value is None:
            continue
        name, unit = _label(key, marker)
        unit_text = f" {unit}" if unit else ""
        limit = NATURAL_LIMITS.get(unit.strip().lower()) if key == "function" else None
        if limit is not None and value > limit:
            found[key] = (f"{name} {fmt_number(value)}{unit_text} is more than is possible "
                          f"in a day ({fmt_number(limit)}{unit_text})")
            continue
        history = _history(journal, key, day, marker)
        if len(history) < MIN_HISTORY or max(history) <= 0:
            continue
        low, high = min(history), max(history)
        if value > FACTOR * high:
            found[key] = (f"{name} {fmt_number(value)}{unit_text} is far above your usual "
                          f"range ({fmt_number(low)} to {fmt_number(high)}{unit_text} so far)")
    return found
