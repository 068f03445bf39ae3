"""A writer process for the crash tests, started once and forking one writer per kill.

Importing the store takes longer than most writes, so this process imports it once and then,
for every ``run`` request on stdin, forks a child that opens the journal and logs successive
days until it is killed. The test kills the child with SIGKILL, asks for it to be reaped, and
reads every line the child printed before it died.

Protocol (one line each, on stdin / stdout)::

    run PATH FIRST_DAY TODAY   ->  child PID        (then the child prints "ok YYYY-MM-DD"
                                                     after each log_day has returned)
    reap PID                   ->  dead PID STATUS  (every "ok" line of PID comes before it)
    quit
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime, time, timedelta

from journal.clock import FixedClock
from journal.store import Store


def values_for(day: date) -> dict[str, object]:
    """What gets logged for ``day``: the checker recomputes it to compare."""
    n = day.toordinal()
    return {
        "pain": n % 11,
        "function": n % 97,
        "sleep_wakings": n % 4,
        "flare": n % 13 == 0,
        "note": f"Day {day.isoformat()}: walked {n % 97} minutes, stiff in the morning, "
                "better after the stretches. Slept badly.",
    }


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # unbuffered: nothing to lose or repeat after fork


def _child(path: str, first: date, today: date) -> None:
    clock = FixedClock(datetime.combine(today, time(21, 0), UTC))
    store = Store(path, clock)
    day = first
    while day <= today:
        store.log_day(day, **values_for(day))
        _say(f"ok {day.isoformat()}")
        day += timedelta(days=1)
    _say("done")


def main() -> None:
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "run":
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    _child(words[1], date.fromisoformat(words[2]), date.fromisoformat(words[3]))
                except BaseException as exc:  # report, so the test fails loudly
                    _say(f"error {type(exc).__name__}: {exc}")
                    code = 1
                os._exit(code)
            _say(f"child {pid}")
        elif words[0] == "reap":
            pid = int(words[1])
            _, status = os.waitpid(pid, 0)
            _say(f"dead {pid} {status}")
        elif words[0] == "quit":
            return


if __name__ == "__main__":
    main()
