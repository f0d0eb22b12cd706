"""One book, two editions: the EPUB and the print edition state the same facts, decided once in
assemble — who the book is by, when its texts appeared, what each note says, what the contents
list (tests/roots/test-editions: editors, archive copies, parts, a post by two authors "& more",
a conversation, a post's own footnote of two paragraphs, a link cited twice)."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from conftest import SAMPLES
from helpers.epub_package import read_package
from helpers.pdf import PdfBook
from lxml import etree

from bookmaker.pipeline import build

ROOT = Path(__file__).parent / "roots" / "test-editions"
X = "{http://www.w3.org/1999/xhtml}"


def text(element) -> str:
    """ELEMENT's words; without URL break hints (`<wbr>` in the EPUB, zero-width spaces in the
    print document), which a reader does not see."""
    return " ".join("".join(element.itertext()).replace("\u200b", "").split())


def credit_lines(section) -> list[tuple[str, str]]:
    """(class, text) of the title page's credit lines, in order."""
    return [
        (p.get("class"), text(p))
        for p in section.iter(f"{X}p", "p")
        if p.get("class") in ("book-authors", "book-editors", "book-contributors")
    ]


def paragraphs(section) -> list[str]:
    return [text(p) for p in section.iter(f"{X}p", "p")]


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def note_facts(li) -> tuple[str, tuple[str, ...], str | None, str | None]:
    """(number, link texts, address, archive copy) of a note, from either edition's markup."""
    links = {c: text(a) for a in li.iter(f"{X}a", "a") for c in classes(a)}
    texts = tuple(text(s) for s in li.iter(f"{X}span", "span") if "link-text" in classes(s))
    return links["note-number"].rstrip("."), texts, links.get("url"), links.get("archive")


def flatten(entries, depth: int = 1):
    for entry in entries:
        yield depth, entry.title
        yield from flatten(entry.children, depth + 1)


def note_words(li) -> str:
    """A note's visible words without its number, page reference and back-links."""
    li = etree.fromstring(etree.tostring(li))
    for node in list(li.iter()):
        if classes(node) & {"note-number", "note-pages", "backref"}:
            tail = node.tail or ""
            parent = node.getparent()
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
            parent.remove(node)
    return text(li)


@pytest.fixture(scope="module")
def built(tmp_path_factory, epub_registry):
    """The book built as EPUB and print HTML with some `-D` overrides, once per module:
    (the model, the EPUB's package, the print document)."""
    books = {}

    def make(*overrides: str):
        if overrides not in books:
            work = tmp_path_factory.mktemp("editions")
            shutil.copytree(ROOT, work / "book")
            report = build(work / "book", ["epub", "html"], work / "out", overrides=overrides)
            epub_path, html_path = (r.path for r in report.results)
            epub = read_package(epub_registry.register(epub_path))
            books[overrides] = report.book, epub, lxml.html.parse(str(html_path)).getroot()
        return books[overrides]

    return make


@pytest.fixture(scope="module")
def editions(built):
    return built()


def test_both_editions_name_the_same_people_in_the_same_roles(editions):
    book, epub, html = editions
    epub_title = epub.xhtml("titlepage.xhtml")
    (print_title,) = html.find_class("titlepage")
    lines = credit_lines(epub_title)
    assert lines == credit_lines(print_title)
    assert lines == [
        ("book-editors", "Edited by Jane Editor"),
        ("book-contributors", "With contributions by Grace Hopper and Katherine Johnson"),
    ]
    for page in (epub_title, print_title):  # a name is never broken across lines
        (line,) = [p for p in page.iter(f"{X}p", "p") if p.get("class") == "book-contributors"]
        assert "Grace\xa0Hopper and Katherine\xa0Johnson" in "".join(line.itertext())
    colophon = paragraphs(epub.xhtml("colophon.xhtml"))
    copyright_ = paragraphs(html.find_class("copyright")[0])
    for _, line in lines:
        assert line in colophon and line in copyright_
    rights = f"© {book.dates.years} the authors"
    assert book.dates.years == "2023–2024" and rights in colophon and rights in copyright_
    assert epub.people("creator") == [("Jane Editor", "Editor, Jane", "edt")]
    assert [n for n, _, _ in epub.people("contributor")] == ["Grace Hopper", "Katherine Johnson"]
    authors = [m.get("content") for m in html.iter("meta") if m.get("name") == "author"]
    assert authors == [n for n, _, _ in epub.people("creator")]


