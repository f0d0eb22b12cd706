"""build, print edition: the print document cut into pieces that WeasyPrint lays out one by one.

The front matter is one piece; every top-level section of the body (a part's title page, a
chapter, the contributors index) is another.  A piece is a whole HTML document: the same head,
the same body classes, and empty copies of its sibling sections, so selectors such as
`.part ~ .chapter` match and counters such as a theme's chapter numbers count as they do in
the whole book.  Each copy costs WeasyPrint a cascade, and a book has hundreds: unless the
stylesheets count siblings (counters, `:nth-…`), a piece keeps only the first and the last
copy of each kind before its section, the one just before and the one just after it.  Links
to ids in other pieces get empty stub anchors (spans, never `<a>`: themes style links), so
WeasyPrint keeps the link; the merge points each name at the real page.  Page numbers a piece
prints about other pieces (the contents, the contributors index) are written in as text
(`data-bm-page`) once they are known, and the stylesheets' `target-counter(attr(href), page)`
reads them there.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass

import lxml.html
from lxml.html import HtmlElement

#: The page-number attribute literal numbers are written to.
PAGE_ATTR = "data-bm-page"
#: Page references in the theme's stylesheets that pieces with literal numbers read from the
#: attribute instead (the contents and the contributors index point into other pieces).
TARGET_PAGE = re.compile(r"target-counter\(\s*attr\(\s*href\s*\)\s*,\s*page\s*\)")
_HIDDEN = "display: none"
#: What in a stylesheet reads every sibling of a section, not only which kinds precede it.
_COUNTING = re.compile(r"counter-(?:increment|set)|:nth-|:last-of-type|:only-of-type")
#: Attributes that point at ids inside a section: its empty copy has none of them.
_REFERENCES = ("id", "aria-labelledby", "aria-describedby")
#: A sibling section of the piece: out of the flow (no page, no break), but laid out, so it
#: counts in `counter-increment` as `display: none` would not (a theme's chapter numbers).
_EMPTY = (
    "position: absolute; top: 0; left: 0; width: 0; height: 0; margin: 0; padding: 0; "
    "border: 0; overflow: hidden; visibility: hidden"
)


@dataclass(frozen=True)
class Piece:
    """One document to lay out: the front matter, or one top-level section of the body."""

    #: "front", "body" (a part title or chapter) or "back" (points into the chapters, so it is
    #: laid out after them, like the front matter).
    kind: str
    #: The section's id ("front" for the front matter).
    id: str
    #: What a message about this piece calls it (the chapter title).
    title: str
    #: The whole HTML document; it ends with an empty `div.bm-end` in the body matter, which
    #: the layout uses to find the blank verso after the piece (and then drops).
    html: str
    #: Ids defined in this piece (real anchors); stubs are not among them.
    ids: frozenset[str]
    #: Characters of text, to guess the page count before the layout.
    chars: int


def counts_siblings(stylesheets: tuple[str, ...]) -> bool:
    """Whether STYLESHEETS may read every sibling of a section (then pieces keep them all)."""
    return any(_COUNTING.search(css) for css in stylesheets)


def split(html: str, every_sibling: bool = True) -> list[Piece]:
    """The pieces of the print document HTML, in book order (front matter first); with
    EVERY_SIBLING false, a chapter's piece keeps only the siblings selectors can tell apart."""
    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    front = body.find_class("frontmatter")
    main = body.find_class("bodymatter")
    pieces = []
    if front:
        pieces.append(_piece(root, front[0], None, "front", "front", _text_of(front[0], "h1")))
    if main:
        sections = [el for el in main[0] if isinstance(el.tag, str)]
        for section in sections:
            classes = (section.get("class") or "").split()
            kind = "back" if "backmatter" in classes else "body"
            kept = sections if every_sibling else _kept(sections, section)
            pieces.append(
                _piece(
                    root, main[0], section, kind, section.get("id") or "", _heading(section), kept
                )
            )
    return pieces


def _kept(sections: list[HtmlElement], section: HtmlElement) -> list[HtmlElement]:
    """SECTION and the siblings that decide what selectors without counting match it: the
    first and the last of each kind before it (`~`, in either order), the one just before it
    (`+`), the one just after it (`:last-child`)."""
    n = sections.index(section)
    before: dict[tuple, list[int]] = {}
    for i, sibling in enumerate(sections[:n]):
        before.setdefault(_kind(sibling), []).append(i)
    keep = {i for found in before.values() for i in (found[0], found[-1])} | {n - 1, n, n + 1}
    return [sections[i] for i in sorted(keep) if 0 <= i < len(sections)]


