"""``journal remind``: a daily reminder, offline, for the person's own user account.

``--at HH:MM`` installs a systemd user timer (in ``$XDG_CONFIG_HOME/systemd/user``) where a
systemd user session answers, else a crontab line; ``--off`` removes what is installed; no
option shows it. The job runs ``journal status --short`` and shows what it prints with
``notify-send`` (see :mod:`journal.reminders`). Never as root: a reminder belongs to a person.
"""

from __future__ import annotations

import os
import sys

from journal.commands.common import EXIT_OK, CommandError, Context, add_command, examples

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

SUFFIXES = (".timer", ".service")


def register(sub: argparse._SubParsersAction, data_parent: argparse.ArgumentParser) -> None:
    remind = add_command(
        sub, "remind", run_remind, parents=[data_parent],
        help="a daily desktop reminder when today is not logged (systemd timer or cron)",
        epilog=examples("journal remind --at 20:30", "journal remind",
                        "journal remind --off"))
    group = remind.add_mutually_exclusive_group()
    group.add_argument("--at", metavar="HH:MM",
                       help="remind every day at this time (24-hour clock), e.g. --at 20:30; "
                       "again with another time moves it")
    group.add_argument("--off", action="store_true",
                       help="remove the reminder, e.g. journal remind --off")


def run_remind(args: argparse.Namespace, ctx: Context) -> int:
    """Set a daily reminder for your user account: at the time given, `journal status --short` runs
    and, only when it says something is due (today not logged, a side effect to mark), a desktop
    notification shows it (notify-send; nothing where there is none). Uses a systemd user timer, or
    a crontab line where systemd is absent. Without options, shows what is installed. Nothing runs
    as root and nothing touches the network.
    """
    if args.at is None and not args.off:
        return show()
    if running_as_root():
        raise CommandError("reminders belong to a person: run `journal remind` as yourself, "
                           "not as root (nothing was changed)")
    if args.off:
        return turn_off()
    from journal import reminders
    from journal.domain.errors import ValidationError

    try:
        hour, minute = reminders.parse_time(args.at)
    except ValidationError as exc:
        raise CommandError(f"time (--at): {exc.problem}") from None
    return install(hour, minute, ctx.journal_file())


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# --- where things are ----------------------------------------------------------------------


def units_dir() -> Path:
    """``$XDG_CONFIG_HOME/systemd/user`` (else ``~/.config/systemd/user``), as systemd reads."""
    from pathlib import Path

    base = os.environ.get("XDG_CONFIG_HOME", "")
    if not base.startswith("/"):
        base = os.path.join(os.path.expanduser("~"), ".config")
    return Path(base, "systemd", "user")


def unit_files() -> tuple[Path, Path]:
    from journal.reminders import UNIT

    folder = units_dir()
    return folder / f"{UNIT}.timer", folder / f"{UNIT}.service"


def status_argv(journal_file: Path) -> list[str]:
    """``journal status --short`` on this journal file, with the Python running now."""
    return [sys.executable, "-m", "journal", "--data", str(journal_file), "status", "--short"]


# --- systemd and cron ----------------------------------------------------------------------