def test_both_editions_give_the_same_dates(editions):
    book, epub, html = editions
    colophon = text(epub.xhtml("colophon.xhtml"))
    copyright_ = text(html.find_class("copyright")[0])
    assert "Published between 1 March 2023 and 1 June 2024." in copyright_
    for day in ("1 March 2023", "10 February 2024", "1 June 2024"):
        assert day in colophon
    assert "1 March 2023" in copyright_ and "1 June 2024" in copyright_
    edition = f"{book.dates.edition.day} June 2024"
    assert f"This edition was made on {edition}." in colophon
    assert f"This edition was made on {edition}." in copyright_
    assert text(epub.xhtml("titlepage.xhtml").find(f".//{X}p[@class='book-date']")) == edition


IMPRINT = ("rights", "licence", "publisher", "dates", "edition", "identifier")


def imprint(section) -> list[tuple[str, str]]:
    return [
        (p.get("class"), text(p)) for p in section.iter(f"{X}p", "p") if p.get("class") in IMPRINT
    ]


def test_the_copyright_page_and_the_colophon_say_the_same_in_one_wording(built):
    """The print copyright page said "Published on …." and "This edition: …" and no rights
    line, the EPUB "This edition was made on …" and "© … the authors": now one set of lines."""
    book, epub, html = built("book.rights=CC BY 4.0", "book.publisher=Commons Press")
    colophon = imprint(epub.xhtml("colophon.xhtml"))
    assert colophon == imprint(html.find_class("copyright")[0])
    edition = f"{book.dates.edition.day} June 2024"
    assert colophon == [
        ("rights", "© 2023–2024 the authors"),
        ("licence", "CC BY 4.0"),
        ("publisher", "Published by Commons Press."),
        ("dates", "Published between 1 March 2023 and 1 June 2024."),
        ("edition", f"This edition was made on {edition}."),
        ("identifier", f"Identifier: {book.meta.identifier}"),
    ]


def test_every_note_says_the_same_in_both_editions(editions):
    book, epub, html = editions
    epub_notes = {
        li.get("id"): li
        for href in epub.spine
        for li in epub.xhtml(href).iter(f"{X}li")
        if li.get("class") == "endnote"
    }
    print_notes = {li.get("id"): li for li in html.find_class("endnote")}
    model = {note.id: note for chapter in book.chapters for note in chapter.endnotes}
    assert set(epub_notes) == set(print_notes) == set(model) and len(model) == 7
    for note_id, note in model.items():
        in_epub, in_print = note_facts(epub_notes[note_id]), note_facts(print_notes[note_id])
        assert in_epub == in_print, note_id
        assert in_epub == (str(note.number), note.texts, note.url, note.archive_url)
        if note.url:
            assert note.archive_url.startswith("https://web.archive.org/web/20")
        assert note_words(epub_notes[note_id]) == note_words(print_notes[note_id])
    (footnote,) = [n for n in model.values() if n.block]
    assert note_words(print_notes[footnote.id]) == (
        "It rained the whole time. The notebook survived; the pencil did not."
    )
    # Its two paragraphs stay paragraphs (the EPUB once printed them as escaped text), and
    # the number opens the first one in both editions.
    for li in (epub_notes[footnote.id], print_notes[footnote.id]):
        first, second = [p for p in li.iter(f"{X}p", "p")]
        assert "note-number" in classes(next(iter(first))) and text(second).startswith("The")
    cited_twice = next(n for n in model.values() if len(n.refs) == 2)
    backrefs = [a for a in epub_notes[cited_twice.id].iter(f"{X}a") if "backref" in classes(a)]
    assert [a.get("href").split("#")[1] for a in backrefs] == list(cited_twice.refs[1:])


