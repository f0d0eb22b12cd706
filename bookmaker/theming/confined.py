"""Themes: a theme's name is a plain folder name, and its files are read only from inside its
own folder.

A theme can come with a book (`_themes/`), so a link in it (`static/x.css -> /etc/passwd`)
must not carry an outside file into the book; the file is refused before it is opened.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from bookmaker.errors import ThemeError
from bookmaker.path_safety import check_file_name, outside

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def check_theme_name(name: str) -> str:
    """NAME when it can name a theme (and its folder); else ValueError saying why."""
    if not NAME_PATTERN.match(name):
        raise ValueError(
            f"theme name {name!r}: use letters, digits, '-', '_' and '.', starting with a "
            "letter or digit"
        )
    try:
        return check_file_name(name)
    except ValueError as exc:
        raise ValueError(f"theme name {name!r}: {exc}") from None


def valid_theme_name(name: str, where: Path | None = None) -> str:
    """NAME, or a ThemeError (pointing at WHERE) saying why it cannot name a theme."""
    try:
        return check_theme_name(name)
    except ValueError as exc:
        raise ThemeError(str(exc), where) from None


def inside_theme(path: Path, theme_dir: Path) -> Path:
    """PATH when it really lies inside THEME_DIR (links followed); else a ThemeError."""
    try:
        target = outside(path, theme_dir)
    except (OSError, RuntimeError) as exc:
        raise ThemeError(f"cannot read: {exc}", path) from None
    if target is not None:
        raise ThemeError(f"links to {target}, outside the theme's folder; not read", path)
    return path


class ConfinedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader over `<theme>/templates` folders, refusing a template that is a
    link out of its theme's folder."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, object]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if path.is_file():
                inside_theme(path, Path(folder).parent)
                break
        return super().get_source(environment, template)
