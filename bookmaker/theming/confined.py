"""Themes: a theme's files are read only from inside its own folder.

A theme can come with a book (`_themes/`), so a link in it (`static/x.css -> /etc/passwd`)
must not carry an outside file into the book; the file is refused before it is opened.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from bookmaker.errors import ThemeError
from bookmaker.path_safety import outside


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
