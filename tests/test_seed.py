"""The seed post (a scraped ChinaFile conversation) end to end: the acceptance of the core pipeline."""

from __future__ import annotations

import re

import frontmatter
import pytest
from bs4 import BeautifulSoup
from helpers.text import epub_documents, normal, pdf_text, visible_text

from bookmaker.convert.urls import clean_url

CONTRIBUTORS = [
    "Maria Repnikova",
    "Evan Medeiros",
    "Una Aleksandra Bērziņa-Čerenkova",
    "Vita Golod",
]


@pytest.fixture(scope="module")
def source(seed_path):
    """The seed's own paragraphs and their links, read straight from the file."""
    soup = BeautifulSoup(frontmatter.load(seed_path).content, "lxml")
    paragraphs = [p for p in soup.find_all("p") if p.get_text(strip=True)]
    links = [a["href"] for p in paragraphs for a in p.find_all("a", href=True)]
    return paragraphs, links


@pytest.fixture(scope="module")
def chapter(seed_build):
    (chapter,) = seed_build.book.chapters
    return chapter


def test_four_contributor_sections_with_exact_names(chapter):
    assert [s.person.name for s in chapter.sections] == CONTRIBUTORS
    assert "editors" not in chapter.intro.lower() or "The Editors" in chapter.intro
    assert visible_text(chapter.intro).startswith("[Image]")
    assert "On May 16 and 17, Russian President Vladimir Putin" in chapter.intro


def test_each_link_in_a_paragraph_is_a_noteref(chapter, source):
    _, links = source
    assert len(links) == 46 and len(set(links)) == 38
    link_notes = [n for n in chapter.endnotes if n.url in {clean_url(u) for u in links}]
    assert sum(len(n.refs) for n in link_notes) == 46
    # a URL cited again straight after its note shares it; after another note, it has its own
    assert len(link_notes) == 44
    html = chapter.intro + "".join(s.html for s in chapter.sections)
    refs = re.findall(r'epub:type="noteref"[^>]*id="([^"]+)"', html)
    refs += re.findall(r'id="([^"]+)"[^>]*epub:type="noteref"', html)
    assert {r for n in link_notes for r in n.refs} <= set(refs)
    assert [n.number for n in chapter.endnotes] == list(range(1, len(chapter.endnotes) + 1))


def test_no_paragraph_of_the_article_is_lost(chapter, source):
    paragraphs, _ = source
    text = visible_text(chapter.intro + "".join(s.html for s in chapter.sections))
    missing = [normal(p.get_text()) for p in paragraphs if normal(p.get_text()) not in text]
    assert missing == []


def test_profile_links_are_metadata_not_notes(chapter):
    urls = {n.url for n in chapter.endnotes}
    assert not any("/contributors/" in u for u in urls)
    assert (
        chapter.sections[0].person.url == "https://www.chinafile.com/contributors/maria-repnikova"
    )


def test_no_script_and_no_cruft_in_any_output(seed_build):
    epub, _pdf, html = (r.path for r in seed_build.results)
    documents = epub_documents(epub)
    for name, text in [*documents.items(), ("print.html", html.read_text())]:
        assert "<script" not in text, name
        assert "Comments" not in visible_text(text), name
        assert "undefined" not in text, name


def test_pdf_text_has_title_contributors_and_notes(seed_build, chapter):
    text = pdf_text(seed_build.results[1].path)
    assert "The Future According to Xi and Putin" in text
    for name in CONTRIBUTORS:
        assert name in text
    squeezed = text.replace(" ", "")
    for note in chapter.endnotes:
        assert note.url.split("://")[1][:25].replace(" ", "") in squeezed, note.url
    assert seed_build.results[1].pages >= 8


def test_summary_counts(seed_build):
    book = seed_build.book
    assert len(book.contributors) == 4
    # 46 citations of 38 link targets (two straight after their note), and the featured photo's
    # full-size image
    assert book.endnote_count == 45
