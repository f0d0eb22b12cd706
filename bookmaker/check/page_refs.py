"""`bookmaker check BOOK.pdf`: printed page numbers against the pages they name.

A number in an internal link (a contents entry, a note's "p. 3", an index entry, a
cross-reference's "(p. 12)") must be the
label of the page the link leads to, however the number was made: by WeasyPrint's
`target-counter()` or by bookmaker itself.
"""

from __future__ import annotations

import re

from bookmaker.check.pdf_pages import Line, Link, Page

_PAGE_WORD = re.compile(r"(\bpp?\.|\bpages?|,)$", re.IGNORECASE)
#: A page number ends the link's text, or its brackets do: a cross-reference's "(p. 12)".
_PAGE_NUMBER = re.compile(r"(?:^|[\s.·…])(\d+|[ivxlcdm]+)\)?$", re.IGNORECASE)


def raised(line: Line, index: int, page: Page | None = None) -> bool:
    """Whether the glyph is a superscript: smaller than the text beside it and above its
    baseline (beside it in its own line, or in the lines of PAGE at its height)."""
    g = line.glyphs[index]
    lines = [line] if page is None else [ln for ln in page.lines if ln.y0 - 1 < g.y0 < ln.y1]
    return any(
        x.size > g.size * 1.15 and g.y0 > x.y0 + 0.15 * x.size
        for ln in lines
        for x in ln.glyphs
        if x.text.strip() and abs(x.x0 - g.x0) < 20 * x.size
    )


def page_references(page: Page, pages: list[Page]) -> list[tuple[str, str]]:
    """A printed page number (contents, note pages, index) against the page its link leads to."""
    out, seen = [], set()
    for link in page.links:
        m = _PAGE_NUMBER.search(link.text)
        if link.target is None or m is None or (link.text, link.target) in seen:
            continue
        seen.add((link.text, link.target))
        if not _is_page_number(page, link):
            continue
        real = pages[link.target].label
        if _normal(m[1]) != _normal(real):
            out.append(("page-reference", f"“{link.text[-40:]}” but it leads to page {real}"))
    return out


def _normal(number: str) -> str:
    return str(int(number)) if number.isdigit() else number.lower()


def _is_page_number(page: Page, link: Link) -> bool:
    """A number in a link is a page number when it ends its line (contents, index) or follows
    "p." (notes); a raised note reference or a chapter's number before its title is not."""
    x0, y0, x1, y1 = link.rect
    for line in page.lines:
        inside = [
            i
            for i, g in enumerate(line.glyphs)
            if x0 - 0.5 <= (g.x0 + g.x1) / 2 <= x1 + 0.5 and y0 - 2 <= g.y0 <= y1 + 0.5
        ]
        digits = [i for i in inside if line.glyphs[i].text.isdigit()]
        if not inside or any(raised(line, i, page) for i in digits):
            continue
        row = [ln for ln in page.lines if abs(ln.y0 - line.y0) < 1]
        glyphs = sorted((g for ln in row for g in ln.glyphs), key=lambda g: g.x0)
        after = "".join(g.text for g in glyphs if g.x0 > x1 + 0.5).strip(" .,;:)—–")
        before = "".join(g.text for g in glyphs if g.x1 < x0 - 0.5).rstrip()
        return not after or bool(_PAGE_WORD.search(before))
    return False
