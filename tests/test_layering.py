"""Layering: the domain, analysis, store and command line never import Textual."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from conftest import python_prints


def _modules(package: str) -> list[str]:
    """Every module of a package, so a new one is covered without editing this list."""
    root = importlib.import_module(package)
    return [m.name for m in pkgutil.walk_packages(root.__path__, f"{package}.")]


#: Everything but the user interface: the domain, analysis, storage and command line.
PURE = [*_modules("journal.domain"), *_modules("journal.analysis")]
#: The screens' view-models: beside the UI, yet testable without a terminal.
VIEWS = _modules("journal.views")
HEADLESS = [
    *PURE,
    *VIEWS,
    *_modules("journal.commands"),
    "journal.store",
    "journal.journal_file",
    "journal.backups",
    "journal.clock",
    "journal.paths",
    "journal.demo",
    "journal.cli",
    "journal.charts",
    "journal.report",
    "journal.report_html",
    "journal.reminders",
    "journal.importer",
    "journal.csvio",
    "journal.quickread",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_module_does_not_import_textual(module):
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    bad = python_prints(code)
    assert bad == "", f"{module} pulled in {bad}"


def test_domain_and_analysis_do_not_import_tinydb():
    code = (
        f"import sys, {', '.join(PURE + VIEWS)}, journal.demo\n"
        "print('tinydb' in sys.modules)\n"
    )
    assert python_prints(code) == "False"


def test_domain_and_analysis_do_not_import_the_view_models():
    """The domain holds only the domain: a screen's view-model never leaks back into it."""
    code = (
        f"import sys, {', '.join(PURE)}\n"
        "print(sorted(m for m in sys.modules if m.startswith('journal.views')))\n"
    )
    assert python_prints(code) == "[]"
    assert VIEWS, "the view-model package was found"


def test_the_check_itself_can_fail():
    """Guard against a test that cannot fail: importing the app does pull in textual."""
    code = "import sys, journal.app\nprint('textual' in sys.modules)\n"
    assert python_prints(code) == "True"
