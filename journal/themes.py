"""Colour themes: the shipped ones, the user's own, and the checks every theme file passes.

Themes are TOML (or JSON) files holding the fields of Textual's ``Theme`` plus a
``[variables]`` table.  Shipped themes live in ``journal/themes`` inside the wheel
(``themes/`` in a source checkout); the user may add or override themes in
``<config dir>/themes``.  Every file is validated before it reaches Textual,
because a theme with a bad colour crashes the app the moment it is selected.

The pure helpers (``relative_luminance``, ``contrast_ratio``) work on ``#rrggbb``
strings and do not touch Textual.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.design import ColorSystem
from textual.theme import Theme

__all__ = [
    "APP_VARIABLES",
    "APP_VARIABLES_LIGHT",
    "CHART_VARIABLES",
    "DEFAULT_THEME",
    "TEXT_GROUNDS",
    "TEXT_STYLES",
    "TEXT_VARIABLES",
    "ThemeFileError",
    "bundled_themes_dir",
    "check_contrast",
    "contrast_ratio",
    "contrast_report",
    "load_theme_file",
    "load_themes",
    "relative_luminance",
    "saved_theme_name",
    "settings_path",
    "text_contrast_report",
    "theme_variable_defaults",
    "user_themes_dir",
]

DEFAULT_THEME = "calm"
"""Name of the theme used when no (valid) choice has been saved."""

# --------------------------------------------------------------------------- variables

CHART_VARIABLES: tuple[str, ...] = (
    "pain-high",  # pain scores in the high band (e.g. 7-10): points, cells, labels
    "pain-low",  # pain scores in the low band (e.g. 0-3)
    "pain-line",  # the daily pain series
    "function-line",  # the daily function / activity series
    "baseline-line",  # horizontal line at the baseline-phase mean
    "target-line",  # horizontal line at the improvement target
    "session-marker",  # markers on days with a massage session
    "side-effect",  # markers for reported side effects (e.g. soreness after a session)
    "flare",  # markers for flare-ups
    "phase-baseline",  # labels / rules for the baseline phase
    "phase-treatment",  # labels / rules for the treatment phase
    "phase-followup",  # labels / rules for the follow-up phase
)
"""App variables that are chart colours.  All are drawn on ``$background``."""

TEXT_VARIABLES: tuple[str, ...] = ("muted-text",)
"""App variables used for text (``muted-text``: hints, dates, secondary labels)."""

APP_VARIABLES: dict[str, str] = {
    "pain-high": "#F28B82",
    "pain-low": "#81C995",
    "pain-line": "#8AB4F8",
    "function-line": "#FDC88A",
    "baseline-line": "#B0B7C3",
    "target-line": "#78D9C9",
    "session-marker": "#C6A7F0",
    "side-effect": "#F6D776",
    "flare": "#FF8FB1",
    "phase-baseline": "#A9B4C2",
    "phase-treatment": "#8FD1E8",
    "phase-followup": "#D6B8F5",
    "muted-text": "#A8AEB8",
}
"""Defaults for the app's variables, tuned for Textual's built-in dark themes."""

APP_VARIABLES_LIGHT: dict[str, str] = {
    "pain-high": "#9B2C27",
    "pain-low": "#245A39",
    "pain-line": "#254F8A",
    "function-line": "#7A420C",
    "baseline-line": "#4B5058",
    "target-line": "#165B56",
    "session-marker": "#5E3590",
    "side-effect": "#654A00",
    "flare": "#8E2254",
    "phase-baseline": "#475260",
    "phase-treatment": "#17516E",
    "phase-followup": "#5B3F7A",
    "muted-text": "#4F4B45",
}
"""The same variables tuned for Textual's built-in light themes."""


def theme_variable_defaults(dark: bool = True) -> dict[str, str]:
    """Defaults for the app variables, for a dark or a light theme.

    ``App.get_theme_variable_defaults`` may return
    ``theme_variable_defaults(self.current_theme.dark)`` so that built-in light
    themes get readable chart colours too.
    """
    return dict(APP_VARIABLES if dark else APP_VARIABLES_LIGHT)


_COLOUR_FIELDS: tuple[str, ...] = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_BOOL_FIELDS: tuple[str, ...] = ("dark", "ansi")
_FRACTION_FIELDS: tuple[str, ...] = ("luminosity_spread", "text_alpha")
_THEME_FIELDS: frozenset[str] = frozenset(f.name for f in dataclasses.fields(Theme))

