"""The pure chart builder: what the chart shows (levels, sessions, gaps) and what it costs."""

from __future__ import annotations

import random
import re
import tomllib
from datetime import date, timedelta, timezone
from pathlib import Path

import pytest

from journal.charts import (
    ChartSpec,
    chart_data,
    plot_columns,
    render_chart,
)
from journal.demo import demo_journal
from journal.domain.models import (
    FUNCTION_PRESETS,
    Amendment,
    Block,
    DayEntry,
    Journal,
    Plan,
    Rule,
    Session,
    SideEffect,
)

TODAY = date(2026, 11, 21)
THEMES = Path(__file__).resolve().parents[1] / "themes"


# --- helpers ---------------------------------------------------------------------------------


def make_block(first: date, *, weeks: int = 4, rule: Rule | None = None,
               function: str | None = "walking", scale: int = 10,
               amendments: tuple[Amendment, ...] = ()) -> Block:
    plan = Plan(name="Test block", first_session=first, weeks=weeks, sessions_per_week=2,
                minutes=45, baseline_days=7, pain_scale=scale,
                function=FUNCTION_PRESETS[function] if function else None, rule=rule)
    return Block("blk1", plan, amendments)


def journal_with(block: Block, pains: dict[date, float],
                 functions: dict[date, float] | None = None) -> Journal:
    journal = Journal(blocks=[block])
    functions = functions or {}
    for day in sorted(set(pains) | set(functions)):
        journal.entries[day] = DayEntry(day, pain=pains.get(day), function=functions.get(day))
    return journal


