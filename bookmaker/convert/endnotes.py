"""convert: every qualifying hyperlink becomes a numbered endnote reference, so a reader of
paper or an e-ink screen can still follow it; the post's own footnotes join the same sequence.

Markup follows Standard Ebooks: `<a href="#N" id="R" epub:type="noteref" role="doc-noteref">`
right after the link text and after closing punctuation that directly follows it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from bookmaker import ids
from bookmaker.convert.footnotes import FOOTNOTE_ATTR, NOTE_ATTR
from bookmaker.convert.parse import Markup, element, escaped, to_xhtml
from bookmaker.convert.tree import tags
from bookmaker.convert.urls import clean_url, text_is_url
from bookmaker.model import Endnote
from bookmaker.xhtml import BLOCKS

#: A letter or digit that continues a word (CJK and kana have no spaces between words, so a
#: reference may follow a link there directly).
_WORDCHAR = r"[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]"
#: What may follow a link and still come before its reference: the rest of the word (with an
#: apostrophe inside it: "Harbin's"), then closing punctuation and quotes.
_TRAILING = re.compile(
    rf"^(?:{_WORDCHAR}|['’](?={_WORDCHAR}))*"
    r"[.,;:!?)\]}’”»\"'…、。，．！？：；）」』】〕〉》〗〙〛｝］،؛؟]*"
)
_EXTERNAL = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)
_MAIL_OR_PHONE = re.compile(r"^(?:mailto|tel):", re.IGNORECASE)
#: Inline elements a reference may step out of, to land after the punctuation that follows.
_INLINE = {
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "span",
    "q",
    "cite",
    "small",
    "mark",
    "del",
    "ins",
    "sub",
    "sup",
    "abbr",
    "dfn",
    "bdi",
}


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
    #: Add a Wayback Machine address to each link note, dated by DATE (`YYYYMMDD`), or `*`.
    archive: bool = False
    date: str | None = None


def archive_url(url: str, date: str | None) -> str:
    """The Wayback Machine's copy of URL nearest DATE, built offline (no request is made)."""
    return f"https://web.archive.org/web/{date or '*'}/{url}"


@dataclass
class _Notes:
    """The chapter's notes in the order their references are met.

    The house rule: numbers never run backwards in the text.  A citation shares its note's
    number only while that note is the latest one cited (the same address or footnote again,
    with no other note between: the note then lists every page it is cited on, and the EPUB a
    link back to each citation).  Cited again after another note, it gets the next number and
    a note of its own that says the same (Chicago gives a source cited again a new number;
    pandoc repeats a footnote cited twice), so a reader on paper never turns back in the notes.
    """

    share_repeated: bool
    #: The post's footnote bodies by key, from the notes holder.
    bodies: dict[str, Tag]
    by_key: dict[str, _Note] = field(default_factory=dict)
    order: list[_Note] = field(default_factory=list)

    def note_for(self, key: str, url: str | None) -> _Note:
        known = self.by_key.get(key)
        shared = known is not None and (self.share_repeated or url is None)
        if shared and known is self.order[-1]:
            return known
        body = self.bodies.get(key[3:]) if key.startswith("fn:") else None
        if body is not None and shared:
            body = _copy_without_ids(body)  # the first copy keeps the ids links point to
        note = _Note(key=key, number=len(self.order) + 1, url=url, body=body)
        self.by_key[key] = note
        self.order.append(note)
        return note


def _copy_without_ids(body: Tag) -> Tag:
    """A footnote's body to print a second time: ids are unique in a document."""
    twin = copy.copy(body)
    for tag in [twin, *twin.find_all(True)]:
        tag.attrs.pop("id", None)
    return twin


def make_endnotes(
    soup: BeautifulSoup, root: Tag, chapter_id: str, notes_holder: Tag | None, options: NoteOptions
) -> tuple[Endnote, ...]:
    bodies = (
        {}
        if notes_holder is None
        else {d[NOTE_ATTR]: d for d in tags(notes_holder, "div") if d.get(NOTE_ATTR) is not None}
    )
    notes = _Notes(options.share_repeated, bodies)
    in_notes = set() if notes_holder is None else {id(a) for a in tags(notes_holder, "a")}
    for a in tags(root, "a"):
        if id(a) in in_notes:
            continue
        if a.get(FOOTNOTE_ATTR):
            note = notes.note_for("fn:" + a[FOOTNOTE_ATTR], None)
            _place_ref(a, chapter_id, note, replace=True)
        else:
            _link_note(a, chapter_id, notes)
    for key in bodies:
        if "fn:" + key not in notes.by_key:
            notes.note_for("fn:" + key, None)
    return tuple(_endnote(chapter_id, note, options) for note in notes.order)


