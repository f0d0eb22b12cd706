"""Themes: one theme's `theme.toml` → `ThemeInfo`, validated, and the typed options it declares.

The file is the theme's whole contract, so every mistake in it is an error naming the file and
the key: a misspelt key gets a "did you mean", a default that does not match its type names both.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import tinycss2.color3

from bookmaker.errors import ThemeError
from bookmaker.theming.confined import inside_theme, valid_theme_name

THEME_FILE = "theme.toml"

_LENGTH = re.compile(
    r"^(0|-?(\d+(\.\d*)?|\.\d+)(pt|px|pc|mm|cm|q|in|em|rem|ex|ch|%))$", re.IGNORECASE
)
_THEME_KEYS = ("name", "description", "inherit", "stylesheets", "fonts")
_OPTION_KEYS = ("default", "description", "type", "choices")


def _check_str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return value


def _check_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected a whole number")
    return value


def _check_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("expected a number")
    return float(value)


def _check_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _check_color(value: Any) -> str:
    if not isinstance(value, str) or tinycss2.color3.parse_color(value.strip()) is None:
        raise ValueError("expected a CSS colour such as '#7a1f1f', 'rgb(20, 40, 60)' or 'navy'")
    return value.strip()


def _check_length(value: Any) -> str:
    if not isinstance(value, str) or not _LENGTH.match(value.strip()):
        raise ValueError("expected a CSS length such as '10pt', '1.2em' or '4mm'")
    return value.strip()


#: Option types a theme may declare, each with the check that accepts (and normalises) a value.
OPTION_TYPES: Mapping[str, Callable[[Any], Any]] = {
    "str": _check_str,
    "int": _check_int,
    "float": _check_float,
    "bool": _check_bool,
    "color": _check_color,
    "length": _check_length,
}
_PYTHON_TYPES = {str: "str", int: "int", float: "float", bool: "bool"}


@dataclass(frozen=True)
class OptionDecl:
    """An `[options.NAME]` table as one theme wrote it; a child may give only a new default."""

    name: str
    default: Any
    description: str | None = None
    type: str | None = None
    choices: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class OptionSpec:
    """An option after the whole chain is merged: what a book's value is checked against."""

    name: str
    type: str
    default: Any
    description: str
    choices: tuple[Any, ...] = ()
    #: The theme whose theme.toml last set the default.
    theme: str = ""

    def check(self, value: Any) -> Any:
        """The value, normalised; `ValueError` with a message that says what was expected."""
        value = OPTION_TYPES[self.type](value)
        if self.choices and value not in self.choices:
            raise ValueError("expected one of " + ", ".join(map(str, self.choices)))
        return value

    def describe(self) -> str:
        kind = " | ".join(map(str, self.choices)) if self.choices else self.type
        return f"{self.name} ({kind}, default {self.default!r})"


@dataclass(frozen=True)
class ThemeInfo:
    name: str
    path: Path
    origin: str
    description: str = ""
    inherit: str | None = None
    stylesheets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    options: Mapping[str, OptionDecl] = field(default_factory=dict)
    #: Font files under static/ that the theme's CSS uses (`font_face(...)`); builders embed them.
    fonts: tuple[str, ...] = ()

    @property
    def toml(self) -> Path:
        return self.path / THEME_FILE


def stylesheet_builders() -> tuple[str, ...]:
    """Builders that read a theme's stylesheets: epub, pdf (whose sheets the html preview uses
    too), and any installed builder."""
    installed = sorted(ep.name for ep in metadata.entry_points(group="bookmaker.builders"))
    return ("epub", "pdf", *[name for name in installed if name not in ("epub", "pdf")])


def _unknown(key: str, known: tuple[str, ...], where: str) -> str:
    hint = difflib.get_close_matches(key, known, n=1)
    extra = f"did you mean {hint[0]}?" if hint else f"known: {', '.join(known)}"
    return f"{where}{key}: unknown key ({extra})"


