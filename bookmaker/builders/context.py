"""build: what every template of both editions sees: the book with the facts assemble decided
(credits, dates, sources, contents, notes), the theme's words in the book's language, and who
made the edition.  Data only: the filters are the theme's own (`theming/filters.py`)."""

from __future__ import annotations

from bookmaker import __version__, ids
from bookmaker.model import Book
from bookmaker.sections import FRONT, SEMANTICS
from bookmaker.theming import Theme

#: What the editions say made them ("Made with bookmaker 0.1.0"), and the package metadata.
GENERATOR = f"bookmaker {__version__}"


def context(book: Book, theme: Theme, **extra: object) -> dict[str, object]:
    return {
        "book": book,
        "meta": book.meta,
        "credits": book.credits,
        "labels": theme.labels(book.meta.language),
        "generator": GENERATOR,
        "version": __version__,
        # The chapter each contributor's section (or first turn) is in, for the contributors index.
        "chapter_of": {
            **{ident: c for c in book.chapters for ident in c.section_ids},
            **{place: c for c in book.chapters for place, _ in c.places},
        },
        # A foreword's, an afterword's… `epub:type` and ARIA role, by its kind.
        "matter_semantics": SEMANTICS,
        "front_kinds": FRONT,
        **ids.TEMPLATE_GLOBALS,
        **extra,
    }
