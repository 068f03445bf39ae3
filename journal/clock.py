"""Where "now" and "today" come from.

Everything that needs the time asks a clock, so tests can freeze it and travel across midnight,
DST changes and time zones. The system clock reads the user's local time zone (from ``TZ`` or
the system setting) through the standard library, or an explicit IANA zone through
``zoneinfo``; a "day" is the local calendar date. (The standard library is used rather than a
date package so that quick commands such as ``journal status --short`` start fast.)
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime, timedelta

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # the interface only matters to type checkers


_warned: list[bool] = []


def warn_bad_time_zone(tz: str | None = None) -> None:
    """One line on stderr, once per process: the time zone is unusable, UTC is used."""
    if _warned:
        return
    _warned.append(True)
    name = tz or os.environ.get("TZ", "")
    print(f"journal: warning: the time zone {name!r} is not valid (TZ); using UTC, so "
          "\"today\" may differ from your calendar. Set TZ to a zone such as Europe/Berlin, "
          "or unset it.", file=sys.stderr)


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
        try:
            if self.tz:
                from zoneinfo import ZoneInfo

                return datetime.now(ZoneInfo(self.tz))
            return datetime.now().astimezone()
        except (ValueError, KeyError, OverflowError, OSError):
            # TZ=UTC+25 or EST+99 (an offset of a day or more), or an unknown zone name:
            # Python cannot build the local time. UTC, said once, beats refusing to start.
            warn_bad_time_zone(self.tz)
            return datetime.now(UTC)

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
