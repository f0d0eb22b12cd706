"""build, print edition: the book laid out piece by piece, in parallel, through the cache.

The body's pieces go to the workers in book order (`plan`); pieces the cache holds at their
place are not laid out again.  Then the front matter and the back matter, which print page
numbers of the body, are laid out with those numbers written in.  In the screen edition the
front matter's length sets the side every chapter opens on, so it is laid out once first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bookmaker.builders.pdf import pieces as cut
from bookmaker.builders.pdf.cache import LayoutCache, entry_name
from bookmaker.builders.pdf.pagerefs import settle_with_pages
from bookmaker.builders.pdf.parallel import Overdue, Pool
from bookmaker.builders.pdf.pieces import Piece
from bookmaker.builders.pdf.plan import Place, Plan, Slot
from bookmaker.builders.pdf.render import PieceJob, PieceLayout
from bookmaker.errors import BuildError


@dataclass(frozen=True)
class Laid:
    """One piece as it goes into the book."""

    piece: Piece
    place: Place
    layout: PieceLayout
    pdf: Path


@dataclass
class Book:
    """What the layout of every piece needs, and where it goes."""

    stylesheets: tuple[str, ...]
    files: Mapping[str, Path]
    bleed_mm: float
    screen: bool
    cache: LayoutCache
    time_limit: float
    progress: Callable[[Piece, int], None]


class _Run:
    def __init__(self, book: Book, pool: Pool):
        self.book = book
        self.pool = pool
        self.literal = cut.literal_pages_css(book.stylesheets)

    def job(self, slot: Slot, place: Place, html: str | None = None) -> tuple[str, PieceJob]:
        literal = slot.piece.kind != "body" or html is not None  # numbers written in
        key = slot.key if html is None else hashlib.sha256((slot.key + html).encode()).hexdigest()
        name = entry_name(key[:40], place.start, place.left, place.pad)
        job = PieceJob(
            html or slot.piece.html,
            self.literal if literal else self.book.stylesheets,
            place.start,
            place.left,
            place.pad,
            self.book.cache.pdf(name),
            numbered=slot.piece.kind != "front",
        )
        return name, job

    def start(self, n: int, slot: Slot, place: Place, html: str | None = None) -> bool:
        """Lay SLOT out at PLACE (tag N): from the cache, or in an idle worker (False if none)."""
        name, job = self.job(slot, place, html)
        slot.names[place] = name
        cached = self.book.cache.get(name)
        if cached is not None:
            slot.layouts[place] = cached
            return True
        idle = self.pool.idle()
        if not idle:
            return False
        self.pool.submit(
            idle[0],
            (n, slot, place, name),
            (job, self.book.files, self.book.bleed_mm),
            self.book.time_limit,
        )
        return True

    def collect(self) -> None:
        try:
            finished = self.pool.collect()
        except Overdue as late:
            _, slot, _, _ = late.tag
            raise BuildError(
                f"WeasyPrint did not finish the PDF within {self.book.time_limit:g} s "
                f"(pdf.time_limit) on {_name(slot.piece)}; nothing was written. Raise the limit "
                "(it applies to each chapter) or look for unusual markup in that post"
            ) from None
        for done in finished:
            _, slot, place, name = done.tag
            if not done.ok and done.value[0] == "oserror":
                raise OSError(*done.value[1:])
            if not done.ok:
                _, message, trace = done.value
                raise RuntimeError(f"WeasyPrint failed on {_name(slot.piece)}: {message}\n{trace}")
            slot.layouts[place] = done.value
            self.book.cache.put(name, done.value)
            self.book.progress(slot.piece, done.value.result.pages)

    def settle(self, plan: Plan) -> None:
        """Lay out the plan's slots until each is laid out at its place."""
        while not plan.settled():
            certain = {id(slot): place for slot, place, sure in plan.places() if sure}
            for tag in self.pool.busy():
                if certain.get(id(tag[1]), tag[2]) != tag[2]:
                    self.pool.cancel(tag)  # started at a guess that proved wrong
                    self.book.progress(tag[1].piece, -1)
            running = {(tag[0], tag[2]) for tag in self.pool.busy()}
            following = plan.next_job(running)
            if following is not None:
                n, place = following
                if self.start(n, plan.slots[n], place):
                    continue
            self.collect()


def _name(piece: Piece) -> str:
    if piece.kind == "front":
        return "the front matter (title pages and contents)"
    return f'"{piece.title}"'


def lay_out(book: Book, pieces: list[Piece], keys: list[str], pool: Pool) -> list[Laid]:
    """Every piece laid out where it goes in the book, in book order."""
    run = _Run(book, pool)
    last = book.cache.last_pages()
    slots = [
        Slot(p, k, cached_pages=book.cache.pages_of(k), last_pages=last.get(p.id))
        for p, k in zip(pieces, keys, strict=True)
    ]
    front = next((s for s in slots if s.piece.kind == "front"), None)
    back = [s for s in slots if s.piece.kind == "back"]
    body = [s for s in slots if s.piece.kind == "body"]
    offset = 0
    if front is not None and book.screen:
        # The front matter's length sets the sides: lay it out once with blank numbers.
        zeros = {name: 0 for s in body + back for name in s.piece.ids}
        trial = Slot(front.piece, front.key)
        _lay_all(run, [(trial, Place(1, False, False), cut.with_pages(trial.piece, zeros))])
        offset = trial.pages() or 0
    for _ in range(3):
        plan = Plan(body, offset, book.screen, last_is_end=not back)
        settle_with_pages(plan, run.settle, lambda jobs: _lay_all(run, jobs))
        ends = _ends(plan, front, back, book.screen)
        _lay_all(run, ends)
        if front is None or not book.screen or front.pages(ends[-1][1]) == offset:
            break
        offset = front.pages(ends[-1][1]) or 0
    laid = [(s, p) for s, p, _ in ends[len(back) :]]
    laid += [(s, p) for s, p, _ in plan.places()] + [(s, p) for s, p, _ in ends[: len(back)]]
    book.cache.finish({s.piece.id: s.pages() or 0 for s in slots})
    return [
        Laid(slot.piece, place, slot.layouts[place], book.cache.pdf(slot.names[place]))
        for slot, place in laid
    ]


def _ends(
    plan: Plan, front: Slot | None, back: list[Slot], screen: bool
) -> list[tuple[Slot, Place, str]]:
    """The back matter and the front matter (last), each with its place and its HTML with the
    body's page numbers written in."""
    pages = plan.pages_by_id()
    start, index = plan.end()
    ends = []
    for slot in back:
        pages[slot.piece.id] = start  # the section opens on the piece's first page
        place = Place(start, screen and index % 2 == 1, False)
        ends.append((slot, place, cut.with_pages(slot.piece, pages)))
    if front is not None:
        ends.append((front, Place(1, False, not screen), cut.with_pages(front.piece, pages)))
    return ends


def _lay_all(run: _Run, jobs: list[tuple[Slot, Place, str]]) -> None:
    """Lay out JOBS (independent of each other) side by side and wait for all of them."""
    pending = list(jobs)
    while pending:
        slot, place, html = pending[0]
        if run.start(-1, slot, place, html):
            pending.pop(0)
        else:
            run.collect()
    while run.pool.busy():
        run.collect()
