"""``journal --demo`` leaves nothing behind: quit, error, closed terminal (SIGHUP), SIGTERM.

The conftest gives every test its own temp folder and fails a test that leaves a
``trial-journal-demo-*`` folder in it, so the whole suite is checked too.
"""

from __future__ import annotations

import contextlib
import os
import pty
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from journal import cli
from journal.demo import DEMO_PREFIX, demo_folder


def _demo_folders() -> list[Path]:
    return sorted(Path(tempfile.gettempdir()).glob(f"{DEMO_PREFIX}*"))


def test_the_folder_is_private_and_removed_when_the_demo_ends():
    with demo_folder() as folder:
        assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700
        (folder / "demo.json").write_text("{}")
        assert _demo_folders() == [folder]
    assert _demo_folders() == []


def test_the_folder_is_removed_after_an_error_too():
    with pytest.raises(RuntimeError), demo_folder() as folder:
        (folder / "demo.json").write_text("{}")
        raise RuntimeError("the app crashed")
    assert _demo_folders() == []


def test_quitting_the_demo_app_removes_its_folder(monkeypatch):
    from journal.app import JournalApp

    seen: list[Path] = []

    def run(app: JournalApp) -> None:  # the person quits at once
        seen.append(app.store.path)
        assert app.store.path.exists() and app.demo

    monkeypatch.setattr(JournalApp, "run", run)
    assert cli.main(["--demo"]) == 0
    assert seen and not seen[0].parent.exists()
    assert _demo_folders() == []


def _wait_for(condition, what: str, limit: float = 60.0) -> None:
    """Poll until ``condition()`` holds (a slow machine only makes this slower, not flaky)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never saw: {what}")
        time.sleep(0.05)


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_closed_terminal_or_a_kill_removes_the_demo_folder(tmp_path, signum):
    """The real app in a pseudo-terminal, then the signal a closed terminal (or ``kill``) sends."""
    env = {**os.environ, "TMPDIR": str(tmp_path), "TEXTUAL_ANIMATIONS": "none"}
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "journal", "--demo"], stdin=secondary,
                            stdout=secondary, stderr=secondary, env=env, close_fds=True,
                            start_new_session=True)
    os.close(secondary)
    drawn = bytearray()
    try:
        _wait_for(lambda: any(tmp_path.glob(f"{DEMO_PREFIX}*/demo.json")), "the demo journal")
        os.set_blocking(primary, False)

        def app_drew() -> bool:
            with contextlib.suppress(BlockingIOError):
                drawn.extend(os.read(primary, 65536))
            return b"demo journal" in drawn or len(drawn) > 4000

        _wait_for(app_drew, "the app drawing its screen")
        proc.send_signal(signum)
        _wait_for(lambda: proc.poll() is not None, "the demo exiting")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(primary)
    assert list(tmp_path.glob(f"{DEMO_PREFIX}*")) == []
    assert proc.returncode in (128 + signum, -signum)
