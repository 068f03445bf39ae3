"""A long journal's days are checked when it is opened but built as entries only when asked
(codec.StoredDays): ``journal log`` builds the day it logs, not thousands."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from journal import cli
from journal.demo import demo_journal
from journal.domain import codec
from journal.domain.models import DayEntry
from journal.store import Store
from tests.conftest import FixedClock


def _demo_store(path, clock: FixedClock) -> Store:
    store = Store(path, clock)
    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    return store


def test_journal_log_builds_only_the_day_it_logs(tmp_path, clock, monkeypatch, capsys):
    path = tmp_path / "journal.json"
    logged_days = len(_demo_store(path, clock).journal.entries)
    assert logged_days > 30
    built: list[object] = []
    real = codec._entry_from_clean
    monkeypatch.setattr(codec, "_entry_from_clean", lambda doc: built.append(doc) or real(doc))
    code = cli.main(["--data", str(path), "log", "--pain", "4", "--date", "yesterday"], clock)
    assert code == 0, capsys.readouterr()
    assert len(built) <= 2, f"built {len(built)} of {logged_days} entries"
    reopened = Store(path, clock).journal
    assert reopened.entries[clock.today() - timedelta(days=1)].pain == 4
    assert len(reopened.entries) in (logged_days, logged_days + 1)


def test_a_save_keeps_every_other_day_as_it_was(tmp_path, clock):
    path = tmp_path / "journal.json"
    before = _demo_store(path, clock).journal.entries
    store = Store(path, clock)  # days not built yet
    assert store.journal.unbuilt_days is not None
    day = min(before)
    store.log_day(day, note="first day")
    store.put_entry(None, max(before))
    expected = dict(before)
    expected[day] = expected[day].replace(note="first day", edited_at=clock.now())
    del expected[max(before)]
    assert store.journal.entries == expected
    assert Store(path, clock).journal.entries == expected


DAY = st.dates(date(2026, 1, 1), date(2026, 1, 20))
CHANGE = st.one_of(st.none(), st.builds(
    lambda pain, function: (pain, function), st.integers(0, 10), st.integers(0, 60)))


@given(stored=st.dictionaries(DAY, st.tuples(st.integers(0, 10), st.none() | st.integers(0, 9))),
       changes=st.lists(st.dictionaries(DAY, CHANGE, max_size=3), max_size=3))
@settings(max_examples=200, deadline=None)
def test_days_on_demand_answer_as_built_entries_do(stored, changes):
    docs = [codec.encode_entry(DayEntry(day, pain=pain, function=function))
            for day, (pain, function) in stored.items()]
    days = codec.stored_days(docs)
    expected = {day: DayEntry(day, pain=p, function=f) for day, (p, f) in stored.items()}
    for change in changes:
        entries = {day: None if values is None else DayEntry(day, pain=values[0],
                                                             function=values[1])
                   for day, values in change.items()}
        days = days.changed(entries)
        for day, entry in entries.items():
            if entry is None:
                expected.pop(day, None)
            else:
                expected[day] = entry
    assert days.build() == expected
    for day in (date(2026, 1, 1) + timedelta(days=n) for n in range(20)):
        assert days.get(day) == expected.get(day)
    for key in ("pain", "function"):
        assert sorted(days.logged(key)) == sorted((d, getattr(e, key))
                                                  for d, e in expected.items())


def test_a_blocks_first_logged_days_are_found_from_its_own_days(tmp_path, clock):
    """Freezing a plan and fixing its pain scale look only at the block's own days (so Plan
    does not build a long journal's every entry), with the answer a scan of all days gives."""
    path = tmp_path / "journal.json"
    _demo_store(path, clock)
    store = Store(path, clock)
    journal = store.journal
    everything = Store(path, clock).journal.entries
    assert journal.blocks
    for block in journal.blocks:
        logged = [d for d, e in everything.items() if block.spans(d) and not e.is_empty]
        logged += [d for d in journal.sessions if block.spans(d)]
        assert block.first_logged_day(journal) == min(logged, default=None)
        pain = [d for d, e in everything.items() if e.pain is not None and block.spans(d)]
        assert block.pain_logged_since(journal) == min(pain, default=None)
    assert journal.unbuilt_days is not None  # nothing above built every entry


def _long_store(path, clock: FixedClock, days: int = 500) -> Store:
    """The demo journal with a year and more of plain days before it."""
    journal = demo_journal(clock.today(), clock.now().tzinfo)
    first = min(journal.entries)
    for back in range(1, days):
        day = first - timedelta(days=back)
        journal.entries[day] = DayEntry(day, pain=back % 7, function=10 + back % 5)
    store = Store(path, clock)
    store.replace_all(journal)
    return store


def test_the_days_mapping_reads_as_the_entries_do(tmp_path, clock):
    path = tmp_path / "journal.json"
    expected = _long_store(path, clock, days=40).journal.entries
    journal = Store(path, clock).journal
    days = journal.days
    assert len(days) == len(expected) and set(days) == set(expected)
    for day in [*list(expected)[::7], date(1999, 1, 1)]:
        assert days.get(day) == expected.get(day)
        assert (day in days) == (day in expected)
    assert journal.unbuilt_days is not None
    assert dict(days.items()) == expected


async def test_the_log_screen_opens_without_building_every_day(tmp_path, clock, monkeypatch):
    from journal.app import JournalApp

    path = tmp_path / "journal.json"
    logged = len(_long_store(path, clock).journal.entries)
    built: list[object] = []
    real = codec._entry_from_clean
    monkeypatch.setattr(codec, "_entry_from_clean", lambda doc: built.append(doc) or real(doc))
    app = JournalApp(Store(path, clock))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ in ("LogScreen", "DayQuestion")
    assert 0 < len(built) < logged // 2, f"built {len(built)} of {logged} entries"


def test_a_report_on_the_latest_block_builds_that_blocks_days(tmp_path, clock, monkeypatch,
                                                              capsys):
    path = tmp_path / "journal.json"
    logged = len(_long_store(path, clock).journal.entries)
    built: list[object] = []
    real = codec._entry_from_clean
    monkeypatch.setattr(codec, "_entry_from_clean", lambda doc: built.append(doc) or real(doc))
    assert cli.main(["--data", str(path), "report"], clock) == 0
    assert "Verdict" in capsys.readouterr().out
    assert 0 < len(built) < logged // 2, f"built {len(built)} of {logged} entries"
