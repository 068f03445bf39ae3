"""Where the journal, its backups, the settings and user themes live.

Paths are computed by functions on demand (never at import), honouring ``--data``, then the
``TRIAL_JOURNAL_DATA`` environment variable, then the platform's user-data folder.
``TRIAL_JOURNAL_CONFIG`` moves the config folder (settings and themes), mainly for tests.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "trial-journal"
DATA_ENV = "TRIAL_JOURNAL_DATA"
CONFIG_ENV = "TRIAL_JOURNAL_CONFIG"


def _plain_xdg_home(variable: str, fallback: str) -> str | None:
    """The base folder platformdirs gives on Linux, in the plain cases, without importing it.

    Importing platformdirs (it brings tempfile, shutil and typing) costs more than the rest of
    ``journal status --short``, which a shell prompt pays every time (bench/README.md). The
    XDG rule is simple when ``$XDG_..._HOME`` is an absolute path, or unset and ``$HOME`` is
    absolute; anything else (another system, Android, a relative value) returns None and
    platformdirs decides.
    ``tests/test_paths.py`` checks the answers against platformdirs itself.
    """
    if not sys.platform.startswith("linux") or hasattr(sys, "getandroidapilevel") \
            or os.environ.get("ANDROID_DATA") or os.environ.get("ANDROID_ROOT"):
        return None
    value = os.environ.get(variable, "")
    if value:
        return value if value.startswith("/") else None
    home = os.environ.get("HOME", "")
    return os.path.join(home, fallback) if home.startswith("/") else None


def _absolute(path: str | os.PathLike[str]) -> str:
    """``Path(path).expanduser().absolute()`` as a string, without normalising ``..``."""
    expanded = os.path.expanduser(os.fspath(path))
    return expanded if os.path.isabs(expanded) else os.path.join(os.getcwd(), expanded)


def default_data_dir() -> Path:
    from pathlib import Path

    return Path(_default_data_dir_name())


def _default_data_dir_name() -> str:
    base = _plain_xdg_home("XDG_DATA_HOME", ".local/share")
    if base is not None:
        return os.path.join(base, APP_NAME)
    import platformdirs  # lazy: not needed when --data or the env var is given

    return platformdirs.user_data_dir(APP_NAME)


def data_file_name(explicit: str | os.PathLike[str] | None = None) -> str:
    """The journal file: ``--data``, else ``$TRIAL_JOURNAL_DATA``, else the user-data folder.

    A string, so ``status --short`` finds the file without importing pathlib.
    """
    if explicit:
        return through_link(_absolute(explicit))
    env = os.environ.get(DATA_ENV)
    if env:
        return through_link(_absolute(env))
    return through_link(os.path.join(_default_data_dir_name(), "journal.json"))


def through_link(name: str) -> str:
    """The file a symlinked journal path points to (the path itself when it is no link).

    Every write replaces the file by renaming a new one over it; done at the link's own
    path, that would turn the link into a plain file and leave its target behind. Writing,
    locking and backing up the target instead keeps the link a link, and a process given the
    link and one given the target share one lock.
    """
    return os.path.realpath(name) if os.path.islink(name) else name


def data_file(explicit: str | os.PathLike[str] | None = None) -> Path:
    """:func:`data_file_name` as a ``Path``."""
    from pathlib import Path

    return Path(data_file_name(explicit))


def backups_dir(journal_file: Path) -> Path:
    """Backups sit in a ``backups`` folder beside the journal file."""
    return journal_file.parent / "backups"


def config_dir() -> Path:
    from pathlib import Path

    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser().absolute()
    base = _plain_xdg_home("XDG_CONFIG_HOME", ".config")
    if base is not None:
        return Path(base, APP_NAME)
    import platformdirs

    return platformdirs.user_config_path(APP_NAME)


def state_dir() -> Path:
    """Where crash logs go: ``$XDG_STATE_HOME/trial-journal`` (``~/.local/state/...``)."""
    from pathlib import Path

    base = _plain_xdg_home("XDG_STATE_HOME", ".local/state")
    if base is not None:
        return Path(base, APP_NAME)
    import platformdirs

    return platformdirs.user_state_path(APP_NAME)


def themes_dir() -> Path:
    return config_dir() / "themes"


def settings_file() -> Path:
    return config_dir() / "settings.json"


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) as 0700, whatever the umask.

    Folders that already exist are left alone: we never chmod a folder we did not make
    (``--data /tmp/x.json`` must not change /tmp).
    """
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(path, 0o700)
        if os.geteuid() == 0:
            # Root making a folder in a person's folder gives it to them (as it does files:
            # journal_file.owner_for), or they could not open their own backups.
            st = os.stat(path.parent)
            os.chown(path, st.st_uid, st.st_gid)


def report_file(journal_file: Path, block_name: str, day: object, suffix: str) -> Path:
    """Where a saved report goes when no file is named: ``reports/<block>-<day>.<suffix>``
    beside the journal file (the Review screen's ``w`` and ``journal report --open``)."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", block_name.casefold()).strip("-")
    return journal_file.parent / "reports" / f"{slug or 'block'}-{day}.{suffix}"
