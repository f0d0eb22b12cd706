"""`bookmaker check`: fast structural checks of any EPUB, in process (an `.epub` → problems).

They catch in a fraction of a second what users of generated EPUBs hit most: a zip that is not
an EPUB container, manifest entries that point nowhere, an empty contents list or NCX, ids used
twice in a document, links and note references that lead nowhere.  EPUBCheck, the reference
validator, runs beside them when Java is there (`bookmaker.epubcheck`); these checks do not
try to replace it.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from lxml import etree

from bookmaker.errors import CheckError

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS}}}type"
NOTE_TYPES = {"endnote", "footnote", "rearnote", "note"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True)
class Problem:
    severity: Literal["error", "warning"]
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


class _Book:
    """The zip, and the documents parsed once, by name inside the zip."""

    def __init__(self, archive: zipfile.ZipFile):
        self.zip = archive
        self.names = set(archive.namelist())
        self.problems: list[Problem] = []
        self.trees: dict[str, etree._Element | None] = {}
        self._ids: dict[str, dict[str, etree._Element]] = {}

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem("error", where, message))

    def warning(self, where: str, message: str) -> None:
        self.problems.append(Problem("warning", where, message))

    def xml(self, name: str) -> etree._Element | None:
        if name not in self.trees:
            try:
                self.trees[name] = etree.fromstring(self.zip.read(name), _PARSER)
            except KeyError:
                self.error(name, "missing from the zip")
                self.trees[name] = None
            except etree.XMLSyntaxError as exc:
                self.error(name, f"not well-formed XML: {exc}")
                self.trees[name] = None
        return self.trees[name]

    def element(self, name: str, ident: str) -> etree._Element | None:
        """The element of document NAME with id IDENT (the first, when the id is used twice)."""
        if name not in self._ids:
            root = self.xml(name)
            ids: dict[str, etree._Element] = {}
            for element in root.iter(etree.Element) if root is not None else ():
                if element.get("id") is not None:
                    ids.setdefault(element.get("id"), element)
            self._ids[name] = ids
        return self._ids[name].get(ident)


def check_structure(path: Path) -> list[Problem]:
    """Every structural problem of the EPUB at PATH; raises `CheckError` if it is no EPUB at all."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise CheckError("no such file", path) from None
    except (zipfile.BadZipFile, IsADirectoryError, OSError):
        raise CheckError("not an EPUB: the file is not a zip archive", path) from None
    with archive:
        book = _Book(archive)
        _container(book)
        opf_name = _rootfile(book)
        if opf_name is not None:
            _package(book, opf_name)
        return book.problems


def _container(book: _Book) -> None:
    infos = book.zip.infolist()
    if not infos or infos[0].filename != "mimetype":
        book.error("mimetype", "must be the first file of the zip")
    elif infos[0].compress_type != zipfile.ZIP_STORED:
        book.error("mimetype", "must be stored, not compressed")
    elif book.zip.read("mimetype") != b"application/epub+zip":
        book.error("mimetype", "must contain exactly 'application/epub+zip'")