def main_panel(text: str) -> list[str]:
    """The rows of the main plot (between its top and bottom frame lines)."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    return lines[top + 1:bottom]


def row_values(rows: list[str]) -> list[float]:
    """The y value of every plot row, from the numeric tick labels on the axis."""
    labelled = [(i, float(row[:7])) for i, row in enumerate(rows) if row[:7].strip()]
    (i0, v0), (i1, v1) = labelled[0], labelled[-1]
    per_row = (v1 - v0) / (i1 - i0)
    return [v0 + (i - i0) * per_row for i in range(len(rows))]


def line_row(rows: list[str], mark: str) -> int:
    """The row holding the longest run of ``mark`` (a horizontal line in the plot)."""
    def longest(row: str) -> int:
        return max((len(m) for m in re.findall(f"{re.escape(mark)}+", row[8:])), default=0)
    return max(range(len(rows)), key=lambda i: longest(rows[i]))


def lane(text: str, name: str) -> str:
    """The plot part of one lane of the strip under the chart (e.g. "session")."""
    row = next(line for line in text.splitlines() if line[:7].strip() == name)
    return row[8:]


def ten_year_journal(seed: int = 2016) -> Journal:
    """About 3,650 days: a block each year, daily pain and walking, a tenth of days missed."""
    rng = random.Random(seed)
    start = TODAY - timedelta(days=3650)
    journal = Journal()
    for year in range(10):
        first = start + timedelta(days=365 * year + 30)
        plan = Plan(name=f"Block {year + 1}", first_session=first, weeks=8,
                    sessions_per_week=2, minutes=45, function=FUNCTION_PRESETS["walking"])
        journal.blocks.append(Block(f"b{year}", plan))
        for day in plan.planned_session_days():
            journal.sessions[day] = Session(day, 45, block_id=f"b{year}")
            if rng.random() < 0.2:
                journal.side_effects.append(
                    SideEffect(f"e{day}", day, "soreness", rng.randint(1, 3), True))
    for i in range(3650):
        day = start + timedelta(days=i)
        if rng.random() < 0.1:
            continue
        journal.entries[day] = DayEntry(day, pain=rng.randint(1, 9),
                                        function=rng.randint(5, 40),
                                        flare=rng.random() < 0.02)
    return journal


@pytest.fixture(scope="module")
def demo() -> Journal:
    return demo_journal(TODAY, timezone(timedelta(hours=1)))


# --- levels ----------------------------------------------------------------------------------


def test_baseline_and_target_lines_sit_at_the_right_values():
    first = TODAY - timedelta(days=14)
    block = make_block(first, rule=Rule(2.0, 5.0))
    baseline = [7, 7, 8, 6, 7, 7, 7]  # mean 7 -> target 5
    pains = {first - timedelta(days=7 - i): v for i, v in enumerate(baseline)}
    pains.update({first + timedelta(days=i): 3 for i in range(14)})
    journal = journal_with(block, pains)

    data = chart_data(journal, TODAY, ChartSpec("pain", "block", 100, 40))
    assert data.baseline is not None and data.target is not None
    assert data.baseline.value == pytest.approx(7.0)
    assert data.target.value == pytest.approx(5.0)
    assert data.target.start == first  # the target applies from the first session

    rows = main_panel(render_chart(journal, TODAY, ChartSpec("pain", "block", 100, 40)))
    values = row_values(rows)
    per_row = abs(values[1] - values[0])
    assert values[line_row(rows, "─")] == pytest.approx(7.0, abs=per_row / 2)
    assert values[line_row(rows, "╌")] == pytest.approx(5.0, abs=per_row / 2)


@pytest.mark.parametrize(("preset", "expected"), [("walking", 25.0), ("night-wakings", 15.0)])
def test_function_target_follows_which_way_is_better(preset, expected):
    first = TODAY - timedelta(days=10)
    block = make_block(first, rule=Rule(1.0, 5.0), function=preset)
    functions = {first - timedelta(days=7 - i): 20 for i in range(7)}
    functions.update({first + timedelta(days=i): 22 for i in range(10)})
    journal = journal_with(block, {}, functions)

    data = chart_data(journal, TODAY, ChartSpec("function", "block", 100, 30))
    assert data.baseline is not None and data.baseline.value == pytest.approx(20.0)
    assert data.target is not None and data.target.value == pytest.approx(expected)
    marker = FUNCTION_PRESETS[preset]
    assert f"{marker.name[1:]} ({marker.unit}, {marker.direction_words})" in data.title


def test_target_uses_the_rule_frozen_before_the_block_not_an_amendment():
    first = TODAY - timedelta(days=10)
    amendment = Amendment(first + timedelta(days=3), "asked for more",
                          (("rule.pain_change", 1.0, 3.0),))
    block = make_block(first, rule=Rule(1.0, 5.0), amendments=(amendment,))
    assert block.current.rule.pain_change == 3.0
    pains = {first - timedelta(days=7 - i): 6 for i in range(7)}
    pains.update({first + timedelta(days=i): 4 for i in range(10)})
    data = chart_data(journal_with(block, pains), TODAY, ChartSpec("pain", "block", 100, 30))
    assert data.target is not None and data.target.value == pytest.approx(5.0)


def test_baseline_still_running_is_called_so_far():
    first = TODAY + timedelta(days=3)  # baseline day 4 of 7
    block = make_block(first, rule=Rule(1.0, 5.0))
    pains = {first - timedelta(days=7 - i): 6 for i in range(4)}
    data = chart_data(journal_with(block, pains), TODAY, ChartSpec("pain", "block", 100, 30))
    assert data.baseline_words == "baseline so far 6"
    done = chart_data(journal_with(block, pains), first, ChartSpec("pain", "block", 100, 30))
    assert done.baseline_words == "baseline 6"


def test_pain_on_a_0_to_100_scale_gets_a_0_to_100_axis():
    first = TODAY - timedelta(days=10)
    block = make_block(first, scale=100, rule=Rule(10.0, 5.0))
    pains = {first - timedelta(days=7 - i): 60 for i in range(7)}
    pains.update({first + timedelta(days=i): 45 for i in range(10)})
    journal = journal_with(block, pains)
    data = chart_data(journal, TODAY, ChartSpec("pain", "block", 100, 30))
    assert (data.y_min, data.y_max) == (0, 100)
    assert data.target is not None and data.target.value == pytest.approx(50.0)
    text = render_chart(journal, TODAY, ChartSpec("pain", "block", 100, 30))
    assert "Pain 0-100" in text
    assert "    100┤" in text


# --- sessions, phases, gaps ------------------------------------------------------------------


def test_one_session_marker_per_session(demo):
    spec = ChartSpec("pain", "block", 80, 24)
    data = chart_data(demo, TODAY, spec)
    in_range = [d for d in demo.sessions if data.start <= d <= data.end]
    assert len(in_range) == len(demo.sessions) == 14  # 15 before today, one cancelled
    assert [b.start for b in data.sessions] == sorted(in_range)
    assert lane(render_chart(demo, TODAY, spec), "session").count("◆") == len(in_range)


def test_side_effects_and_flares_are_on_the_same_dates(demo):
    data = chart_data(demo, TODAY, ChartSpec("pain", "block", 120, 40))
    severity: dict[date, int] = {}
    for effect in demo.side_effects:
        severity[effect.day] = max(severity.get(effect.day, 0), effect.severity)
    assert {b.start: int(b.value) for b in data.side_effects} == severity
    assert [b.start for b in data.flares] == sorted(d for d, e in demo.entries.items() if e.flare)
    text = render_chart(demo, TODAY, ChartSpec("pain", "block", 120, 40))
    marks = lane(text, "effects")
    assert marks.count("▅") == sum(1 for v in severity.values() if v == 2)
    assert marks.count("▂") == sum(1 for v in severity.values() if v == 1)
    assert lane(text, "flare").count("▲") == 2


def test_phases_are_marked_on_the_time_axis(demo):
    spec = ChartSpec("pain", "block", 120, 40)
    data = chart_data(demo, TODAY, spec)
    plan = demo.blocks[0].current
    assert [(p.name, p.start) for p in data.phases] == [
        ("baseline", plan.baseline_start), ("treatment", plan.first_session)]
    assert data.boundaries == (plan.first_session,)
    text = render_chart(demo, TODAY, spec)
    phase_lane = lane(text, "phase")
    assert "baseline" in phase_lane and "treatment" in phase_lane
    dates = [line for line in text.splitlines() if line.strip()][-1]
    assert "30 Sep" in dates  # the first session's date on the x axis


def test_missed_days_stay_gaps_and_the_average_is_not_bridged():
    first = TODAY - timedelta(days=27)
    block = make_block(first, rule=Rule(1.0, 5.0))
    missed = {first + timedelta(days=i) for i in range(7, 14)}  # all of treatment week 2
    missed.add(first + timedelta(days=2))
    pains = {first - timedelta(days=7 - i): 6 for i in range(7)}
    pains.update({first + timedelta(days=i): 5 for i in range(28)
                  if first + timedelta(days=i) not in missed})
    journal = journal_with(block, pains)

    data = chart_data(journal, TODAY, ChartSpec("pain", "block", 120, 30))
    assert data.resolution == "day"
    shown = {b.start for b in data.points}
    assert shown == set(pains)
    assert not shown & missed
    covered = {b.start + timedelta(days=i) for run in data.averages for b in run
               for i in range(b.days)}
    assert not covered & {first + timedelta(days=i) for i in range(7, 14)}
    treatment_runs = [run for run in data.averages if run[0].start >= first]
    assert len(treatment_runs) == 2  # week 1, then weeks 3-4: the empty week breaks the line


def test_weeks_are_counted_from_the_first_session(demo):
    data = chart_data(demo, TODAY, ChartSpec("pain", "block", 120, 30))
    plan = demo.blocks[0].current
    starts = [b.start for run in data.averages for b in run]
    assert starts[0] == plan.baseline_start  # the baseline: one segment of its own
    assert all((d - plan.first_session).days % 7 == 0 for d in starts[1:])


# --- long histories --------------------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 80, 160, 240])
def test_ten_years_are_reduced_to_at_most_one_point_per_column(width):
    journal = ten_year_journal()
    assert len(journal.entries) > 3000
    for kind in ("pain", "function"):
        spec = ChartSpec(kind, "all", width, 30)
        data = chart_data(journal, TODAY, spec)
        columns = plot_columns(width)
        assert data.resolution != "day"
        assert 0 < len(data.points) <= columns
        assert sum(len(run) for run in data.averages) <= columns
        for marks in (data.sessions, data.side_effects, data.flares):
            assert len(marks) <= columns
        text = render_chart(journal, TODAY, spec)
        assert max(len(line) for line in text.splitlines()) <= width
        assert len(text.splitlines()) <= 30


def test_long_range_means_are_means_of_the_logged_days():
    journal = ten_year_journal()
    data = chart_data(journal, TODAY, ChartSpec("pain", "all", 80, 30))
    bucket = data.points[5]
    logged = [e.pain for d, e in journal.entries.items() if bucket.start <= d <= bucket.end]
    assert bucket.value == pytest.approx(sum(logged) / len(logged))


# --- empty and small -------------------------------------------------------------------------


def test_empty_journal_gives_a_sentence_not_a_frame():
    empty = Journal()
    text = render_chart(empty, TODAY, ChartSpec("pain", "all", 80, 20))
    assert "No pain logged in this range yet. Log a day with F2" in text
    assert "┌" not in text
    text = render_chart(empty, TODAY, ChartSpec("pain", "block", 80, 20))
    assert "No block planned yet" in text


def test_one_logged_day_gives_a_sentence():
    first = TODAY + timedelta(days=3)
    block = make_block(first)
    journal = journal_with(block, {TODAY: 6})
    text = render_chart(journal, TODAY, ChartSpec("pain", "block", 80, 20))
    assert "Only one day of pain logged in this range so far (6 on 21 Nov)" in text
    assert "┌" not in text


def test_function_chart_without_a_marker_says_so():
    first = TODAY - timedelta(days=3)
    journal = journal_with(make_block(first, function=None), {TODAY: 5, first: 4})
    text = render_chart(journal, TODAY, ChartSpec("function", "block", 80, 20))
    assert "no function marker" in text


def test_too_small_for_a_chart_says_so(demo):
    text = render_chart(demo, TODAY, ChartSpec("pain", "block", 80, 6))
    assert "too small" in text


@pytest.mark.parametrize(("width", "height"), [(30, 12), (60, 16), (80, 20), (80, 24),
                                               (120, 40), (160, 50), (200, 15)])
@pytest.mark.parametrize("kind", ["pain", "function", "effects"])
def test_chart_fits_the_size_it_was_given(demo, kind, width, height):
    for range_name in ("block", "all", "4w"):
        text = render_chart(demo, TODAY, ChartSpec(kind, range_name, width, height))
        lines = text.splitlines()
        assert len(lines) <= height
        assert max(len(line) for line in lines) <= width


# --- colours ---------------------------------------------------------------------------------


def test_plain_output_has_no_escape_sequences(demo):
    for kind in ("pain", "function", "effects"):
        for range_name in ("block", "all", "4w"):
            text = render_chart(demo, TODAY, ChartSpec(kind, range_name, 80, 20))
            assert "\x1b[" not in text


def test_colours_come_from_the_palette_of_a_shipped_theme(demo):
    theme = tomllib.loads((THEMES / "calm.toml").read_text(encoding="utf-8"))
    palette = dict(theme["variables"])
    text = render_chart(demo, TODAY, ChartSpec("pain", "block", 100, 30, palette=palette))

    def sgr(name: str) -> str:
        h = palette[name].lstrip("#")
        return f"38;2;{int(h[0:2], 16)};{int(h[2:4], 16)};{int(h[4:6], 16)}m"

    for name in ("pain-line", "baseline-line", "target-line", "session-marker", "side-effect",
                 "flare", "phase-baseline", "phase-treatment"):
        assert sgr(name) in text, name
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "baseline" in plain


def test_unknown_kind_or_range_is_refused(demo):
    with pytest.raises(ValueError, match="kind"):
        chart_data(demo, TODAY, ChartSpec("mood", "block", 80, 20))
    with pytest.raises(ValueError, match="range"):
        chart_data(demo, TODAY, ChartSpec("pain", "year", 80, 20))


def test_ranges_cover_the_expected_dates(demo):
    plan = demo.blocks[0].current
    block = chart_data(demo, TODAY, ChartSpec("pain", "block", 100, 30))
    assert (block.start, block.end) == (plan.baseline_start, plan.treatment_end)
    weeks = chart_data(demo, TODAY, ChartSpec("pain", "4w", 100, 30))
    assert (weeks.start, weeks.end) == (TODAY - timedelta(days=27), TODAY)
    assert "last 4 weeks" in weeks.title
    everything = chart_data(demo, TODAY, ChartSpec("pain", "all", 100, 30))
    assert everything.start == min(demo.entries)
    assert everything.end == TODAY


def test_random_journals_never_break_the_chart():
    """Odd shapes (no block, future blocks, 0-day baselines, 0-100 scales, one entry, long
    gaps, tiny and huge sizes) give a chart or a sentence that fits, never an error."""
    rng = random.Random(6)
    for _ in range(60):
        journal = Journal()
        first = TODAY + timedelta(days=rng.randint(-400, 30))
        if rng.random() < 0.8:
            preset = rng.choice([None, "walking", "night-wakings", "head-turn"])
            plan = Plan(name="B", first_session=first, weeks=rng.randint(1, 12),
                        sessions_per_week=rng.randint(1, 7), minutes=30,
                        baseline_days=rng.choice([0, 3, 7, 14]),
                        pain_scale=rng.choice([10, 100]),
                        function=FUNCTION_PRESETS[preset] if preset else None)
            journal.blocks.append(Block("b", plan))
            for day in plan.planned_session_days():
                if day <= TODAY and rng.random() < 0.8:
                    journal.sessions[day] = Session(day, 30)
                    if rng.random() < 0.3:
                        journal.side_effects.append(
                            SideEffect(f"e{day}", day, "soreness", rng.randint(1, 3)))
        for _ in range(rng.choice([0, 1, 2, 30, 400])):
            day = TODAY - timedelta(days=rng.randint(0, 900))
            journal.entries[day] = DayEntry(
                day, pain=rng.choice([None, rng.randint(0, 10)]),
                function=rng.choice([None, rng.randint(0, 200)]), flare=rng.random() < 0.05)
        for kind in ("pain", "function", "effects"):
            for range_name in ("block", "all", "4w"):
                width, height = rng.randint(20, 220), rng.randint(3, 70)
                text = render_chart(journal, TODAY, ChartSpec(kind, range_name, width, height))
                lines = text.splitlines()
                assert 0 < len(lines) <= height
                assert max(len(line) for line in lines) <= width


def test_a_chart_is_drawn_the_same_whatever_was_drawn_before(demo):
    """plotext keeps one figure per process: nothing of one chart may show in the next."""
    spec = ChartSpec("pain", "block", 100, 30)
    first = render_chart(demo, TODAY, spec)
    render_chart(demo, TODAY, ChartSpec("function", "all", 60, 12))
    render_chart(demo, TODAY, ChartSpec("effects", "4w", 140, 40))
    assert render_chart(demo, TODAY, spec) == first


# --- cost in blocks (issue 21) ---------------------------------------------------------------


def many_blocks_journal(n: int) -> Journal:
    """``n`` back-to-back blocks of 4 weeks, one logged day each."""
    journal = Journal()
    first = TODAY - timedelta(days=35 * n)
    for i in range(n):
        plan = Plan(name=f"Block {i}", first_session=first + timedelta(days=35 * i), weeks=4,
                    sessions_per_week=2, minutes=45, baseline_days=7,
                    function=FUNCTION_PRESETS["walking"])
        journal.blocks.append(Block(f"b{i}", plan))
        journal.entries[plan.first_session] = DayEntry(plan.first_session, pain=5, function=10)
    return journal


@pytest.mark.parametrize("kind", ["pain", "effects"])
@pytest.mark.parametrize("range_", ["block", "all"])
def test_chart_data_looks_at_each_block_a_bounded_number_of_times(monkeypatch, kind, range_):
    """Preparing a chart reads each block's plan a fixed number of times, however many blocks
    there are: a loop over blocks inside a loop over blocks (n squared) fails this."""
    reads = 0
    plain = Block.current

    def counted(self: Block) -> Plan:
        nonlocal reads
        reads += 1
        return plain.func(self)

    monkeypatch.setattr(Block, "current", property(counted))
    per_block = {}
    for n in (20, 200):
        journal = many_blocks_journal(n)
        reads = 0
        chart_data(journal, TODAY, ChartSpec(kind, range_, 80, 24))
        per_block[n] = reads / n
    assert per_block[200] <= per_block[20] + 1, per_block
    assert per_block[200] <= 12, per_block


# --- reading at a glance at 80x24 (issue 18) -------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(80, 21), (80, 17), (60, 17), (60, 13)])
def test_small_windows_keep_title_and_say_what_is_hidden(demo, width, height):
    text = render_chart(demo, TODAY, ChartSpec("pain", "block", width, height))
    lines = text.splitlines()
    assert len(lines) <= height and all(len(line) <= width for line in lines)
    assert "…" not in text  # nothing cut
    head = " ".join(lines[:2])
    assert "Low back & shoulders, spring" in head and "23 Sep – 24 Nov 2026" in head
    has_strip = any(line[:7].strip() == "session" for line in lines)
    shows_days = "• daily" in text
    notice = next((line for line in lines if line.startswith("Hidden:")), "")
    assert ("sessions (" in notice) == (not has_strip)
    assert ("each day (" in notice) == (not shows_days)
    if not has_strip:
        more = int(notice.split("sessions (+")[1].split()[0])
        bigger = render_chart(demo, TODAY, ChartSpec("pain", "block", width, height + more))
        assert any(line[:7].strip() == "session" for line in bigger.splitlines())


def test_pain_axis_is_labelled_every_two_points_and_the_average_is_a_step(demo):
    text = render_chart(demo, TODAY, ChartSpec("pain", "block", 80, 21))
    labels = [row[:7].strip() for row in main_panel(text) if row[:7].strip()]
    assert labels == ["10", "8", "6", "4", "2", "0"]
    assert "▀" not in text and "▄" not in text  # no half-block levels
    assert "━━ weekly average" in text
    hundred = make_block(TODAY - timedelta(days=20), scale=100)
    pains = {TODAY - timedelta(days=i): 40 + i for i in range(25)}
    text = render_chart(journal_with(hundred, pains), TODAY, ChartSpec("pain", "block", 80, 21))
    labels = [row[:7].strip() for row in main_panel(text) if row[:7].strip()]
    assert labels == ["100", "80", "60", "40", "20", "0"]


def test_daily_values_are_drawn_over_the_reference_lines(demo):
    text = render_chart(demo, TODAY, ChartSpec("pain", "block", 80, 21))
    rows = main_panel(text)
    base = line_row(rows, "─")
    assert "•" in rows[base][8:]  # a day on the baseline's row is still a dot


@pytest.mark.parametrize("width", [40, 60, 120])
def test_a_century_of_dates_never_overlaps_its_year_labels(width):
    """A hundred years on a narrow chart: labels a decade apart do not fit in 31 columns, and
    plotext then dropped different ones from one draw to the next."""
    from journal import charts

    columns = plot_columns(width)
    data = charts.ChartData("pain", "all", "t", date(1926, 12, 29), date(2026, 12, 7),
                            columns=columns)
    xs, labels = charts._x_ticks(data, columns)
    x_max = (data.end - data.start).days + 1
    places = [charts._column(x, x_max, columns) for x in xs]
    assert len(labels) >= 2
    gaps = zip(places[:-1], places[1:], labels[:-1], strict=True)
    assert all(b - a >= len(label) + 1 for a, b, label in gaps)
