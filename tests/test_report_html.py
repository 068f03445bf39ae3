"""The printable HTML report: one self-contained page drawn from the Markdown report.

What a person would notice: every section of the report is there, the charts are drawn,
nothing they typed can turn into markup, the page reaches for nothing outside itself, and
the file is private. The real browser test (print to PDF) is in test_report_print.py.
"""

from __future__ import annotations

import re
import stat
import sys
from functools import partial
from pathlib import Path

import pytest

from journal.demo import demo_journal
from journal.domain.record import replace
from journal.report import build_report
from journal.report_html import chart_svg, html_page
from journal.store import Store

NASTY = '<script>alert("x")</script> & <img src=http://example.com/p.png> **bold**'


@pytest.fixture
def cli(journal_path, run_journal):
    return partial(run_journal, journal_path)


@pytest.fixture
def demo(journal_path, clock) -> Path:
    Store(journal_path, clock).replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    return journal_path


def _demo_reports(clock) -> tuple[str, str]:
    journal = demo_journal(clock.today(), clock.now().tzinfo)
    return (build_report(journal, None, clock.today(), "markdown"),
            build_report(journal, None, clock.today(), "html"))


def external_references(page: str) -> list[str]:
    """Anything in the page that would make a browser fetch or run something."""
    patterns = [r"https?:", r"\bsrc\s*=", r"\bhref\s*=", r"@import", r"url\((?!#)",
                r"<script", r"<link", r"<img", r"<iframe", r"<object", r"<embed", r"<base",
                r"xlink:", r"\bon\w+\s*=", r"//[a-z0-9.-]+\.[a-z]{2,}"]
    return [m.group(0) for p in patterns for m in re.finditer(p, page, re.IGNORECASE)]


def test_every_markdown_section_is_a_section_of_the_page(clock):
    markdown, page = _demo_reports(clock)
    headings = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert len(headings) >= 9
    shown = re.findall(r"<h2>(.*?)</h2>", page)
    assert shown == [h.replace("&", "&amp;") for h in headings]
    assert page.count("<section>") == len(headings) == page.count("</section>")
    # Tables stay tables, with the same number of rows as in the Markdown.
    md_tables = re.findall(r"(?:^\|.*\n)+", markdown, re.MULTILINE)
    assert page.count("<table") == len(md_tables)
    weekly = next(t for t in md_tables if "Week 1" in t)
    body = page[page.index("<h2>Weekly averages</h2>"):]
    body = body[:body.index("</table>")]
    assert body.count("<tr>") == len(weekly.strip().splitlines()) - 1  # minus the |---| row


def test_the_charts_are_inline_svg_of_the_same_text(clock):
    markdown, page = _demo_reports(clock)
    charts = re.findall(r"```text\n(.*?)\n```", markdown, re.DOTALL)
    assert len(charts) == 2  # pain and walking minutes
    svgs = re.findall(r"<svg class=\"chart\".*?</svg>", page, re.DOTALL)
    assert len(svgs) == 2 and "<pre>" not in page
    for text, svg in zip(charts, svgs, strict=True):
        title = text.splitlines()[0].strip()
        assert f"<title>{title.replace('&', '&amp;')}</title>" in svg
        # Rich writes each run of characters as SVG text (spaces as &#160;).
        words = re.findall(r">([^<>]*)</text>", svg)
        drawn = "".join(words).replace("&#160;", " ")
        assert "baseline" in drawn and "weekly average" in drawn


def test_the_page_fetches_nothing_and_runs_nothing(clock):
    _, page = _demo_reports(clock)
    assert external_references(page) == []
    assert "default-src 'none'" in page  # and the browser is told so
    assert "<style>" in page and page.startswith("<!DOCTYPE html>")


def test_the_check_for_references_can_fail():
    found = external_references('<img src="x.png"><a href="https://x.org">'
                                "<style>@import url(a.css)</style>")
    assert len(found) >= 4
    default_rich_svg = pytest.importorskip("rich.console").CONSOLE_SVG_FORMAT
    assert external_references(default_rich_svg)  # Rich's own template loads a web font


