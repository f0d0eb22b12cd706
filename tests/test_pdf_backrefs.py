"""Page references that point back (a chapter's notes: "p. 3") are written in before their page
is laid out: every page is laid out once, and the pages are those WeasyPrint gives alone."""

from __future__ import annotations

import contextlib

import pytest

from bookmaker.builders.pdf.backrefs import laid_out_once

weasyprint = pytest.importorskip("weasyprint")

CSS = """
@page { size: A6; margin: 15mm; @bottom-center { content: counter(page); } }
@page :first { counter-reset: page 7; }
p { margin: 0 0 4mm; }
.note-page::before { content: target-counter(attr(href), page); }
.toc a::after { content: " " target-counter(attr(href), page); }
"""


def document(others: bool) -> str:
    """Text citing notes over several pages and notes that point back at their citations, on
    later pages; with OTHERS, a contents that points forward and a note on its citation's own
    page (WeasyPrint's own passes)."""
    text = "".join(
        f"<p>Paragraph {n} of the text, long enough to fill some lines on the page "
        f'<a id="ref-{n}" href="#note-{n}">{n}</a>.</p>'
        for n in range(1, 25)
    )
    notes = "".join(
        f'<li id="note-{n}">p. <a class="note-page" href="#ref-{n}"></a> Note {n}.</li>'
        for n in range(1, 25)
    )
    short = (
        '<p>A short one <a id="ref-x" href="#note-x">x</a>.</p><ol><li id="note-x">p. '
        '<a class="note-page" href="#ref-x"></a> Same page.</li></ol>'
    )
    toc = '<nav class="toc"><a href="#ref-20">Twenty</a></nav>'
    if not others:
        toc = short = ""
    return f"<html><body>{toc}{short}{text}<ol>{notes}</ol></body></html>"


def render(once: bool, others: bool = False) -> tuple[list[str], list[int]]:
    """Each page's text and the index of every page WeasyPrint laid out, in order."""
    from weasyprint.layout import page as pages

    made: list[int] = []
    make_page = pages.make_page

    def counted(context, root_box, page_type, resume_at, page_number, page_state):
        made.append(page_number)
        return make_page(context, root_box, page_type, resume_at, page_number, page_state)

    pages.make_page = counted
    try:
        with laid_out_once() if once else contextlib.nullcontext():
            doc = weasyprint.HTML(string=document(others)).render(
                stylesheets=[weasyprint.CSS(string=CSS)]
            )
    finally:
        pages.make_page = make_page
    return [_text(page) for page in doc.pages], made


def _text(page) -> str:
    out = []

    def walk(box):
        if hasattr(box, "text") and box.text:
            out.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    walk(page._page_box)
    return " ".join(" ".join(out).split())


def test_every_page_laid_out_once_with_the_same_text():
    stock, stock_made = render(once=False)
    once, made = render(once=True)
    assert once == stock
    assert len(once) > 3 and "1. p. 7 Note 1." in once[-2]
    assert made == list(range(1, len(once) + 1))
    # WeasyPrint alone lays the notes' pages out three times.
    notes = [n for n, text in enumerate(once, 1) if "Note" in text]
    assert len(notes) >= 2 and all(stock_made.count(n) == 3 for n in notes)


def test_forward_and_same_page_references_as_weasyprint_gives_them():
    stock, _ = render(once=False, others=True)
    once, _ = render(once=True, others=True)
    assert once == stock
    assert "Twenty 10" in once[0] and "p. 7 Same page." in once[0]
