"""Stage 4, build: a `Book` plus a `Theme` → files.

Builders are found by name: the built-ins, loaded lazily (an EPUB-only build never imports
WeasyPrint), and any registered in the entry-point group `bookmaker.builders`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bookmaker.errors import BuildError, Diagnostic

if TYPE_CHECKING:  # the CLI lists the builders without loading what a build needs
    from bookmaker.config import Config
    from bookmaker.model import Book
    from bookmaker.theming import Theme

BUILTIN = {
    "epub": "bookmaker.builders.epub.builder:EpubBuilder",
    "pdf": "bookmaker.builders.pdf.builder:PdfBuilder",
    "html": "bookmaker.builders.pdf.preview:HtmlBuilder",
}
#: Names that stand for several builders.
GROUPS = {"all": ("epub", "pdf")}


@dataclass(frozen=True)
class BuildResult:
    builder: str
    path: Path
    pages: int | None = None
    diagnostics: tuple[Diagnostic, ...] = field(default=())


class Builder(Protocol):
    name: str

    def __init__(self, config: Config) -> None: ...

    def build(self, book: Book, theme: Theme, outdir: Path) -> BuildResult: ...


def _entry_points() -> dict[str, Any]:
    from importlib import metadata  # slow to import; the CLI's help does not need it

    return {ep.name: ep for ep in metadata.entry_points(group="bookmaker.builders")}


def builder_names() -> list[str]:
    return sorted({*BUILTIN, *_entry_points()}) + sorted(GROUPS)


def expand(names: list[str]) -> list[str]:
    """Builder names with groups (`all`) expanded, in order, each once; unknown names refused.
    The entry points are looked up only for a name no built-in has: finding them (importing
    `importlib.metadata`, reading every installed distribution's) costs a build some 15 ms."""
    out: list[str] = []
    for name in names:
        for item in GROUPS.get(name, (name,)):
            if item not in BUILTIN and item not in _entry_points():
                raise BuildError(
                    f"unknown builder {item!r} (available: {', '.join(builder_names())})"
                )
            if item not in out:
                out.append(item)
    return out


def get_builder(name: str) -> type[Builder]:
    if name in BUILTIN:
        module, _, attr = BUILTIN[name].partition(":")
        return getattr(importlib.import_module(module), attr)
    eps = _entry_points()
    if name in eps:
        return eps[name].load()
    raise BuildError(f"unknown builder {name!r} (available: {', '.join(builder_names())})")
