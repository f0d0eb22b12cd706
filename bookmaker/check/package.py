"""`bookmaker check`: the container and the package document: mimetype, rootfile, metadata,
manifest, spine, cover, and then each document the manifest names."""

from __future__ import annotations

import posixpath
import zipfile

from lxml import etree

from bookmaker.addresses import split_url
from bookmaker.check.archive import EpubZip, join
from bookmaker.check.documents import check_document, check_nav, check_ncx
from bookmaker.xhtml import CONTAINER, DC, OPF


def container(book: EpubZip) -> None:
    infos = book.zip.infolist()
    if not infos or infos[0].filename != "mimetype":
        book.error("mimetype", "must be the first file of the zip")
    elif infos[0].compress_type != zipfile.ZIP_STORED:
        book.error("mimetype", "must be stored, not compressed")
    elif book.member("mimetype") != b"application/epub+zip":
        book.error("mimetype", "must contain exactly 'application/epub+zip'")


def rootfile(book: EpubZip) -> str | None:
    container = book.xml("META-INF/container.xml")
    if container is None:
        return None
    rootfile = container.find(f".//{{{CONTAINER}}}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        book.error("META-INF/container.xml", "names no package document (rootfile)")
        return None
    return rootfile.get("full-path")


def package(book: EpubZip, opf_name: str) -> None:
    opf = book.xml(opf_name)
    if opf is None:
        return
    base = posixpath.dirname(opf_name)
    _metadata(book, opf_name, opf)
    items, files = _manifest(book, opf_name, opf)
    _spine(book, opf_name, opf, items)
    _cover(book, opf, opf_name, items)
    navs = [i for i in items.values() if "nav" in i.get("properties", "").split()]
    ncx_items = [i for i in items.values() if i.get("media-type") == "application/x-dtbncx+xml"]
    epub2 = opf.get("version", "").startswith("2")
    if not epub2 and len(navs) != 1:
        book.error(opf_name, f"expected one nav document, found {len(navs)}")
    if epub2 and not ncx_items:
        book.error(opf_name, "an EPUB 2 package needs an NCX")
    for name, kind in sorted(files.items()):
        if kind == "application/xhtml+xml" and name in book.names:
            check_document(book, name, files)
    for nav in navs:
        check_nav(book, join(base, nav.get("href", "")), files)
    spine_element = opf.find(f"{{{OPF}}}spine")
    toc = spine_element.get("toc") if spine_element is not None else None
    if toc and toc not in items:
        book.error(opf_name, f"the spine's toc {toc!r} is not in the manifest")
    for item in ncx_items:
        check_ncx(book, join(base, item.get("href", "")), files)


def _manifest(
    book: EpubZip, opf_name: str, opf: etree._Element
) -> tuple[dict[str, etree._Element], dict[str, str]]:
    """The manifest's items by id, and the media type of each file it names (by zip name)."""
    base = posixpath.dirname(opf_name)
    items: dict[str, etree._Element] = {}
    files: dict[str, str] = {}
    for item in opf.iterfind(f"{{{OPF}}}manifest/{{{OPF}}}item"):
        ident, href = item.get("id", ""), item.get("href", "")
        if ident in items:
            book.error(opf_name, f"manifest id {ident!r} is used twice")
        items[ident] = item
        parts = split_url(href)
        if parts is None or parts.scheme:
            continue
        name = join(base, href)
        files[name] = item.get("media-type", "")
        if name not in book.names:
            book.error(opf_name, f"manifest item {ident!r}: {href} is not in the zip")
    for name in sorted(book.names - set(files) - {"mimetype", opf_name}):
        if not name.startswith("META-INF/") and not name.endswith("/"):
            book.warning(name, "in the zip but not in the manifest")
    return items, files


def _spine(
    book: EpubZip, opf_name: str, opf: etree._Element, items: dict[str, etree._Element]
) -> None:
    spine = [ref.get("idref", "") for ref in opf.iterfind(f"{{{OPF}}}spine/{{{OPF}}}itemref")]
    if not spine:
        book.error(opf_name, "the spine is empty: the book has no reading order")
    for idref in spine:
        if idref not in items:
            book.error(opf_name, f"spine item {idref!r} is not in the manifest")


def _metadata(book: EpubZip, opf_name: str, opf: etree._Element) -> None:
    metadata = opf.find(f"{{{OPF}}}metadata")
    if metadata is None:
        book.error(opf_name, "the package has no metadata")
        return
    unique = opf.get("unique-identifier")
    ids = [e for e in metadata.iterfind(f"{{{DC}}}identifier") if e.get("id") == unique]
    if not ids or not (ids[0].text or "").strip():
        book.error(opf_name, f"the unique-identifier {unique!r} names no dc:identifier")
    for name in ("title", "language"):
        if not (metadata.findtext(f"{{{DC}}}{name}") or "").strip():
            book.error(opf_name, f"no dc:{name}")
    modified = [
        m for m in metadata.iterfind(f"{{{OPF}}}meta") if m.get("property") == "dcterms:modified"
    ]
    if not opf.get("version", "").startswith("2") and len(modified) != 1:
        book.error(opf_name, f"expected one dcterms:modified, found {len(modified)}")


def _cover(
    book: EpubZip, opf: etree._Element, opf_name: str, items: dict[str, etree._Element]
) -> None:
    """A cover image, as EPUB 3 declares it or as EPUB 2 readers (and Kindle conversion) look for it."""
    declared = any("cover-image" in i.get("properties", "").split() for i in items.values())
    legacy = [
        m.get("content")
        for m in opf.iterfind(f"{{{OPF}}}metadata/{{{OPF}}}meta")
        if m.get("name") == "cover"
    ]
    if not declared and not any(c in items for c in legacy):
        book.warning(
            opf_name, "no cover image (manifest property cover-image, or meta name='cover')"
        )
