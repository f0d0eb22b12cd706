"""Themes: a folder with `theme.toml`, `templates/` (Jinja2) and `static/` (CSS, fonts, images).

A name is looked up in the project's theme folders, then among installed themes (entry-point
group `bookmaker.themes`), then the built-ins (`lookup.py`).  A theme may `inherit` another to
any depth (`load_theme` follows the chain, refusing cycles); its options are the chain's
defaults, overridden by the book's `[theme.options]` and `-D theme.options.KEY=VALUE`, each
checked against its declared type (`spec.py`).  `theme.py` renders templates and stylesheets.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookmaker.errors import ThemeError
from bookmaker.theming.confined import check_theme_name
from bookmaker.theming.lookup import (
    ENTRY_POINT_GROUP,
    ThemeRef,
    all_themes,
    available_themes,
    builtin_themes_dir,
)
from bookmaker.theming.spec import THEME_FILE, OptionSpec, ThemeInfo, merge_options, read_theme_info

if TYPE_CHECKING:
    from bookmaker.theming.theme import FontUrl, Theme


def __getattr__(name: str) -> Any:
    """`Theme` and `FontUrl` are imported when first asked for: listing themes needs neither
    Jinja's environment nor the filters."""
    if name in {"Theme", "FontUrl"}:
        from bookmaker.theming import theme

        return getattr(theme, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ENTRY_POINT_GROUP",
    "THEME_FILE",
    "FontUrl",
    "OptionSpec",
    "Theme",
    "ThemeInfo",
    "ThemeRef",
    "all_themes",
    "available_themes",
    "builtin_themes_dir",
    "load_chain",
    "load_theme",
    "read_theme_info",
    "resolve_options",
]


def _unknown_theme(name: str, known: list[str]) -> str:
    hint = difflib.get_close_matches(name, known, n=1)
    did_you_mean = f"did you mean {hint[0]!r}? " if hint else ""
    return f"unknown theme {name!r}; {did_you_mean}known themes: {', '.join(sorted(known))}"


def load_chain(
    name: str, project_dirs: tuple[Path, ...] = (), origin: Path | str | None = None
) -> tuple[ThemeInfo, ...]:
    """The theme NAME and its ancestors, child first."""
    try:
        check_theme_name(name)
    except ValueError as exc:
        raise _named_by(str(exc), origin) from None
    themes = available_themes(project_dirs)
    chain: list[ThemeInfo] = []
    current: str | None = name
    while current:
        if any(t.name == current for t in chain):
            cycle = " → ".join([t.name for t in chain] + [current])
            raise ThemeError(f"theme inheritance cycle: {cycle}", chain[-1].toml)
        if current not in themes:
            message = _unknown_theme(current, list(themes))
            if chain:
                raise ThemeError(f"theme.inherit: {message}", chain[-1].toml)
            raise _named_by(message, origin)
        chain.append(themes[current].info())
        current = chain[-1].inherit
    return tuple(chain)


def _named_by(message: str, origin: Path | str | None) -> ThemeError:
    """An error about the theme name, pointing at where the name was given."""
    if isinstance(origin, Path):
        return ThemeError(f"theme.name: {message}", origin)
    return ThemeError(f"{message} (given with {origin})" if origin else message)


def load_theme(
    name: str,
    project_dirs: tuple[Path, ...] = (),
    overrides: Mapping[str, Any] | None = None,
    origins: Mapping[str, Path | str | None] | None = None,
) -> Theme:
    """The theme NAME, resolved, with the book's option values OVERRIDES.

    ORIGINS maps a config key (`theme.name`, `theme.options.KEY`) to where it was set (the
    book.toml, or "-D"/"-t"), so an error says where to fix it.
    """
    from bookmaker.theming.theme import Theme

    origins = origins or {}
    chain = load_chain(name, project_dirs, origins.get("theme.name"))
    return Theme(chain, resolve_options(chain, overrides or {}, origins))


def resolve_options(
    chain: tuple[ThemeInfo, ...],
    overrides: Mapping[str, Any],
    origins: Mapping[str, Path | str | None] | None = None,
) -> dict[str, Any]:
    """Defaults from the chain (child first wins), then the book's values, type-checked."""
    origins = origins or {}
    specs = merge_options(chain)
    values = {name: spec.default for name, spec in specs.items()}
    for key, value in overrides.items():
        where = f"theme.options.{key}"
        if key not in specs:
            hint = difflib.get_close_matches(key, list(specs), n=1)
            did_you_mean = f"did you mean {hint[0]}? " if hint else ""
            valid = ", ".join(sorted(specs)) or "none"
            raise _with_origin(
                ThemeError(
                    f"{where}: theme {chain[0].name!r} has no such option; {did_you_mean}"
                    f"valid options: {valid} (`bookmaker themes show {chain[0].name}` "
                    f"describes them)"
                ),
                origins.get(where),
            )
        try:
            values[key] = specs[key].check(value)
        except ValueError as exc:
            raise _with_origin(
                ThemeError(f"{where}: {exc}; got {value!r}"), origins.get(where)
            ) from None
    return values


def _with_origin(error: ThemeError, origin: Path | str | None) -> ThemeError:
    """Point ERROR at the config file, or at the command-line flag (`-D`), that set the value."""
    if isinstance(origin, Path):
        error.path = origin
    elif origin:
        error.message = f"{origin} {error.message}"
    return error
