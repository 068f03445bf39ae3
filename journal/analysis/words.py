"""Number words for the review and the report: now in :mod:`journal.formats` (one home for
every format); these names stay for code written against them."""

from journal.formats import amount, money, num, pct, percent, plural, units

__all__ = ["amount", "money", "num", "pct", "percent", "plural", "units"]
