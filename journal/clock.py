"""Where "now" and "today" come from.

Everything that needs the time asks a clock, so tests can freeze it and travel across midnight,
DST changes and time zones. The system clock uses pendulum in the user's local time zone (or
the zone in ``TZ``); a "day" is the local calendar date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol


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
        import pendulum  # lazy: keeps `journal status --short` quick

        return pendulum.now(self.tz) if self.tz else pendulum.now()

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
