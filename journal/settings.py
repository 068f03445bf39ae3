"""The settings file (the chosen theme, ``day_start_hour``): a small JSON object, never part
of the journal.

Read forgivingly: a missing, unreadable or damaged file gives ``{}`` and the defaults, since
nothing in it is data a person could lose. Written like the journal, with the shared atomic
writer (:func:`journal.journal_file.atomic_write_bytes`): 0600, in a folder made 0700.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def load_settings(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read the JSON settings file; a missing, unreadable or corrupt file gives ``{}``."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_settings(path: str | os.PathLike[str], settings: Mapping[str, Any]) -> None:
    """Write the settings atomically (the old file stays whole if anything fails).

    Raises:
        OSError: if the folder or file cannot be written (the old file is kept).
        TypeError: if ``settings`` holds values JSON cannot store.
    """
    from journal.journal_file import atomic_write_bytes
    from journal.paths import ensure_private_dir

    path = Path(path)
    text = json.dumps(dict(settings), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    ensure_private_dir(path.parent)
    atomic_write_bytes(path, text.encode("utf-8"))
