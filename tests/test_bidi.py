"""Text bookmaker writes in the book's language inside a chapter of another direction (the
date line, a note's number and pages) is set apart in the book's direction, so the bidi
algorithm does not reorder it; the chapter keeps its own direction."""

from __future__ import annotations

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
