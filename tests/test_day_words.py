"""Days in words: what a person may type for a date, and how a day is said back to them.

Where a test needs the real clock at a fixed moment (the command line's own SystemClock, no
FixedClock handed in), it travels there with pendulum, which moves ``datetime`` too.
"""

from __future__ import annotations

from datetime import date, timedelta

import pendulum
import pytest
from conftest import NOW, python_prints

from journal import cli
from journal.domain import checks
from journal.domain.errors import OutOfRange, ValidationError
from journal.formats import relative_day
from journal.store import Store

SATURDAY = date(2026, 11, 21)  # the conftest clock's today
BLOCK = ["block", "add", "--name", "Autumn back block", "--start", "2026-11-17", "--weeks", "6",
         "--sessions-per-week", "2", "--minutes", "45"]


@pytest.mark.parametrize(("offset", "words", "plain"), [
    (0, "today", "today"),
    (-1, "yesterday", "yesterday"),
    (1, "tomorrow", "tomorrow"),
    (-2, "last Thursday", "2 days ago"),
    (-6, "last Sunday", "6 days ago"),
    (-7, "1 week ago", "1 week ago"),
    (-15, "2 weeks ago", "2 weeks ago"),
    (-40, "1 month ago", "1 month ago"),
    (-400, "1 year ago", "1 year ago"),
    (3, "in 3 days", "in 3 days"),
    (7, "in 1 week", "in 1 week"),
    (21, "in 3 weeks", "in 3 weeks"),
    (75, "in 2 months", "in 2 months"),
])
def test_a_day_in_words(offset, words, plain):
    day = SATURDAY + timedelta(days=offset)
    assert relative_day(day, SATURDAY) == words
    assert relative_day(day, SATURDAY, weekday=False) == plain


@pytest.mark.parametrize(("typed", "expected"), [
    ("today", SATURDAY),
    ("Yesterday", SATURDAY - timedelta(days=1)),
    ("tomorrow", SATURDAY + timedelta(days=1)),
    ("saturday", SATURDAY),              # today is a Saturday: today, not a week ago
    ("sat", SATURDAY),
    ("friday", SATURDAY - timedelta(days=1)),
    ("SUNDAY", SATURDAY - timedelta(days=6)),
    ("tues", SATURDAY - timedelta(days=4)),
    ("thurs", SATURDAY - timedelta(days=2)),
    ("-3d", SATURDAY - timedelta(days=3)),
    ("+2d", SATURDAY + timedelta(days=2)),
    ("-0d", SATURDAY),
    (" 2026-11-02 ", date(2026, 11, 2)),
])
def test_what_a_person_may_type_for_a_day(typed, expected):
    assert checks.day_word(typed, "date", SATURDAY) == expected


@pytest.mark.parametrize("typed", ["mo", "t", "someday", "-3", "3d", "-3 d", "--3d", "-d",
                                   "2026-11-31", "monday!", "-٣d"])
def test_other_words_are_refused_saying_what_is_allowed(typed):
    with pytest.raises(ValidationError, match="must be today, yesterday, tomorrow, a weekday "
                       r"such as monday \(the latest one, today included\), -3d"):
        checks.day_word(typed, "date", SATURDAY)


def test_an_offset_beyond_the_journals_window_is_out_of_range():
    with pytest.raises(OutOfRange, match="from 1900-01-01 to 2199-12-31"):
        checks.day_word("-999999d", "date", SATURDAY)


def test_each_weekday_is_the_latest_one_on_every_day_of_a_week():
    for back in range(7):
        today = SATURDAY - timedelta(days=back)
        for name in checks.WEEKDAYS:
            day = checks.day_word(name, "date", today)
            assert day.strftime("%A").lower() == name
            assert 0 <= (today - day).days < 7


def test_journal_log_takes_a_weekday_and_an_offset_on_the_real_clock(journal_path, capsys):
    """No FixedClock: the command line's own clock, at a fixed moment through pendulum."""
    data = ["--data", str(journal_path)]
    with pendulum.travel_to(pendulum.instance(NOW), freeze=True):
        assert cli.main([*data, *BLOCK]) == 0
        capsys.readouterr()
        assert cli.main([*data, "log", "--pain", "4", "--date", "tue"]) == 0
        assert capsys.readouterr().out == "logged 2026-11-17 (last Tuesday): pain 4\n"
        assert cli.main([*data, "log", "--pain", "5", "--date", "-3d"]) == 0  # as a value
        assert capsys.readouterr().out == "logged 2026-11-18 (last Wednesday): pain 5\n"
        assert cli.main([*data, "log", "--pain", "6", "--date", "2026-11-19"]) == 0
        assert capsys.readouterr().out == "logged 2026-11-19: pain 6\n"  # ISO: as typed
        assert cli.main([*data, "log", "--pain", "3"]) == 0
        assert capsys.readouterr().out == "logged 2026-11-21: pain 3\n"
        assert cli.main([*data, "log", "--pain", "3", "--date", "tomorrow"]) == 2
        assert "cannot be in the future" in capsys.readouterr().err
    entries = Store(journal_path).journal.entries
    assert {d.isoformat(): e.pain for d, e in entries.items()} == {
        "2026-11-17": 4, "2026-11-18": 5, "2026-11-19": 6, "2026-11-21": 3}


def test_status_says_near_and_far_days_in_words(journal_path, capsys):
    data = ["--data", str(journal_path)]
    with pendulum.travel_to(pendulum.instance(NOW), freeze=True):
        assert cli.main([*data, *BLOCK]) == 0
        assert cli.main([*data, "side-effect", "soreness", "--severity", "1", "--date",
                         "2026-11-17"]) == 0
        capsys.readouterr()
        assert cli.main([*data, "status"]) == 0
        out = capsys.readouterr().out
    assert "next session   Saturday 2026-11-21, today (45 minutes planned)" in out
    assert "soreness from 2026-11-17, last Tuesday (mild)" in out
    # Seven weeks on, in the follow-up: the end of the block (12 days ago) in pendulum's words.
    later = pendulum.instance(NOW).add(weeks=7)
    with pendulum.travel_to(later, freeze=True):
        assert cli.main([*data, "status"]) == 0
        out = capsys.readouterr().out
    assert "(the block ended on 2026-12-28, 2 weeks ago; see: journal report)" in out


def test_a_typed_word_for_a_day_does_not_load_pendulum_unless_it_needs_it():
    code = ("import sys\nfrom datetime import date\nfrom journal.domain import checks\n"
            "from journal.formats import relative_day\nt = date(2026, 11, 21)\n"
            "for w in ('today', 'yesterday', '-3d', '2026-11-02'): checks.day_word(w, 'd', t)\n"
            "relative_day(date(2026, 11, 17), t)\n"
            "a = 'pendulum' in sys.modules\nchecks.day_word('monday', 'd', t)\n"
            "print(a, 'pendulum' in sys.modules)\n")
    assert python_prints(code) == "False True"


async def test_the_log_screen_says_how_far_back_a_browsed_day_is(store, clock):
    from conftest import screen_text

    from journal.app import JournalApp
    from journal.demo import demo_journal

    store.replace_all(demo_journal(clock.today(), clock.now().tzinfo))
    app = JournalApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Saturday 21 November 2026" in text and "· today" not in text
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert "Thursday 19 November 2026 · 2 days ago" in screen_text(app)
        for _ in range(12):
            await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "Saturday 7 November 2026 · 2 weeks ago" in screen_text(app)
