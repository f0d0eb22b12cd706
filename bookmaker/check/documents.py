"""`bookmaker check`: inside the documents: ids used once, links and note references that lead
somewhere, a contents list and an NCX that are not empty."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from lxml import etree

from bookmaker.addresses import split_url
from bookmaker.check.archive import EpubZip, join
from bookmaker.xhtml import EPUB_TYPE, NCX, XHTML, XML_LANG

NOTE_TYPES = {"endnote", "footnote", "rearnote", "note"}


def check_document(book: EpubZip, name: str, files: dict[str, str]) -> None:
    root = book.xml(name)
    if root is None:
        return
    if not (root.get("lang") or root.get(XML_LANG)):
        book.warning(name, "the html element declares no language")
    seen: set[str] = set()
    for element in root.iter(etree.Element):
        ident = element.get("id")
        if ident is not None:
            if ident in seen:
                book.error(name, f"id {ident!r} is used twice")
            seen.add(ident)
    for element in root.iter(f"{{{XHTML}}}a", f"{{{XHTML}}}img", f"{{{XHTML}}}link"):
        attr = "src" if element.tag.endswith("img") else "href"
        url = element.get(attr)
        if url is None:
            continue
        parts = split_url(url)
        if parts is None:
            book.error(name, f"<{etree.QName(element).localname} {attr}={url!r}> is not an address")
            continue
        if parts.scheme:
            continue
        target = _target(book, name, url, files)
        if target is False:
            book.error(name, f"<{etree.QName(element).localname} {attr}={url!r}> leads nowhere")
            continue
        types = set(element.get(EPUB_TYPE, "").split())
        if "noteref" in types and target is not None and not _is_note(target):
            book.error(
                name,
                f"note reference {url!r} does not lead to a note (epub:type endnote or footnote)",
            )


def _target(
    book: EpubZip, here: str, url: str, files: dict[str, str]
) -> etree._Element | None | bool:
    """The element URL points at; None for a whole file; False when nothing is there."""
    parts = split_url(url)
    if parts is None:
        return False
    name = join(posixpath.dirname(here), parts.path) if parts.path else here
    if name not in files or name not in book.names:
        return False
    if not parts.fragment:
        return None
    if files[name] != "application/xhtml+xml":
        return None
    if book.xml(name) is None:
        return None
    found = book.element(name, unquote(parts.fragment))
    return found if found is not None else False


def _is_note(element: etree._Element) -> bool:
    for node in (element, *element.iterancestors()):
        if NOTE_TYPES & set(node.get(EPUB_TYPE, "").split()):
            return True
    return False


def check_nav(book: EpubZip, name: str, files: dict[str, str]) -> None:
    root = book.xml(name)
    if root is None:
        return
    tocs = [n for n in root.iter(f"{{{XHTML}}}nav") if "toc" in n.get(EPUB_TYPE, "").split()]
    if not tocs:
        book.error(name, "the nav document has no nav epub:type='toc'")
    elif not tocs[0].findall(f".//{{{XHTML}}}a[@href]"):
        book.error(name, "the table of contents is empty")
    for nav in root.iter(f"{{{XHTML}}}nav"):
        for ol in nav.iter(f"{{{XHTML}}}ol"):
            if ol.find(f"{{{XHTML}}}li") is None:
                book.error(name, f"an empty list in nav {nav.get(EPUB_TYPE)!r}")


def check_ncx(book: EpubZip, name: str, files: dict[str, str]) -> None:
    root = book.xml(name)
    if root is None:
        return
    points = list(root.iter(f"{{{NCX}}}navPoint"))
    if not points:
        book.error(name, "the NCX navMap is empty; older readers show no contents")
    ids = [p.get("id") for p in points]
    for ident in sorted({i for i in ids if ids.count(i) > 1}):
        book.error(name, f"navPoint id {ident!r} is used twice")
    for point in points:
        content = point.find(f"{{{NCX}}}content")
        src = content.get("src", "") if content is not None else ""
        if not src or _target(book, name, src, files) is False:
            book.error(name, f"navPoint {point.get('id')!r} leads nowhere ({src!r})")
