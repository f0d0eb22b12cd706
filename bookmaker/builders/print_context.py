"""build: what the print templates get on top of the shared context: the `[pdf]` settings, the
words only print needs (page references, the colophon), the colophon's facts, and the
running-head filter.  Pure: Book + config → dict."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Mapping

from bookmaker import __version__
from bookmaker.builders.render import site
from bookmaker.builders.typeset import inline_html
from bookmaker.config import PdfSection
from bookmaker.model import Book

#: Words of the print edition, by language; English is the fallback.
PRINT_LABELS = {
    "en": {
        "page": "p.",
        "first_published": "First published at",
        "published_on": "Published on",
        "published_between": "Published between",
        "edition": "This edition",
        "typeset": "Typeset with bookmaker",
        "identifier": "Identifier",
    },
    "fr": {
        "page": "p.",
        "first_published": "Paru d'abord sur",
        "published_on": "Publié le",
        "published_between": "Publié entre le",
        "edition": "Cette édition",
        "typeset": "Composé avec bookmaker",
        "identifier": "Identifiant",
    },
    "de": {
        "page": "S.",
        "first_published": "Zuerst erschienen bei",
        "published_on": "Erschienen am",
        "published_between": "Erschienen zwischen dem",
        "edition": "Diese Ausgabe",
        "typeset": "Gesetzt mit bookmaker",
        "identifier": "Kennung",
    },
    "es": {
        "page": "p.",
        "first_published": "Publicado primero en",
        "published_on": "Publicado el",
        "published_between": "Publicado entre el",
        "edition": "Esta edición",
        "typeset": "Compuesto con bookmaker",
        "identifier": "Identificador",
    },
}

#: Running heads longer than this are cut at a word and end with an ellipsis.
RUNNING_HEAD_CHARS = 48


def print_labels(language: str) -> Mapping[str, str]:
    return PRINT_LABELS.get(language.split("-")[0].lower(), PRINT_LABELS["en"])


def running_head(text: str, limit: int = RUNNING_HEAD_CHARS) -> str:
    """TEXT short enough for one line of running head: cut at a word, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.–—-")
    return (cut or text[:limit]) + "…"


def colophon(book: Book) -> dict[str, object]:
    """Facts for the copyright page: where and when the chapters first appeared."""
    dates = sorted(
        c.date.astimezone(dt.timezone.utc)
        if c.date.tzinfo
        else c.date.replace(tzinfo=dt.timezone.utc)
        for c in book.chapters
        if c.date
    )
    sites = Counter(site(c.source_url) for c in book.chapters if c.source_url)
    return {
        "sites": [name for name, _ in sorted(sites.items(), key=lambda kv: (-kv[1], kv[0]))],
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "version": __version__,
    }


def print_context(book: Book, pdf: PdfSection) -> dict[str, object]:
    numbered = [(f"part-{i}", part) for i, part in enumerate(book.parts, start=1)]
    first = next(
        (
            (pid if part.title else part.chapters[0].id)
            for pid, part in numbered
            if part.title or part.chapters
        ),
        "contributors",
    )
    return {
        "pdf": pdf,
        "edition": pdf.edition,
        "plabels": print_labels(book.meta.language),
        "colophon": colophon(book),
        "parts": numbered,
        "body_start": first,
        "running_head": running_head,
        "inline_html": inline_html,
    }
