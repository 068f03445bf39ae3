"""Number words for the review and the report: now in :mod:`journal.formats` (one home for
every format); these names stay for code written against them. :func:`decisive` and
:func:`with_unit` belong to the verdict: figures beside a decision."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from journal.formats import amount, money, num, pct, percent, plural, units

__all__ = ["amount", "decisive", "money", "num", "pct", "percent", "plural", "units",
           "with_unit"]


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
        shown = (exact / step + Fraction(1, 2)).__floor__() * step  # half up, as on paper
        if all(_sign(shown - b) == _sign(exact - b) for b in bounds):
            return num(float(shown), d)
    return num(float(exact), most)
