"""The sample book: what the README's first command builds."""

from __future__ import annotations

import zipfile

from helpers.text import epub_documents, pdf_text, visible_text


def chapter(book, title):
    return next(c for c in book.chapters if c.title == title)


def test_three_chapters_in_date_order_with_book_metadata(sample_build):
    book = sample_build.book
    assert [c.title for c in book.chapters] == [
        "Fixing a Radio at the Repair Café", "What Should a Library Keep?", "A Walk to the Reservoir"]
    assert book.meta.title == "Notes from the Commons"
    assert [p.name for p in book.meta.authors] == ["The Commons Desk"]


def test_conversation_has_intro_three_contributors_and_fifteen_notes(sample_build):
    c = chapter(sample_build.book, "What Should a Library Keep?")
    assert [s.person.name for s in c.sections] == ["Ines Okafor", "Tomas Lindqvist", "Mariam Haddad"]
    assert "Ines Okafor runs the local history room" in c.sections[0].person.bio
    assert sum(len(n.refs) for n in c.endnotes) >= 15
    assert "Every library is an argument" in visible_text(c.intro)
    text = visible_text(c.intro + "".join(s.html for s in c.sections))
    for cruft in ("Share this", "Tweet", "Comments", "Home", "Conversations"):
        assert cruft not in text
    # the Wikipedia article cited twice shares one note with two references
    (rot,) = [n for n in c.endnotes if n.url.endswith("/Link_rot")]
    assert rot.texts == ("link rot", "broken links") and len(rot.refs) == 2


def test_markdown_post_keeps_its_footnote_figure_table_and_code(sample_build):
    c = chapter(sample_build.book, "Fixing a Radio at the Repair Café")
    footnotes = [n for n in c.endnotes if n.url is None]
    assert len(footnotes) == 1 and "potentiometer" in footnotes[0].html
    assert [a.href for a in c.assets] == ["images/images/radio-signal-path.png"]
    assert '<img alt="Signal path' in c.intro or 'alt="Signal path' in c.intro
    assert "<table>" in c.intro and "<pre><code" in c.intro
    numbers = [n.number for n in c.endnotes]
    assert numbers == list(range(1, len(numbers) + 1))


def test_raw_html_post_is_sanitized(sample_build):
    c = chapter(sample_build.book, "A Walk to the Reservoir")
    for bad in ("style=", "onmouseover", "<iframe", "mailto:", "utm_source"):
        assert bad not in c.intro
    assert "walks@commons.example.org" in c.intro
    assert 'class="url" href="https://www.openstreetmap.org/"' in c.intro


def test_epub_carries_the_image_and_every_document(sample_build):
    epub = sample_build.results[0].path
    with zipfile.ZipFile(epub) as z:
        names = z.namelist()
    assert names[0] == "mimetype"
    assert "EPUB/images/images/radio-signal-path.png" in names
    docs = epub_documents(epub)
    assert sum(1 for n in docs if n.startswith("EPUB/chapter-")) == 3


def test_pdf_has_every_chapter_and_the_contributors_index(sample_build):
    text = pdf_text(sample_build.results[1].path)
    for title in ("Fixing a Radio at the Repair Café", "What Should a Library Keep?", "A Walk to the Reservoir",
                  "Contributors", "Mariam Haddad", "Notes"):
        assert title in text