def test_both_editions_list_the_same_contents(editions):
    book, epub, html = editions
    nav = [(depth, title) for depth, title, _ in epub.toc()]
    body = nav[2:-1]  # after the title page and the colophon, before the contributors index
    (toc,) = html.find_class("toc-list")
    listed = [text(a) for a in toc.iter("a")][:-1]
    assert [title for _, title in body] == listed
    assert (
        body
        == list(flatten(book.contents))
        == [
            (1, "2023"),
            (2, "Letters Between Friends"),
            (1, "2024"),
            (2, "A Conversation on Computing"),
            (3, "Grace Hopper"),
            (3, "Katherine Johnson"),
            (2, "Field Notes"),
        ]
    )
    bylines = [text(s) for s in toc.find_class("toc-byline")]
    assert bylines == ["Ada Lovelace, Alan Turing, and others", "Ines Okafor"]


def test_a_configured_editor_is_named_by_the_print_edition_wherever_the_epub_names_them(
    tmp_path: Path, epub_registry
):
    """`bookmaker build samples -b epub,html -D 'book.editors=["Jane Editor"]'`."""
    shutil.copytree(SAMPLES, tmp_path / "samples")
    report = build(
        tmp_path / "samples",
        ["epub", "html"],
        tmp_path / "out",
        overrides=('book.editors=["Jane Editor"]',),
    )
    epub = read_package(epub_registry.register(report.results[0].path))
    html = lxml.html.parse(str(report.results[1].path)).getroot()
    assert ("Jane Editor", "Editor, Jane", "edt") in epub.people("creator")
    epub_title = credit_lines(epub.xhtml("titlepage.xhtml"))
    assert ("book-editors", "Edited by Jane Editor") in epub_title
    assert credit_lines(html.find_class("titlepage")[0]) == epub_title
    assert "Edited by Jane Editor" in paragraphs(epub.xhtml("colophon.xhtml"))
    assert "Edited by Jane Editor" in paragraphs(html.find_class("copyright")[0])
    authors = [m.get("content") for m in html.iter("meta") if m.get("name") == "author"]
    assert authors == ["The Commons Desk", "Jane Editor"]


def test_the_seed_is_credited_alike_in_both_editions(seed_build):
    """The seed's four voices are contributors and chinafile.com its editor, in both editions
    and in both packages' metadata (the PDF's title page once named the four as authors)."""
    epub_result, pdf_result, html_result = seed_build.results
    epub = read_package(epub_result.path)
    html = lxml.html.parse(str(html_result.path)).getroot()
    lines = credit_lines(epub.xhtml("titlepage.xhtml"))
    assert lines == credit_lines(html.find_class("titlepage")[0])
    assert lines[0] == ("book-editors", "Edited by chinafile.com")
    assert lines[1][0] == "book-contributors" and "Vita Golod" in lines[1][1]
    colophon, copyright_ = (
        paragraphs(epub.xhtml("colophon.xhtml")),
        paragraphs(html.find_class("copyright")[0]),
    )
    assert all(line in colophon and line in copyright_ for _, line in lines)
    assert [n for n, _, _ in epub.people("creator")] == ["chinafile.com"]
    assert PdfBook(pdf_result.path).reader.metadata.author == "chinafile.com"


@pytest.mark.parametrize(
    "overrides",
    [(), ("epub.notes=book", "pdf.notes=footnote")],
    ids=["chapter-notes", "book-notes-and-footnotes"],
)
def test_archive_copies_are_printed_in_every_note_placement(overrides, built):
    """`-D endnotes.archive_links=true`: the EPUB's notes after each chapter or in one file,
    the print edition's notes at a chapter's end or at the foot of the page."""
    book, epub, html = built(*overrides)
    wanted = [n.archive_url for c in book.chapters for n in c.endnotes if n.url]
    assert len(wanted) == 6 and all(wanted)
    in_epub = [
        a.get("href")
        for href in epub.spine
        for a in epub.xhtml(href).iter(f"{X}a")
        if "archive" in classes(a)
    ]
    holders = html.find_class("footnote") if overrides else html.find_class("endnote")
    in_print = [text(a) for holder in holders for a in holder.iter("a") if "archive" in classes(a)]
    assert in_epub == wanted and in_print == wanted