# Words accepted by Textual's ``text-style`` (textual.css.constants.VALID_STYLE_FLAGS).
_TEXT_STYLE_WORDS: frozenset[str] = frozenset(
    {
        "b", "blink", "bold", "dim", "i", "italic", "none", "not", "o",
        "overline", "reverse", "strike", "u", "underline", "uu",
    }
)  # fmt: skip

_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_CSS_COLOUR_RE = re.compile(r"(?P<colour>.*?)(?:\s+(?P<percent>\d{1,3}(?:\.\d+)?)%)?")
_HEX_RE = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

MAX_THEME_FILE_BYTES = 64 * 1024
THEME_SUFFIXES: tuple[str, ...] = (".toml", ".json")


@functools.cache
def _textual_variables() -> frozenset[str]:
    """Names of the CSS variables Textual generates for every theme (dark or light alike)."""
    return frozenset(ColorSystem("#0178D4", dark=True).generate())


# --------------------------------------------------------------------------- errors


class ThemeFileError(ValueError):
    """A theme file that cannot be used.  ``str()`` is ``"<path>: <problem>"``."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{os.fspath(path)}: {problem}")


# --------------------------------------------------------------------------- paths


def bundled_themes_dir() -> Path:
    """The folder of shipped themes.

    In an installed wheel that is ``journal/themes`` (mapped there by hatch's
    force-include).  Editable installs and source checkouts do not get that
    mapping, so fall back to the ``themes/`` folder next to the package.
    """
    # The package folder itself, as importlib.resources would give for a plain install
    # (checked directly: importing importlib.resources costs start-up time).
    here = Path(__file__).resolve().parent
    resource = here / "themes"
    if resource.is_dir():
        return resource
    return here.parent / "themes"


def user_themes_dir(config_dir: Path) -> Path:
    """Where the user's own theme files live (not created here)."""
    return Path(config_dir) / "themes"


def settings_path(config_dir: Path) -> Path:
    """The settings file inside the app's config folder."""
    return Path(config_dir) / "settings.json"


# --------------------------------------------------------------------------- loading


