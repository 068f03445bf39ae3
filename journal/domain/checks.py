"""Small validators shared by the models, the command line and the screens.

Each takes the raw value (often a string typed by a person), returns the clean value or raises
:class:`ValidationError` naming the field and the allowed values in plain words.
"""

from __future__ import annotations

import contextlib
import math
import re
from datetime import date

from journal.domain.errors import OutOfRange, ValidationError

MAX_NOTE = 2000
MAX_NAME = 80

#: The calendar window a journal accepts: far dates (year 1 or 9999, a typo away) would
#: overflow date arithmetic in every view. Compared as ISO text too (it sorts as dates do).
MIN_DAY = date(1900, 1, 1)
MAX_DAY = date(2199, 12, 31)
MIN_DAY_TEXT, MAX_DAY_TEXT = MIN_DAY.isoformat(), MAX_DAY.isoformat()

#: Digits a typed number may carry: more cannot be kept exactly and would be rounded silently.
MAX_DIGITS = 15

#: The one way a date is written: other forms Python accepts (20261120, 2026-W47-5) would let
#: two spellings of one day into a journal.
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: Control characters (C0, DEL, C1). Newline and tab are allowed in multi-line notes.
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_IN_NOTES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def not_utf8(text: str) -> bool:
    """Does ``text`` hold lone surrogates, what Python makes of bytes that are not UTF-8 (from
    a shell argument)? Asked of the encoder: a regular expression over that range costs every
    quick command its compilation."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def unclean(text: str, *, multiline: bool) -> bool:
    """Anything a stored note (``multiline``) or one-line text may not hold, in one look (the
    quick path of opening a journal asks it about all its notes at once)."""
    forbidden = CONTROL_IN_NOTES if multiline else _FORBIDDEN
    return forbidden.search(text) is not None or not_utf8(text)


def _fmt(x: float) -> str:
    """Numbers as people write them: 10, 2.5, 100,000 (never 1e+06)."""
    if abs(x) >= 1e15:
        return f"{x:.3g}"
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def number(
    value: object,
    field: str,
    low: float,
    high: float | None = None,
    *,
    integer: bool = False,
) -> float | int:
    """Parse a number and check it lies in ``[low, high]`` (``high`` None = no upper limit)."""
    # Fast path for a clean stored or typed number (most calls, e.g. every field of every
    # entry when a journal is opened): no message is built unless something is wrong.
    if type(value) is int:
        if -(2**53) < value < 2**53 and low <= value and (high is None or value <= high):
            return value
    elif type(value) is float and math.isfinite(value) and low <= value and (
            high is None or value <= high):
        if value == int(value):
            if integer or abs(value) < 2**53:
                return int(value)
        elif not integer:
            return value
    if high is None:
        allowed = f"a {'whole ' if integer else ''}number of {_fmt(low)} or more"
    else:
        kind = "a whole number" if integer else "a number"
        allowed = f"{kind} from {_fmt(low)} to {_fmt(high)}"
    if isinstance(value, bool):
        raise ValidationError(field, f"must be {allowed}")
    if type(value) is int and integer and high is not None:
        # A whole number past 2**53 (a seed) is compared exactly, never rounded via float.
        if low <= value <= high:
            return value
        if value.bit_length() > 1024:
            raise ValidationError(field, f"must be {allowed} (got a value too large to store)")
        raise OutOfRange(field, f"must be {allowed} (got {_fmt(float(value))})")
    if isinstance(value, str):
        text = value.strip().replace(",", ".") if value.count(",") == 1 else value.strip()
        if not text:
            raise ValidationError(field, f"must be {allowed} (it is empty)")
        try:
            parsed: float = float(text)
        except ValueError:
            got = value.strip()[:20]
            raise ValidationError(field, f"must be {allowed} (got {got!r})") from None
        if not math.isfinite(parsed):
            raise ValidationError(field, f"must be {allowed} (got {text[:20]!r}, which is "
                                  "not a number that can be stored)")
        mantissa = re.split(r"[eE]", text, maxsplit=1)[0]
        if len(re.sub(r"[^0-9]", "", mantissa).lstrip("0").rstrip("0")) > MAX_DIGITS:
            raise ValidationError(field, f"must be {allowed} with at most {MAX_DIGITS} "
                                  f"significant digits (got {text[:20]!r}; more digits "
                                  "cannot be kept exactly)")
    elif isinstance(value, int | float):
        try:
            parsed = float(value)
        except OverflowError:
            raise ValidationError(field, f"must be {allowed}") from None
    else:
        raise ValidationError(field, f"must be {allowed}")
    if not math.isfinite(parsed):
        raise ValidationError(field, f"must be {allowed} (got a value too large to store)")
    if integer and parsed != int(parsed):
        raise ValidationError(field, f"must be {allowed} (got {_fmt(parsed)})")
    if parsed < low or (high is not None and parsed > high):
        raise OutOfRange(field, f"must be {allowed} (got {_fmt(parsed)})")
    if integer:
        return int(parsed)
    return int(parsed) if parsed == int(parsed) and abs(parsed) < 2**53 else parsed


def optional_number(
    value: object, field: str, low: float, high: float | None = None, *, integer: bool = False
) -> float | int | None:
    """Like :func:`number`, but ``None`` and blank text mean "not given"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return number(value, field, low, high, integer=integer)


