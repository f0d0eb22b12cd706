"""build: what writing the editions needs whatever the book is, made while a rebuild waits
for its edited chapter (`meanwhile.py`) rather than after it: the theme loaded, the EPUB's
kept documents read."""

from __future__ import annotations

from pathlib import Path

from bookmaker.builders.output import output_root
from bookmaker.cache import open_ahead
from bookmaker.config import Config
from bookmaker.meanwhile import Ahead, meanwhile
from bookmaker.theming import Theme, load_theme


def write_ahead(
    selected: list[str], config: Config, folder: Path, theme_name: str | None
) -> Ahead[Theme]:
    """The theme of a build of the editions SELECTED into FOLDER (the stage's) with THEME_NAME
    (`theme_of`), and the EPUB's kept documents, made in the build's waits if it waits."""
    made = Ahead(lambda: theme_of(config, theme_name))
    meanwhile(made.step())
    if "epub" in selected and not config.fresh:
        store = open_ahead(output_root(folder), "epub")
        if store is not None:
            meanwhile(store.read_ahead())
    return made


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
