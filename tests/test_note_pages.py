"""Page numbers the print edition writes about its own pages (issue 12, items 6 and 12): a
cross-reference to another chapter gives that chapter's page, and a note lists every page it
is cited on, each once, though each chapter is laid out as a document of its own."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from helpers.pdf import PdfBook, squash

from bookmaker.builders.pdf.pagerefs import written
from bookmaker.builders.pdf.pieces import PAGE_ATTR, Piece
from bookmaker.check.pdf_pages import read_pdf
from bookmaker.check.typesetting import check_typesetting
from bookmaker.pipeline import build

PARA = (
    "The river keeps what the town forgets, and every library is an argument about what "
    "deserves to last when the shelves fill up and someone decides what goes to the cart. "
)


def post(name: str, title: str, body: str) -> tuple[str, str]:
    return name, f"---\ntitle: {title}\ndate: {name[:10]}\nauthor: Ada Lovelace\n---\n\n{body}\n"


def long(n: int) -> str:
    return "\n\n".join(PARA * 3 for _ in range(n))


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> tuple[object, PdfBook, Path]:
    src = tmp_path_factory.mktemp("pagerefs")
    posts = [
        post(
            "2024-01-01-first.md",
            "First",
            PARA + "See [the last one](2024-01-03-third.md) for the end.\n\n"
            "A [source](https://a.example/s) and the [same source](https://a.example/s) again.\n\n"
            + long(12)
            + "\n\nStill the [source](https://a.example/s), with no other note between.",
        ),
        post("2024-01-02-second.md", "Second", long(10)),
        post(
            "2024-01-03-third.md",
            "Third",
            PARA
            + "Back to [the first](2024-01-01-first.md) and [the second](2024-01-02-second.md).",
        ),
    ]
    for name, text in posts:
        (src / name).write_text(text)
    (src / "book.toml").write_text('[book]\ntitle = "Pages"\n')
    report = build(src, ["pdf"], src / "_build", jobs=2)
    path = next(r.path for r in report.results if r.builder == "pdf")
    return report, PdfBook(path), path


def label_of(pdf: PdfBook, chapter_id: str) -> str:
    return pdf.labels[pdf.named_pages[chapter_id]]


def test_a_cross_reference_prints_the_page_of_the_chapter_it_names(book):
    report, pdf, _ = book
    first, second, third = (c.id for c in report.book.chapters)
    text = squash(" ".join(pdf.text(i) for i in range(len(pdf.pages))))
    assert squash(f"the last one (p. {label_of(pdf, third)})") in text
    assert squash(f"the first (p. {label_of(pdf, first)})") in text
    assert squash(f"the second (p. {label_of(pdf, second)})") in text
    assert label_of(pdf, third) not in {label_of(pdf, first), "1"}


def test_a_note_lists_each_page_it_is_cited_on_once(book):
    report, pdf, _ = book
    chapter = report.book.chapters[0]
    (note,) = [n for n in chapter.endnotes if len(n.refs) == 3]
    pages = list(dict.fromkeys(pdf.labels[pdf.named_pages[ref]] for ref in note.refs))
    assert len(pages) == 2  # twice on the first page, once pages later
    at = pdf.named_pages[note.id]
    text = " ".join(pdf.text(i) for i in range(at, at + 2)).replace("\xa0", " ")
    assert re.search(rf"\b{note.number}\. pp\. {pages[0]}, {pages[1]} —", text), text


def test_the_typesetting_check_finds_every_page_number_right(book):
    _, _, path = book
    assert [p.message for p in check_typesetting(read_pdf(path))] == []


def test_written_lists_each_known_page_once_and_keeps_unknown_ones():
    notes = (
        '<span class="note-pages" data-one="p.">pp. <a class="note-page" href="#r1"></a>, '
        '<a class="note-page" href="#r2"></a>, <a class="note-page" href="#r3"></a></span>'
    )
    piece = Piece("body", "c", "C", f"<html><body><p>{notes}</p></body></html>", frozenset(), 10)
    one = lxml.html.fromstring(written(piece, {"r1": 4, "r2": 4, "r3": 4}))
    (span,) = one.find_class("note-pages")
    assert span.text_content() == "p. " and [a.get(PAGE_ATTR) for a in span] == ["4"]
    two = lxml.html.fromstring(written(piece, {"r1": 4, "r2": 4, "r3": 6}))
    (span,) = two.find_class("note-pages")
    assert span.text_content() == "pp. , " and [a.get(PAGE_ATTR) for a in span] == ["4", "6"]
    assert written(piece, {"r1": 4, "r2": 5, "r3": 6}) is None  # target-counter prints it right
    assert written(piece, {"r1": 4}) is None  # pages not known are never dropped
