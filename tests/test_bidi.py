"""Text bookmaker writes in the book's language inside a chapter of another direction (the
date line, a note's number and pages) is set apart in the book's direction, so the bidi
algorithm does not reorder it; the chapter keeps its own direction."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from bookmaker.check.pdf_pages import read_pdf
from bookmaker.check.typesetting import check_typesetting
from bookmaker.pipeline import build

ARABIC = """---
title: مكتبة الأدوات
date: 2024-04-15
author: Mariam Haddad
lang: ar
---

في الحي مكتبة صغيرة لا تعير الكتب بل الأدوات: مثقاب ومنشار وسلم. تعلمنا الفكرة من
[مكتبة أدوات تورنتو](https://www.torontotoollibrary.com/).

نفتح كل سبت من العاشرة حتى الظهر.
"""
ENGLISH = """---
title: A Radio
date: 2024-01-15
---

We fixed [a radio](https://example.org/radio) on a Sunday and it played all week.
"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, epub_registry):
    """An English book with an Arabic post: (print HTML soup, PDF path)."""
    src = tmp_path_factory.mktemp("bidi") / "book"
    src.mkdir()
    (src / "book.toml").write_text('[book]\ntitle = "Mixed"\nlanguage = "en"\n')
    (src / "2024-01-15-radio.md").write_text(ENGLISH)
    (src / "2024-04-15-shelf.md").write_text(ARABIC)
    report = build(src, ["epub", "html", "pdf"], src.parent / "_build")
    epub_registry.register(report.results[0].path)
    html = report.results[1].path
    html = html if html.suffix == ".html" else next(html.rglob("*.html"))
    return BeautifulSoup(html.read_text(), "html.parser"), report.results[2].path


def _base(lang: str) -> str:
    """The language without its region (the print HTML says `en-US` for hyphenation)."""
    return lang.split("-")[0]


def test_generated_text_in_a_rtl_chapter_keeps_the_books_direction(mixed):
    soup, _ = mixed
    chapter = soup.find("section", class_="chapter", attrs={"lang": "ar"})
    assert chapter["dir"] == "rtl"
    date = chapter.find("p", class_="provenance").find("span", class_="book-text")
    assert (_base(date["lang"]), date["dir"]) == ("en", "ltr")
    assert date.find("time")["datetime"] == "2024-04-15"
    note = chapter.find("li", class_="endnote")
    lead = note.find("span", class_="book-text")
    assert (_base(lead["lang"]), lead["dir"]) == ("en", "ltr")
    assert lead.find("a", class_="note-number").text == "1"
    assert lead.find("span", class_="note-pages") is not None
    # The note's own text stays in the chapter's direction, outside the lead.
    assert "مكتبة" not in lead.text and "مكتبة" in note.text


def test_a_chapter_in_the_books_direction_gets_no_extra_markup(mixed):
    soup, _ = mixed
    english = soup.find("section", class_="chapter", id="a-radio")
    assert _base(english["lang"]) == "en" and not english.get("dir")
    assert english.find(class_="book-text") is None
    assert english.find("a", class_="note-number") is not None


def test_the_rtl_chapter_passes_the_typesetting_check(mixed):
    _, pdf = mixed
    pages = read_pdf(pdf)
    problems = [p for p in check_typesetting(pages) if "spacing" in p.message]
    assert problems == []


def test_a_notes_dash_follows_its_lead_and_an_address_reads_left_to_right(mixed):
    """Issue 12: in a right-to-left chapter the " —" after a note's pages sat inside the
    set-apart lead, so it printed on the lead's far side, and the address lost its last "/" to
    its far end ("/https://www.torontotoollibrary.com")."""
    soup, pdf = mixed
    note = soup.find("section", class_="chapter", attrs={"lang": "ar"}).find("li")
    lead = note.find("span", class_="book-text")
    assert lead.find(class_="note-sep") is None
    assert lead.find_next_sibling("span")["class"] == ["note-sep"]
    assert note.find("a", class_="url")["dir"] == "ltr"
    # On the page: the dash left of the lead, the address whole and in order.
    page, line = next(
        (p, ln) for p in read_pdf(pdf) for ln in p.lines if "torontotoollibrary" in ln.text
    )
    # pdfminer cuts a right-to-left line in pieces: all the glyphs on the note's line
    glyphs = sorted(
        (g for ln in page.lines if abs(ln.y0 - line.y0) < 1 for g in ln.glyphs),
        key=lambda g: g.x0,
    )
    text = "".join(g.text for g in glyphs).replace(" ", "")
    assert "https://www.torontotoollibrary.com/:" in text  # the address, then the link's text
    assert re.search(r"—1\.p\.\d+$", text)  # from the right: the lead, the dash, the link's text
