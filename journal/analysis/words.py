"""Number formatting shared by the review screen and the report, so both say the same thing.

Numbers a person reads are rounded here and only here; the analysis keeps them unrounded.
"""

from __future__ import annotations

import math


def num(value: float | None, digits: int = 1) -> str:
    """``5.9`` (fixed decimals), or an en dash for a missing value."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


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


def money(value: float | None, currency: str) -> str:
    """``480.00 EUR``; the currency is whatever the person typed."""
    if value is None:
        return "–"
    return f"{value:,.2f} {currency}".strip()


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 day``, ``3 days``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def units(value: float, unit: str) -> str:
    """``1 point``/``1.5 points``/``7 minutes``; a unit that is not a plain noun stays as is."""
    if unit.endswith("s") and abs(value) == 1:
        return unit[:-1]
    return unit
