"""build: what the print templates get on top of the shared context: the `[pdf]` settings, the
anchor of each part, and the id of the element the body starts at.  Data only, pure:
Book + `[pdf]` config → dict."""

from __future__ import annotations

from bookmaker import ids
from bookmaker.config import PdfSection
from bookmaker.model import Book


def print_context(book: Book, pdf: PdfSection) -> dict[str, object]:
    numbered = [(ids.part_id(part.number), part) for part in book.parts]
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
        "parts": numbered,
        # Part number → its anchor, for the contents.
        "part_ids": {part.number: pid for pid, part in numbered},
        "body_start": first,
    }