def _run(argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    """Run a tool: (exit code, stdout, stderr). A missing or hanging tool gives 127."""
    import shutil
    import subprocess

    if shutil.which(argv[0]) is None:
        return 127, "", f"{argv[0]} not found"
    try:
        done = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=30,
                              check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return 127, "", str(exc)
    return done.returncode, done.stdout, done.stderr


def _said(out: str, err: str, code: int) -> str:
    return (err.strip() or out.strip() or f"exit code {code}").splitlines()[-1]


def systemd_works() -> bool:
    """A systemd user manager answers (not just a systemctl binary, as in a container)."""
    return _run(["systemctl", "--user", "show-environment"])[0] == 0


def _systemctl(*words: str) -> None:
    code, out, err = _run(["systemctl", "--user", *words])
    if code != 0:
        raise CommandError(f"systemctl --user {' '.join(words)} failed: {_said(out, err, code)}")


def read_crontab() -> str | None:
    """The user's crontab ("" when they have none), or None when there is no crontab."""
    code, out, err = _run(["crontab", "-l"])
    if code == 127:
        return None
    if code != 0:
        if "no crontab" in (err + out).lower():
            return ""
        raise CommandError(f"crontab -l failed: {_said(out, err, code)}")
    return out


def write_crontab(text: str) -> None:
    code, out, err = _run(["crontab", "-"], stdin=text)
    if code != 0:
        raise CommandError(f"crontab - failed: {_said(out, err, code)} (your crontab is "
                           "unchanged)")


def notifier_words() -> str:
    import shutil

    if shutil.which("notify-send"):
        return "shows it as a desktop notification (notify-send)"
    return ("would show it with notify-send, which is not installed here, so for now it "
            "shows nothing (Debian, Ubuntu: apt install libnotify-bin)")


# --- the three actions ---------------------------------------------------------------------


def install(hour: int, minute: int, journal_file: Path) -> int:
    from journal import reminders
    from journal.journal_file import atomic_write_bytes
    from journal.paths import ensure_private_dir

    command = reminders.job(status_argv(journal_file))
    at = reminders.clock_words(hour, minute)
    if systemd_works():
        timer, service = unit_files()
        ensure_private_dir(timer.parent)
        try:
            atomic_write_bytes(service, reminders.service_text(command).encode("utf-8"))
            atomic_write_bytes(timer, reminders.timer_text(hour, minute).encode("utf-8"))
            _systemctl("daemon-reload")
            _systemctl("enable", "--now", timer.name)
        except (OSError, CommandError) as exc:
            _remove_units()
            why = exc.message if isinstance(exc, CommandError) else exc.strerror or str(exc)
            raise CommandError(f"could not set the reminder: {why} (nothing was left "
                               "installed)") from None
        _remove_cron_lines()  # moved from cron to systemd: never two reminders
        how = f"a systemd user timer ({timer.name}, in {timer.parent})"
    else:
        crontab = read_crontab()
        if crontab is None:
            raise CommandError(
                "cannot schedule a reminder here: there is no systemd user session and no "
                "crontab command (nothing was changed)",
                ["a shell prompt can remind you instead: PS1='$(journal status --short)\\n$ '"])
        write_crontab(reminders.cron_without_ours(crontab)
                      + reminders.cron_line(hour, minute, command) + "\n")
        _remove_units()  # files of ours that systemd here would never run
        how = "a line in your crontab (crontab -l shows it)"
    print(f"reminder set: every day at {at}, by {how}")
    print(f"it runs `journal status --short` on {journal_file} and, only when something is due, "
          f"{notifier_words()}")
    print("remove it with: journal remind --off")
    return EXIT_OK


def _remove_units() -> list[Path]:
    removed = []
    for path in unit_files():
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            continue
    return removed


def _remove_cron_lines() -> int:
    from journal import reminders

    crontab = read_crontab()
    if not crontab:
        return 0
    ours = reminders.cron_entries(crontab)
    if ours:
        write_crontab(reminders.cron_without_ours(crontab))
    return len(ours)


def turn_off() -> int:
    timer, _service = unit_files()
    had_units = any(p.exists() for p in unit_files())
    if had_units and systemd_works():
        _run(["systemctl", "--user", "disable", "--now", timer.name])  # gone either way
    removed = _remove_units()
    if had_units and systemd_works():
        _run(["systemctl", "--user", "daemon-reload"])
    lines = _remove_cron_lines()
    if not removed and not lines:
        print("no reminder was installed")
        return EXIT_OK
    if removed:
        print(f"removed the systemd user timer ({', '.join(p.name for p in removed)})")
    if lines:
        print("removed the reminder line from your crontab")
    return EXIT_OK


def show() -> int:
    from journal import reminders

    found = False
    timer, service = unit_files()
    if timer.exists():
        found = True
        at = reminders.timer_time(timer.read_text(encoding="utf-8")) or "an unknown time"
        state = ""
        if systemd_works():
            state = _run(["systemctl", "--user", "is-enabled", timer.name])[1].strip()
            state = f" ({state or 'state unknown'})"
        print(f"reminder  every day at {at}, systemd user timer{state}")
        print(f"files     {timer}")
        print(f"          {service}")
    crontab = read_crontab()
    for line in reminders.cron_entries(crontab or ""):
        found = True
        print(f"reminder  every day at {reminders.cron_time(line) or 'an unknown time'}, "
              "crontab line")
    if not found:
        print("no reminder installed; set one with: journal remind --at 20:30")
        return EXIT_OK
    print(f"it runs   journal status --short; when something is due it {notifier_words()}")
    return EXIT_OK
