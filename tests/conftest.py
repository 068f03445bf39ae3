"""Shared fixtures: a frozen clock, a temp journal, no network, screen text helper."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from journal.clock import FixedClock
from journal.domain.models import Journal
from journal.store import Store

#: A fixed "now": Saturday 21 November 2026, 20:30 local (UTC+1).
TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 21, 20, 30, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the real user's data and config out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRIAL_JOURNAL_DATA", str(home / "data" / "journal.json"))
    monkeypatch.setenv("TRIAL_JOURNAL_CONFIG", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "xdg-state"))  # crash logs
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _no_demo_left_behind(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test gets its own system temp folder; a demo folder left in it fails the test.

    Health-looking sample data must not linger in the shared temp folder (``journal --demo``
    removes its folder however it ends); a test that starts a demo checks the same here.
    """
    import tempfile

    from journal.demo import DEMO_PREFIX

    folder = tmp_path_factory.mktemp("systemp")
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    yield
    left = sorted(p.name for p in folder.glob(f"{DEMO_PREFIX}*"))
    assert left == [], f"demo folders left behind: {left}"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app never opens a network connection: any attempt fails the test.

    Unix-domain socket pairs stay allowed (asyncio's event loop uses one internally).
    """
    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = -1, *args: object, **kwargs: object) -> None:
            if family in (socket.AF_INET, socket.AF_INET6):
                raise RuntimeError("network access attempted during a test")
            super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "create_connection",
                        lambda *a, **k: (_ for _ in ()).throw(
                            RuntimeError("network access attempted during a test")))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.json"


@pytest.fixture
def store(journal_path: Path, clock: FixedClock) -> Iterator[Store]:
    yield Store(journal_path, clock)


@dataclass
class CliResult:
    """What one ``journal`` command did: exit code, standard output, standard error."""

    code: int
    out: str
    err: str


@pytest.fixture
def run_journal(clock: FixedClock, capsys: pytest.CaptureFixture[str]
                ) -> Callable[..., CliResult]:
    """``run_journal(path, *args)``: ``journal --data path ARGS`` in-process on the frozen
    clock, with a short lock timeout; argparse's exits become exit codes."""
    from journal.cli import main

    def run(path: Path, *argv: str) -> CliResult:
        try:
            code = main(["--data", str(path), *argv], clock=clock, lock_timeout=0.2)
        except SystemExit as exc:  # argparse: usage errors and --help
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run


def screen_text(app: object) -> str:
    """Plain text of the whole screen (modals included), as a person would read it."""
    from journal.ui.compat import screen_text as text

    return text(app)  # type: ignore[arg-type]


os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


def python_prints(code: str, env: dict[str, str] | None = None) -> str:
    """The last line a fresh ``python -c code`` prints.

    For what a process imports, which an in-process test cannot see: modules other tests
    loaded stay in ``sys.modules``.
    """
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    lines = out.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def bench_journal(years: int, today: date) -> Journal:
    """The benchmarks' synthetic journal of ``years`` years (bench/make_journal.py), in memory."""
    import importlib.util

    bench = Path(__file__).resolve().parent.parent / "bench"
    spec = importlib.util.spec_from_file_location("bench_make_journal", bench / "make_journal.py")
    assert spec and spec.loader
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    journal: Journal = module.build_journal(years, today)
    return journal
