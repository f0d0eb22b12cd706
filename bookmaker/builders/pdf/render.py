"""build, print edition: one piece of the book laid out by WeasyPrint (in a worker process).

A piece starts at a known page number and side: the page counter is reset on its first page,
and a piece that opens on a left-hand page (screen edition) is laid out after a throw-away
page, since WeasyPrint always starts a document on a right-hand one.  A print-edition piece
other than the last ends with a marker that opens a right-hand page, so WeasyPrint adds the
blank verso the whole book would have; the marker's own page is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookmaker.builders.logs import collected
from bookmaker.builders.pdf.backrefs import laid_out_once
from bookmaker.builders.pdf.engine_fixes import engine_fixed
from bookmaker.builders.pdf.fetcher import ROOT, BookFetcher
from bookmaker.builders.pdf.finish import Finish
from bookmaker.builders.pdf.layout import LayoutResult, layout_result

_BODY = '<div class="bodymatter">'


@dataclass(frozen=True)
class PieceJob:
    html: str
    stylesheets: tuple[str, ...]
    #: Page number of the piece's first page.
    start: int
    #: The first page is a left-hand page.
    left: bool
    #: End with the blank verso a following right-hand opening needs (print, not the last).
    pad: bool
    target: Path
    #: False for the front matter, whose roman folios count from its own first page.
    numbered: bool = True


@dataclass(frozen=True)
class PieceLayout:
    result: LayoutResult
    #: The page (0-based, in the piece) each id of the piece is on, at its first occurrence.
    anchors: Mapping[str, int]
    #: The `bookmark-level` of each outline entry, in order: entries nest across pieces.
    levels: tuple[int, ...] = ()
    #: Pages before the blank verso that closes a print piece (all pages when there is none):
    #: what the text filled, the figure `plan` predicts the next pieces' lengths from.
    filled: int | None = None

    def text_pages(self) -> int:
        return self.result.pages if self.filled is None else self.filled


def start_css(job: PieceJob) -> str:
    """Numbering and the closing marker for JOB's document."""
    css = [".bm-end { break-before: right; }" if job.pad else ".bm-end, .bm-pad { display: none; }"]
    if job.left:
        css.append(".bm-skip { break-after: page; }")
    if job.numbered:
        first = job.start - 1 if job.left else job.start
        css.append(f"@page :first {{ counter-reset: page {first}; }}")
        css.append(f"@page :nth(1 of body) {{ counter-reset: page {first}; }}")
    return "\n".join(css)


def render_piece(job: PieceJob, files: Mapping[str, Path], bleed_mm: float) -> PieceLayout:
    """Lay JOB out and write its pages to `job.target`."""
    from weasyprint import CSS, HTML

    html = job.html
    if job.left:
        html = html.replace(_BODY, _BODY + '<div class="bm-skip"></div>', 1)
    fetcher = BookFetcher(files)
    sheets = _parsed(job.stylesheets, files)
    fetcher.refused += sheets.refused
    with collected("weasyprint") as warnings:
        warnings += sheets.warnings
        start = CSS(
            string=start_css(job), base_url=ROOT, url_fetcher=fetcher, font_config=sheets.fonts
        )
        with laid_out_once(), engine_fixed():
            document = HTML(string=html, base_url=ROOT, url_fetcher=fetcher).render(
                stylesheets=[*sheets.css, start], font_config=sheets.fonts
            )
        first = 1 if job.left else 0
        last = len(document.pages) - (1 if job.pad else 0)
        kept = document.copy(document.pages[first:last])
        kept.write_pdf(job.target, finisher=Finish(0, bleed_mm))
    anchors: dict[str, int] = {}
    for index, page in enumerate(kept.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    levels = tuple(mark[0] for page in kept.pages for mark in page.bookmarks)
    filled = len(kept.pages) - (1 if job.pad and kept.pages and _blank(kept.pages[-1]) else 0)
    return PieceLayout(layout_result(kept, fetcher, warnings), anchors, levels, filled)


def _blank(page: Any) -> bool:
    """Whether WeasyPrint made PAGE blank (a verso before a right-hand opening); read
    defensively, `_page_box` is not public API: unknown reads as not blank."""
    page_type = getattr(getattr(page, "_page_box", None), "page_type", None)
    return bool(getattr(page_type, "blank", False))


@dataclass
class _Sheets:
    """The book's stylesheets parsed once per worker, with the font configuration their
    `@font-face` rules were loaded into, and what parsing them refused and warned of."""

    fonts: Any
    css: list[Any]
    refused: list[str]
    warnings: list[str]


#: The stylesheets this process parsed, by key: the body's pieces share one set, the pieces
#: with page numbers written in another.
_SHEETS: dict[tuple, _Sheets] = {}


def _parsed(stylesheets: tuple[str, ...], files: Mapping[str, Path]) -> _Sheets:
    """STYLESHEETS parsed, once per process and set of FILES (about 0.05 s a piece, and a
    new font configuration loads its fonts again)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    key = (stylesheets, tuple(sorted((k, str(v)) for k, v in files.items())))
    if key in _SHEETS:
        return _SHEETS[key]
    fetcher = BookFetcher(files)
    with collected("weasyprint") as warnings:
        fonts = FontConfiguration()  # without it WeasyPrint ignores the theme's @font-face rules
        css = [
            CSS(string=text, base_url=ROOT, url_fetcher=fetcher, font_config=fonts)
            for text in stylesheets
        ]
    if len(_SHEETS) >= 2:
        _SHEETS.clear()
    _SHEETS[key] = _Sheets(fonts, css, list(fetcher.refused), list(warnings))
    return _SHEETS[key]


def render_job(job: tuple[PieceJob, Mapping[str, Path], float]) -> PieceLayout:
    """`render_piece` for a worker process (one picklable argument)."""
    return render_piece(*job)