def _kind(el: HtmlElement) -> tuple:
    """What a selector can see of EL's empty copy."""
    attrs = sorted((k, v) for k, v in el.attrib.items() if k not in (*_REFERENCES, "style"))
    return (el.tag, tuple(attrs))


def _heading(section: HtmlElement) -> str:
    return _text_of(section, "h1") or section.get("id") or "section"


def _text_of(el: HtmlElement, tag: str) -> str:
    found = next(el.iter(tag), None)
    return " ".join(found.text_content().split()) if found is not None else ""


def _piece(
    root: HtmlElement,
    container: HtmlElement,
    section: HtmlElement | None,
    kind: str,
    piece_id: str,
    title: str,
    kept: list[HtmlElement] | None = None,
) -> Piece:
    """ROOT reduced to CONTAINER (the front or body div) and, in the body, only SECTION of the
    KEPT sections: the others are hidden shells (copied without their content)."""
    doc = _shallow(root)
    doc.append(copy.deepcopy(root.find("head")))
    body = _shallow(root.find("body"))
    doc.append(body)
    target = None
    for div in root.find("body"):
        if not isinstance(div.tag, str):
            continue
        if div is not container:
            body.append(_shell(div))
            continue
        target = copy.deepcopy(div) if section is None else _shallow(div)
        body.append(target)
        if section is not None:
            for child in kept or ():
                target.append(copy.deepcopy(child) if child is section else _shell(child, _EMPTY))
    ids = _close(body, target, section is None)
    text = "<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="unicode")
    chars = len((section if section is not None else container).text_content())
    return Piece(kind, piece_id, title, text, ids, chars)


def _close(body: HtmlElement, target: HtmlElement, front: bool) -> frozenset[str]:
    """Stubs for the ids BODY links to and does not define, and the end marker, added to
    TARGET (the piece's section, or the front matter: then in a body-matter div of its own,
    for the blank verso before the body); the ids BODY defines."""
    ids = frozenset(
        el.get("id") for el in body.iter() if isinstance(el.tag, str) and el.get("id") is not None
    )
    links = {
        (a.get("href") or "")[1:]
        for a in body.iter("a")
        if (a.get("href") or "").startswith("#") and len(a.get("href")) > 1
    }
    stubs = lxml.html.Element("div", {"class": "bm-stubs", "style": _STUB_BOX})
    for name in sorted(links - ids):
        stubs.append(lxml.html.Element("span", {"id": name}))
    target.append(stubs)
    end = lxml.html.Element("div", {"class": "bm-end"})
    if front:
        pad = lxml.html.Element("div", {"class": "bodymatter bm-pad"})
        pad.append(end)
        body.append(pad)
    else:
        target.append(end)
    return ids


def _shallow(el: HtmlElement) -> HtmlElement:
    """EL's tag and attributes, without content."""
    return lxml.html.Element(el.tag, dict(el.attrib))


#: Stubs sit in a box out of the flow, so they never move the text.
_STUB_BOX = "position: absolute; left: 0; top: 0; width: 0; height: 0; overflow: hidden"


def _shell(el: HtmlElement, style: str = _HIDDEN) -> HtmlElement:
    """An empty copy of EL: it still matches sibling selectors, and draws nothing."""
    shell = _shallow(el)
    for name in _REFERENCES:
        shell.attrib.pop(name, None)
    shell.set("style", style)
    return shell


def with_pages(piece: Piece, pages: Mapping[str, int]) -> str:
    """PIECE's HTML with the page of every link target outside it written as `data-bm-page`."""
    doc = lxml.html.document_fromstring(piece.html)
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if href.startswith("#") and href[1:] in pages:
            a.set(PAGE_ATTR, str(pages[href[1:]]))
    return "<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="unicode")


def literal_pages_css(stylesheets: tuple[str, ...]) -> tuple[str, ...]:
    """The stylesheets with page references read from `data-bm-page`."""
    return tuple(TARGET_PAGE.sub(f"attr({PAGE_ATTR})", css) for css in stylesheets)
