"""Whatever comes in (typed, pasted, hand-edited, damaged), the answer is a value or a clear error.

Every validator and model constructor gets arbitrary values (control characters, NUL, emoji,
right-to-left text, 100 kB strings, huge and non-finite numbers, wrong types) and must return a
valid value or raise ``ValidationError``, never anything else. The store gets damaged and
mutated journal files and must open them as a valid journal or refuse them with
``JournalFileError``, never a traceback and never a write to the file.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from journal.clock import FixedClock
from journal.domain import checks, codec, record
from journal.domain.errors import ValidationError
from journal.domain.models import (
    Amendment,
    DayEntry,
    FunctionMarker,
    Plan,
    Rule,
    Session,
    SideEffect,
)
from journal.store import JournalFileError, Store

NOW = datetime(2026, 11, 21, 20, 30, tzinfo=timezone(timedelta(hours=1)))
TODAY = NOW.date()

# --- nasty values ----------------------------------------------------------------------------
NASTY_TEXT = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\x1b[31mred\x1b[0m", "\x7f", "\x85", "\r\n", "line\nline",
    "\ttab", "\u202eevil\u202c", "\u200b", "\ufeff", "שלום", "مرحبا بالعالم", "😊", "👩‍👩‍👧",
    "e\u0301", "\udcff", "١٢", "١٢٫٥", "NaN", "nan", "inf", "-Infinity", "1e400", "-0", "4,5",
    "4,5,6", "1_000", " 3 ", "0x10", "today", "yesterday", "Yes", "no", "2026-02-29",
    "2026-11-21", "2026-11-21T10:00", "20261121", "9999-12-31", "0001-01-01", "soreness",
    "too-strong", "higher",
])
BIG_TEXT = st.sampled_from(["a" * 100_000, "😊" * 25_000, "ש" * 100_000, "x\x00" * 50_000,
                            "1" * 100_000, " " * 100_000 + "5"])
TEXT = st.one_of(NASTY_TEXT, st.text(max_size=50), BIG_TEXT,
                 st.lists(NASTY_TEXT, min_size=2, max_size=4).map("".join))
NUMBERS = st.one_of(st.integers(-(10**400), 10**400), st.floats(), st.sampled_from(
    [10**400, -(10**300), 2**53 + 1, 1e308, -0.0, float("nan"), float("inf"), 5e-324]))
ANY = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT, st.binary(max_size=8),
                st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3),
                                                                     st.integers(), max_size=2),
                st.dates(), st.datetimes(), st.tuples(TEXT))

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _clean_or_refused(call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except ValidationError as exc:
        assert exc.field and exc.problem
        assert len(str(exc)) < 600, "an error message should not repeat a huge input"
        return None


# --- validators ------------------------------------------------------------------------------
BOUNDS = st.tuples(st.floats(-1e6, 1e6), st.none() | st.floats(0, 2e6)).filter(
    lambda b: b[1] is None or b[0] <= b[1])


@FUZZ
@given(value=ANY, bounds=BOUNDS, integer=st.booleans())
def test_number_gives_a_number_in_range_or_a_validation_error(value, bounds, integer):
    low, high = bounds
    got = _clean_or_refused(checks.number, value, "pain", low, high, integer=integer)
    if got is not None:
        assert isinstance(got, int | float) and not isinstance(got, bool)
        assert math.isfinite(got) and low <= got and (high is None or got <= high)
        assert not integer or isinstance(got, int)
    got = _clean_or_refused(checks.optional_number, value, "pain", low, high, integer=integer)
    assert got is None or low <= got


@FUZZ
@given(value=ANY, max_len=st.integers(0, 3000), required=st.booleans(),
       multiline=st.booleans())
def test_text_gives_clean_bounded_text_or_a_validation_error(value, max_len, required,
                                                              multiline):
    got = _clean_or_refused(checks.text, value, "note", max_len=max_len, required=required,
                            multiline=multiline)
    if got is not None:
        assert isinstance(got, str) and len(got) <= max_len
        assert got == got.strip() and (got or not required)
        allowed = "\n\t" if multiline else ""
        assert not [c for c in got if unicodedata.category(c) == "Cc" and c not in allowed]


@FUZZ
@given(value=ANY)
def test_choices_flags_and_dates_give_a_value_or_a_validation_error(value):
    kinds = _clean_or_refused(checks.choice, value, "side effect", ("soreness", "nausea"))
    assert kinds in (None, "soreness", "nausea")
    assert _clean_or_refused(checks.flag, value, "flare-up") in (None, True, False)
    day = _clean_or_refused(checks.iso_day, value, "date")
    assert day is None or type(day) is date
    if isinstance(value, str):
        day = _clean_or_refused(checks.day_word, value, "date", TODAY)
        assert day is None or type(day) is date


# --- model constructors ----------------------------------------------------------------------
@FUZZ
@given(fields=st.fixed_dictionaries({}, optional={
    "pain": ANY, "function": ANY, "sleep_wakings": ANY, "mood": ANY, "fatigue": ANY,
    "flare": ANY, "note": ANY}), day=ANY)
def test_day_entry_is_valid_or_refused(fields, day):
    entry = _clean_or_refused(DayEntry, day, **fields)
    if entry is not None:
        assert entry == codec.decode_entry(codec.encode_entry(entry))


@FUZZ
@given(day=ANY, minutes=ANY, fields=st.fixed_dictionaries({}, optional={
    "pressure": ANY, "areas": st.lists(TEXT, max_size=3), "cost": ANY, "tolerance": ANY,
    "note": ANY}))
def test_session_is_valid_or_refused(day, minutes, fields):
    session = _clean_or_refused(Session, day, minutes, **fields)
    if session is not None:
        assert session == codec.decode_session(codec.encode_session(session))


@FUZZ
@given(day=ANY, kind=ANY, severity=ANY, settled=ANY, note=ANY)
def test_side_effect_is_valid_or_refused(day, kind, severity, settled, note):
    effect = _clean_or_refused(SideEffect, "e1", day, kind, severity, settled, note)
    if effect is not None:
        assert effect == codec.decode_side_effect(codec.encode_side_effect(effect))


@FUZZ
@given(name=ANY, unit=ANY, better=ANY, pain_change=ANY, function_change=ANY, reason=ANY)
def test_marker_rule_and_amendment_are_valid_or_refused(name, unit, better, pain_change,
                                                        function_change, reason):
    _clean_or_refused(FunctionMarker, name, unit, better)
    _clean_or_refused(Rule, pain_change, function_change)
    _clean_or_refused(Amendment, TODAY, reason, (("minutes", 45, 60),))


@FUZZ
@given(fields=st.fixed_dictionaries({
    "name": ANY, "first_session": ANY, "weeks": ANY, "sessions_per_week": ANY, "minutes": ANY,
}, optional={
    "baseline_days": ANY, "pain_scale": ANY, "areas": st.lists(TEXT, max_size=3),
    "pressure": ANY, "technique": ANY, "therapist": ANY, "cost_per_session": ANY,
    "currency": ANY, "concurrent_care": st.lists(TEXT, max_size=3), "care_role": ANY,
}))
@example(fields={"name": "Back", "first_session": "2026-11-01", "weeks": 8,
                 "sessions_per_week": 2, "minutes": 45})
def test_plan_is_valid_or_refused(fields):
    plan = _clean_or_refused(Plan, **fields)
    if plan is not None:
        assert plan == Plan.from_flat(plan.flat())


# --- gaps found by fuzzing, in code this suite does not own -----------------------------------
def test_a_huge_integer_is_refused_as_out_of_range():
    with pytest.raises(ValidationError):
        checks.number(10**400, "pain", 0, 10)


def test_a_huge_day_word_gives_a_short_message():
    with pytest.raises(ValidationError) as caught:
        checks.day_word("a" * 100_000, "date", TODAY)
    assert len(str(caught.value)) < 600


# --- the store and damaged files -------------------------------------------------------------
def _base_file() -> bytes:
    from journal.demo import demo_journal

    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "journal.json"
        journal = demo_journal(TODAY, NOW.tzinfo)  # type: ignore[arg-type]
        # Keep it small so each example is quick; every record type stays.
        journal.entries = dict(list(journal.entries.items())[:12])
        journal.sessions = dict(list(journal.sessions.items())[:3])
        journal.side_effects = journal.side_effects[:3]
        Store(path, FixedClock(NOW), backups=False).replace_all(journal)
        return path.read_bytes()
    finally:
        shutil.rmtree(folder)


BASE = _base_file()
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | NUMBERS.filter(lambda n: not isinstance(n, float)
                                                or math.isfinite(n)) | TEXT.filter(
        lambda s: len(s) < 1000),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


@st.composite
def replaced_value(draw: st.DrawFn) -> bytes:
    """One value somewhere in a valid journal replaced by any JSON (wrong types, huge...)."""
    tree = json.loads(BASE)
    where = draw(st.sampled_from(_paths(tree)[1:]))
    new = draw(JSON_VALUES | st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999",
                                              "1" * 5000, "1" * 400, "-0", "1E+2"]).map(RawJSON))
    parent = tree
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = new
    return _dump(tree)


class RawJSON(str):
    """A token written into the file as it is (NaN, huge numbers), not as a JSON string."""


def _dump(tree: Any) -> bytes:
    raws: list[str] = []

    def mark(node: Any) -> Any:
        if isinstance(node, RawJSON):
            raws.append(str(node))
            return f"@@RAW{len(raws) - 1}@@"
        if isinstance(node, dict):
            return {k: mark(v) for k, v in node.items()}
        if isinstance(node, list):
            return [mark(v) for v in node]
        return node

    text = json.dumps(mark(tree))  # \u escapes: lone surrogates too, as a file can hold them
    for i, raw in enumerate(raws):
        text = text.replace(f'"@@RAW{i}@@"', raw)
    return text.encode("utf-8")


@st.composite
def duplicated_record(draw: st.DrawFn) -> bytes:
    tree = json.loads(BASE)
    table = draw(st.sampled_from(["days", "sessions", "side_effects", "blocks"]))
    docs = tree[table]
    source = draw(st.sampled_from(sorted(docs)))
    docs[str(max(int(k) for k in docs) + 1)] = dict(docs[source])
    return _dump(tree)


@st.composite
def damaged_bytes(draw: st.DrawFn) -> bytes:
    raw = bytearray(BASE)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw) - 1))
        how = draw(st.sampled_from(["flip", "insert", "delete"]))
        if how == "flip":
            raw[at] = draw(st.integers(0, 255))
        elif how == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=4))
        else:
            del raw[at]
    return bytes(raw)


DAMAGED_FILES = st.one_of(
    st.integers(0, len(BASE) - 1).map(lambda n: BASE[:n]),  # truncated anywhere
    damaged_bytes(),
    replaced_value(),
    duplicated_record(),
    JSON_VALUES.map(_dump),  # any JSON at all
    st.binary(max_size=200),
)


def _open_and_write(raw: bytes) -> str:
    """What the store does with ``raw``: 'refused', or 'opened' (and a write was tried)."""
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "journal.json"
        path.write_bytes(raw)
        clock = FixedClock(NOW)
        try:
            store = Store(path, clock)
        except JournalFileError as exc:
            assert str(path) in str(exc)
            assert path.read_bytes() == raw, "a refused file was changed"
            return "refused"
        assert path.read_bytes() == raw, "opening changed the file"
        before = store.export()
        try:
            store.log_day(TODAY, pain=2, note="fuzz")
        except (ValidationError, JournalFileError):
            assert path.read_bytes() == raw, "a refused write changed the file"
            return "opened"
        after = Store(path, clock)
        assert after.journal.entries[TODAY].note == "fuzz"
        expected = {k: v for k, v in before.items() if k != "days"}
        assert {k: v for k, v in after.export().items() if k != "days"} == expected
        return "opened"
    finally:
        shutil.rmtree(folder)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw=DAMAGED_FILES)
def test_damaged_journal_files_are_refused_or_opened_never_crash_never_written(raw):
    event(_open_and_write(raw))


AWKWARD = {
    "valid": BASE,
    "NaN": BASE.replace(b'"pain":5', b'"pain":NaN', 1),
    "1e999": BASE.replace(b'"pain":5', b'"pain":1e999', 1),
    "5000 digits": BASE.replace(b'"pain":5', b'"pain":' + b"9" * 5000, 1),
    "400 digits": BASE.replace(b'"pain":5', b'"pain":' + b"9" * 400, 1),
    "20 digits": BASE.replace(b'"pain":5', b'"pain":' + b"9" * 20, 1),
    "key twice": BASE.replace(b'"pain":5', b'"pain":5,"pain":6', 1),
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "bool version": b'{"meta": {"1": {"format": "trial-journal", "version": true}}}',
    "odd id": b'{"meta": {"1": {"format": "trial-journal", "version": 1}}, "days": {"x": {}}}',
    "unknown table":
        b'{"meta": {"1": {"format": "trial-journal", "version": 1}}, "extra": {"1": {"v": 1e5}}}',
    "lone surrogate": BASE.replace(b'"note":"', b'"note":"\\ud800', 1),
    "NaN in an unknown field": BASE.replace(b'"flare":false', b'"flare":false, "later": NaN', 1),
    "infinity in an unknown field":
        BASE.replace(b'"flare":false', b'"flare":false, "later": -1e999', 1),
    "spaced, as older versions wrote": json.dumps(json.loads(BASE)).encode(),
}
assert len(set(AWKWARD.values())) == len(AWKWARD)  # every case changed the file


@pytest.mark.parametrize("fast", [False, True], ids=["standard library", "orjson"])
@pytest.mark.parametrize("raw", AWKWARD.values(), ids=AWKWARD.keys())
def test_known_awkward_files(raw, fast, monkeypatch):
    """Unknown tables and fields are kept as they are; anything that could not be written
    back exactly (NaN, infinity, huge numbers, a key given twice) is refused up front, not at
    the next save; the same whether the save writes with orjson (long journals) or not."""
    from journal import journal_file

    monkeypatch.setattr(journal_file, "FAST_JSON_FROM", 0 if fast else 1 << 60)
    opened = raw in (BASE, AWKWARD["spaced, as older versions wrote"], AWKWARD["20 digits"]) \
        or b'"extra"' in raw or b"\\ud800" in raw
    assert _open_and_write(raw) == ("opened" if opened else "refused")


DAY_DOCS = st.fixed_dictionaries(
    {"date": st.one_of(st.sampled_from(["2026-11-21", "2026-02-30", "2026-1-1", ""]),
                       st.dates().map(str), st.integers()),
     "pain": st.one_of(st.none(), st.integers(-5, 120), st.floats(allow_nan=True),
                       st.sampled_from([4.0, 4.5, "4", True])),
     "function": st.one_of(st.none(), st.integers(-5, 2_000_000), st.floats()),
     "sleep_wakings": st.one_of(st.none(), st.integers(-2, 60), st.floats(0, 60)),
     "mood": st.one_of(st.none(), st.integers(-2, 12), st.just(3.0)),
     "fatigue": st.one_of(st.none(), st.integers(-2, 12)),
     "flare": st.one_of(st.booleans(), st.just(1), st.none()),
     "note": st.one_of(st.text(max_size=30), st.sampled_from([" padded ", "a\x00b", "x" * 2001])),
     "recorded_at": st.one_of(st.none(), st.just("2026-11-21T20:30:00+01:00"),
                              st.just("yesterday"))})


@given(DAY_DOCS)
@settings(max_examples=400, deadline=None)
def test_fast_and_validating_entry_decoding_agree(doc):
    """Opening a journal decodes clean entries on a fast path; it must accept and refuse
    exactly the documents the validating path does, with the same result."""
    from journal.domain import codec

    def outcome(decode):
        try:
            return ("ok", decode(dict(doc)))
        except (ValidationError, ValueError, TypeError) as exc:
            return ("refused", type(exc).__name__)

    def validating(d):
        saved = codec._fast_entry
        codec._fast_entry = lambda _doc: None
        try:
            return codec.decode_entry(d)
        finally:
            codec._fast_entry = saved

    fast, slow = outcome(codec.decode_entry), outcome(validating)
    assert fast[0] == slow[0]
    if fast[0] == "ok":
        assert fast[1] == slow[1]
        assert {k: type(v) for k, v in record.values(fast[1]).items()} == {
            k: type(v) for k, v in record.values(slow[1]).items()}


@given(st.lists(DAY_DOCS, max_size=6))
@settings(max_examples=300, deadline=None)
def test_decoding_all_days_at_once_agrees_with_one_by_one(docs):
    """Opening a journal checks all days at once and builds clean ones without re-checking:
    the result, or the refusal, must be what decoding each day on its own gives."""
    from journal.domain import codec

    def one_by_one():
        entries = {}
        for doc in docs:
            entry = codec.decode_entry(dict(doc))
            entries[entry.day] = entry
        return entries

    def outcome(decode):
        try:
            return ("ok", decode())
        except (ValidationError, ValueError, TypeError) as exc:
            return ("refused", type(exc).__name__)

    bulk = outcome(lambda: codec.decode_entries([dict(d) for d in docs]))
    single = outcome(one_by_one)
    assert bulk == single
    if bulk[0] == "ok":
        for day, entry in bulk[1].items():
            assert {k: type(v) for k, v in record.values(entry).items()} == {
                k: type(v) for k, v in record.values(single[1][day]).items()}


def test_a_clean_long_journal_takes_the_all_at_once_path():
    """The quick test must pass on ordinary data, or opening a long journal gets no faster."""
    from journal.domain import codec

    docs = [{"date": f"2026-01-{d:02d}", "pain": d % 10, "function": 20.5, "mood": 3,
             "flare": d % 7 == 0, "note": "walked to the shop" if d % 3 else "",
             "recorded_at": "2026-01-01T20:30:00+01:00", "edited_at": None}
            for d in range(1, 29)]
    assert codec.clean_day_docs(docs)
    assert codec.decode_entries(docs) == {e.day: e for e in map(codec.decode_entry, docs)}
    docs[5]["pain"] = 4.0  # stored as a float: the validating path turns it into 4
    assert not codec.clean_day_docs(docs)
    assert codec.decode_entries(docs)[date(2026, 1, 6)].pain == 4


def test_one_unusual_day_among_many_is_decoded_like_the_rest():
    """Days are checked a chunk at a time: a day the quick test refuses (4.0) is decoded
    on the validating path, the others on the quick one, and the whole agrees."""
    from journal.domain import codec

    start = date(2026, 1, 1)
    docs = [{"date": (start + timedelta(days=i)).isoformat(), "pain": i % 10, "note": ""}
            for i in range(3 * codec.DECODE_CHUNK)]
    docs[codec.DECODE_CHUNK + 5]["pain"] = 4.0
    entries = codec.decode_entries(docs)
    assert entries == {e.day: e for e in map(codec.decode_entry, docs)}
    assert type(entries[start + timedelta(days=codec.DECODE_CHUNK + 5)].pain) is int


CLEAN_SESSIONS = st.fixed_dictionaries(
    {"date": st.dates(date(1990, 1, 1), date(2100, 1, 1)).map(str),
     "minutes": st.integers(1, 480), "cost": st.one_of(st.none(), st.integers(0, 100_000),
                                                       st.sampled_from([62.5, 0.5])),
     "pressure": st.sampled_from(["light", "firm", "deep tissue"]),
     "areas": st.lists(st.sampled_from(["neck", "low back", "hips"]), max_size=3, unique=True),
     "tolerance": st.sampled_from(["ok", "too-light", "too-strong"]),
     "note": st.sampled_from(["", "fine", "two\nlines"]),
     "block_id": st.one_of(st.none(), st.just("02af88000e81")),
     "recorded_at": st.one_of(st.none(), st.just("2026-11-21T20:30:00+01:00"))})
#: Values that validation changes, sets aside or refuses, one of them put in a clean session.
ODD_SESSION_VALUES = {
    "date": st.sampled_from(["2026-02-30", "", "1850-01-01", 20261121]),
    "minutes": st.sampled_from([None, 0, 481, 45.0, 45.5, "45", True]),
    "cost": st.sampled_from([-1, 100_001, 60.0, float("nan"), float("inf"), True, "5"]),
    "pressure": st.sampled_from([None, "", " firm", "a\nb", "x" * 61, 3]),
    "areas": st.sampled_from([None, "neck", ["neck", "neck"], [" neck"], [""], ["a\tb"],
                              ["x" * 41], [3]]),
    "tolerance": st.sampled_from([None, "too_strong", "OK", "bad"]),
    "note": st.sampled_from([None, " padded ", "a\x00b", "x" * 2001, "caf\udce9"]),
    "recorded_at": st.sampled_from(["1850-01-01T00:00:00", "yesterday", 5]),
}
SESSION_DOCS = st.one_of(CLEAN_SESSIONS, st.tuples(
    CLEAN_SESSIONS, st.sampled_from(sorted(ODD_SESSION_VALUES)).flatmap(
        lambda key: st.tuples(st.just(key), ODD_SESSION_VALUES[key]))).map(
    lambda pair: {**pair[0], pair[1][0]: pair[1][1]}))


@given(st.lists(SESSION_DOCS, max_size=6))
@settings(max_examples=400, deadline=None)
def test_decoding_all_sessions_at_once_agrees_with_one_by_one(docs):
    """Sessions are checked all at once too and clean ones built without re-checking: the
    result, what is set aside, or the refusal must be what decoding each on its own gives."""
    from journal.domain import codec

    def outcome(decode):
        invalid: list[Any] = []
        try:
            return ("ok", decode(invalid), [(i.table, i.key) for i in invalid])
        except (ValidationError, ValueError, TypeError) as exc:
            return ("refused", type(exc).__name__)

    def one_by_one(invalid):
        sessions = {}
        for doc in docs:
            session = codec._set_aside(invalid, "sessions", dict(doc), codec.decode_session)
            if session is not None:
                sessions[session.day] = session
        return sessions

    bulk = outcome(lambda invalid: codec.decode_sessions([dict(d) for d in docs], invalid))
    single = outcome(one_by_one)
    assert bulk == single
    if bulk[0] == "ok":
        for day, session in bulk[1].items():
            assert {k: type(v) for k, v in record.values(session).items()} == {
                k: type(v) for k, v in record.values(single[1][day]).items()}
