"""build: what the print templates get on top of the shared context: the `[pdf]` settings, the
words only print needs (page references, the colophon), the colophon's facts, and the
running-head filter.  Pure: Book + config → dict."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from bookmaker import __version__, ids
from bookmaker.builders.context import site
from bookmaker.builders.pdf.typeset import inline_html
from bookmaker.config import PdfSection
from bookmaker.model import Book

#: Running heads longer than this are cut at a word and end with an ellipsis.
RUNNING_HEAD_CHARS = 48


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
        c.date.astimezone(dt.UTC) if c.date.tzinfo else c.date.replace(tzinfo=dt.UTC)
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
    numbered = [(ids.part_id(i), part) for i, part in enumerate(book.parts, start=1)]
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
        "colophon": colophon(book),
        "parts": numbered,
        "body_start": first,
        "running_head": running_head,
        "inline_html": inline_html,
    }
