"""`bookmaker check BOOK.pdf`: what a book designer looks for on every page, measured.

The text block, body size and leading are not known in advance: they are the most common
left edge, right edge (per page side), glyph size and line distance in the book itself, so
the check works on any PDF.  Each finding is a `Problem` naming the page (its label, as a
viewer shows it) and the kind, one of `KINDS`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from bookmaker.check.archive import Problem
from bookmaker.check.page_fill import page_fill
from bookmaker.check.page_refs import page_references, raised
from bookmaker.check.pdf_pages import Line, Link, Page

KINDS = (
    "spacing",
    "note-at-line-start",
    "note-fragment",
    "widow",
    "orphan",
    "heading-at-foot",
    "runt",
    "outside-text-block",
    "lonely-page",
    "gap",
    "page-reference",
)
_FOLIO = re.compile(r"^(\d+|[ivxlcdm]+)$", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?:;…”’\"')\]]$")
#: The first half of a hyphenated word, as WeasyPrint prints it (U+2010, or "-").
_HALF_WORD = re.compile(r"\w[\u2010\u00ad-]$")
#: The fewest letters a hyphenated word may carry to the next line before its note number: the
#: print stylesheet's `hyphenate-limit-chars` (6 3 3) asks the same of every word.
_FRAGMENT = 3


@dataclass
class Block:
    """The book's text block and type, as most of its pages show them."""

    size: float
    leading: float
    left: dict[int, float]  #: by page side (0 = odd index, 1 = even)
    right: dict[int, float]
    justified: bool


def check_typesetting(pages: list[Page]) -> list[Problem]:
    """Every typesetting problem in PAGES, page by page."""
    block = measure(pages)
    if block is None:
        return []
    problems: list[Problem] = []
    bodies = [body_rows(p) for p in pages]
    filled = page_fill(pages, bodies, block.size)
    for i, page in enumerate(pages):
        rows = bodies[i]
        later = next((b for b in bodies[i + 1 :] if b), [])
        side = page.index % 2
        found = [
            *_spacing(rows),
            *_note_starts(rows),
            *_note_fragments(rows, block),
            *_breaks(rows, later, block, side, page.links, has_head=len(rows) < len(page.lines)),
            *_runts(rows, block, side),
            *_outside(page, rows, block, side),
            *page_references(page, pages),
            *filled.get(i, []),
        ]
        problems += [Problem("error", page.name, f"{kind}: {what}") for kind, what in found]
    return problems


def measure(pages: list[Page]) -> Block | None:
    sizes = Counter(round(ln.size, 1) for p in pages for ln in p.lines for _ in ln.glyphs)
    if not sizes:
        return None
    size = sizes.most_common(1)[0][0]
    body = [(p.index % 2, ln) for p in pages for ln in p.lines if _is_body(ln, size)]
    steps = Counter(
        round(a.y0 - b.y0, 1)
        for p in pages
        for a, b in pairwise(p.lines)
        if _is_body(a, size) and _is_body(b, size) and 0 < a.y0 - b.y0 < 2 * size
    )
    leading = steps.most_common(1)[0][0] if steps else 1.2 * size
    left, right, justified = {}, {}, True
    for side in (0, 1):
        lines = [ln for s, ln in body if s == side]
        if not lines:
            continue
        # Ragged right-to-left text: its left edge is its leftmost line, a code block's included.
        start, many = Counter(round(ln.x0) for ln in lines).most_common(1)[0]
        rows = [ln for p in pages if p.index % 2 == side for ln in body_rows(p)]
        left[side] = start if many >= 0.2 * len(lines) else min(round(ln.x0) for ln in rows)
        edge, count = Counter(round(ln.x1) for ln in lines).most_common(1)[0]
        justified = justified and count >= 0.2 * len(lines)
        right[side] = edge if count >= 0.2 * len(lines) else max(round(ln.x1) for ln in lines)
    if not left:
        return None
    _mirror(pages, left, right)
    # Both sides of a book have one measure.  A side whose lines are mostly short (a book of
    # one-page chapters, which open on right-hand pages, leaves the left-hand ones the
    # contents' names) shows a narrower one: it is as wide as the other side.
    width = max(right[side] - left[side] for side in (0, 1))
    for side in (0, 1):
        right[side] = max(right[side], left[side] + width)
    return Block(size, leading, left, right, justified)


