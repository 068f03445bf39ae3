"""Daily backups of the journal file (filled in by the reliability work)."""

from __future__ import annotations

from datetime import date
from pathlib import Path


def daily_backup(journal_file: Path, today: date) -> Path | None:
    """Copy the journal aside before the first write of ``today``. Placeholder: no-op."""
    return None
