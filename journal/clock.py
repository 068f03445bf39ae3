"""Where "now" and "today" come from.

Everything that needs the time asks a clock, so tests can freeze it and travel across midnight,
DST changes and time zones. The system clock reads the user's local time zone (from ``TZ`` or
the system setting) through the standard library, or an explicit IANA zone through
``zoneinfo``; a "day" is the local calendar date. (The standard library is used rather than a
date package so that quick commands such as ``journal status --short`` start fast.)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # the interface only matters to type checkers


class Clock(Protocol):
    def now(self) -> datetime:
        """The current local time, time-zone aware."""
        ...

    def today(self) -> date:
        """The current local calendar date."""
        ...


class SystemClock:
    """The real clock, in the local time zone or an explicit IANA zone name."""

    def __init__(self, tz: str | None = None) -> None:
        self.tz = tz

    def now(self) -> datetime:
        if self.tz:
            from zoneinfo import ZoneInfo

            return datetime.now(ZoneInfo(self.tz))
        return datetime.now().astimezone()

    def today(self) -> date:
        now = self.now()
        return date(now.year, now.month, now.day)


class FixedClock:
    """A clock that stands still until moved; for tests and the demo journal."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs a time-zone aware datetime")
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return date(self.moment.year, self.moment.month, self.moment.day)

    def advance(self, **delta: float) -> None:
        self.moment = self.moment + timedelta(**delta)

    def set(self, moment: datetime) -> None:
        self.moment = moment
