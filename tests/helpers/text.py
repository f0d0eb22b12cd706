"""Reading built books back for assertions: visible text, links and notes."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)


def normal(text: str) -> str:
    return " ".join(text.split())


BLOCKS = [
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "dt",
    "dd",
    "pre",
    "blockquote",
    "figcaption",
    "section",
    "br",
    "tr",
    "caption",
]


def visible_text(html: str, drop_noterefs: bool = True) -> str:
    """The text a reader sees, noterefs aside; blocks separated by one space."""
    soup = BeautifulSoup(html, "lxml")
    if drop_noterefs:
        for ref in soup.select("a.noteref"):
            ref.decompose()
    else:
        for ref in soup.select("a.noteref"):
            ref.insert_before(" ")
    for wbr in soup.find_all("wbr"):
        wbr.decompose()
    for block in soup.find_all(BLOCKS):
        block.insert_after(" ")
    return normal(soup.get_text(""))


def epub_documents(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {
            n: z.read(n).decode("utf-8")
            for n in z.namelist()
            if n.endswith((".xhtml", ".opf", ".ncx"))
        }


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    # pypdf reads WeasyPrint's "Custom"-encoded CID fonts (used once a book needs many glyphs,
    # e.g. Arabic beside Latin) as UTF-16 with NULs between the letters.
    text = " ".join(page.extract_text() or "" for page in reader.pages).replace("\x00", "")
    return normal(text)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


#: Arabic words for right-to-left layout tests (a tool library's card: library, small, lends…).
ARABIC_WORDS = [
    "مكتبة",
    "صغيرة",
    "تعير",
    "الأدوات",
    "مثقاب",
    "منشار",
    "سلم",
    "بطاقة",
    "المستعير",
    "تاريخ",
    "الإعادة",
]
