"""The streamed json export: byte for byte the one-shot export, in bounded memory."""

from __future__ import annotations

import json
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from conftest import bench_journal
from hostile import JOURNALS

from journal import export_json
from journal.commands.common import write_text
from journal.domain import codec
from journal.domain.models import Journal
from journal.domain.record import replace
from journal.printable import shown_json
from journal.store import Store

BENCH = Path(__file__).resolve().parent.parent / "bench"
TODAY = date(2026, 11, 21)
#: Notes the journal accepts that JSON or a terminal treat specially: bidi overrides and
#: isolates (escaped in the export), quotes, backslashes, non-ASCII text (kept as it is).
#: Control characters and bytes that were not UTF-8 come from old files: see the CLI tests.
NOTES = ["\u202etxt.exe \u2066x\u2069", 'quote " and \\ backslash', "☕ Rücken 日本語", "",
         "\u202a embedded \u202c"]


def one_shot(journal: Journal) -> str:
    """The export as it was written before streaming: the reference for every byte."""
    return shown_json(json.dumps(codec.journal_to_export(journal), indent=2,
                                 ensure_ascii=False)) + "\n"


def _bench_journal(years: int) -> Journal:
    return bench_journal(years, TODAY)


@pytest.fixture(scope="module")
def generated() -> Journal:
    """Two years from the bench generator, with awkward notes on the last days and blocks."""
    journal = _bench_journal(2)
    days = sorted(journal.entries)[-len(NOTES):]
    for day, note in zip(days, NOTES, strict=True):
        journal.entries[day] = replace(journal.entries[day], note=note)
    block = journal.blocks[-1]
    plan = replace(block.plan, name="\u202eback \u2067name\u2069")
    journal.blocks[-1] = replace(block, plan=plan)
    return journal


@pytest.mark.parametrize("chunk", [1, 7, 4096, export_json.CHUNK])
def test_streamed_export_is_the_one_shot_export_byte_for_byte(generated, monkeypatch, chunk):
    monkeypatch.setattr(export_json, "CHUNK", chunk)
    chunks = list(export_json.export_chunks(generated))
    assert "".join(chunks) == one_shot(generated)
    assert "\u202e" not in "".join(chunks) and "\\u202e" in "".join(chunks)
    if chunk == 4096:
        assert len(chunks) > 10 and max(map(len, chunks)) < 4096 + 2000


def test_an_empty_journal_and_one_with_empty_tables_export_as_before():
    assert "".join(export_json.export_chunks(Journal())) == one_shot(Journal())
    only_days = _bench_journal(1)
    only_days.sessions.clear()
    only_days.side_effects.clear()
    text = "".join(export_json.export_chunks(only_days))
    assert text == one_shot(only_days) and '"sessions": [],' in text


@pytest.mark.parametrize("name", ["demo", "non-UTF-8 note", "bidi block name", "formula note"])
def test_export_command_writes_the_one_shot_bytes(run_journal, journal_path, tmp_path, clock,
                                                  name):
    JOURNALS[name](journal_path)
    expected = one_shot(Store(journal_path, clock).journal)
    out = tmp_path / "out" / "export.json"
    result = run_journal(journal_path, "export", "--format", "json", "--out", str(out))
    assert result.code == 0 and out.read_bytes() == expected.encode("utf-8")
    assert out.stat().st_mode & 0o777 == 0o600
    printed = run_journal(journal_path, "export")
    assert printed.code == 0 and printed.out == expected


def test_the_bench_journal_exports_through_the_command_byte_for_byte(run_journal, generated,
                                                                     tmp_path, clock):
    path = tmp_path / "j" / "journal.json"
    Store(path, clock).replace_all(generated)
    expected = one_shot(Store(path, clock).journal)
    out = tmp_path / "export.json"
    assert run_journal(path, "export", "--out", str(out)).code == 0
    assert out.read_bytes() == expected.encode("utf-8")
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "trial-journal"


def test_writing_the_export_holds_a_chunk_not_the_file(tmp_path):
    """The memory the export itself needs (the journal already loaded) stays far below the
    size of the file it writes: it is not built whole, as text or as bytes."""
    journal = _bench_journal(10)
    out = tmp_path / "export.json"
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        write_text(export_json.export_chunks(journal), str(out), tmp_path / "journal.json")
        extra = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    size = out.stat().st_size
    assert size > 1_000_000
    # Built whole it would hold the file's size or more; streamed it holds a chunk plus the
    # encoder's working set (about a quarter of this file, so half leaves room for noise).
    assert extra < size / 2, f"exporting held {extra} bytes for a {size}-byte file"


def test_days_and_sessions_out_of_date_order_export_in_date_order(generated):
    """A journal whose days were added out of order (an import, a late entry) exports the
    same bytes: the records are sorted when they are not already in order."""
    entries = dict(sorted(generated.entries.items(), key=lambda kv: kv[0].toordinal() % 5))
    sessions = dict(reversed(generated.sessions.items()))
    assert list(entries) != sorted(entries) and list(sessions) != sorted(sessions)
    jumbled = Journal(generated.blocks, entries, sessions, generated.side_effects)
    assert "".join(export_json.export_chunks(jumbled)) == one_shot(generated)


def test_a_journal_read_from_its_file_exports_without_building_every_day(generated, tmp_path,
                                                                         clock):
    """Days read from the file are built as entries on first use; the export builds each one
    while it writes it and keeps none, so the journal's days stay unbuilt afterwards (and a
    day saved since it was read is exported as saved)."""
    path = tmp_path / "j" / "journal.json"
    Store(path, clock).replace_all(generated)
    store = Store(path, clock)
    day = max(generated.entries)
    store.log_day(day, pain=1)
    journal = store.journal
    assert journal.unbuilt_days is not None  # the test means something
    counts: dict[str, int] = {}
    text = "".join(export_json.export_chunks(journal, counts))
    assert journal.unbuilt_days is not None  # no entry was kept
    assert text == one_shot(Store(path, clock).journal)
    assert json.loads(text)["days"][-1]["pain"] == 1
    assert counts == {"blocks": len(generated.blocks), "days": len(generated.entries),
                      "sessions": len(generated.sessions),
                      "side_effects": len(generated.side_effects)}
