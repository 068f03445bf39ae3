"""The block report as one printable, self-contained HTML page.

The page is drawn from the Markdown report (:func:`journal.report.markdown`), block by block:
headings, paragraphs, lists, tables and the fenced charts. So a section added to the report
appears here as written there, with no second copy of its words. The charts are the same
terminal text the Markdown prints, drawn as inline SVG by Rich's SVG export: one drawing
serves the terminal, the Markdown and the paper.

Self-contained means: inline CSS, no script, no font, image, link or any other reference to
anything outside the page (a Content-Security-Policy of ``default-src 'none'`` says so to the
browser too). Every piece of text is HTML-escaped before any markup is added. The print CSS
leaves the paper size to the printer (A4 or Letter), keeps tables, charts and short sections
whole, and never leaves a heading alone at the foot of a page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any, cast

#: The template Rich fills for each chart: no window frame, no web font, no namespace URL.
SVG_FORMAT = """<svg class="chart" viewBox="0 0 {width} {height}" role="img" \
aria-label="{{label}}"><title>{{label}}</title>
<style>
.{unique_id}-matrix {{ font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, \
monospace; font-size: {char_height}px; line-height: {line_height}px; }}
{styles}
</style>
<defs>
<clipPath id="{unique_id}-clip-terminal"><rect x="0" y="0" width="{terminal_width}" \
height="{terminal_height}" /></clipPath>
{lines}
</defs>
<g transform="translate({terminal_x}, {terminal_y})" \
clip-path="url(#{unique_id}-clip-terminal)">
{backgrounds}
<g class="{unique_id}-matrix">
{matrix}
</g>
</g>
</svg>"""

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 1.5rem; color: #111; background: #fff;
  font: 10.5pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
h1 { font-size: 17pt; margin: 0 0 .4rem; }
h2 { font-size: 13pt; margin: 1.4rem 0 .5rem; padding-bottom: .15rem;
  border-bottom: 1.5pt solid #333; }
h3 { font-size: 11pt; margin: 1rem 0 .4rem; }
h1, h2, h3 { line-height: 1.25; break-after: avoid; page-break-after: avoid; }
p, li { overflow-wrap: anywhere; }
p { margin: .35rem 0 .55rem; }
ul, ol { margin: .3rem 0 .6rem; padding-left: 1.3rem; }
blockquote { margin: .4rem 0 .6rem; padding: .1rem .8rem; border-left: 3pt solid #999; }
hr { border: 0; border-top: .6pt solid #999; margin: .8rem 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: 9pt;
  break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: .6pt solid #999; padding: .2rem .4rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; hyphens: manual; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.pairs td:first-child { width: 28%; font-weight: bold; }
figure { margin: .4rem 0 1rem; break-inside: avoid; page-break-inside: avoid; }
svg.chart { display: block; width: 100%; height: auto; }
pre { white-space: pre-wrap; font: 8.5pt/1.3 "DejaVu Sans Mono", monospace; }
section { break-inside: avoid; page-break-inside: avoid; }
header p { color: #333; }
@page { margin: 15mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { margin-top: .9rem; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

#: A browser reading the page may fetch nothing at all; styles may only be inline.
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def html_page(markdown_text: str) -> str:
    """The whole HTML document for a report given as the Markdown :mod:`journal.report` wrote."""
    lines = markdown_text.splitlines()
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), "Report")
    body = "\n".join(_sections(list(_blocks(lines))))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n")


# --- Markdown blocks -----------------------------------------------------------------------

Block = tuple[str, object]  # (kind, content)
LIST_ITEM = re.compile(r"(?:[-*]|\d+\.) ")


def _blocks(lines: list[str]) -> Iterator[Block]:
    """The Markdown report's blocks in order: heading, para, list (or olist), quote, rule,
    table, fence: the subset :mod:`journal.report` writes."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif line.startswith("```"):
            lang = line[3:].strip()
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            yield "fence", (lang, lines[i + 1:j])
            i = j + 1
        elif re.match(r"#{1,6} ", line):
            level = len(line) - len(line.lstrip("#"))
            yield "heading", (level, line[level:].strip())
            i += 1
        elif line.startswith("|"):
            j = i
            while j < len(lines) and lines[j].startswith("|"):
                j += 1
            yield "table", lines[i:j]
            i = j
        elif LIST_ITEM.match(line):
            ordered = bool(re.match(r"\d+\. ", line))
            items: list[str] = []
            while i < len(lines) and lines[i].strip() and (
                    LIST_ITEM.match(lines[i]) or lines[i].startswith("  ")):
                found = LIST_ITEM.match(lines[i])
                if found:
                    items.append(lines[i][found.end():])
                else:
                    items[-1] += " " + lines[i].strip()
                i += 1
            yield ("olist" if ordered else "list"), items
        elif line.startswith(">"):
            j = i
            while j < len(lines) and lines[j].startswith(">"):
                j += 1
            yield "quote", " ".join(s.lstrip(">").strip() for s in lines[i:j])
            i = j
        elif re.fullmatch(r"(-{3,}|\*{3,}|_{3,})\s*", line):
            yield "rule", None
            i += 1
        else:
            j = i
            while (j < len(lines) and lines[j].strip()
                   and not re.match(r"```|\||#{1,6} |>|(-{3,}|\*{3,})\s*$", lines[j])
                   and not LIST_ITEM.match(lines[j])):
                j += 1
            yield "para", " ".join(s.strip() for s in lines[i:j])
            i = j