def _rootfile(book: _Book) -> str | None:
    container = book.xml("META-INF/container.xml")
    if container is None:
        return None
    rootfile = container.find(f".//{{{CONTAINER}}}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        book.error("META-INF/container.xml", "names no package document (rootfile)")
        return None
    return rootfile.get("full-path")


def _package(book: _Book, opf_name: str) -> None:
    opf = book.xml(opf_name)
    if opf is None:
        return
    base = posixpath.dirname(opf_name)
    _metadata(book, opf_name, opf)
    items: dict[str, etree._Element] = {}
    files: dict[str, str] = {}
    for item in opf.iterfind(f"{{{OPF}}}manifest/{{{OPF}}}item"):
        ident, href = item.get("id", ""), item.get("href", "")
        if ident in items:
            book.error(opf_name, f"manifest id {ident!r} is used twice")
        items[ident] = item
        if urlsplit(href).scheme:
            continue
        name = _join(base, href)
        files[name] = item.get("media-type", "")
        if name not in book.names:
            book.error(opf_name, f"manifest item {ident!r}: {href} is not in the zip")
    for name in sorted(book.names - set(files) - {"mimetype", opf_name}):
        if not name.startswith("META-INF/") and not name.endswith("/"):
            book.warning(name, "in the zip but not in the manifest")
    spine = [ref.get("idref", "") for ref in opf.iterfind(f"{{{OPF}}}spine/{{{OPF}}}itemref")]
    if not spine:
        book.error(opf_name, "the spine is empty: the book has no reading order")
    for idref in spine:
        if idref not in items:
            book.error(opf_name, f"spine item {idref!r} is not in the manifest")
    _cover(book, opf, opf_name, items)
    navs = [i for i in items.values() if "nav" in i.get("properties", "").split()]
    ncx_items = [i for i in items.values() if i.get("media-type") == "application/x-dtbncx+xml"]
    epub2 = opf.get("version", "").startswith("2")
    if not epub2 and len(navs) != 1:
        book.error(opf_name, f"expected one nav document, found {len(navs)}")
    if epub2 and not ncx_items:
        book.error(opf_name, "an EPUB 2 package needs an NCX")
    documents = [
        n
        for n, kind in sorted(files.items())
        if kind == "application/xhtml+xml" and n in book.names
    ]
    for name in documents:
        _document(book, name, files)
    for nav in navs:
        _nav(book, _join(base, nav.get("href", "")), files)
    spine_element = opf.find(f"{{{OPF}}}spine")
    toc = spine_element.get("toc") if spine_element is not None else None
    if toc and toc not in items:
        book.error(opf_name, f"the spine's toc {toc!r} is not in the manifest")
    for item in ncx_items:
        _ncx(book, _join(base, item.get("href", "")), files)


def _metadata(book: _Book, opf_name: str, opf: etree._Element) -> None:
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
    book: _Book, opf: etree._Element, opf_name: str, items: dict[str, etree._Element]
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


def _document(book: _Book, name: str, files: dict[str, str]) -> None:
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
        if url is None or urlsplit(url).scheme:
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
    book: _Book, here: str, url: str, files: dict[str, str]
) -> etree._Element | None | bool:
    """The element URL points at; None for a whole file; False when nothing is there."""
    parts = urlsplit(url)
    name = _join(posixpath.dirname(here), parts.path) if parts.path else here
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


def _nav(book: _Book, name: str, files: dict[str, str]) -> None:
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


def _ncx(book: _Book, name: str, files: dict[str, str]) -> None:
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


def _join(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href.split("#")[0])))


def verdict(
    book: Path, problems: list[Problem], epubcheck: object, fail_on_warnings: bool
) -> tuple[str, bool]:
    """The one-line verdict and whether the book passed.

    EPUBCHECK is an `EpubcheckResult`, or a `NotRun` whose reason the line states plainly.
    """
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    ours = f"bookmaker checks: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
    if hasattr(epubcheck, "version"):
        errors += epubcheck.fatals + epubcheck.errors  # type: ignore[attr-defined]
        warnings += epubcheck.warnings  # type: ignore[attr-defined]
        theirs = (
            f"EPUBCheck {epubcheck.version}: "  # type: ignore[attr-defined]
            f"{_count(epubcheck.fatals + epubcheck.errors, 'error')}, "  # type: ignore[attr-defined]
            f"{_count(epubcheck.warnings, 'warning')}"
        )  # type: ignore[attr-defined]
    else:
        theirs = f"EPUBCheck not run: {epubcheck.reason}"  # type: ignore[attr-defined]
    passed = errors == 0 and not (fail_on_warnings and warnings)
    return f"{book}: {'PASS' if passed else 'FAIL'} ({theirs}; {ours})", passed


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
