"""Fidelity of a book to its posts: are a post's visible words and link targets all there?

The reference is the post as a blog would show it, made independently of bookmaker's reader:
the front matter cut off, Liquid and kramdown attribute syntax deleted (a blog never shows
them), Markdown through plain CommonMark, then the visible text of the HTML (no scripts,
styles or comments).  The book side is the chapter's XHTML in the EPUB, plus its notes.
Words are compared as multisets; CJK text counts character by character.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Comment, XMLParsedAsHTMLWarning
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from bookmaker.convert.cruft import CRUFT_TOKENS
from bookmaker.convert.urls import clean_url
from bookmaker.errors import Diagnostics
from bookmaker.read.decode import decode


def _soup(html: str) -> BeautifulSoup:
    """HTML or XHTML (the EPUB's documents), parsed the same lenient way."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "lxml")


_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f"
_WORD = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_IAL = re.compile(r"\{:[^}\n]*\}")
_HIDDEN = ["script", "style", "noscript", "template", "head", "title", "iframe", "svg", "object"]


def words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(text))


def source_html(path: Path) -> str:
    """The post's body as a blog would render it, without bookmaker's reader."""
    text = decode(path.read_bytes(), Diagnostics(), str(path))
    m = re.match(r"\s*---\n.*?\n---[ \t]*(?:\n|$)", text, re.DOTALL)
    body = text[m.end() :] if m else text
    # What a blog never shows: Liquid (an output stands in as "." so link definitions stay
    # definitions), kramdown attribute lists, and WordPress caption markers (their caption
    # attribute is shown).
    body = _LIQUID.sub(lambda m: "." if m[0].startswith("{{") else "", body)
    body = re.sub(r"(?m)^\s*(?:[*+-]|\d+\.)\s+.*\n\s*\{:toc\}", "", body)  # kramdown's TOC stand-in
    body = _IAL.sub("", body)
    body = re.sub(r"\[caption[^\]]*?caption=\"([^\"]*)\"[^\]]*\]", r" \1 ", body)
    body = re.sub(r"\[/?caption[^\]]*\]", " ", body)
    if path.suffix.lower() in {".html", ".htm"}:
        return body
    if path.suffix.lower() == ".textile":
        import textile

        return textile.textile(body)
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.use(footnote_plugin).render(body)


def _content(html: str) -> BeautifulSoup:
    """The post without what is never content: scripts and styles, and the site's navigation
    and share bars (`nav`, and containers whose class names bookmaker's cruft list names)."""
    soup = _soup(html)
    for tag in soup.find_all(_HIDDEN):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        tokens = set(tag.get("class") or []) | {str(tag.get("id") or "")}
        if tag.name == "nav" or tokens & CRUFT_TOKENS:
            tag.decompose()
    return soup


def visible(html: str) -> str:
    soup = _content(html)
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for math in soup.find_all("math", alttext=True):
        # the book's MathML (symbols) says what the post's TeX said, which it keeps as alt text
        math.replace_with(f" {math['alttext']} ")
    for tag in soup.find_all(True):
        tag.insert_after(" ")
    return soup.get_text(" ")


def external_links(html: str) -> set[str]:
    soup = _content(html)
    found = set()
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if href.startswith("//"):
            href = "https:" + href
        if re.match(r"^https?://[^/\s]+\.[^/\s]+", href) and a.get_text(strip=True):
            found.add(href)
    return found


@dataclass
class Fidelity:
    source_words: int
    missing_words: Counter[str]
    source_links: set[str]
    missing_links: set[str]
    extra: list[str] = field(default_factory=list)

    @property
    def word_coverage(self) -> float:
        if not self.source_words:
            return 1.0
        return 1 - sum(self.missing_words.values()) / self.source_words

    @property
    def link_coverage(self) -> float:
        return 1 - len(self.missing_links) / len(self.source_links) if self.source_links else 1.0


def chapter_html(epub: Path, chapter_id: str) -> str:
    """The XHTML of the EPUB document that holds chapter CHAPTER_ID."""
    with zipfile.ZipFile(epub) as z:
        for name in sorted(z.namelist()):
            if name.endswith(".xhtml"):
                text = z.read(name).decode("utf-8")
                if f'id="{chapter_id}"' in text and 'epub:type="chapter"' in text:
                    return text
    raise AssertionError(f"no chapter {chapter_id!r} in {epub}")


def _same(url: str, candidates: set[str]) -> bool:
    def key(u: str) -> str:
        u = re.sub(r"^https?://(www\.)?", "", clean_url(u.strip())).rstrip("/")
        return re.sub(r"%[0-9A-Fa-f]{2}", lambda m: m[0].upper(), u)

    return key(url) in {key(c) for c in candidates}


def compare(
    post: Path,
    book_html: str,
    title: str = "",
    find_chapter: Callable[[str], str | None] | None = None,
    metadata_urls: set[str] = frozenset(),
) -> Fidelity:
    """How much of POST is in BOOK_HTML (the chapter's document: text, notes, cross-refs).

    FIND_CHAPTER says which links the book turned into cross-references to its chapters;
    METADATA_URLS are links the book keeps as contributor metadata (profile pages, photos).
    """
    src = source_html(post)
    want = words(visible(src))
    have = words(visible(book_html)) + words(title)
    missing = want - have
    book = _soup(book_html)
    targets = {a["href"] for a in book.find_all("a", href=True)}
    targets |= {a.get_text("").strip() for a in book.select("a.url")}
    links = external_links(src)
    lost = {u for u in links if not _same(u, targets | set(metadata_urls))}
    if find_chapter is not None:
        chapters = {a["href"][1:] for a in book.select("a.xref")}
        lost = {u for u in lost if find_chapter(u) not in chapters}
    return Fidelity(sum(want.values()), missing, links, lost)
