"""Layering: the domain, analysis, store and command line never import Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = [
    "journal.domain.models",
    "journal.domain.codec",
    "journal.domain.checks",
    "journal.store",
    "journal.clock",
    "journal.paths",
    "journal.demo",
    "journal.cli",
    "journal.domain.daybook",
    "journal.domain.planning",
    "journal.analysis.summary",
    "journal.analysis.stats",
    "journal.charts",
    "journal.report",
    "journal.backups",
    "journal.importer",
    "journal.csvio",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_module_does_not_import_textual(module):
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "", f"{module} pulled in {out.stdout.strip()}"


def test_domain_does_not_import_tinydb():
    code = (
        "import sys, journal.domain.models, journal.domain.codec, journal.demo\n"
        "print('tinydb' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_the_check_itself_can_fail():
    """Guard against a test that cannot fail: importing the app does pull in textual."""
    code = "import sys, journal.app\nprint('textual' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "True"