def _mirror(pages: list[Page], left: dict[int, float], right: dict[int, float]) -> None:
    """A side with no body text (a short book whose versos hold only its copyright page and a
    chapter in a script no font drew) takes the other side's text block mirrored, as a book's
    inner and outer margins are: its left margin is the other side's right one."""
    for side in (0, 1):
        if side not in left:
            other = 1 - side
            width = next((p.width for p in pages if p.index % 2 == side), pages[0].width)
            left[side] = round(width - right[other])
            right[side] = round(width - left[other])


def body_rows(page: Page) -> list[Line]:
    """The page's lines without its running head and folio."""
    lines = list(page.lines)
    if lines and _FOLIO.match(lines[-1].text) and len(lines) > 1:
        lines.pop()
    if len(lines) > 1 and lines[0].size < lines[1].size * 0.9 and lines[0].y0 - lines[1].y1 > 6:
        lines.pop(0)
    return lines


def _is_body(line: Line, size: float) -> bool:
    return abs(line.size - size) < 0.35 and len(line.text) > 3 and not line.mono


def _spacing(rows: list[Line]) -> list[tuple[str, str]]:
    """Glyphs drawn over each other (a lost space), or two spaces in a row."""
    out = []
    for row in rows:
        if row.mono or ". . ." in row.text:
            continue  # code keeps its own spaces; a dot leader's dots are drawn close
        glyphs = row.glyphs
        for a, b in pairwise(glyphs):
            overlap = a.x1 - b.x0
            crushed = (
                overlap > 0.5 * (a.x1 - a.x0)  # the next word drawn over a space
                if a.text == " "
                else b.text.strip() != "" and overlap > 0.2 * a.size
            )
            if crushed:
                out.append(("spacing", f"“{a.text}{b.text}” drawn over each other in “{row.text}”"))
                break
            if a.text == b.text == " " and b.x0 > a.x0:
                out.append(("spacing", f"two spaces in “{row.text}”"))
                break
    return out


def _note_starts(rows: list[Line]) -> list[tuple[str, str]]:
    return [
        ("note-at-line-start", f"“{row.text}”")
        for row in rows
        if row.glyphs[0].text.isdigit() and raised(row, 0)
    ]


def _note_fragments(rows: list[Line], block: Block) -> list[tuple[str, str]]:
    """A word hyphenated just before its note number, leaving fewer than `_FRAGMENT` letters
    with the number ("classic-" / "s⁸"): the number reads as the word's end."""
    text = [r for r in rows if abs(r.size - block.size) < 0.35]
    notes = [g for r in rows for g in r.glyphs if g.text.isdigit() and g.size < 0.85 * block.size]
    out = []
    for prev, row in pairwise(text):
        if not _HALF_WORD.search(prev.text):
            continue
        letters = 0
        while letters < len(row.glyphs) and row.glyphs[letters].text.isalpha():
            letters += 1
        if not 0 < letters < _FRAGMENT:
            continue
        end = row.glyphs[letters - 1].x1
        if any(
            abs(g.x0 - end) < 0.4 * block.size and row.y0 < g.y0 < row.y0 + block.size
            for g in notes
        ):
            word = prev.text.split()[-1] + " / " + row.text.split()[0]
            out.append(("note-fragment", f"“{word}”: {letters} letter(s) before its note"))
    return out


def _starts_paragraph(prev: Line | None, row: Line, block: Block, side: int) -> bool:
    if prev is None:
        return row.x0 > block.left[side] + 0.5 * block.size
    gap = prev.y0 - row.y0
    return (
        row.x0 > block.left[side] + 0.5 * block.size
        or gap > 1.4 * block.leading
        or not _is_body(prev, block.size)
    )