def _link_note(a: Tag, chapter_id: str, notes: _Notes) -> None:
    """A link that leaves the book gets a reference to its note; other links lose their tag."""
    href = a.get("href")
    if not isinstance(href, str) or not href.strip():
        a.unwrap()
        return
    href = href.strip()
    if href.startswith("#"):
        return
    if _MAIL_OR_PHONE.match(href) or not _EXTERNAL.match(href):
        a.unwrap()  # links.resolve_links made every link it could absolute
        return
    url = clean_url(href)
    text = " ".join(a.get_text(" ").split())
    a.attrs = {"href": url}
    if text_is_url(text, href) or text_is_url(text, url):
        a.attrs["class"] = "url"
        return
    note = notes.note_for("url:" + url, url)
    if text and text not in note.texts:
        note.texts.append(text)
    _place_ref(a, chapter_id, note, replace=False)


def _place_ref(a: Tag, chapter_id: str, note: _Note, *, replace: bool) -> None:
    """The reference goes in as written markup (`parse.Markup`): nothing reads the tree's
    text after the notes are made, only `to_xhtml` writes it."""
    number = note.number
    ref_id = ids.noteref_id(chapter_id, number, len(note.refs) + 1)
    note.refs.append(ref_id)
    ref = element("a", _ref_attrs(ids.note_id(chapter_id, number), ref_id), str(number))
    if replace:
        a.replace_with(Markup(ref))
        return
    anchor: Tag = a
    while True:
        nxt = anchor.next_sibling
        if isinstance(nxt, NavigableString) and type(nxt) is NavigableString:
            m = _TRAILING.match(nxt)
            if m and m.end():
                text = str(nxt)
                # the link's parent holds elements: its text is escaped as `markup` does
                head, tail = escaped(text[: m.end()]), escaped(text[m.end() :])
                nxt.replace_with(Markup(head + ref + tail))
                return
        parent = anchor.parent
        # `<em><a>x</a></em>.`: step out of the emphasis to land after the full stop.
        if nxt is None and parent is not None and parent.name in _INLINE:
            anchor = parent
            continue
        break
    anchor.insert_after(Markup(ref))


def _ref_attrs(note_id: str, ref_id: str) -> dict[str, str]:
    return {
        "href": "#" + note_id,
        "id": ref_id,
        "class": "noteref",
        "epub:type": "noteref",
        "role": "doc-noteref",
    }


def _endnote(chapter_id: str, note: _Note, options: NoteOptions) -> Endnote:
    html, block = None, False
    if note.body is not None:
        children = [
            c for c in note.body.contents if not (isinstance(c, NavigableString) and not c.strip())
        ]
        if len(children) == 1 and isinstance(children[0], Tag) and children[0].name == "p":
            children[0].unwrap()  # a one-paragraph note reads inline after its number
        block = any(isinstance(c, Tag) and c.name in BLOCKS for c in note.body.contents)
        html = to_xhtml(note.body).strip()
    archived = archive_url(note.url, options.date) if options.archive and note.url else None
    return Endnote(
        id=ids.note_id(chapter_id, note.number),
        number=note.number,
        refs=tuple(note.refs),
        url=note.url,
        texts=tuple(note.texts),
        html=html,
        block=block,
        archive_url=archived,
    )


_REF = re.compile(r'(<a [^>]*class="noteref"[^>]*>)(\d+)(</a>)')
_REF_TARGET = re.compile(r'href="#([^"]+)"')


def renumber(html: str, numbers: dict[str, int]) -> str:
    """HTML with each reference showing its note's new number (NUMBERS: note id → number).

    Numbering per book is decided in assemble, after the chapters are ordered; the references
    carry their note's id in `href`, so only the visible number changes.
    """

    def fix(m: re.Match[str]) -> str:
        target = _REF_TARGET.search(m[1])
        number = numbers.get(target[1]) if target else None
        return f"{m[1]}{number}{m[3]}" if number is not None else m[0]

    return _REF.sub(fix, html)
