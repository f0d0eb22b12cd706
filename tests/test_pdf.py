"""The PDF edition of the sample book and of the seed, read back as a reader sees it: page
labels, outline, metadata, running heads, contents page numbers, links, text inside the page."""

from __future__ import annotations

import re

import pytest
from helpers.pdf import MM, PdfBook, roman, squash

from bookmaker.geometry import geometry

TOP_MM = geometry("A5").top


@pytest.fixture(scope="session", params=["sample", "seed"])
def built(request):
    """(report, PdfBook) for the sample book and the seed, each built once per session."""
    report = request.getfixturevalue(f"{request.param}_build")
    pdf = next(r.path for r in report.results if r.builder == "pdf")
    return report, PdfBook(pdf)


def chapter_pages(report, pdf: PdfBook) -> dict[str, int]:
    """Chapter title → index of the page its outline entry points at."""
    titles = {c.title for c in report.book.chapters}
    return {title: page for depth, title, page in pdf.outline if depth == 0 and title in titles}


def test_page_labels_are_roman_then_arabic_from_the_first_chapter(built):
    report, pdf = built
    first = chapter_pages(report, pdf)[report.book.chapters[0].title]
    labels = pdf.labels
    assert first >= 4  # half-title, title, copyright, contents at least
    assert labels[:first] == [roman(i) for i in range(1, first + 1)]
    assert labels[first:] == [str(i) for i in range(1, len(labels) - first + 1)]
    # The folio printed at the foot of a body page is its label.
    for index in range(first + 1, len(labels)):
        text = pdf.text(index)
        if text:
            _, bottom, _, _ = pdf.box(index)
            foot = [
                line.text
                for line in pdf.lines(index)
                if line.y1 < bottom + geometry("A5").bottom * MM
            ]
            assert foot == [labels[index]], (index, foot)


def test_outline_has_every_chapter_and_contributor_section(built):
    report, pdf = built
    outline = pdf.outline
    top = [title for depth, title, _ in outline if depth == 0]
    assert top[0] == "Contents"
    for chapter in report.book.chapters:
        assert chapter.title in top
        at = next(
            i
            for i, (depth, title, _) in enumerate(outline)
            if depth == 0 and title == chapter.title
        )
        children = []
        for depth, title, _ in outline[at + 1 :]:
            if depth == 0:
                break
            if depth == 1:
                children.append(title)
        names = [s.person.name for s in chapter.sections if s.person]
        assert [c for c in children if c in names] == names
    if report.book.contributors:
        assert top[-1] == "Contributors"
    # Every entry points where its heading is.
    for _, title, page in outline:
        assert squash(title.upper()) in squash(pdf.text(page).upper()), title


def test_metadata_comes_from_the_book_never_the_clock(built):
    report, pdf = built
    meta = pdf.reader.metadata
    book = report.book.meta
    assert meta.title == book.title
    assert meta.author == ", ".join(c.name for c in report.book.credits.principal)
    assert meta.get("/Keywords") == (", ".join(book.subjects) or None)
    stamp = "D:" + report.book.dates.edition.strftime("%Y%m%d%H%M%S")
    assert meta["/CreationDate"].startswith(stamp) and meta["/ModDate"].startswith(stamp)
    assert pdf.reader.trailer["/Root"]["/Lang"] == book.language
    if book.description:
        assert meta.subject == book.description


def test_running_heads_book_title_left_chapter_title_right_none_on_openings(built):
    report, pdf = built
    by_start = sorted(
        (page, title) for depth, title, page in pdf.outline if depth == 0 and title != "Contents"
    )
    seen_right = seen_left = 0
    for (start, title), nxt in zip(by_start, [*by_start[1:], (len(pdf.labels), None)]):
        assert start % 2 == 0, f"{title} opens on a left-hand page"
        assert pdf.head(start, TOP_MM) == "", "no running head on an opening page"
        for index in range(start + 1, nxt[0]):
            head = pdf.head(index, TOP_MM)
            if not pdf.text(index):
                continue  # a blank verso before the next chapter
            expected = title if index % 2 == 0 else report.book.meta.title
            assert head.casefold() == expected.casefold(), (index, head)
            seen_right += index % 2 == 0
            seen_left += index % 2 == 1
    assert seen_right and seen_left


