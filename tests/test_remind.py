"""``journal remind``: a daily reminder through a systemd user timer, or cron where systemd is
absent, that notifies only when ``journal status --short`` says something is due.

Everything runs against a temporary XDG config folder and fake ``systemctl``, ``crontab`` and
``notify-send`` programs on PATH, which record what they were asked to do.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from functools import partial
from pathlib import Path

import pytest
from conftest import python_prints

from journal import reminders
from journal.clock import SystemClock
from journal.commands import remind
from journal.demo import demo_journal
from journal.store import Store

FAKE_SYSTEMCTL = """#!/bin/sh
echo "$*" >> "$FAKE_LOG/systemctl.log"
if [ -f "$FAKE_LOG/systemd-down" ]; then
    echo "Failed to connect to bus: No medium found" >&2; exit 1
fi
case "$*" in
    *"enable --now"*) if [ -f "$FAKE_LOG/enable-fails" ]; then
        echo "Failed to enable unit: Access denied" >&2; exit 1; fi ;;
    *is-enabled*) echo enabled ;;
esac
exit 0
"""
FAKE_CRONTAB = """#!/bin/sh
f="$FAKE_LOG/crontab.txt"
case "$1" in
    -l) if [ ! -f "$f" ]; then echo "no crontab for tester" >&2; exit 1; fi; /bin/cat "$f" ;;
    -) /bin/cat > "$f" ;;
    *) exit 2 ;;
esac
"""
FAKE_NOTIFY = """#!/bin/sh
for a in "$@"; do printf '%s\\n' "$a"; done >> "$FAKE_LOG/notify.log"
"""


class Fakes:
    """The fake programs' folder and what they recorded."""

    def __init__(self, root: Path) -> None:
        self.bin = root / "bin"
        self.log = root / "log"
        self.bin.mkdir(parents=True)
        self.log.mkdir()

    def add(self, name: str, script: str) -> None:
        path = self.bin / name
        path.write_text(script, encoding="utf-8")
        path.chmod(0o755)

    def read(self, name: str) -> str:
        path = self.log / name
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def flag(self, name: str) -> None:
        (self.log / name).touch()


@pytest.fixture
def fakes(tmp_path, monkeypatch) -> Fakes:
    found = Fakes(tmp_path / "fakes")
    monkeypatch.setenv("PATH", str(found.bin))  # nothing real: only the fakes added
    monkeypatch.setenv("FAKE_LOG", str(found.log))
    monkeypatch.setattr(remind, "running_as_root", lambda: False)
    return found


