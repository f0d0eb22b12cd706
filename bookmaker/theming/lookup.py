"""Themes: where a theme name leads.  The project's theme folders first, then installed themes
(entry-point group `bookmaker.themes`), then the built-ins; the first theme of a name wins.

Only the themes a build names are read or imported, so a broken theme elsewhere (a bad
theme.toml in `_themes/`, a plugin that fails to import) does not stop a build that does not
use it.
"""

from __future__ import annotations

import os
import types
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from bookmaker.errors import ThemeError
from bookmaker.theming.spec import THEME_FILE, ThemeInfo, read_theme_info

ENTRY_POINT_GROUP = "bookmaker.themes"
#: Where a theme can come from, in lookup order.
ORIGINS = ("project", "installed", "built-in")


def builtin_themes_dir() -> Path:
    """`bookmaker/themes` in an installed wheel; the repository's `themes/` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "themes", here.parent / "themes"):
        if candidate.is_dir():
            return candidate
    raise ThemeError("the built-in themes are missing from this installation", here)


@dataclass(frozen=True)
class ThemeRef:
    """A theme that can be named, before its theme.toml is read."""

    name: str
    origin: str
    path: Path | None = None
    entry_point: metadata.EntryPoint | None = None

    @property
    def where(self) -> str:
        if self.entry_point is not None:
            return f"{self.entry_point.value} (entry point {self.entry_point.name!r})"
        return str(self.path)

    def folder(self) -> Path:
        if self.path is not None:
            return self.path
        assert self.entry_point is not None
        return entry_point_folder(self.entry_point)

    def info(self) -> ThemeInfo:
        return read_theme_info(self.folder(), self.origin, self.name)


def entry_point_folder(ep: metadata.EntryPoint) -> Path:
    """The theme folder an entry point names: a module or package (its folder), a callable
    returning a path, or a path.  The folder must hold a theme.toml."""
    try:
        obj = ep.load()
        if isinstance(obj, types.ModuleType):
            file = getattr(obj, "__file__", None)
            folder = Path(file).parent if file else Path(next(iter(obj.__path__)))
        elif callable(obj):
            folder = Path(obj())
        else:
            folder = Path(os.fspath(obj))
    except Exception as exc:  # noqa: BLE001 - a broken plugin is the user's to fix, not a bookmaker bug
        raise ThemeError(
            f"installed theme {ep.name!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}"
        ) from None
    if not (folder / THEME_FILE).is_file():
        raise ThemeError(
            f"installed theme {ep.name!r} ({ep.value}) points to {folder}, which has no {THEME_FILE}"
        )
    return folder


def _folder_themes(folder: Path, origin: str) -> list[ThemeRef]:
    if not folder.is_dir():
        return []
    return [
        ThemeRef(child.name, origin, path=child)
        for child in sorted(folder.iterdir())
        if (child / THEME_FILE).is_file()
    ]


def all_themes(project_dirs: tuple[Path, ...] = ()) -> list[ThemeRef]:
    """Every theme in lookup order, including those shadowed by an earlier one of the same name."""
    refs: list[ThemeRef] = []
    for folder in project_dirs:
        refs += _folder_themes(folder, "project")
    eps = sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
    refs += [ThemeRef(ep.name, "installed", entry_point=ep) for ep in eps]
    refs += _folder_themes(builtin_themes_dir(), "built-in")
    return refs


def available_themes(project_dirs: tuple[Path, ...] = ()) -> dict[str, ThemeRef]:
    """Theme name → the theme that name resolves to (the first found)."""
    found: dict[str, ThemeRef] = {}
    for ref in all_themes(project_dirs):
        found.setdefault(ref.name, ref)
    return found
