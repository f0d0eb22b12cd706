"""build, print edition: which piece to lay out where, so the workers rarely wait or redo.

A piece's page count does not depend on where it starts (its page numbers have the same
width wherever it starts, and every print opening is a right-hand page), but its folios and
its notes' page references do.  So the body is laid out in book order, each piece at the start
its predecessors give: known when they are laid out, guessed from the cache or from their
length while they are still in a worker.  A piece laid out at a wrong guess still tells its
page count, so the pieces after it start right; it alone is laid out again.  The contents and
the contributors index come last, with every page number written in.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field

from bookmaker.builders.pdf.pieces import Piece
from bookmaker.builders.pdf.render import PieceLayout

#: Characters of text per page before any piece is laid out (A5, the default theme); the
#: guess then follows the pieces laid out so far.
CHARS_PER_PAGE = 1800
#: Pieces of different lengths laid out before their line is trusted.
MIN_FIT = 3


@dataclass(frozen=True)
class Place:
    """Where a piece starts: its first folio, and whether that page is a left-hand one."""

    start: int
    left: bool
    pad: bool


@dataclass
class Slot:
    piece: Piece
    key: str
    #: Layouts so far, by place (one per place: a layout at a wrong place is kept for its
    #: page count).
    layouts: dict[Place, PieceLayout] = field(default_factory=dict)
    #: The cache entry of each layout.
    names: dict[Place, str] = field(default_factory=dict)
    #: Pages the cache says this content took, from an earlier build.
    cached_pages: int | None = None
    #: Pages this piece (by id) took in the last build, whatever its content was then.
    last_pages: int | None = None

    def pages(self, place: Place | None = None) -> int | None:
        """Pages of the layout at PLACE, or of any layout (the count does not depend on it)."""
        if place is not None:
            return self.layouts[place].result.pages if place in self.layouts else None
        for layout in self.layouts.values():
            return layout.result.pages
        return self.cached_pages

    def pages_filled(self) -> int:
        """Pages the text of a laid-out piece filled (before its closing blank verso)."""
        return next(iter(self.layouts.values())).text_pages()


@dataclass
class Plan:
    slots: list[Slot]
    #: Pages before the first slot (the front matter), for the side of the first page.
    offset: int
    screen: bool
    #: The last slot is the book's last piece (no blank verso after it).
    last_is_end: bool

    def fit(self) -> tuple[float, float]:
        """(intercept, pages per character): the text pages of a piece (before any closing
        blank verso) as a line through its characters, fitted to the pieces laid out so far.

        A piece's pages are a whole number, so the guess rounds the line to the nearest one
        and only then adds the blank verso; fitting the padded count instead (always even in
        print) put a piece just filling 12 pages near 13, and its guess at 14."""
        known = [(s.piece.chars, s.pages_filled()) for s in self.slots if s.layouts]
        if len({c for c, _ in known}) >= MIN_FIT:
            slope, intercept = statistics.linear_regression(
                [c for c, _ in known], [p for _, p in known]
            )
            if slope > 0:
                return intercept, slope
        return 0.0, 1 / CHARS_PER_PAGE

    def guess(self, slot: Slot, fit: tuple[float, float]) -> int:
        """SLOT's pages before it is laid out: as many as last time, else from its length."""
        if slot.last_pages:
            return slot.last_pages
        pages = max(1, round(fit[0] + slot.piece.chars * fit[1]))
        if not self.screen and pages % 2:
            pages += 1
        return pages

    def places(self) -> Iterator[tuple[Slot, Place, bool]]:
        """Each slot's place as far as is known, and whether that place is certain."""
        start, index, certain = 1, self.offset, True
        fit = self.fit()
        for n, slot in enumerate(self.slots):
            pad = not self.screen and not (self.last_is_end and n == len(self.slots) - 1)
            yield slot, Place(start, self.screen and index % 2 == 1, pad), certain
            pages = slot.pages()
            if pages is None:
                pages = self.guess(slot, fit)
                certain = False
            start += pages
            index += pages

    def settled(self) -> bool:
        return all(certain and place in slot.layouts for slot, place, certain in self.places())

    def next_job(self, running: set[tuple[int, Place]]) -> tuple[int, Place] | None:
        """The first slot not laid out at its current place, and not being laid out there."""
        for n, (slot, place, _) in enumerate(self.places()):
            if place not in slot.layouts and (n, place) not in running:
                return n, place
        return None

    def pages_by_id(self) -> dict[str, int]:
        """Folio of every id in the body, once settled."""
        out: dict[str, int] = {}
        for slot, place, _ in self.places():
            for name, index in slot.layouts[place].anchors.items():
                if name in slot.piece.ids:
                    out.setdefault(name, place.start + index)
        return out

    def end(self) -> tuple[int, int]:
        """(next folio, next page index) after the last slot, once settled."""
        start, index = 1, self.offset
        for slot in self.slots:
            start += slot.pages() or 0
            index += slot.pages() or 0
        return start, index


def final_layouts(plan: Plan) -> list[tuple[Slot, Place, PieceLayout]]:
    return [(slot, place, slot.layouts[place]) for slot, place, _ in plan.places()]