def _parse_file(path: Path) -> dict[str, Any]:
    suffix = path.suffix.lower()
    if suffix not in THEME_SUFFIXES:
        raise ThemeFileError(path, f"unsupported file type {suffix!r} (use .toml or .json)")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_THEME_FILE_BYTES + 1)
    except OSError as error:
        raise ThemeFileError(path, f"cannot read file: {error.strerror or error}") from error
    if len(raw) > MAX_THEME_FILE_BYTES:
        raise ThemeFileError(path, f"file is larger than {MAX_THEME_FILE_BYTES // 1024} KiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ThemeFileError(path, "not UTF-8 text") from error
    if suffix == ".toml":
        try:
            data: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ThemeFileError(path, f"not valid TOML: {error}") from error
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ThemeFileError(path, f"not valid JSON: {error}") from error
        if not isinstance(data, dict):
            raise ThemeFileError(path, "a JSON theme must be an object")
    return data


def _is_colour(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        Color.parse(value.strip())
    except ColorParseError:
        return False
    return True


def _is_css_colour_value(value: object) -> bool:
    """A value Textual accepts for one of its colour variables, e.g. ``"auto 87%"``."""
    if not isinstance(value, str):
        return False
    match = _CSS_COLOUR_RE.fullmatch(value.strip())
    if match is None:
        return False
    colour, percent = match["colour"], match["percent"]
    if percent is not None and float(percent) > 100:
        return False
    if colour == "auto":
        return True
    if colour == "initial":
        return percent is None
    return _is_colour(colour)


def _is_text_style(value: object) -> bool:
    if not isinstance(value, str):
        return False
    words = value.split()
    return bool(words) and all(word in _TEXT_STYLE_WORDS for word in words)


def _unknown_message(kind: str, unknown: Iterable[str], known: Iterable[str]) -> str:
    unknown = sorted(unknown)
    known = sorted(known)
    listed = ", ".join(repr(name) for name in unknown)
    plural = "s" if len(unknown) > 1 else ""
    hints = []
    for name in unknown:
        close = difflib.get_close_matches(name, known, n=1)
        if close:
            hints.append(f"{name!r} -> {close[0]!r}")
    message = f"unknown {kind}{plural} {listed}"
    if hints:
        message += f" (did you mean {', '.join(hints)}?)"
    return message


def _check_variables(path: Path, variables: object) -> dict[str, str]:
    if not isinstance(variables, dict):
        raise ThemeFileError(path, "'variables' must be a table of name = value")
    textual_names = _textual_variables()
    known = textual_names | APP_VARIABLES.keys()
    unknown = [name for name in variables if name not in known]
    if unknown:
        raise ThemeFileError(path, _unknown_message("variable", unknown, known))
    checked: dict[str, str] = {}
    for name, value in variables.items():
        label = f"variables.{name}"
        if name in APP_VARIABLES:
            # Chart code needs real colours here, so no "auto" or "50%" forms.
            if not _is_colour(value):
                raise ThemeFileError(path, f"{label!r} is not a colour: {value!r}")
        elif "style" in name.split("-"):
            if not _is_text_style(value):
                raise ThemeFileError(
                    path,
                    f"{label!r} is not a text style: {value!r} "
                    f"(use words like 'bold', 'underline', 'reverse', 'none')",
                )
        elif not _is_css_colour_value(value):
            raise ThemeFileError(path, f"{label!r} is not a colour: {value!r}")
        checked[name] = value.strip()
    return checked


def load_theme_file(path: str | os.PathLike[str], *, build: bool = True) -> Theme:
    """Read and validate one theme file (``.toml`` or ``.json``).

    With ``build`` (the default) Textual also builds every colour of the theme, which catches
    what the per-field checks cannot; the shipped themes skip that at start (the tests build
    each of them).

    Raises:
        ThemeFileError: naming the file and the first problem found.
    """
    path = Path(path)
    data = _parse_file(path)

    unknown = set(data) - _THEME_FIELDS
    if unknown:
        raise ThemeFileError(path, _unknown_message("key", unknown, _THEME_FIELDS))
    for required in ("name", "primary"):
        if required not in data:
            raise ThemeFileError(path, f"missing required key {required!r}")

    name = data["name"]
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise ThemeFileError(
            path,
            f"'name' must be 1-64 letters, digits, '-' or '_' (starting with a letter "
            f"or digit): {name!r}",
        )

    fields: dict[str, Any] = {"name": name}
    for key in _COLOUR_FIELDS:
        if key in data:
            value = data[key]
            if not _is_colour(value):
                raise ThemeFileError(path, f"{key!r} is not a colour: {value!r}")
            fields[key] = value.strip()
    for key in _BOOL_FIELDS:
        if key in data:
            value = data[key]
            if not isinstance(value, bool):
                raise ThemeFileError(path, f"{key!r} must be true or false, not {value!r}")
            fields[key] = value
    for key in _FRACTION_FIELDS:
        if key in data:
            value = data[key]
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not 0.0 <= value <= 1.0
            ):
                raise ThemeFileError(path, f"{key!r} must be a number from 0 to 1, not {value!r}")
            fields[key] = float(value)
    if "variables" in data:
        fields["variables"] = _check_variables(path, data["variables"])

    theme = Theme(**fields)
    if not build:
        return theme
    try:
        # Catches what the per-field checks cannot, before Textual meets it at runtime.
        theme.to_color_system().generate()
    except Exception as error:
        raise ThemeFileError(path, f"Textual cannot build this theme: {error}") from error
    return theme


def _theme_files(folder: Path) -> list[Path]:
    return sorted(
        entry
        for entry in folder.iterdir()
        if entry.suffix.lower() in THEME_SUFFIXES
        and not entry.name.startswith(".")
        and entry.is_file()
    )


def load_themes(
    *dirs: str | os.PathLike[str], shipped: str | os.PathLike[str] | None = None
) -> tuple[list[Theme], list[ThemeFileError]]:
    """Load every theme file in ``dirs``.

    Files in the ``shipped`` folder (one of ``dirs``) are not built by Textual here: see
    :func:`load_theme_file`.

    A theme in a later folder replaces one of the same name from an earlier folder
    (so pass the bundled folder first and the user's folder last).  A bad file is
    reported and skipped; it never stops the others.  Missing folders are ignored.
    Two files with the same theme name in one folder: the first (by file name)
    wins and the second is reported.
    """
    themes: dict[str, Theme] = {}
    errors: list[ThemeFileError] = []
    trusted = Path(shipped) if shipped is not None else None
    for folder in map(Path, dirs):
        if not folder.is_dir():
            continue
        try:
            paths = _theme_files(folder)
        except OSError as error:
            errors.append(ThemeFileError(folder, f"cannot list folder: {error.strerror}"))
            continue
        seen_here: dict[str, Path] = {}
        for path in paths:
            try:
                theme = load_theme_file(path, build=folder != trusted)
            except ThemeFileError as error:
                errors.append(error)
                continue
            if theme.name in seen_here:
                errors.append(
                    ThemeFileError(
                        path,
                        f"theme name {theme.name!r} is already used by "
                        f"{seen_here[theme.name].name} in the same folder",
                    )
                )
                continue
            seen_here[theme.name] = path
            themes[theme.name] = theme
    return list(themes.values()), errors


# --------------------------------------------------------------------------- contrast


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    match = _HEX_RE.fullmatch(colour.strip())
    if match is None:
        raise ValueError(f"not a #rgb or #rrggbb colour: {colour!r}")
    digits = match[1]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#rrggbb`` (or ``#rgb``) colour, 0..1."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = _hex_to_rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2.x contrast ratio of two ``#rrggbb`` colours, from 1.0 to 21.0."""
    lighter, darker = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _opaque_hex(value: str, background: Color) -> str:
    colour = Color.parse(value)
    if colour.a < 1:
        colour = background + colour
    r, g, b = colour.rgb
    return f"#{r:02X}{g:02X}{b:02X}"


def contrast_report(theme: Theme) -> dict[str, float]:
    """Contrast ratio against the theme's background of ``foreground``, ``muted-text``
    and every chart variable (app defaults fill in what the theme leaves out)."""
    generated = theme.to_color_system().generate()
    background = Color.parse(generated["background"]).with_alpha(1.0)
    background_hex = _opaque_hex(background.hex, background)
    defaults = theme_variable_defaults(theme.dark)
    values = {"foreground": generated["foreground"]}
    for name in (*TEXT_VARIABLES, *CHART_VARIABLES):
        values[name] = theme.variables.get(name, defaults[name])
    report: dict[str, float] = {}
    for name, value in values.items():
        try:
            report[name] = contrast_ratio(_opaque_hex(value, background), background_hex)
        except (ColorParseError, ValueError):
            report[name] = 1.0
    return report


TEXT_STYLES: tuple[str, ...] = (
    "foreground", "muted-text", "text-primary", "text-error", "text-warning", "text-accent",
    "text-success", "error", "warning", "success", "text-muted",
    "text-disabled",  # Textual's placeholders (Input, TextArea) and disabled widgets
    "footer-key-foreground", "footer-description-foreground",
)  # fmt: skip
"""Every colour the app (its .tcss and the Textual widgets it uses) writes text in."""

TEXT_GROUNDS: tuple[str, ...] = ("background", "surface", "panel")
"""The colours that text sits on: the screen, inputs and cards, and panels and the footer."""


def _resolve(value: str, ground: Color) -> Color:
    """A theme colour as it shows on ``ground``: ``auto N%`` picks black or white text as
    Textual does, and a translucent colour is blended over the ground."""
    if value.startswith("auto"):
        _, _, percent = value.partition(" ")
        alpha = float(percent.rstrip("%")) / 100 if percent else 1.0
        return ground.get_contrast_text(alpha)
    colour = Color.parse(value)
    return ground + colour if colour.a < 1 else colour


def text_contrast_report(theme: Theme) -> dict[tuple[str, str], float]:
    """Contrast of every text style (:data:`TEXT_STYLES`) on every ground
    (:data:`TEXT_GROUNDS`), with the theme's own variables and the app defaults applied."""
    values = theme.to_color_system().generate()
    values.update(theme_variable_defaults(theme.dark))
    values.update(theme.variables)
    report: dict[tuple[str, str], float] = {}
    for ground_name in TEXT_GROUNDS:
        ground = _resolve(values[ground_name], Color.parse(values["background"]))
        ground_hex = _opaque_hex(ground.hex, ground)
        for name in TEXT_STYLES:
            try:
                text = _resolve(values[name], ground)
                report[(name, ground_name)] = contrast_ratio(_opaque_hex(text.hex, ground),
                                                             ground_hex)
            except (ColorParseError, ValueError, KeyError):
                report[(name, ground_name)] = 1.0
    return report


def check_contrast(theme: Theme, minimum: float = 7.0) -> list[str]:
    """Names of the variables (``foreground``, ``muted-text``, chart colours) whose
    contrast against the background is below ``minimum`` (7.0 = WCAG AAA)."""
    return [name for name, ratio in contrast_report(theme).items() if ratio < minimum]


def saved_theme_name(
    settings: Mapping[str, Any], available: Iterable[str], default: str = DEFAULT_THEME
) -> str:
    """The saved theme name if it is still available, otherwise ``default``."""
    name = settings.get("theme")
    return name if isinstance(name, str) and name in set(available) else default
