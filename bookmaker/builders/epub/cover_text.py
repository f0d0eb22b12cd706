"""build: what the drawn cover says, in the book's language (`Book` + labels → `CoverText`),
and its text alternative.

The cover names the people the title page names, from the book's credits: the authors, else
the contributors, else the editors; the editors who are not named above go in the footer with
the publisher and the date.  A cover names a few: past four people, "and N others".  A
person's name is joined by no-break spaces, so the drawn lines break only between names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bookmaker.model import Book
from bookmaker.theming.filters import names, unbroken
from bookmaker.theming.labels import format_date

#: More names than this and the cover names the first three and "N others".
COVER_NAMES = 4


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
    others = labels["and_others"] if credits.more_authors and people is credits.authors else None
    if len(people) > COVER_NAMES:
        shown = ", ".join(unbroken(p.name) for p in people[: COVER_NAMES - 1])
        line = (
            f"{shown} {labels['and']} {labels['n_others'].format(n=len(people) - COVER_NAMES + 1)}"
        )
    else:
        line = names(people, labels["and"], others, whole=True)
    return CoverText(meta.title, meta.subtitle, line, " · ".join(footer), meta.language)


def cover_alt(book: Book, labels: Mapping[str, Any]) -> str:
    """The cover's text, for readers who cannot see it."""
    text = cover_text(book, labels)
    alt = labels["cover_of"] + ": " + text.title
    alt += f": {text.subtitle}" if text.subtitle else ""
    return alt + "".join(f". {part}" for part in (text.names, text.footer) if part)
