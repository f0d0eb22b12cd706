"""build: what every builder gives the theme's templates: the filters, the labels in the
book's language, the mapping from ids to the documents that hold them, and the functions
that name ids (`bookmaker.ids`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from bookmaker import ids
from bookmaker.model import Book, Person
from bookmaker.theming import Theme
from bookmaker.theming.labels import format_date


def breakable_url(url: str) -> Markup:
    """The URL with `<wbr/>` after slashes and before punctuation, so it breaks at sensible points."""
    parts = re.split(r"(?<=[^:/]/)|(?=[.?&=#_\-])", url)
    return Markup("<wbr/>").join(escape(p) for p in parts if p)


def iso_date(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def site(url: str | None) -> str:
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


def names(people: Iterable[Person], word_and: str = "and", others: str | None = None) -> str:
    """'A, B, and C'; with OTHERS (a byline that said '& more'), 'A, B, and others'.

    A conjunction that is punctuation (Japanese '、') joins without spaces.
    """
    items = [p.name for p in people] + ([others] if others else [])
    if not any(ch.isalpha() for ch in word_and):
        return word_and.join(items)
    if len(items) <= 2:
        return f" {word_and} ".join(items)
    return ", ".join(items[:-1]) + f", {word_and} " + items[-1]


def install(theme: Theme, words: Mapping[str, Any]) -> None:
    """Add bookmaker's filters to the theme's Jinja environment, dates in the book's language."""
    theme.env.filters.update(
        {
            "breakable_url": breakable_url,
            "long_date": lambda value: format_date(value, words),
            "iso_date": iso_date,
            "site": site,
            "names": names,
        }
    )


def context(book: Book, theme: Theme, **extra: object) -> dict[str, object]:
    """What every template sees: the book, its metadata and the theme's words in its language."""
    words = theme.labels(book.meta.language)
    install(theme, words)
    return {"book": book, "meta": book.meta, "labels": words, **ids.TEMPLATE_GLOBALS, **extra}
