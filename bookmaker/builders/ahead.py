"""build: what writing the editions needs whatever the book is, made while a rebuild waits
for its edited chapter (`meanwhile.py`) rather than after it: the theme loaded (and its
words), the EPUB's stylesheets made, its kept documents read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bookmaker.builders.output import output_root
from bookmaker.cache import open_ahead
from bookmaker.cache.collector import at_end
from bookmaker.config import Config
from bookmaker.errors import Diagnostic, Diagnostics
from bookmaker.meanwhile import Ahead, meanwhile
from bookmaker.theming import Theme, load_theme

if TYPE_CHECKING:
    from bookmaker.builders.epub.css import EpubCss

#: The EPUB's stylesheets made in a wait, with the theme they are of and what they warned,
#: until the EPUB builder takes them (`stylesheets`).
_CSS: list[tuple[Theme, EpubCss, list[Diagnostic]]] = []


def write_ahead(
    selected: list[str], config: Config, folder: Path, theme_name: str | None
) -> Ahead[Theme]:
    """The theme of a build of the editions SELECTED into FOLDER (the stage's) with THEME_NAME
    (`theme_of`), and what the EPUB needs of it and of its cache, made in the build's waits if
    it waits."""
    made = Ahead(lambda: theme_of(config, theme_name))
    meanwhile(made.step())
    if "epub" in selected:
        meanwhile(_stylesheets(made))
        store = None if config.fresh else open_ahead(output_root(folder), "epub")
        if store is not None:
            meanwhile(store.read_ahead())
    return made


def stylesheets(theme: Theme, diags: Diagnostics) -> EpubCss:
    """`epub_stylesheets(THEME, DIAGS)`, as a wait made them if it did."""
    from bookmaker.builders.epub.css import epub_stylesheets

    while _CSS:
        of, css, warned = _CSS.pop()
        if of is theme:
            diags.extend(warned)
            return css
    return epub_stylesheets(theme, diags)


def _stylesheets(made: Ahead[Theme]) -> Iterator[None]:
    theme = made.made()
    if theme is None:
        return
    theme.labels("en")  # its tables read
    yield
    from bookmaker.builders.epub.css import epub_stylesheets

    diags = Diagnostics()
    css = epub_stylesheets(theme, diags)
    if not _CSS:
        at_end(_CSS.clear)
    _CSS.append((theme, css, diags.items))
    yield


def theme_of(config: Config, theme_name: str | None) -> Theme:
    """The theme `-t` names, else the config's, with the config's option values; an error
    names where the wrong name or value was given (book.toml, `-D` or `-t`)."""
    given = theme_name is not None  # `-t ''` is a mistake, not "no -t"
    origins = config.origins.given("theme.name", "-t") if given else config.origins
    return load_theme(
        theme_name if given else config.theme.name,
        config.theme.dirs(config.root),
        config.theme.options,
        origins,
    )
