"""Health data stays private: owner-only files, nothing stray, and no network at all."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from journal import backups, cli
from journal.store import Store


# --- the guard itself ------------------------------------------------------------------------
@pytest.mark.parametrize("family", [socket.AF_INET, socket.AF_INET6], ids=["IPv4", "IPv6"])
def test_the_suites_network_guard_refuses_internet_sockets(family):
    """tests/conftest.py blocks the network for every test; prove it still does."""
    with pytest.raises(RuntimeError, match="network access"):
        socket.socket(family, socket.SOCK_STREAM)
    with pytest.raises(RuntimeError, match="network access"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)


def test_the_guard_leaves_local_sockets_alone():
    left, right = socket.socketpair()  # asyncio's event loop needs these
    left.close()
    right.close()


# --- commands run in a fresh process, watched by an audit hook ------------------------------
WATCHED = textwrap.dedent("""
    import socket, sys
    def refuse(event, args):
        if event == "socket.__new__" and args[1] in (socket.AF_INET, socket.AF_INET6):
            raise SystemExit("network: socket " + repr(args[1:]))
        if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname"):
            raise SystemExit("network: " + event)
    sys.addaudithook(refuse)
    from journal import cli
    data = ["--data", sys.argv[1]]
    for argv in (["log", "--pain", "4", "--date", "2020-01-02"], ["status"], ["backup"],
                 ["export", "--format", "csv"], ["restore", "--list"]):
        code = cli.main(data + argv)
        if code != 0:
            raise SystemExit(f"{argv} exited {code}")
""")


def test_commands_open_no_network_connection(tmp_path):
    done = subprocess.run([sys.executable, "-c", WATCHED, str(tmp_path / "journal.json")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "network" not in done.stderr


# --- files on disk ---------------------------------------------------------------------------
def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_everything_written_by_default_is_owner_only_under_umask_000(tmp_path, clock, capsys):
    journal = tmp_path / "new" / "journal.json"
    export = tmp_path / "exports" / "mine" / "journal.csv"
    old = os.umask(0)
    try:
        store = Store(journal, clock)
        store.log_day(clock.today() - timedelta(days=1), pain=3, note="private")
        clock.advance(days=1)
        store.log_day(clock.today(), pain=4)  # makes the day's backups
        manual = backups.backup_now(journal, clock)
        backups.restore(journal, manual, clock)
        assert cli.main(["--data", str(journal), "export", "--format", "csv",
                         "--out", str(export)]) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    folders = [journal.parent, journal.parent / "backups", export.parent, export.parent.parent]
    assert {str(f): _mode(f) for f in folders} == {str(f): 0o700 for f in folders}
    files = [p for p in journal.parent.rglob("*") if p.is_file()] + [export]
    assert len(files) >= 7  # journal, lock, daily, monthly, manual, safety copy, export
    assert {str(p): _mode(p) for p in files} == {str(p): 0o600 for p in files}


def test_the_store_writes_nothing_outside_its_folder(tmp_path, clock):
    journal = tmp_path / "data" / "journal.json"
    store = Store(journal, clock)
    for i in range(3):
        store.log_day(clock.today() - timedelta(days=i), pain=i)
        clock.advance(days=1)
    names = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert names == ["data", "data/.journal.json.lock", "data/backups",
                     "data/backups/journal-2026-11-22.json", "data/backups/journal-2026-11-23.json",
                     "data/backups/journal-2026-11.json", "data/journal.json"]
