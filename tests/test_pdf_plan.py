"""How the print edition's pieces are placed before they are laid out (`pdf/plan.py`), and
what a worker keeps from one piece to the next (`pdf/render.py`)."""

from __future__ import annotations

from pathlib import Path

from bookmaker.builders.pdf.layout import LayoutResult
from bookmaker.builders.pdf.pieces import Piece
from bookmaker.builders.pdf.plan import Place, Plan, Slot
from bookmaker.builders.pdf.render import PieceJob, PieceLayout, render_piece


def _slot(n: int, chars: int, filled: int | None = None) -> Slot:
    slot = Slot(Piece("body", f"ch-{n}", f"Chapter {n}", "", frozenset(), chars), f"key-{n}")
    if filled is not None:
        pages = filled + filled % 2  # print: a blank verso before the next opening
        slot.layouts[Place(1, False, True)] = PieceLayout(
            LayoutResult(pages, 0, (), ()), {}, (), filled
        )
    return slot


def test_a_guess_rounds_the_text_pages_then_adds_the_blank_verso():
    # Laid out: 1 page plus one per 1,500 characters of text (padded to 12, 12, 14, 10).
    known = [_slot(0, 15000, 11), _slot(1, 16500, 12), _slot(2, 18000, 13), _slot(3, 13500, 10)]
    plan = Plan([*known, _slot(4, 16600), _slot(5, 3000)], 0, screen=False, last_is_end=True)
    places = [place.start for _, place, _ in plan.places()]
    # Piece 4 fills about 12 pages: no blank verso, so piece 5 opens 12 pages after it (the
    # padded counts' ratio said 13, so 14, and piece 5 was laid out at a wrong page).
    assert places == [1, 13, 25, 39, 49, 61]
    certain = [sure for _, _, sure in plan.places()]
    assert certain == [True, True, True, True, True, False]


def test_with_too_few_pieces_laid_out_the_guess_is_by_length():
    plan = Plan([_slot(0, 9000, 6), _slot(1, 18000), _slot(2, 100)], 0, False, True)
    # 18,000 characters at 1,800 a page: 10 pages (a first page of its own made it 12).
    assert [place.start for _, place, _ in plan.places()] == [1, 7, 17]


def test_a_worker_reports_what_the_shared_stylesheets_refuse_and_warn_of_for_each_piece(
    tmp_path: Path,
):
    sheets = ('@import url("http://127.0.0.1:9/x.css");\np { colr: red }',)
    html = (
        '<!DOCTYPE html><html><body><div class="bodymatter"><section id="a"><p>Text.</p>'
        '</section><div class="bm-end"></div></div></body></html>'
    )
    results = [
        render_piece(PieceJob(html, sheets, n, False, pad, tmp_path / f"{n}.pdf"), {}, 0.0)
        for n, pad in ((1, True), (3, False))
    ]
    for layout in results:
        assert layout.result.refused == ("http://127.0.0.1:9/x.css",)
        assert any("colr" in message for message in layout.result.messages)
    # The text fills one page; in print a blank verso follows it, before the next opening.
    assert [(r.result.pages, r.filled) for r in results] == [(2, 1), (1, 1)]