def test_contents_page_numbers_are_the_pages_where_chapters_start(built):
    report, pdf = built
    starts = chapter_pages(report, pdf)
    toc = next(page for depth, title, page in pdf.outline if title == "Contents")
    first = min(starts.values())
    text = " ".join(pdf.text(i) for i in range(toc, first))
    for chapter in report.book.chapters:
        m = re.search(
            re.escape(" ".join(chapter.title.split())) + r"[\s.]*(\d+)", " ".join(text.split())
        )
        assert m, chapter.title
        assert m[1] == pdf.labels[starts[chapter.title]]
    # ... and each entry is a link to that page.
    targets = {
        pdf.named_pages[link["dest"]]
        for i in range(toc, first)
        for link in pdf.links(i)
        if "dest" in link
    }
    assert set(starts.values()) <= targets


def test_references_and_notes_link_to_each_other(built):
    report, pdf = built
    dests = [link["dest"] for i in range(len(pdf.pages)) for link in pdf.links(i) if "dest" in link]
    assert all(d in pdf.named_pages for d in dests), "every internal link lands somewhere"
    for chapter in report.book.chapters:
        for note in chapter.endnotes:
            if not note.refs:
                continue  # the converter lost this note's reference (issue 3); nothing links to it
            assert note.id in dests, f"a reference links to note {note.number}"
            assert note.refs[0] in dests, f"note {note.number} links back to its reference"
            assert pdf.named_pages[note.id] >= pdf.named_pages[note.refs[0]]


def test_notes_give_the_page_of_their_reference(built):
    report, pdf = built
    chapter = max(report.book.chapters, key=lambda c: len(c.endnotes))
    notes_at = pdf.named_pages[chapter.endnotes[0].id]
    text = " ".join(pdf.text(i) for i in range(notes_at, notes_at + 3))
    for note in [n for n in chapter.endnotes if n.refs][:5]:
        page = pdf.labels[pdf.named_pages[note.refs[0]]]
        assert re.search(rf"\b{note.number}\. p\. {page} —", text), note.number


def test_print_edition_keeps_internal_links_and_drops_external_ones(built):
    _, pdf = built
    links = [link for i in range(len(pdf.pages)) for link in pdf.links(i)]
    assert links and not [link for link in links if "uri" in link]


def test_no_text_outside_the_trim_box_nor_the_side_margins(built):
    report, pdf = built
    geo = geometry("A5")
    for index in range(len(pdf.pages)):
        x0, y0, x1, y1 = pdf.box(index)
        left = geo.outer if index % 2 else geo.inner
        right = geo.inner if index % 2 else geo.outer
        for g in pdf.glyphs(index):
            assert x0 <= g.x0 and g.x1 <= x1 and y0 <= g.y0 and g.y1 <= y1, (index, g)
            assert x0 + left * MM - 0.5 <= g.x0 and g.x1 <= x1 - right * MM + 0.5, (index, g)
    # The longest URL of the book is printed in full, inside the page.
    urls = [n.url for c in report.book.chapters for n in c.endnotes if n.url]
    longest = max(urls, key=len)
    everything = squash("".join(pdf.text(i) for i in range(len(pdf.pages))))
    assert squash(longest) in everything


def test_chapter_openings_carry_title_byline_date_and_source(built):
    report, pdf = built
    starts = chapter_pages(report, pdf)
    for chapter in report.book.chapters:
        text = squash(pdf.text(starts[chapter.title]))
        assert squash(chapter.title) in text
        for person in chapter.authors:
            assert squash(person.name).casefold() in text.casefold()
        if chapter.date:
            assert str(chapter.date.year) in text
        if chapter.source_url:
            assert squash(chapter.source_url) in text
    blank = [i for i in range(len(pdf.pages)) if not pdf.glyphs(i)]
    assert all(i % 2 == 1 for i in blank), "only left-hand pages are left blank"


def test_a_contributor_name_is_never_left_at_the_foot_of_a_page(built):
    import lxml.html

    report, pdf = built
    for chapter in report.book.chapters:
        for section in chapter.sections:
            if section.person is None:
                continue
            head = pdf.named_pages[f"{section.id}-name"]
            words = squash(
                " ".join(
                    lxml.html.fragment_fromstring(section.html, create_parent="div")
                    .text_content()
                    .split()[:4]
                )
            ).casefold()
            where = next(
                i for i in range(head, len(pdf.pages)) if words in squash(pdf.text(i)).casefold()
            )
            assert where == head, (section.person.name, head, where)
