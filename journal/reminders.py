"""The daily reminder's files, as text: a systemd user timer and service, or a crontab line.

Pure functions only (no files, no processes): :mod:`journal.commands.remind` writes them and
asks systemd or cron to use them. The job is the same for both: run ``journal status --short``
and, only when it prints something (pain not logged today, a side effect to mark), show it with
``notify-send``; where there is no ``notify-send`` it does nothing. Nothing in it touches the
network.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

from journal.domain.errors import ValidationError

#: The units' name: ``<UNIT>.timer`` starts ``<UNIT>.service`` every day.
UNIT = "trial-journal-reminder"
#: Ends our crontab line, so it can be found and removed again without touching the others.
CRON_MARK = "# trial-journal reminder"
#: The notification's title.
TITLE = "trial-journal"


def parse_time(text: str) -> tuple[int, int]:
    """``"20:30"`` -> ``(20, 30)``; a clear message for anything else."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text or "")
    if match is None:
        raise ValidationError("time", f"must be HH:MM on a 24-hour clock, e.g. 20:30 "
                                      f"(got {text!r})")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValidationError("time", f"must be a time of day from 00:00 to 23:59 (got {text})")
    return hour, minute


def clock_words(hour: int, minute: int) -> str:
    return f"{hour:02d}:{minute:02d}"


def job(status_argv: Sequence[str]) -> str:
    """The shell command both schedulers run. ``status_argv`` runs ``journal status --short``.

    Cron starts jobs without the desktop session's bus address, which ``notify-send`` needs;
    the usual per-user address is filled in when it is missing.
    """
    status = " ".join(shlex.quote(a) for a in status_argv)
    return ("out=$(" + status + " 2>/dev/null) || exit 0; "
            '[ -n "$out" ] || exit 0; '
            "command -v notify-send >/dev/null 2>&1 || exit 0; "
            '[ -n "$DBUS_SESSION_BUS_ADDRESS" ] || '
            'export DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$(id -u)/bus"; '
            f'exec notify-send --app-name={TITLE} {TITLE} "$out"')


def _unit_quote(text: str) -> str:
    """One systemd ``ExecStart`` word: double-quoted, with ``$`` and ``%`` kept literal."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("$", "$$").replace("%", "%%") + '"'


def unit_unquote(word: str) -> str:
    """The inverse of :func:`_unit_quote` (what systemd hands to the program)."""
    inner = word[1:-1]
    out, i = [], 0
    while i < len(inner):
        pair = inner[i:i + 2]
        if pair in ("$$", "%%"):
            out.append(pair[0])
            i += 2
        elif inner[i] == "\\":
            out.append(inner[i + 1])
            i += 2
        else:
            out.append(inner[i])
            i += 1
    return "".join(out)


def service_text(command: str) -> str:
    return (
        "[Unit]\n"
        "Description=trial-journal: show what is due today (journal status --short)\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart=/bin/sh -c {_unit_quote(command)}\n")


def timer_text(hour: int, minute: int) -> str:
    return (
        "[Unit]\n"
        "Description=trial-journal: daily reminder to log the day\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {clock_words(hour, minute)}:00\n"
        "# Asleep or off at that time: remind once when the computer is back.\n"
        "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n")


def timer_time(text: str) -> str | None:
    """``"20:30"`` from a timer file we wrote, None when it holds no daily time."""
    match = re.search(r"^OnCalendar=\*-\*-\* (\d{2}:\d{2}):00$", text, re.MULTILINE)
    return match[1] if match else None


def exec_command(service: str) -> str | None:
    """The shell command in a service file we wrote (for showing and testing it)."""
    match = re.search(r'^ExecStart=/bin/sh -c (".*")$', service, re.MULTILINE)
    return unit_unquote(match[1]) if match else None


def cron_line(hour: int, minute: int, command: str) -> str:
    """Our crontab line; cron reads ``%`` as a line break, so it is escaped."""
    return f"{minute} {hour} * * * {command.replace('%', chr(92) + '%')} {CRON_MARK}"


def cron_entries(crontab: str) -> list[str]:
    """Our lines in a crontab."""
    return [line for line in crontab.splitlines() if line.rstrip().endswith(CRON_MARK)]


def cron_without_ours(crontab: str) -> str:
    """The crontab with our lines taken out and everything else exactly as it was."""
    kept = [line for line in crontab.splitlines() if not line.rstrip().endswith(CRON_MARK)]
    return "".join(line + "\n" for line in kept)


def cron_time(line: str) -> str | None:
    """``"20:30"`` from one of our crontab lines."""
    match = re.match(r"(\d{1,2}) (\d{1,2}) \* \* \* ", line)
    return clock_words(int(match[2]), int(match[1])) if match else None


def cron_command(line: str) -> str:
    """The shell command of one of our crontab lines (``\\%`` read back as cron reads it)."""
    body = line.split(" ", 5)[5]
    return body.removesuffix(CRON_MARK).rstrip().replace(chr(92) + "%", "%")
