"""The HTML report printed by a real browser: headless Chromium makes a PDF, poppler reads it.

Marked slow (a browser start takes seconds); ``.ci/run`` runs it explicitly after installing
Chromium and poppler, and there a missing browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from journal.demo import demo_journal
from journal.report import build_report

pytestmark = pytest.mark.slow

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Paper sizes a clinic prints on; Chromium's own default is Letter.
PAPERS = {"Letter": None, "A4": "A4"}


def _tools() -> tuple[str, str, str]:
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    pdftotext, pdfinfo = shutil.which("pdftotext"), shutil.which("pdfinfo")
    missing = [n for n, f in (("chromium", browser), ("pdftotext", pdftotext),
                              ("pdfinfo", pdfinfo)) if f is None]
    if missing:
        why = (f"{', '.join(missing)} not installed (Debian: apt-get install chromium "
               "poppler-utils), so the HTML report cannot be printed by a real browser here")
        if os.environ.get("CI") == "true":
            pytest.fail(why + "; CI must install them (.ci/run does)")
        pytest.skip(why)
    return browser, pdftotext, pdfinfo  # type: ignore[return-value]


def print_to_pdf(page: Path, pdf: Path, profile: Path) -> None:
    """Print ``page`` as a user would, without the browser's own header and footer lines."""
    browser, _, _ = _tools()
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-extensions", f"--user-data-dir={profile}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=180,
        env={**os.environ, "HOME": str(profile)})
    assert pdf.is_file() and pdf.stat().st_size > 0


def pdf_pages(pdf: Path) -> tuple[str, list[str]]:
    """(paper size line, text of each page)."""
    _, pdftotext, pdfinfo = _tools()
    info = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    size = re.search(r"^Page size:\s+(.*)$", info, re.MULTILINE).group(1)
    texts = [subprocess.run([pdftotext, "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                            check=True, capture_output=True, text=True).stdout
             for n in range(1, count + 1)]
    return size, texts


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("paper", list(PAPERS))
def test_the_html_report_prints_every_section_on_sane_pages(tmp_path, clock, paper):
    journal = demo_journal(clock.today(), clock.now().tzinfo)
    markdown = build_report(journal, None, clock.today(), "markdown")
    page = build_report(journal, None, clock.today(), "html")
    if PAPERS[paper]:
        page = page.replace("</style>", f"@page {{ size: {PAPERS[paper]}; }}</style>", 1)
    html_file = tmp_path / "report.html"
    html_file.write_text(page, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    print_to_pdf(html_file, pdf, tmp_path / "profile")
    size, texts = pdf_pages(pdf)

    assert paper.lower() in size.lower(), size
    # The demo block (8 weeks, two charts, statistics) fills a few pages, not one or dozens,
    # and no page is left empty by a forced break.
    assert 3 <= len(texts) <= 10, f"{len(texts)} pages"
    assert all(_flat(t) for t in texts), "an empty page"
    everything = _flat(" ".join(texts))
    headings = [line.lstrip("#").strip() for line in markdown.splitlines()
                if re.match(r"#{1,3} ", line)]
    assert len(headings) >= 10
    missing = [h for h in headings if _flat(h) not in everything]
    assert missing == [], f"headings not in the printed text: {missing}"

    # Tables are never cut: a table's first and last rows are on the same page.
    def page_of(words: str) -> int:
        return next(i for i, t in enumerate(texts) if words in _flat(t))

    assert page_of("Week 1 ") == page_of("Week 8 ") == page_of("Baseline 23 Sep")
    assert page_of("Dose 2 per week") == page_of("Notes gentle start")
    # Each chart is drawn whole on one page: its title and its last axis label together.
    # ("phase" alone also appears in the text before the chart, so look after the title.)
    title = "Pain 0-10 (lower is better)"
    chart_page = _flat(texts[page_of(title)])
    assert "phase" in chart_page[chart_page.index(title):]
