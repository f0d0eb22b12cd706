"""build: what the drawn cover says, in the book's language (`Book` + labels → `CoverText`),
and its text alternative.

The cover names the people the title page names, from the book's credits: the authors, else
the contributors, else the editors; the editors who are not named above go in the footer with
the publisher and the date, as the title pages name them (`credit_names`: past four people,
three and "N others").  A person's name is joined by no-break spaces, so the drawn lines break
only between names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bookmaker.model import Book
from bookmaker.theming.credit_names import credit_names
from bookmaker.theming.filters import names
from bookmaker.theming.labels import format_date


@dataclass(frozen=True)
class CoverText:
    title: str
    subtitle: str | None
    names: str
    footer: str
    language: str


def cover_text(book: Book, labels: Mapping[str, Any]) -> CoverText:
    meta, credits = book.meta, book.credits
    people = credits.authors or credits.contributors or credits.editors
    footer = (
        [names(credits.editors, labels["and"])]
        if credits.editors and people is not credits.editors
        else []
    )
    footer += [p for p in (meta.publisher, format_date(book.dates.last, labels)) if p]
    line = credit_names(people, labels, credits.more_authors and people is credits.authors)
    return CoverText(meta.title, meta.subtitle, line, " · ".join(footer), meta.language)


def cover_alt(book: Book, labels: Mapping[str, Any]) -> str:
    """The cover's text, for readers who cannot see it."""
    text = cover_text(book, labels)
    alt = labels["cover_of"] + ": " + text.title
    alt += f": {text.subtitle}" if text.subtitle else ""
    return alt + "".join(f". {part}" for part in (text.names, text.footer) if part)
