"""convert: every qualifying hyperlink becomes a numbered endnote reference, so a reader of
paper or an e-ink screen can still follow it; the post's own footnotes join the same sequence.

Markup follows Standard Ebooks: `<a href="#N" id="R" epub:type="noteref" role="doc-noteref">`
right after the link text and after closing punctuation that directly follows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

from bookmaker.convert.blocks import BLOCKS
from bookmaker.convert.footnotes import FOOTNOTE_ATTR, NOTE_ATTR
from bookmaker.convert.parse import to_xhtml
from bookmaker.convert.urls import clean_url, text_is_url
from bookmaker.errors import Diagnostics
from bookmaker.model import Endnote

#: Text that may follow a link and still belong before the reference: the rest of a word,
#: then closing punctuation and quotes.
_TRAILING = re.compile(r"^\w*[.,;:!?)\]}’”»\"'…]*")
_EXTERNAL = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)

#: Finds the chapter a link points to when it is another post of the same book.
ChapterFinder = Callable[[str], "str | None"]


@dataclass
class _Note:
    key: str
    number: int
    url: str | None
    refs: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    body: Tag | None = None


@dataclass(frozen=True)
class NoteOptions:
    share_repeated: bool = True
    base_url: str | None = None


def make_endnotes(soup: BeautifulSoup, root: Tag, chapter_id: str, notes_holder: Tag | None,
                  options: NoteOptions, find_chapter: ChapterFinder,
                  diags: Diagnostics) -> tuple[Endnote, ...]:
    notes: dict[str, _Note] = {}
    order: list[_Note] = []
    bodies = {} if notes_holder is None else {
        d[NOTE_ATTR]: d for d in notes_holder.find_all("div", attrs={NOTE_ATTR: True})}

    def note_for(key: str, url: str | None) -> _Note:
        if key not in notes or not options.share_repeated and url is not None:
            note = _Note(key=key, number=len(order) + 1, url=url,
                         body=bodies.get(key[3:]) if key.startswith("fn:") else None)
            notes[key] = note
            order.append(note)
        return notes[key]

    for a in list(root.find_all("a")):
        if notes_holder is not None and any(p is notes_holder for p in a.parents):
            continue
        if a.get(FOOTNOTE_ATTR):
            key = a[FOOTNOTE_ATTR]
            note = note_for("fn:" + key, None)
            _place_ref(soup, a, chapter_id, note, replace=True)
            continue
        href = a.get("href")
        if not isinstance(href, str) or not href.strip():
            a.unwrap()
            continue
        href = href.strip()
        if href.startswith("#"):
            continue
        if re.match(r"^(?:mailto|tel):", href, re.IGNORECASE):
            a.unwrap()
            continue
        chapter = find_chapter(href)
        if chapter is not None:
            a.attrs = {"href": f"#{chapter}", "class": "xref"}
            continue
        if not _EXTERNAL.match(href):
            absolute = urljoin(options.base_url, href) if options.base_url else None
            if absolute is None or not _EXTERNAL.match(absolute):
                diags.warn(f"link {href!r} is relative and the post has no source URL; kept its text",
                           "link.relative")
                a.unwrap()
                continue
            href = absolute
        url = clean_url(href)
        text = " ".join(a.get_text(" ").split())
        a.attrs = {"href": url}
        if text_is_url(text, href) or text_is_url(text, url):
            a.attrs["class"] = "url"
            continue
        note = note_for("url:" + url, url)
        if text and text not in note.texts:
            note.texts.append(text)
        _place_ref(soup, a, chapter_id, note, replace=False)

    for key in bodies:
        if "fn:" + key not in notes:
            note_for("fn:" + key, None)
    return tuple(_endnote(chapter_id, note) for note in order)


def _note_id(chapter_id: str, number: int) -> str:
    return f"{chapter_id}-note-{number}"


def _place_ref(soup: BeautifulSoup, a: Tag, chapter_id: str, note: _Note, *, replace: bool) -> None:
    number = note.number
    ref_id = f"{chapter_id}-noteref-{number}" + (f"-{len(note.refs) + 1}" if note.refs else "")
    note.refs.append(ref_id)
    ref = soup.new_tag("a", attrs={
        "href": "#" + _note_id(chapter_id, number), "id": ref_id, "class": "noteref",
        "epub:type": "noteref", "role": "doc-noteref"})
    ref.string = str(number)
    if replace:
        a.replace_with(ref)
        return
    nxt = a.next_sibling
    if isinstance(nxt, NavigableString) and type(nxt) is NavigableString:
        m = _TRAILING.match(str(nxt))
        if m and m.end():
            head, tail = str(nxt)[:m.end()], str(nxt)[m.end():]
            head_node = NavigableString(head)
            nxt.replace_with(head_node)
            head_node.insert_after(ref)
            if tail:
                ref.insert_after(NavigableString(tail))
            return
    a.insert_after(ref)


def _endnote(chapter_id: str, note: _Note) -> Endnote:
    html, block = None, False
    if note.body is not None:
        children = [c for c in note.body.contents if not (isinstance(c, NavigableString) and not c.strip())]
        if len(children) == 1 and isinstance(children[0], Tag) and children[0].name == "p":
            children[0].unwrap()  # a one-paragraph note reads inline after its number
        block = any(isinstance(c, Tag) and c.name in BLOCKS for c in note.body.contents)
        html = to_xhtml(note.body).strip()
    return Endnote(id=_note_id(chapter_id, note.number), number=note.number, refs=tuple(note.refs),
                   url=note.url, texts=tuple(note.texts), html=html, block=block)