def _sections(blocks: list[Block]) -> Iterator[str]:
    """Each ``##`` heading and what follows it in one <section> (kept whole when it fits);
    what comes before the first one is the page's header."""
    open_tag = "<header>"
    yield open_tag
    for kind, content in blocks:
        if kind == "heading" and cast("tuple[int, str]", content)[0] == 2:
            yield "</header>" if open_tag == "<header>" else "</section>"
            open_tag = "<section>"
            yield open_tag
        yield _render(kind, content)
    yield "</header>" if open_tag == "<header>" else "</section>"


def _render(kind: str, content: object) -> str:
    if kind == "heading":
        level, text = cast("tuple[int, str]", content)
        return f"<h{level}>{_inline(text)}</h{level}>"
    if kind == "para":
        return f"<p>{_inline(str(content))}</p>"
    if kind in ("list", "olist"):
        items = "".join(f"<li>{_inline(item)}</li>" for item in cast("list[str]", content))
        tag = "ol" if kind == "olist" else "ul"
        return f"<{tag}>{items}</{tag}>"
    if kind == "quote":
        return f"<blockquote>{_inline(str(content))}</blockquote>"
    if kind == "rule":
        return "<hr>"
    if kind == "table":
        return _table(cast("list[str]", content))
    lang, body = cast("tuple[str, list[str]]", content)
    if lang == "text" and body:
        return f"<figure>{chart_svg(chr(10).join(body))}</figure>"
    return f"<pre>{_escape(chr(10).join(body))}</pre>"


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


def _table(rows: list[str]) -> str:
    header = _cells(rows[0])
    align = _cells(rows[1]) if len(rows) > 1 else []
    right = [a.endswith(":") for a in align] + [False] * len(header)
    body = rows[2:] if len(rows) > 1 and set(rows[1]) <= set("|-: ") else rows[1:]
    pairs = not any(header)  # the plan: a header-less two-column table of label and value

    def cls(i: int) -> str:
        return ' class="num"' if right[i] else ""

    out = ['<table class="pairs">' if pairs else "<table>"]
    if not pairs:
        out.append("<thead><tr>" + "".join(f"<th{cls(i)}>{_inline(c)}</th>"
                                           for i, c in enumerate(header)) + "</tr></thead>")
    out.append("<tbody>")
    for row in body:
        out.append("<tr>" + "".join(f"<td{cls(i)}>{_inline(c)}</td>"
                                    for i, c in enumerate(_cells(row))) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _inline(text: str) -> str:
    """Escape, then the Markdown emphasis the report uses: **strong**, *em*, `code`."""
    text = _escape(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*\*(\S(?:.*?\S)?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])", r"<em>\1</em>", text)


# --- charts --------------------------------------------------------------------------------


def chart_svg(text: str) -> str:
    """The chart's terminal text as an inline SVG, black on white, labelled by its title."""
    from rich.console import Console
    from rich.terminal_theme import TerminalTheme
    from rich.text import Text

    lines = text.split("\n")
    width = max(len(line) for line in lines)
    sink = cast(Any, _Discard())  # Rich only calls write and flush on it
    console = Console(record=True, width=width, file=sink, color_system=None,
                      force_terminal=False, legacy_windows=False)
    console.print(Text(text), overflow="ignore", crop=False, no_wrap=True)
    black, white = (17, 17, 17), (255, 255, 255)
    theme = TerminalTheme(white, black, [black] * 8, [black] * 8)
    label = _escape(next((line.strip() for line in lines if line.strip()), "chart"))
    svg = console.export_svg(theme=theme, code_format=SVG_FORMAT.replace("{{label}}", "\0"),
                             title="")
    return svg.replace("\0", label)


class _Discard:
    """A file that drops what Rich prints: the recording is all the SVG needs."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None