@pytest.fixture
def units(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "systemd" / "user"


@pytest.fixture
def cli(journal_path, run_journal):
    return partial(run_journal, journal_path)


def test_systemd_timer_installed_shown_moved_and_removed(cli, fakes, units, journal_path):
    fakes.add("systemctl", FAKE_SYSTEMCTL)
    fakes.add("notify-send", FAKE_NOTIFY)
    assert cli("remind").out == "no reminder installed; set one with: journal remind --at 20:30\n"

    done = cli("remind", "--at", "20:30")
    assert done.code == 0, done.err
    assert done.out.startswith("reminder set: every day at 20:30, by a systemd user timer")
    assert "shows it as a desktop notification (notify-send)" in done.out
    timer = units / "trial-journal-reminder.timer"
    service = units / "trial-journal-reminder.service"
    assert "OnCalendar=*-*-* 20:30:00\n" in timer.read_text(encoding="utf-8")
    assert "WantedBy=timers.target" in timer.read_text(encoding="utf-8")
    command = reminders.exec_command(service.read_text(encoding="utf-8"))
    assert f"--data {journal_path} status --short" in command
    assert oct(timer.stat().st_mode & 0o777) == "0o600"
    calls = fakes.read("systemctl.log").splitlines()
    assert "--user daemon-reload" in calls
    assert calls[-1] == "--user enable --now trial-journal-reminder.timer"

    shown = cli("remind")
    assert shown.code == 0
    assert "every day at 20:30, systemd user timer (enabled)" in shown.out
    assert str(timer) in shown.out

    assert cli("remind", "--at", "7:05").code == 0  # a new time moves it
    assert "OnCalendar=*-*-* 07:05:00" in timer.read_text(encoding="utf-8")

    off = cli("remind", "--off")
    assert off.code == 0, off.err
    assert off.out.startswith("removed the systemd user timer")
    assert not timer.exists() and not service.exists()
    assert "--user disable --now trial-journal-reminder.timer" in fakes.read("systemctl.log")
    assert cli("remind", "--off").out == "no reminder was installed\n"


def test_cron_where_systemd_is_absent_keeps_the_other_lines(cli, fakes, units):
    fakes.add("systemctl", FAKE_SYSTEMCTL)
    fakes.flag("systemd-down")  # a binary, but no user session (containers, WSL, ...)
    fakes.add("crontab", FAKE_CRONTAB)
    table = fakes.log / "crontab.txt"
    table.write_text("MAILTO=me\n0 9 * * * backup.sh\n", encoding="utf-8")

    done = cli("remind", "--at", "20:30")
    assert done.code == 0, done.err
    assert "by a line in your crontab" in done.out
    assert "notify-send, which is not installed here" in done.out
    assert not units.exists()
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["MAILTO=me", "0 9 * * * backup.sh"]
    assert lines[2].startswith("30 20 * * * ") and lines[2].endswith(reminders.CRON_MARK)

    assert cli("remind", "--at", "21:00").code == 0
    lines = table.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and lines[2].startswith("0 21 * * * ")  # moved, not doubled
    assert "every day at 21:00, crontab line" in cli("remind").out

    off = cli("remind", "--off")
    assert off.out == "removed the reminder line from your crontab\n"
    assert table.read_text(encoding="utf-8") == "MAILTO=me\n0 9 * * * backup.sh\n"


def test_cron_with_no_crontab_yet(cli, fakes, units):
    fakes.add("crontab", FAKE_CRONTAB)  # and no systemctl at all
    assert cli("remind", "--at", "08:00").code == 0
    lines = (fakes.log / "crontab.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("0 8 * * * ")


def test_nowhere_to_schedule_changes_nothing(cli, fakes, units):
    fakes.add("systemctl", FAKE_SYSTEMCTL)
    fakes.flag("systemd-down")
    done = cli("remind", "--at", "20:30")
    assert done.code == 2
    assert "no systemd user session and no crontab command (nothing was changed)" in done.err
    assert "PS1='$(journal status --short)" in done.err
    assert not units.exists()


def test_a_failed_enable_leaves_nothing_installed(cli, fakes, units):
    fakes.add("systemctl", FAKE_SYSTEMCTL)
    fakes.flag("enable-fails")
    done = cli("remind", "--at", "20:30")
    assert done.code == 2
    assert "Access denied" in done.err and "nothing was left installed" in done.err
    assert list(units.iterdir()) == []


def test_root_is_refused_and_nothing_runs(cli, fakes, units, monkeypatch):
    fakes.add("systemctl", FAKE_SYSTEMCTL)
    monkeypatch.setattr(remind, "running_as_root", lambda: True)
    for argv in (("--at", "20:30"), ("--off",)):
        done = cli("remind", *argv)
        assert done.code == 2
        assert "run `journal remind` as yourself, not as root" in done.err
    assert fakes.read("systemctl.log") == "" and not units.exists()


@pytest.mark.parametrize("bad", ["8pm", "24:00", "20:60", "2030", ""])
def test_a_bad_time_is_refused(cli, fakes, units, bad):
    fakes.add("systemctl", FAKE_SYSTEMCTL)
    done = cli("remind", "--at", bad)
    assert done.code == 2
    assert done.err.startswith("journal: time (--at): must be ")
    assert fakes.read("systemctl.log") == ""


# --- the job itself --------------------------------------------------------------------------


def _journal_due_today(path: Path) -> None:
    """The demo journal on the real today (the job runs the real clock), today not logged."""
    clock = SystemClock()
    today = clock.today()
    journal = demo_journal(today, datetime.now().astimezone().tzinfo)
    journal.entries.pop(today, None)
    Store(path, clock).replace_all(journal)


def _run_job(command: str, fakes: Fakes, with_tools: bool = True) -> subprocess.CompletedProcess:
    path = f"{fakes.bin}:/usr/bin:/bin" if with_tools else "/usr/bin:/bin"
    env = {"PATH": path, "FAKE_LOG": str(fakes.log), "HOME": str(fakes.log)}
    return subprocess.run(["/bin/sh", "-c", command], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_the_job_notifies_only_when_something_is_due(tmp_path, fakes):
    fakes.add("notify-send", FAKE_NOTIFY)
    due = tmp_path / "due.json"
    _journal_due_today(due)
    service = reminders.service_text(reminders.job(remind.status_argv(due)))
    ran = _run_job(reminders.exec_command(service), fakes)  # as systemd would run it
    assert ran.returncode == 0, ran.stderr
    said = fakes.read("notify.log").splitlines()
    assert said[:2] == ["--app-name=trial-journal", "trial-journal"]
    assert "not logged today" in said[2]

    (fakes.log / "notify.log").unlink()
    nothing_due = tmp_path / "empty.json"  # no block: status --short prints nothing
    line = reminders.cron_line(20, 30, reminders.job(remind.status_argv(nothing_due)))
    ran = _run_job(reminders.cron_command(line), fakes)  # as cron would run it
    assert ran.returncode == 0, ran.stderr
    assert fakes.read("notify.log") == ""


def test_the_job_is_silent_without_notify_send(tmp_path, fakes):
    due = tmp_path / "due.json"
    _journal_due_today(due)
    if any(Path(d, "notify-send").exists() for d in ("/usr/bin", "/bin")):
        pytest.skip("this machine has a real notify-send")
    ran = _run_job(reminders.job(remind.status_argv(due)), fakes, with_tools=False)
    assert ran.returncode == 0 and ran.stdout == "" and ran.stderr == ""


def test_odd_characters_in_the_path_survive_both_schedulers(tmp_path, fakes):
    fakes.add("notify-send", FAKE_NOTIFY)
    odd = str(tmp_path / "it's 100% \"mine\" $HOME \\ `x`" / "j.json")
    command = reminders.job(["/bin/echo", odd])  # stands in for journal status --short
    from_unit = reminders.exec_command(reminders.service_text(command))
    from_cron = reminders.cron_command(reminders.cron_line(6, 0, command))
    assert from_unit == from_cron == command
    assert "100\\%" in reminders.cron_line(6, 0, command)  # cron reads a bare % as newline
    assert _run_job(from_unit, fakes).returncode == 0
    assert fakes.read("notify.log").splitlines()[2] == odd


def test_remind_does_not_import_textual(tmp_path):
    code = ("import sys\nfrom journal.cli import main\nmain(['remind'])\n"
            "print('loaded:', ','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'rich', 'tinydb'))))\n")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "PATH": str(tmp_path)}
    assert python_prints(code, env=env) == "loaded:"


def test_parse_time_and_unit_round_trip():
    assert reminders.parse_time(" 7:05 ") == (7, 5)
    assert reminders.timer_time(reminders.timer_text(7, 5)) == "07:05"
    assert reminders.cron_time(reminders.cron_line(7, 5, "true")) == "07:05"


def test_systemd_accepts_the_unit_files(tmp_path):
    """systemd's own parser (where installed) reads both files without a complaint."""
    import shutil

    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    odd = tmp_path / "it's 100% $HOME" / "j.json"
    service = tmp_path / f"{reminders.UNIT}.service"
    timer = tmp_path / f"{reminders.UNIT}.timer"
    service.write_text(reminders.service_text(reminders.job(remind.status_argv(odd))),
                       encoding="utf-8")
    timer.write_text(reminders.timer_text(20, 30), encoding="utf-8")
    checked = subprocess.run([analyze, "verify", "--man=no", str(service), str(timer)],
                             capture_output=True, text=True, timeout=120, check=False)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr
