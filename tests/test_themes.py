"""Shipped themes, the validating theme loader, contrast checks and the settings file."""

from __future__ import annotations

import importlib.util
import json
import os
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme
from textual.widgets import Label

from journal.settings import load_settings, save_settings
from journal.themes import (
    APP_VARIABLES,
    APP_VARIABLES_LIGHT,
    CHART_VARIABLES,
    DEFAULT_THEME,
    TEXT_GROUNDS,
    TEXT_STYLES,
    ThemeFileError,
    bundled_themes_dir,
    check_contrast,
    contrast_ratio,
    contrast_report,
    load_theme_file,
    load_themes,
    relative_luminance,
    saved_theme_name,
    settings_path,
    text_contrast_report,
    theme_variable_defaults,
    user_themes_dir,
)

REPO = Path(__file__).resolve().parent.parent
SHIPPED = {"calm", "paper", "high-contrast", "dusk", "sage"}

GOOD_USER_THEME = """\
name = "mine"
primary = "#336699"
background = "#101010"
foreground = "#EEEEEE"

[variables]
"pain-line" = "#AACCEE"
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def shipped() -> dict[str, Theme]:
    themes, errors = load_themes(bundled_themes_dir())
    assert errors == []
    return {theme.name: theme for theme in themes}


# ---------------------------------------------------------------- shipped themes


def test_bundled_dir_is_the_source_tree_themes_folder_in_a_checkout() -> None:
    folder = bundled_themes_dir()
    assert folder.is_dir()
    assert {p.stem for p in folder.glob("*.toml")} >= SHIPPED
    assert not (folder / ".keep").exists()


def test_every_shipped_theme_loads_and_sets_every_app_variable(
    shipped: dict[str, Theme],
) -> None:
    assert set(shipped) >= SHIPPED
    assert DEFAULT_THEME in shipped
    for theme in shipped.values():
        missing = set(APP_VARIABLES) - set(theme.variables)
        assert not missing, f"{theme.name} leaves out {sorted(missing)}"
    assert shipped["calm"].dark
    assert shipped["high-contrast"].dark
    assert not shipped["paper"].dark


def test_each_shipped_file_loads_on_its_own() -> None:
    # Textual builds each one here: the app skips that for the shipped folder at start.
    for path in sorted(bundled_themes_dir().glob("*.toml")):
        theme = load_theme_file(path)
        assert theme.name == path.stem


def test_shipped_folder_loads_the_same_themes_without_the_build_check() -> None:
    checked, errors = load_themes(bundled_themes_dir())
    quick, quick_errors = load_themes(bundled_themes_dir(), shipped=bundled_themes_dir())
    assert errors == quick_errors == []
    assert quick == checked


def test_high_contrast_theme_meets_aaa_for_text_and_every_chart_colour(
    shipped: dict[str, Theme],
) -> None:
    theme = shipped["high-contrast"]
    assert relative_luminance(theme.background) < 0.05, "should be a dark background"
    assert check_contrast(theme, minimum=7.0) == []
    report = contrast_report(theme)
    for name in ("foreground", *CHART_VARIABLES):
        assert report[name] >= 7.0, f"{name}: {report[name]:.2f}:1"
        assert contrast_ratio(theme.variables.get(name, theme.foreground), theme.background) >= 7


def test_other_shipped_themes_meet_aa_for_text_and_charts(shipped: dict[str, Theme]) -> None:
    for theme in shipped.values():
        assert check_contrast(theme, minimum=4.5) == [], theme.name


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_every_text_style_is_readable_on_every_ground(shipped: dict[str, Theme],
                                                      name: str) -> None:
    """Placeholders, hints, errors and footer keys included: 7:1 in high-contrast,
    4.5:1 elsewhere, on the screen, on inputs and cards, and on panels."""
    minimum = 7.0 if name == "high-contrast" else 4.5
    report = text_contrast_report(shipped[name])
    assert set(report) == {(t, g) for t in TEXT_STYLES for g in TEXT_GROUNDS}
    low = {f"{t} on {g}": round(r, 2) for (t, g), r in report.items() if r < minimum}
    assert low == {}


@pytest.mark.parametrize("name", sorted(SHIPPED))
async def test_placeholder_is_drawn_in_the_checked_colour(shipped: dict[str, Theme],
                                                          name: str) -> None:
    """The contrast test checks $text-disabled because that is what Textual draws an
    empty input's placeholder in; this keeps the two tied together."""
    from textual.widgets import Input

    theme = shipped[name]

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(placeholder="0-10")

    app = One()
    app.register_theme(theme)
    app.theme = theme.name
    async with app.run_test(size=(30, 5)):
        field = app.query_one(Input)
        style = field.get_component_rich_style("input--placeholder")
        ground = Color.from_rich_color(field.rich_style.bgcolor)
        text = Color.from_rich_color(style.color)
        ratio = contrast_ratio(text.hex[:7], ground.hex[:7])
        assert ratio >= (7.0 if name == "high-contrast" else 4.5), f"{ratio:.2f}"


def test_check_contrast_reports_a_theme_that_fails() -> None:
    good = {name: "#FFFFFF" for name in APP_VARIABLES}
    dim_chart = Theme(
        name="dim-chart",
        primary="#888888",
        background="#000000",
        foreground="#FFFFFF",
        variables={**good, "pain-line": "#333333", "flare": "#202020"},
    )
    assert check_contrast(dim_chart) == ["pain-line", "flare"]

    dim_text = Theme(
        name="dim-text",
        primary="#888888",
        background="#FFFFFF",
        foreground="#999999",
        dark=False,
        variables={name: "#000000" for name in APP_VARIABLES},
    )
    assert check_contrast(dim_text) == ["foreground"]
    assert check_contrast(dim_text, minimum=2.5) == []


def test_app_variable_defaults_are_readable_on_textual_builtin_themes() -> None:
    for theme in BUILTIN_THEMES.values():
        if theme.name.startswith("ansi") or theme.ansi:
            continue  # terminal colours: contrast unknown
        report = contrast_report(theme)
        low = {k: round(v, 2) for k, v in report.items() if k != "foreground" and v < 4.5}
        assert not low, f"{theme.name}: {low}"
    assert theme_variable_defaults(True) == APP_VARIABLES
    assert theme_variable_defaults(False) == APP_VARIABLES_LIGHT
    assert set(APP_VARIABLES) == set(APP_VARIABLES_LIGHT)
    assert set(CHART_VARIABLES) < set(APP_VARIABLES)


# ---------------------------------------------------------------- contrast maths


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#fff", "#595959") == pytest.approx(7.0, abs=0.01)
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)
    with pytest.raises(ValueError):
        contrast_ratio("red", "#000000")


# ---------------------------------------------------------------- loader errors


BROKEN_FILES = {
    "bad-colour.toml": (
        'name = "bad"\nprimary = "not-a-colour"\n',
        "'primary' is not a colour: 'not-a-colour'",
    ),
    "unknown-key.toml": (
        'name = "typo"\nprimary = "#112233"\nbackgroud = "#000000"\n',
        "unknown key 'backgroud'",
    ),
    "invalid.toml": ('name = "x"\nprimary = \n', "not valid TOML"),
    "invalid.json": ('{"name": "x", "primary": }', "not valid JSON"),
    "no-primary.toml": ('name = "x"\n', "missing required key 'primary'"),
    "dark-string.toml": (
        'name = "x"\nprimary = "#112233"\ndark = "yes"\n',
        "'dark' must be true or false",
    ),
    "bad-variable.toml": (
        'name = "x"\nprimary = "#112233"\n[variables]\n"pain-line" = "reddish"\n',
        "'variables.pain-line' is not a colour: 'reddish'",
    ),
    "unknown-variable.toml": (
        'name = "x"\nprimary = "#112233"\n[variables]\n"pain-hihg" = "#FF0000"\n',
        "unknown variable 'pain-hihg'",
    ),
    "bad-style.toml": (
        'name = "x"\nprimary = "#112233"\n[variables]\n"block-cursor-text-style" = "shiny"\n',
        "not a text style",
    ),
    "bad-name.toml": ('name = "my theme"\nprimary = "#112233"\n', "'name' must be"),
}


@pytest.mark.parametrize("filename", sorted(BROKEN_FILES))
def test_broken_user_theme_is_reported_and_skipped(tmp_path: Path, filename: str) -> None:
    user = tmp_path / "themes"
    text, problem = BROKEN_FILES[filename]
    bad = write(user, filename, text)
    write(user, "mine.toml", GOOD_USER_THEME)

    themes, errors = load_themes(bundled_themes_dir(), user)

    assert {t.name for t in themes} >= SHIPPED | {"mine"}
    assert len(errors) == 1
    error = errors[0]
    assert isinstance(error, ThemeFileError)
    assert error.path == bad
    assert filename in str(error)
    assert problem in str(error)
    with pytest.raises(ThemeFileError, match=problem.replace("(", r"\(")):
        load_theme_file(bad)


def test_error_message_names_the_file_and_the_problem() -> None:
    error = ThemeFileError(Path("themes/broken.toml"), "'primary' is not a colour: 'x'")
    assert str(error) == "themes/broken.toml: 'primary' is not a colour: 'x'"


def test_unknown_key_suggests_the_close_match(tmp_path: Path) -> None:
    path = write(tmp_path, "t.toml", 'name = "t"\nprimary = "#112233"\nforground = "#FFFFFF"\n')
    with pytest.raises(ThemeFileError, match="did you mean 'forground' -> 'foreground'"):
        load_theme_file(path)


def test_textual_variables_with_css_forms_are_accepted(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ok.json",
        json.dumps(
            {
                "name": "ok-json",
                "primary": "rgb(10, 20, 30)",
                "dark": False,
                "variables": {
                    "text-muted": "auto 60%",
                    "input-selection-background": "#336699 40%",
                    "link-background": "initial",
                    "link-style-hover": "bold not underline",
                    "pain-high": "hsl(0, 60%, 40%)",
                },
            }
        ),
    )
    theme = load_theme_file(path)
    assert theme.name == "ok-json"
    assert theme.dark is False
    assert theme.variables["text-muted"] == "auto 60%"


def test_non_theme_files_and_missing_folders_are_ignored(tmp_path: Path) -> None:
    user = tmp_path / "themes"
    write(user, "README.md", "not a theme")
    write(user, ".hidden.toml", "garbage =")
    write(user, "mine.toml", GOOD_USER_THEME)
    themes, errors = load_themes(tmp_path / "nope", user)
    assert [t.name for t in themes] == ["mine"]
    assert errors == []


def test_same_name_twice_in_one_folder_keeps_the_first_and_reports_the_second(
    tmp_path: Path,
) -> None:
    write(tmp_path, "a.toml", 'name = "twin"\nprimary = "#111111"\n')
    second = write(tmp_path, "b.toml", 'name = "twin"\nprimary = "#222222"\n')
    themes, errors = load_themes(tmp_path)
    assert [(t.name, t.primary) for t in themes] == [("twin", "#111111")]
    assert [e.path for e in errors] == [second]
    assert "already used by a.toml" in str(errors[0])


def test_user_theme_overrides_bundled_theme_of_the_same_name(
    tmp_path: Path, shipped: dict[str, Theme]
) -> None:
    user = user_themes_dir(tmp_path)
    assert user == tmp_path / "themes"
    write(user, "my-calm.toml", 'name = "calm"\nprimary = "#010203"\n')

    themes, errors = load_themes(bundled_themes_dir(), user)

    assert errors == []
    calms = [t for t in themes if t.name == "calm"]
    assert len(calms) == 1
    assert calms[0].primary == "#010203"
    assert calms[0].primary != shipped["calm"].primary
    assert [t.name for t in themes] == list(shipped)  # same order, replaced in place


# ---------------------------------------------------------------- settings


def test_settings_round_trip(tmp_path: Path) -> None:
    path = settings_path(tmp_path / "config")
    assert path == tmp_path / "config" / "settings.json"
    assert load_settings(path) == {}
    save_settings(path, {"theme": "paper"})
    assert load_settings(path) == {"theme": "paper"}
    save_settings(path, {"theme": "high-contrast", "other": [1, 2]})
    assert load_settings(path) == {"theme": "high-contrast", "other": [1, 2]}
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]


