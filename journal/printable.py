"""Text from the journal made safe to print: one helper for the CLI, the report and the app.

A name or note can reach us holding terminal control sequences (``ESC ]0;...BEL`` retitles
the window, ``ESC [2J`` clears it, the C1 byte ``0x9B`` starts a sequence on its own) or
bidi overrides (U+202E shows the rest of a line reversed, so ``exe.txt`` reads ``txt.exe``).
Printed raw, they act on the terminal or disguise the text. :func:`shown` writes each such
character as an escape a person can read: ``\\x1b``, ``\\x9b``, ``\\u202e``. Newline and tab
are kept (multi-line notes, tables); a carriage return is kept only as part of ``\\r\\n``.
"""

from __future__ import annotations

import re

#: The characters written as escapes (C0 controls but tab and newline, DEL, C1 controls (CSI
#: 0x9B among them), a CR not followed by LF, the bidi embeddings and overrides U+202A-202E
#: and isolates U+2066-2069, and lone surrogates (bytes that were not UTF-8)), as the text of
#: a pattern: compiling its wide ranges costs a quick command more than its whole run of
#: plain text, so :func:`unsafe` compiles it only when some text is not ASCII.
UNSAFE_PATTERN = ("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                  "\ud800-\udfff]|\r(?!\n)")
#: The same characters as far as ASCII text can hold them (most text printed).
_ASCII_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")


def unsafe(text: str) -> re.Pattern[str]:
    """The pattern finding what :func:`shown` escapes in ``text`` (``re`` keeps the full one
    once compiled)."""
    return _ASCII_UNSAFE if text.isascii() else re.compile(UNSAFE_PATTERN)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_json(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def shown(text: str) -> str:
    """``text`` with every character that could act on a terminal written as an escape."""
    pattern = unsafe(text)
    return pattern.sub(_escape, text) if pattern.search(text) else text


def shown_json(text: str) -> str:
    """JSON text (from ``json.dumps``) with the same characters as ``\\uXXXX`` escapes, which
    JSON reads back as the same characters: the document means exactly what it did."""
    pattern = unsafe(text)
    return pattern.sub(_escape_json, text) if pattern.search(text) else text


class SafeStream:
    """A text stream that passes everything written through :func:`shown`.

    :func:`journal.cli.main` puts one in front of stdout and stderr while a command runs, so
    every message, table and report a command prints is safe without each print knowing.
    """

    def __init__(self, stream: object) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(shown(text))  # type: ignore[attr-defined]
        return len(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)
