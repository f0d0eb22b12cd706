"""build: what every builder gives the theme's templates: the filters, the labels in the
book's language, and the mapping from ids to the documents that hold them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Mapping
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from bookmaker.model import Book, Person
from bookmaker.theming import Theme

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: Words the templates print, by language; English is the fallback.
LABELS = {
    "en": {"contents": "Contents", "notes": "Notes", "contributors": "Contributors",
           "and": "and", "published": "First published", "at": "at", "on": "on",
           "titlepage": "Title page", "start": "Start of text", "back": "Back to the text",
           "image": "Image"},
    "fr": {"contents": "Table des matières", "notes": "Notes", "contributors": "Contributeurs",
           "and": "et", "published": "Publié", "at": "sur", "on": "le",
           "titlepage": "Page de titre", "start": "Début du texte", "back": "Retour au texte",
           "image": "Image"},
    "de": {"contents": "Inhalt", "notes": "Anmerkungen", "contributors": "Beiträger",
           "and": "und", "published": "Erstveröffentlichung", "at": "bei", "on": "am",
           "titlepage": "Titelseite", "start": "Textbeginn", "back": "Zurück zum Text",
           "image": "Bild"},
    "es": {"contents": "Índice", "notes": "Notas", "contributors": "Colaboradores",
           "and": "y", "published": "Publicado", "at": "en", "on": "el",
           "titlepage": "Portada", "start": "Inicio del texto", "back": "Volver al texto",
           "image": "Imagen"},
}


def labels(language: str) -> Mapping[str, str]:
    return LABELS.get(language.split("-")[0].lower(), LABELS["en"])


def breakable_url(url: str) -> Markup:
    """The URL with `<wbr/>` after slashes and before punctuation, so it breaks at sensible points."""
    parts = re.split(r"(?<=[^:/]/)|(?=[.?&=#_\-])", url)
    return Markup("<wbr/>").join(escape(p) for p in parts if p)


def long_date(value: dt.datetime | None) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


def iso_date(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def site(url: str | None) -> str:
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


def names(people: Iterable[Person], word_and: str = "and") -> str:
    items = [p.name for p in people]
    if len(items) <= 2:
        return f" {word_and} ".join(items)
    return ", ".join(items[:-1]) + f", {word_and} " + items[-1]


def install(theme: Theme) -> None:
    """Add bookmaker's filters to the theme's Jinja environment (idempotent)."""
    theme.env.filters.update({
        "breakable_url": breakable_url,
        "long_date": long_date,
        "iso_date": iso_date,
        "site": site,
        "names": names,
    })


def context(book: Book, theme: Theme, **extra: object) -> dict[str, object]:
    install(theme)
    return {"book": book, "meta": book.meta, "labels": labels(book.meta.language), **extra}
