"""Number formatting shared by the review screen and the report, so both say the same thing.

Numbers a person reads are rounded here and only here; the analysis keeps them unrounded.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction


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


def with_unit(text: str, unit: str) -> str:
    """``"9.3 minutes"``, or just ``"9.3"`` when the marker has no unit (never a stray space)."""
    return f"{text} {unit}" if unit else text


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def decisive(value: float | Fraction, boundaries: Iterable[float | Fraction] = (),
             digits: int = 1, most: int = 6) -> str:
    """``value`` with the fewest decimals (at least ``digits``) that keep it on its own side of
    every boundary: never rounded onto or across a threshold that a decision compares it with.

    0.98 against a threshold of 1 reads ``0.98`` (not ``1.0``); 9.96 against 10 reads ``9.96``;
    29.6 against 30 reads ``29.6``; a value equal to a boundary keeps its plain form.
    """
    exact = value if isinstance(value, Fraction) else Fraction(repr(float(value)))
    bounds = [b if isinstance(b, Fraction) else Fraction(repr(float(b))) for b in boundaries]
    for d in range(digits, most + 1):
        step = Fraction(1, 10**d)
        shown = math.floor(exact / step + Fraction(1, 2)) * step  # half up, as on paper
        if all(_sign(shown - b) == _sign(exact - b) for b in bounds):
            return num(float(shown), d)
    return num(float(exact), most)