def test_user_text_is_escaped_everywhere(clock):
    journal = demo_journal(clock.today(), clock.now().tzinfo)
    block = journal.blocks_by_start()[-1]
    plan = block.plan.replace(name=NASTY, therapist=NASTY, areas=('<b>x</b> & "y"',))
    journal.blocks[journal.blocks.index(block)] = replace(block, plan=plan)
    page = build_report(journal, NASTY, clock.today(), "html")
    assert "<script" not in page and "<img" not in page  # typed text never becomes a tag
    assert ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
            "&lt;img src=http://example.com/p.png&gt;") in page
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;" in page
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title.startswith("Massage block review: &lt;script&gt;")


def test_page_from_markdown_keeps_emphasis_lists_and_unknown_fences():
    page = html_page("# T <1>\n\nIntro *soft* and **firm** `x<y>`.\n\n## A & B\n\n- one\n"
                     "- two\n\n| a | b |\n| --- | ---: |\n| 1 | 2 |\n\n```\nraw <b>\n```\n")
    assert "<title>T &lt;1&gt;</title>" in page
    assert "<em>soft</em>" in page and "<strong>firm</strong>" in page
    assert "<code>x&lt;y&gt;</code>" in page
    assert "<h2>A &amp; B</h2>" in page and "<ul><li>one</li><li>two</li></ul>" in page
    assert '<th class="num">b</th>' in page and '<td class="num">2</td>' in page
    assert "<pre>raw &lt;b&gt;</pre>" in page


def test_page_from_markdown_keeps_numbered_lists_quotes_and_rules():
    page = html_page("# T\n\nBefore:\n1. first\n2. second\n   more\n\n> a quote\n> goes on\n"
                     "\n---\n\n* star item\n")
    assert "<p>Before:</p><ol><li>first</li><li>second more</li></ol>" in page.replace("\n", "")
    assert "<blockquote>a quote goes on</blockquote>" in page
    assert "<hr>" in page and "<ul><li>star item</li></ul>" in page


def test_chart_svg_escapes_its_text():
    svg = chart_svg("Pain <b> & co\n  1 ┤ •")
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "<title>Pain &lt;b&gt; &amp; co" in svg
    assert external_references(svg) == []


# --- the command --------------------------------------------------------------------------


def test_report_html_out_is_private_and_atomic(cli, demo, tmp_path):
    target = tmp_path / "out" / "report.html"
    result = cli("report", "--format", "html", "--out", str(target))
    assert result.code == 0, result.err
    assert result.out == f"wrote the report to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h2>Plan</h2>" in page
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]  # no temp file left


def test_report_html_replaces_a_link_at_the_destination_not_its_target(cli, demo, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "report.html"
    link.symlink_to(victim)
    result = cli("report", "--format", "html", "--out", str(link))
    assert result.code == 0, result.err
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and link.read_text(encoding="utf-8").startswith("<!DOCTYPE")


def test_report_html_to_stdout(cli, demo):
    result = cli("report", "--format", "html")
    assert result.code == 0 and result.out.startswith("<!DOCTYPE html>")
    assert result.out.rstrip().endswith("</html>")


def test_open_without_an_opener_prints_the_path(cli, demo, monkeypatch, journal_path):
    monkeypatch.setenv("PATH", str(journal_path.parent / "empty-bin"))
    result = cli("report", "--format", "html", "--open")
    assert result.code == 0, result.err
    saved = journal_path.parent / "reports" / "low-back-shoulders-spring-2026-11-21.html"
    assert saved.exists() and stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert result.out.splitlines() == [
        f"wrote the report to {saved}",
        f"no program to open it with (xdg-open) here; the file is: {saved}"]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS uses open, not xdg-open")
def test_open_hands_the_file_to_xdg_open(cli, demo, monkeypatch, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opener = bin_dir / "xdg-open"
    opener.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    started: list[list[str]] = []

    class FakePopen:
        def __init__(self, argv: list[str], **kwargs: object) -> None:
            started.append(argv)
            assert kwargs["start_new_session"] is True  # closing the terminal keeps it open

    monkeypatch.setattr("subprocess.Popen", FakePopen)
    target = tmp_path / "r.html"
    result = cli("report", "--format", "html", "--out", str(target), "--open")
    assert result.code == 0, result.err
    assert started == [[str(opener), str(target)]]
    assert result.out.splitlines()[-1] == "opening it with xdg-open"
