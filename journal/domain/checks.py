"""Small validators shared by the models, the command line and the screens.

Each takes the raw value (often a string typed by a person), returns the clean value or raises
:class:`ValidationError` naming the field and the allowed values in plain words.
"""

from __future__ import annotations

import math
import re
from datetime import date

from journal.domain.errors import ValidationError

MAX_NOTE = 2000
MAX_NAME = 80

#: The one way a date is written: other forms Python accepts (20261120, 2026-W47-5) would let
#: two spellings of one day into a journal.
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: Control characters (C0, DEL, C1). Newline and tab are allowed in multi-line notes.
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_IN_NOTES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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
    if isinstance(value, str):
        text = value.strip().replace(",", ".") if value.count(",") == 1 else value.strip()
        if not text:
            raise ValidationError(field, f"must be {allowed} (it is empty)")
        try:
            parsed: float = float(text)
        except ValueError:
            got = value.strip()[:20]
            raise ValidationError(field, f"must be {allowed} (got {got!r})") from None
    elif isinstance(value, int | float):
        try:
            parsed = float(value)
        except OverflowError:
            raise ValidationError(field, f"must be {allowed}") from None
    else:
        raise ValidationError(field, f"must be {allowed}")
    if not math.isfinite(parsed):
        raise ValidationError(field, f"must be {allowed}")
    if integer and parsed != int(parsed):
        raise ValidationError(field, f"must be {allowed} (got {_fmt(parsed)})")
    if parsed < low or (high is not None and parsed > high):
        raise ValidationError(field, f"must be {allowed} (got {_fmt(parsed)})")
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
    """Parse a calendar date written as YYYY-MM-DD."""
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    if isinstance(value, str) and ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(field, f"must be a date written as YYYY-MM-DD (got {str(value)[:20]!r})")


def day_word(value: str, field: str, today: date) -> date:
    """Parse what a person types for a day: ``today``, ``yesterday`` or ``YYYY-MM-DD``."""
    word = value.strip().lower() if isinstance(value, str) else value
    if word == "today":
        return today
    if word == "yesterday":
        return date.fromordinal(today.toordinal() - 1)
    try:
        return iso_day(value, field)
    except ValidationError:
        raise ValidationError(
            field, "must be today, yesterday or a date written as YYYY-MM-DD "
            f"(got {str(value)[:20]!r})"
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
