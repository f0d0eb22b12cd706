"""build, print edition: the page numbers a chapter prints, written in from the real layout.

WeasyPrint's `target-counter()` finds only targets in the document it lays out, and each piece
is a document of its own: a cross-reference to another chapter would print the page of the
piece's empty stub, and a note's list of pages ("pp. 4, 4, 6") cannot leave out a page it
repeats.  So once every body piece is laid out where it goes (the plan settled), the pieces
that need it are laid out again at their place with the real numbers written in
(`data-bm-page`, read by the literal stylesheets), each page once in a note's list.  A piece
whose page count that changes moves the pieces after it: the plan is settled again, and the
numbers written again, until nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import lxml.html
from lxml.html import HtmlElement

from bookmaker.builders.pdf.pieces import PAGE_ATTR, Piece
from bookmaker.builders.pdf.plan import Place, Plan, Slot

#: How often the numbers are written in at most (each round may move the pieces after one).
ROUNDS = 3
#: A piece that may need its numbers written in: a cross-reference, or a note cited twice.
_CANDIDATE = re.compile(r'class="xref"|class="note-page" href="#[^"]*"></a>, <a class="note-page"')


def written(piece: Piece, pages: Mapping[str, int], force: bool = False) -> str | None:
    """PIECE's HTML with the page of every internal link written in (PAGES: id → folio), when
    `target-counter()` alone would print a wrong number (or FORCE: it was written before);
    else None."""
    if not force and not _CANDIDATE.search(piece.html):
        return None
    doc = lxml.html.document_fromstring(piece.html)
    repeated = [_once_each(span, pages) for span in doc.find_class("note-pages")]
    away = [a for a in doc.find_class("xref") if (a.get("href") or "#")[1:] not in piece.ids]
    if not force and not any(repeated) and not away:
        return None
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if href.startswith("#") and href[1:] in pages:
            a.set(PAGE_ATTR, str(pages[href[1:]]))
    return "<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="unicode")


def once_each_page(html: str, pages: Mapping[str, int]) -> str | None:
    """HTML with each page once in every note's list of pages (PAGES: id → page, from a first
    layout of the whole document), or None when no list repeats a page.  The single-document
    path (PDF/A, PDF/UA) has no pieces to write numbers into; `target-counter()` prints the
    rest."""
    if not _CANDIDATE.search(html):
        return None
    doc = lxml.html.document_fromstring(html)
    dropped = [_once_each(span, pages) for span in doc.find_class("note-pages")]  # every one
    if not any(dropped):
        return None
    return "<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="unicode")


def _once_each(span: HtmlElement, pages: Mapping[str, int]) -> bool:
    """Drop from a note's list of pages (SPAN) each link to a page already listed; say "p."
    (`data-one`) when one page is left.  Whether any was dropped."""
    links = [a for a in span if "note-page" in (a.get("class") or "").split()]
    seen: set[int] = set()
    kept = []
    for a in links:
        page = pages.get((a.get("href") or "#")[1:])
        if page is not None and page in seen:
            previous = a.getprevious()
            if previous is not None:
                previous.tail = a.tail
            span.remove(a)
        else:
            if page is not None:
                seen.add(page)
            kept.append(a)
    if len(kept) == len(links):
        return False
    if len(kept) == 1 and span.get("data-one"):
        span.text = span.get("data-one", "") + " "
    return True


Lay = Callable[[list[tuple[Slot, Place, str]]], None]
Settle = Callable[[Plan], None]


def settle_with_pages(plan: Plan, settle: Settle, lay_all: Lay) -> None:
    """Settle PLAN (SETTLE), then lay out again (LAY_ALL) each body piece whose page numbers
    must be written in, until the pages stay put (or ROUNDS are spent: the book is then
    whole, a number may be off, and `bookmaker check` says which)."""
    done: dict[tuple[int, Place], str] = {}
    for _ in range(ROUNDS):
        settle(plan)
        pages = plan.pages_by_id()
        jobs = []
        for slot, place, _ in plan.places():
            key = (id(slot), place)
            html = written(slot.piece, pages, force=key in done)
            if html is not None and done.get(key) != html:
                jobs.append((slot, place, html))
        if not jobs:
            return
        lay_all(jobs)
        done.update({(id(slot), place): html for slot, place, html in jobs})
    settle(plan)