@pytest.mark.parametrize(
    "content", [b"{not json", b"", b"[1, 2]", b'"calm"', b"\xff\xfe\x00garbage"]
)
def test_corrupt_settings_file_gives_empty_dict(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    assert load_settings(path) == {}


def test_settings_folder_instead_of_file_gives_empty_dict(tmp_path: Path) -> None:
    (tmp_path / "settings.json").mkdir()
    assert load_settings(tmp_path / "settings.json") == {}


def test_settings_file_is_private_even_with_umask_000(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "config"
    path = folder / "settings.json"
    old = os.umask(0)
    try:
        save_settings(path, {"theme": "calm"})
        save_settings(path, {"theme": "dusk"})
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert load_settings(path) == {"theme": "dusk"}


def test_failed_save_keeps_the_old_settings_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, {"theme": "calm"})
    with pytest.raises(TypeError):
        save_settings(path, {"theme": object()})
    assert load_settings(path) == {"theme": "calm"}
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_saved_theme_name_falls_back_when_unknown() -> None:
    available = ["calm", "paper"]
    assert saved_theme_name({"theme": "paper"}, available) == "paper"
    assert saved_theme_name({"theme": "gone"}, available) == DEFAULT_THEME
    assert saved_theme_name({"theme": 3}, available) == DEFAULT_THEME
    assert saved_theme_name({}, available, default="paper") == "paper"


# ---------------------------------------------------------------- inside a Textual app


class ThemedApp(App[None]):
    CSS = """
    #pain { color: $pain-line; background: $background; }
    #muted { color: $muted-text; }
    #flare { color: $flare; }
    """

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return theme_variable_defaults(self.current_theme.dark)

    def compose(self) -> ComposeResult:
        yield Label("pain", id="pain")
        yield Label("muted", id="muted")
        yield Label("flare", id="flare")


async def test_every_loaded_theme_registers_and_applies_in_an_app(tmp_path: Path) -> None:
    user = tmp_path / "themes"
    write(user, "mine.toml", GOOD_USER_THEME)
    write(user, "broken.toml", 'name = "broken"\nprimary = "not-a-colour"\n')
    themes, errors = load_themes(bundled_themes_dir(), user)
    assert [e.path.name for e in errors] == ["broken.toml"]
    files = {t.name: t for t in themes}

    app = ThemedApp()
    async with app.run_test() as pilot:
        for theme in themes:
            app.register_theme(theme)
        for name, theme in files.items():
            app.theme = name
            await pilot.pause()
            assert app.current_theme.name == name
            expected = theme.variables["pain-line"]
            assert app.theme_variables["pain-line"] == expected
            label = app.query_one("#pain", Label)
            assert label.styles.color == Color.parse(expected)
            flare = theme.variables.get("flare", theme_variable_defaults(theme.dark)["flare"])
            assert app.query_one("#flare", Label).styles.color == Color.parse(flare)

        # Built-in themes fall back to the defaults that match their darkness.
        app.theme = "textual-light"
        await pilot.pause()
        assert app.theme_variables["pain-line"] == APP_VARIABLES_LIGHT["pain-line"]
        app.theme = "nord"
        await pilot.pause()
        assert app.theme_variables["pain-line"] == APP_VARIABLES["pain-line"]


# ---------------------------------------------------------------- packaging

_HAS_HATCHLING = importlib.util.find_spec("hatchling") is not None


@pytest.mark.skipif(
    not _HAS_HATCHLING,
    reason="hatchling is not importable in this venv (pip normally builds in an isolated "
    "env); building the wheel offline with --no-build-isolation needs it here",
)
def test_wheel_ships_the_themes_as_journal_themes(tmp_path: Path) -> None:
    start = time.monotonic()
    result = subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", str(REPO),
            "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    wheels = list(tmp_path.glob("*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
    shipped = {f"journal/themes/{p.name}" for p in (REPO / "themes").glob("*.toml")}
    assert {f"journal/themes/{name}.toml" for name in SHIPPED} <= shipped
    assert shipped <= names
    assert "journal/themes.py" in names
    assert not any(name.startswith("themes/") for name in names)
    assert time.monotonic() - start < 60
