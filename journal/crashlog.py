"""A crash log: the traceback of a fault of ours, kept where a person can find and send it.

Written 0600 in a 0700 state folder (``paths.state_dir``), atomically, never over a
symlink; the journal file is never touched. The caller prints where it is.
"""

from __future__ import annotations

from datetime import UTC

TYPE_CHECKING = False  # not typing's: importing typing costs every quick command ~4 ms

if TYPE_CHECKING:
    from pathlib import Path


def write_crash_log(exc: BaseException, what: str = "journal") -> Path | None:
    """Write the traceback of ``exc`` to a new crash log; its path, or None if that failed."""
    import os
    import traceback
    from datetime import datetime

    from journal import __version__, paths
    from journal.journal_file import atomic_write_bytes

    try:
        folder = paths.state_dir()
        paths.ensure_private_dir(folder)
        stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M%SZ")
        path = folder / f"crash-{stamp}-{os.getpid()}.log"
        text = (f"trial-journal {__version__} ({what}) crashed at {stamp}\n\n"
                + "".join(traceback.format_exception(exc)))
        atomic_write_bytes(path, text.encode("utf-8", "backslashreplace"))
    except Exception:
        return None
    return path