def text(
    value: object, field: str, *, max_len: int = MAX_NAME, required: bool = False,
    multiline: bool = False,
) -> str:
    """Clean free text: strip, refuse control characters, cap the length."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    cleaned = value.strip()
    if required and not cleaned:
        raise ValidationError(field, "is required")
    if len(cleaned) > max_len:
        raise ValidationError(
            field, f"must be at most {max_len:,} characters (got {len(cleaned):,})"
        )
    forbidden = CONTROL_IN_NOTES if multiline else _FORBIDDEN
    if forbidden.search(cleaned):
        raise ValidationError(field, "must not contain control characters")
    if not_utf8(cleaned):
        raise OutOfRange(field, "must be valid UTF-8 text (it holds bytes that are not UTF-8, "
                         "often from a terminal set to another encoding); type it again")
    return cleaned


def choice(value: object, field: str, allowed: dict[str, str] | tuple[str, ...]) -> str:
    """Check ``value`` is one of ``allowed`` (keys of a dict, or a tuple)."""
    keys = tuple(allowed)
    if isinstance(value, str):
        key = value.strip().lower().replace("_", "-")
        if key in keys:
            return key
    raise ValidationError(field, "must be one of " + ", ".join(keys))


def iso_day(value: object, field: str) -> date:
    """Parse a calendar date written as YYYY-MM-DD, within :data:`MIN_DAY`..:data:`MAX_DAY`."""
    day: date | None = None
    if isinstance(value, date):
        day = date(value.year, value.month, value.day)
    elif isinstance(value, str) and ISO_DAY.fullmatch(value.strip()):
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(value.strip())
    if day is None:
        raise ValidationError(
            field, f"must be a date written as YYYY-MM-DD (got {str(value)[:20]!r})")
    return in_window(day, field)


def in_window(day: date, field: str) -> date:
    """``day`` when it lies in the window a journal accepts, else :class:`OutOfRange`."""
    if not MIN_DAY <= day <= MAX_DAY:
        raise OutOfRange(field, f"must be a date from {MIN_DAY_TEXT} to {MAX_DAY_TEXT} "
                         f"(got {day.isoformat()})")
    return day


#: ``-3d`` (three days ago) or ``+2d`` (in two days), up to six digits.
DAY_OFFSET = re.compile(r"([+-])([0-9]{1,6})d")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: What :func:`day_word` accepts, as its refusal says it.
DAY_WORDS = ("today, yesterday, tomorrow, a weekday such as monday (the latest one, today "
             "included), -3d (three days ago) or a date written as YYYY-MM-DD")


def day_word(value: str, field: str, today: date) -> date:
    """Parse what a person types for a day, from their ``today``: ``today``, ``yesterday``,
    ``tomorrow``, a weekday name (``monday`` or ``mon``: the most recent one, today if today
    is a Monday: a journal is filled in after the fact, logging again overwrites, and the day
    is echoed back, so the nearest reading is the safe one), ``-3d`` (three days ago), ``+2d``
    or ``YYYY-MM-DD``.

    The one parser of the command line's dates. ISO dates and today/yesterday are read in
    plain Python: only a weekday imports pendulum, so ``journal log`` does not pay for it.
    """
    word = value.strip().lower() if isinstance(value, str) else value
    if word == "today":
        return today
    if word in ("yesterday", "tomorrow"):
        return date.fromordinal(today.toordinal() + (1 if word == "tomorrow" else -1))
    if isinstance(word, str):
        offset = DAY_OFFSET.fullmatch(word)
        if offset:
            days = int(offset[2]) * (1 if offset[1] == "+" else -1)
            if not MIN_DAY.toordinal() <= today.toordinal() + days <= MAX_DAY.toordinal():
                raise OutOfRange(field, f"must be a date from {MIN_DAY_TEXT} to "
                                 f"{MAX_DAY_TEXT} (got {word})")
            return date.fromordinal(today.toordinal() + days)
        named = [i for i, name in enumerate(WEEKDAYS)
                 if len(word) >= 3 and name.startswith(word)]
        if named:
            import pendulum

            # previous() never gives the day itself: start from tomorrow so today counts.
            day = pendulum.date(today.year, today.month, today.day).add(days=1).previous(
                pendulum.WeekDay(named[0]))
            return in_window(date(day.year, day.month, day.day), field)
    try:
        return iso_day(value, field)
    except OutOfRange:
        raise
    except ValidationError:
        raise ValidationError(
            field, f"must be {DAY_WORDS} (got {str(value)[:20]!r})"
        ) from None


def flag(value: object, field: str) -> bool:
    """Parse yes/no answers."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("yes", "y", "true", "1"):
            return True
        if word in ("no", "n", "false", "0"):
            return False
    raise ValidationError(field, "must be yes or no")