def _strings(value: Any, where: str, toml: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ThemeError(f"{where}: expected a list of file names; got {value!r}", toml)
    return tuple(value)


def read_theme_info(path: Path, origin: str, name: str | None = None) -> ThemeInfo:
    """Read PATH/theme.toml.  NAME is the name the theme is found by (its folder, or its entry
    point); a `[theme] name` that disagrees is refused, so a copied theme is not silently
    shadowed by the theme it was copied from."""
    toml = path / THEME_FILE
    data, theme = _read_toml(toml, path)
    name = name or path.name
    declared = theme.get("name", name)
    if declared != name:
        raise ThemeError(
            f"theme.name: {declared!r} differs from the name the theme is found by, {name!r}; "
            f"rename one of them",
            toml,
        )
    valid_theme_name(name, toml)
    inherit = theme.get("inherit") or None
    if inherit is not None and not isinstance(inherit, str):
        raise ThemeError(f"theme.inherit: expected a theme name; got {inherit!r}", toml)
    return ThemeInfo(
        name=name,
        path=path,
        origin=origin,
        description=str(theme.get("description", "")),
        inherit=inherit,
        stylesheets=_read_stylesheets(theme.get("stylesheets", {}), toml),
        options=_read_options(data.get("options", {}), toml),
        fonts=_strings(theme.get("fonts", []), "theme.fonts", toml),
    )


def _read_toml(toml: Path, folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The file's tables, and its `[theme]` table, with no key the format does not know; the
    file must be inside the theme's FOLDER."""
    try:
        data = tomllib.loads(inside_theme(toml, folder).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ThemeError(f"not valid TOML: {exc}", toml) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", toml) from None
    for key in data:
        if key not in ("theme", "options"):
            raise ThemeError(_unknown(key, ("theme", "options"), ""), toml)
    theme = data.get("theme", {})
    if not isinstance(theme, dict):
        raise ThemeError("theme: expected a table", toml)
    for key in theme:
        if key not in _THEME_KEYS:
            raise ThemeError(_unknown(key, _THEME_KEYS, "theme."), toml)
    return data, theme


def _read_stylesheets(sheets: Any, toml: Path) -> dict[str, tuple[str, ...]]:
    if not isinstance(sheets, dict):
        raise ThemeError(
            f"theme.stylesheets: expected a table of builder = [files]; got {sheets!r}", toml
        )
    builders = stylesheet_builders()
    for key in sheets:
        if key not in builders:
            raise ThemeError(_unknown(key, builders, "theme.stylesheets."), toml)
    return {k: _strings(v, f"theme.stylesheets.{k}", toml) for k, v in sheets.items()}


def _read_options(table: Any, toml: Path) -> dict[str, OptionDecl]:
    if not isinstance(table, dict):
        raise ThemeError("options: expected a table of [options.NAME] tables", toml)
    options = {}
    for name, spec in table.items():
        where = f"options.{name}"
        if not isinstance(spec, dict) or "default" not in spec:
            raise ThemeError(
                f"{where}: expected a table with 'default' (and 'description', 'type')", toml
            )
        for key in spec:
            if key not in _OPTION_KEYS:
                raise ThemeError(_unknown(key, _OPTION_KEYS, where + "."), toml)
        kind = spec.get("type")
        if kind is not None and kind not in OPTION_TYPES:
            raise ThemeError(
                f"{where}.type: expected one of {', '.join(OPTION_TYPES)}; got {kind!r}", toml
            )
        choices = spec.get("choices")
        if choices is not None and (not isinstance(choices, list) or not choices):
            raise ThemeError(f"{where}.choices: expected a non-empty list; got {choices!r}", toml)
        description = spec.get("description")
        options[name] = OptionDecl(
            name,
            spec["default"],
            None if description is None else str(description),
            kind,
            None if choices is None else tuple(choices),
        )
    return options


def merge_options(chain: tuple[ThemeInfo, ...]) -> dict[str, OptionSpec]:
    """The chain's options, root first: a child's declaration changes what it gives (often only
    the default) and keeps the rest of its parent's.  Every default is checked against its type."""
    specs: dict[str, OptionSpec] = {}
    for info in reversed(chain):
        for name, decl in info.options.items():
            parent = specs.get(name)
            kind = decl.type or (parent.type if parent else _PYTHON_TYPES.get(type(decl.default)))
            if kind is None:
                raise ThemeError(
                    f"options.{name}: a default of {type(decl.default).__name__} needs a 'type' "
                    f"({', '.join(OPTION_TYPES)})",
                    info.toml,
                )
            if parent is not None and decl.type and decl.type != parent.type:
                raise ThemeError(
                    f"options.{name}.type: {decl.type!r} differs from {parent.type!r} "
                    f"in theme {parent.theme!r}",
                    info.toml,
                )
            spec = OptionSpec(
                name=name,
                type=kind,
                default=decl.default,
                description=decl.description
                if decl.description is not None
                else (parent.description if parent else ""),
                choices=decl.choices
                if decl.choices is not None
                else (parent.choices if parent else ()),
                theme=info.name,
            )
            try:
                spec = OptionSpec(
                    spec.name,
                    spec.type,
                    spec.check(decl.default),
                    spec.description,
                    spec.choices,
                    spec.theme,
                )
            except ValueError as exc:
                raise ThemeError(
                    f"options.{name}.default: {exc}; got {decl.default!r}", info.toml
                ) from None
            specs[name] = spec
    return specs
