"""Where the journal, its backups, the settings and user themes live.

Paths are computed by functions on demand (never at import), honouring ``--data``, then the
``TRIAL_JOURNAL_DATA`` environment variable, then the platform's user-data folder.
``TRIAL_JOURNAL_CONFIG`` moves the config folder (settings and themes), mainly for tests.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "trial-journal"
DATA_ENV = "TRIAL_JOURNAL_DATA"
CONFIG_ENV = "TRIAL_JOURNAL_CONFIG"


def default_data_dir() -> Path:
    import platformdirs  # lazy: not needed when --data or the env var is given

    return platformdirs.user_data_path(APP_NAME)


def data_file(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The journal file: ``--data``, else ``$TRIAL_JOURNAL_DATA``, else the user-data folder."""
    if explicit:
        return Path(explicit).expanduser().absolute()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser().absolute()
    return default_data_dir() / "journal.json"


def backups_dir(journal_file: Path) -> Path:
    """Backups sit in a ``backups`` folder beside the journal file."""
    return journal_file.parent / "backups"


def config_dir() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser().absolute()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME)


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
