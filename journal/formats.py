"""How numbers, money, dates and units read, for the screens, the report and the command line.

One home for every format a person reads, so the same value reads the same everywhere (money is
always ``480.00 EUR``). Numbers are rounded here and only here; the analysis keeps them exact.
Plain Python only: the quick commands import this module.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time

# --- numbers ---------------------------------------------------------------------------------


def num(value: float | None, digits: int = 1) -> str:
    """``5.9`` (fixed decimals), or an en dash for a missing value."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


def typed(value: float | None) -> str:
    """A stored number as a person would type it: ``4``, ``4.5``, ``12.5`` (never ``4.0``);
    blank for a missing value. Also what a field is prefilled with, exactly."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return str(value)


def amount(value: float) -> str:
    """A threshold as typed: ``1``, ``2.5``, ``10`` (no trailing zeros)."""
    return f"{value:g}"


def pct(share: float | None) -> str:
    """A share in 0..1 as a whole percent, rounded half up (0.835 reads 84%)."""
    if share is None:
        return "–"
    return f"{math.floor(share * 100 + 0.5)}%"


def percent(value: float | None) -> str:
    """A value already in percent, to whole percent: ``29%``."""
    if value is None:
        return "–"
    return f"{math.floor(abs(value) + 0.5) * (1 if value >= 0 else -1)}%"


# --- money -----------------------------------------------------------------------------------


def money(value: float | None, currency: str) -> str:
    """``480.00 EUR``, ``1,250.50 CHF``; the currency is whatever the person typed."""
    if value is None:
        return "–"
    return f"{value:,.2f} {currency}".strip()


# --- units and counts ------------------------------------------------------------------------


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 day``, ``3 days``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def units(value: float, unit: str) -> str:
    """``1 point``/``1.5 points``/``7 minutes``; a unit that is not a plain noun stays as is."""
    if unit.endswith("s") and abs(value) == 1:
        return unit[:-1]
    return unit


# --- dates and times -------------------------------------------------------------------------


def day_short(day: date) -> str:
    """``Sat 21 Nov``: short, and unambiguous within a block."""
    return f"{day:%a} {day.day} {day:%b}"


def day_long(day: date) -> str:
    """``Saturday 21 November 2026``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def day_iso(day: date) -> str:
    """``Sun 2026-11-29``: the weekday helps plan, the ISO date is what you type."""
    return f"{day:%a} {day.isoformat()}"


def stamp(moment: datetime) -> str:
    """``Sat 21 Nov 20:31``: when something was recorded, in its own local time."""
    return f"{day_short(moment.date())} {moment:%H:%M}"


def clock_time(t: time) -> str:
    """``20:31``."""
    return f"{t:%H:%M}"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def relative_day(day: date, today: date, *, weekday: bool = True) -> str:
    """``today``, ``yesterday``, ``last Tuesday``, ``in 3 days``, ``2 weeks ago``: a day in
    words, from the person's ``today`` (their local calendar date, not the machine's).

    Within the past week a person remembers the weekday (``last Tuesday``); pass
    ``weekday=False`` where the date beside it already names it (``3 days ago``). Further off,
    pendulum words the distance (``1 week ago``, ``in 3 weeks``, ``1 year ago``); it is imported
    only then, so the quick commands and the first frame, which show near days, never load it.
    """
    days = day.toordinal() - today.toordinal()
    if days == 0:
        return "today"
    if days == -1:
        return "yesterday"
    if days == 1:
        return "tomorrow"
    if -7 < days < 0:
        return f"last {_WEEKDAYS[day.weekday()]}" if weekday else f"{-days} days ago"
    if 0 < days < 7:
        return f"in {days} days"
    import pendulum

    distance = pendulum.format_diff(
        pendulum.date(day.year, day.month, day.day).diff(
            pendulum.date(today.year, today.month, today.day)), absolute=True)
    return f"in {distance}" if days > 0 else f"{distance} ago"
