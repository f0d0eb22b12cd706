"""`bookmaker check BOOK.pdf`: how full each page is, against the pages around it.

Two faults a book designer sees at a glance and the line-by-line rules miss: a page holding
only a line or two (the end of a notes list, a paragraph's last lines) and a page whose text
stops far above the foot while its chapter goes on overleaf (a keep rule stranding space).
"""

from __future__ import annotations

import re

from bookmaker.check.pdf_pages import Line, Page

#: The share of the text block a page may leave empty above its foot while its chapter goes on
#: overleaf.  A heading or a contributor's header kept with two lines of its text may shorten a
#: page by a few lines; a fifth of the page (six lines of an A5 book) is more than any of those
#: needs, and reads as a hole.  Only two pages may end higher: a chapter's last page, and a page
#: before a figure that did not fit under its text.  (The page before a chapter's last page was
#: exempt, and a third of the sample's folio 13 stood empty before its last voice.)
GAP_SHARE = 0.2
#: The most lines a page may hold, besides a heading, and still be a page with (almost)
#: nothing on it ("Notes" and two notes).
LONELY_LINES = 2
#: Pages whose few lines are the point, by the id the print HTML gives them (a PDF keeps ids
#: as named destinations): the half-title, the title page, the copyright page and the
#: contents, which in a book of two chapters is four lines.
WHOLE_PAGES = frozenset({"halftitle", "titlepage", "copyright", "toc"})


def page_fill(
    pages: list[Page], bodies: list[list[Line]], size: float
) -> dict[int, list[tuple[str, str]]]:
    """The pages (by index) with a gap or next to nothing on them, and what is wrong (BODIES:
    each page's lines but its running head and folio; SIZE: the body text's)."""
    text = [r for rows in bodies for r in rows]
    if not text:
        return {}
    # The text block: from the top of the highest line of body text to the lowest line.
    top = max((r.y1 for r in text if abs(r.size - size) < 0.35), default=0)
    foot = min(r.y0 for r in text)
    # A running head stands above the text block (a chapter opening has none; its chapter
    # number, in small type, stands inside it).
    heads = [bool(page.lines) and page.lines[0].y0 > top + 1 for page in pages]
    out: dict[int, list[tuple[str, str]]] = {}
    for i, (page, rows) in enumerate(zip(pages, bodies)):
        found = out.setdefault(i, [])
        rows = [r for r in rows if r.y0 <= top + 1]  # (a head body_rows could not tell)
        few = 0 < len(_lines(rows, size)) <= LONELY_LINES and not _whole_notes(rows, size)
        if few and not page.images and heads[i] and not WHOLE_PAGES & set(page.anchors):
            found.append(("lonely-page", f"only “{rows[0].text[:60]}”"))
        if not rows and not page.images:
            continue
        lowest = min([r.y0 for r in rows] + [box[1] for box in page.images])
        empty = (lowest - foot) / (top - foot) if top > foot else 0
        goes_on = i + 1 < len(pages) and heads[i + 1]
        if goes_on and empty > GAP_SHARE and not _figure_first(pages[i + 1], top, lowest - foot):
            found.append(
                (
                    "gap",
                    f"the text ends {empty:.0%} of the page above its foot; its chapter goes on overleaf",
                )
            )
    return out


def _lines(rows: list[Line], size: float) -> list[Line]:
    """ROWS but a heading over them and note numbers read as lines of their own."""
    lines = [r for r in rows if not (r.text.isdigit() and r.size < 0.85 * size)]
    if len(lines) > 1 and (lines[0].size > 1.05 * lines[1].size or lines[0].bold > lines[1].bold):
        return lines[1:]
    return lines


def _figure_first(page: Page, top: float, room: float) -> bool:
    """PAGE opens with an image taller than ROOM (the space left on the page before it): a
    figure that could not fit there, the one reason a page may end short mid-chapter."""
    first = max(
        [r.y1 for r in page.lines if r.y1 <= top + 1] + [b[3] for b in page.images], default=0
    )
    return any(box[3] >= first - 1 and box[3] - box[1] > room for box in page.images)


#: A note as a notes list prints it: its number, then its text ("2. pp. 13, 14 — …").
_NOTE = re.compile(r"^\d+\.(?!\d)")


def _whole_notes(rows: list[Line], size: float) -> bool:
    """ROWS are a notes list's heading and two notes or more: a chapter's notes, whole, on the
    page after its text (the last voice and its lines kept before them).  A single note, or a
    list's last lines without the heading, is still a lonely page."""
    lines = _lines(rows, size)
    return len(lines) < len(rows) and sum(bool(_NOTE.match(r.text)) for r in lines) >= 2