def _ends_paragraph(row: Line, block: Block, side: int) -> bool:
    if block.justified:
        return row.x1 < block.right[side] - 1.5 * block.size
    return bool(_ENDS_SENTENCE.search(row.text))


def _breaks(
    rows: list[Line],
    later: list[Line],
    block: Block,
    side: int,
    links: list[Link],
    has_head: bool,
) -> list[tuple[str, str]]:
    """Widows, orphans and headings left at the foot of the page."""
    out: list[tuple[str, str]] = []
    body = [r for r in rows if _is_body(r, block.size)]
    if not body:
        return out
    first, last = body[0], body[-1]
    second = body[1] if len(body) > 1 else None
    if (
        has_head
        and rows[0] is first
        and not _starts_paragraph(None, first, block, side)
        and first.text[:1].islower()
        and (second is None or _starts_paragraph(first, second, block, side))
    ):
        out.append(("widow", f"“{first.text}” ends a paragraph at the top of the page"))
    nxt = next((r for r in later if _is_body(r, block.size)), None)
    before = body[-2] if len(body) > 1 else None
    if (
        rows[-1] is last
        and nxt is not None
        and later[0] is nxt
        and _starts_paragraph(before, last, block, side)
        and not _ends_paragraph(last, block, side)
        and not _starts_paragraph(None, nxt, block, 1 - side)
    ):
        out.append(("orphan", f"“{last.text}” starts a paragraph at the foot of the page"))
    for k, row in enumerate(rows[-2:] if later else []):
        if _linked(row, links):
            continue  # a contents entry
        if row.size > block.size * 1.1 or (row.bold and _is_body(row, block.size)):
            out.append(("heading-at-foot", f"“{row.text}” with {1 - k} line(s) under it"))
    return out


def _linked(row: Line, links: list[Link]) -> bool:
    return any(ln.rect[1] - 1 <= row.y0 <= ln.rect[3] + 1 for ln in links)


def _runts(rows: list[Line], block: Block, side: int) -> list[tuple[str, str]]:
    """A paragraph whose last line is one word (or the end of a hyphenated one)."""
    out = []
    for prev, row in pairwise(rows):
        if (
            not (_is_body(prev, block.size) and _is_body(row, block.size))
            or len(row.text.split()) > 1
        ):
            continue
        if prev.y0 - row.y0 > 1.4 * block.leading or abs(prev.x0 - row.x0) > 1.5 * block.size:
            continue
        nxt = rows[rows.index(row) + 1] if row is not rows[-1] else None
        if nxt is None or _starts_paragraph(row, nxt, block, side):
            out.append(("runt", f"“{row.text}” alone on the last line of a paragraph"))
        elif _HALF_WORD.search(row.text) and row.x1 < block.right[side] - 1.5 * block.size:
            # A line break (`<br>`) leaves a whole word; WeasyPrint's own break left half of one.
            out.append(("runt", f"“{row.text}” alone on a line, its word ending on the next"))
    return out


def _outside(page: Page, rows: list[Line], block: Block, s: int) -> list[tuple[str, str]]:
    out = []
    boxes = [(r.x0, r.x1, f"“{r.text[:40]}”") for r in rows]
    boxes += [(x0, x1, "an image") for x0, _, x1, _ in page.images]
    for x0, x1, what in boxes:
        if x0 < block.left[s] - _slack(block) or x1 > block.right[s] + _slack(block):
            out.append(("outside-text-block", f"{what} runs {_by(x0, x1, block, s)}"))
    return out


def _slack(block: Block) -> float:
    """How far past the text block a line may reach unnoticed (a fifth of the body size: a
    justified line that WeasyPrint could not quite fit, a hyphen)."""
    return 0.2 * block.size


def _by(x0: float, x1: float, block: Block, s: int) -> str:
    if x0 < block.left[s] - _slack(block):
        return f"{block.left[s] - x0:.1f} pt into the left margin"
    return f"{x1 - block.right[s]:.1f} pt into the right margin"
