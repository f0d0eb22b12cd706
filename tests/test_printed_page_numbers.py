"""Page numbers the print edition writes about its own pages, read from the finished PDF alone
(issue 12, items 6 and 12): a note cited on several pages lists each of them once, and a
cross-reference to another chapter prints the page that chapter starts on.  Nothing of
bookmaker is imported but its build entry, so these tests run on any commit that builds a
PDF, including the ones before the fix (test_note_pages.py has the unit tests)."""

from __future__ import annotations

import re

import pytest
from helpers.pdf import PdfBook, squash

from bookmaker.pipeline import build

PARA = (
    "The river keeps what the town forgets, and every library is an argument about what "
    "deserves to last when the shelves fill up and someone decides what goes to the cart. "
)
SOURCE = "https://a.example/s"


def post(name: str, title: str, body: str) -> tuple[str, str]:
    return name, f"---\ntitle: {title}\ndate: {name[:10]}\nauthor: Ada Lovelace\n---\n\n{body}\n"


def long(n: int) -> str:
    return "\n\n".join(PARA * 3 for _ in range(n))


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> PdfBook:
    """Three chapters: the first cites one source twice in a paragraph, then pages later, then
    pages later again, with no other note between (one note); the first names the third, the
    third names the first and the second."""
    src = tmp_path_factory.mktemp("printed-pages")
    posts = [
        post(
            "2024-01-01-first.md",
            "First",
            PARA + "See [the last one](2024-01-03-third.md) for the end.\n\n"
            f"A [source]({SOURCE}) and the [same source]({SOURCE}) again.\n\n"
            + long(8)
            + f"\n\nAgain the [source]({SOURCE}), with no other note between.\n\n"
            + long(8)
            + f"\n\nStill the [source]({SOURCE}), and the chapter ends.",
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
    report = build(src, ["pdf"], src / "_build")
    return PdfBook(next(r.path for r in report.results if r.builder == "pdf"))


def page_of(pdf: PdfBook, title: str) -> int:
    """The index of the page the PDF's outline entry TITLE opens."""
    return next(index for _, name, index in pdf.outline if name == title)


def test_a_cross_reference_prints_the_page_of_the_chapter_it_names(pdf):
    page = {title: pdf.labels[page_of(pdf, title)] for title in ("First", "Second", "Third")}
    assert page["Third"] not in {page["First"], "1"}  # a page number no chapter-local count gives
    text = squash(" ".join(pdf.text(i) for i in range(len(pdf.pages))))
    for words, chapter in (
        ("the last one", "Third"),
        ("the first", "First"),
        ("the second", "Second"),
    ):
        assert squash(f"{words} (p. {page[chapter]})") in text, (words, page)


def test_a_note_lists_each_page_it_is_cited_on_once(pdf):
    """A page cites the note when it holds a link to it; the note is the one place the first
    chapter's opening page links to that the contents page does not (the chapters)."""
    chapters = {link.get("dest") for link in pdf.links(page_of(pdf, "Contents"))}
    (note,) = {link.get("dest") for link in pdf.links(page_of(pdf, "First"))} - chapters
    cited = [
        pdf.labels[i]
        for i in range(len(pdf.pages))
        for link in pdf.links(i)
        if link.get("dest") == note
    ]
    pages = list(dict.fromkeys(cited))
    assert len(cited) == 4 and len(pages) == 3, cited  # twice on one page, then two more pages
    at = pdf.named_pages[note]
    entry = " ".join(pdf.text(i) for i in range(at, min(at + 2, len(pdf.pages))))
    listed = re.search(r"\b\d+\. (pp?\. [^—]*?) ?— ", entry.replace("\xa0", " "))
    assert listed, entry
    assert listed.group(1) == "pp. " + ", ".join(pages), (listed.group(1), pages)
