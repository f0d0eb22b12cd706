"""build: the package (OPF metadata, manifest, spine, guide, NCX) through ebooklib, and the zip
made reproducible (pages + metadata → `EpubBook`; ebooklib's zip → the final zip).

ebooklib writes the OPF and the NCX; what it cannot say is added when the zip is rewritten:
`xml:lang` and `dir` on the package (Ace asks for the language there), and the NCX's real
depth and language.  The zip is rewritten with the mimetype first and stored, entries sorted,
and every timestamp the book's own, so the same input gives the same bytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ebooklib import epub
from lxml import etree

from bookmaker.builders.epub.a11y import Accessibility
from bookmaker.builders.epub.fonts import Resource
from bookmaker.builders.epub.nav import TocEntry
from bookmaker.builders.epub.pages import Edition
from bookmaker.model import Book, Credit
from bookmaker.theming.filters import iso_date
from bookmaker.xhtml import NCX, XML_LANG

COVER_ID = "cover-image"
IBOOKS = "http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"
_GUIDE = {"cover": "cover", "titlepage": "title-page", "toc": "toc", "bodymatter": "text"}


class _Document(epub.EpubHtml):
    """An XHTML document ebooklib packages as it is, instead of rebuilding it."""

    def __init__(self, uid: str, file_name: str, title: str, content: bytes, properties: list[str]):
        super().__init__(uid=uid, file_name=file_name, title=title)
        self.content = content
        self.properties = properties

    def get_content(self, default: object = None) -> bytes:
        return self.content


@dataclass(frozen=True)
class Extras:
    """Files besides the documents: stylesheets, their fonts and images, the cover image, and
    the file this edition ships for each of the book's images, by href."""

    stylesheets: tuple[tuple[str, str], ...]
    resources: tuple[Resource, ...]
    cover: Resource
    images: Mapping[str, Path]


def package(
    book: Book, edition: Edition, extras: Extras, a11y: Accessibility, generator: str
) -> epub.EpubBook:
    ebook = epub.EpubBook()
    _metadata(ebook, book, a11y, generator)
    _files(ebook, book, extras)
    documents = []
    for page in edition.pages:
        document = _Document(
            page.uid, page.file_name, page.title, page.xhtml.encode("utf-8"), list(page.properties)
        )
        ebook.add_item(document)
        documents.append(document)
    ebook.add_item(epub.EpubNcx())
    counter = iter(range(1, 1_000_000))
    ebook.toc = _ncx_entries(edition.toc, counter)
    ebook.spine = documents
    ebook.guide = [
        {"type": _GUIDE[m.type], "href": m.href, "title": m.title}
        for m in edition.landmarks
        if m.type in _GUIDE
    ]
    return ebook


def _files(ebook: epub.EpubBook, book: Book, extras: Extras) -> None:
    """Everything but the documents: stylesheets, their fonts and images, the cover, the
    book's images."""
    if any(r.media_type.startswith("font/") for r in extras.resources):
        # Apple Books shows a book's own fonts only when the package asks it to.
        ebook.add_prefix("ibooks", IBOOKS)
        ebook.add_metadata(None, "meta", "true", {"property": "ibooks:specified-fonts"})
    items = [
        (_uid("css", href), href, "text/css", text.encode()) for href, text in extras.stylesheets
    ]
    items += [
        (
            _uid("font" if r.media_type.startswith("font/") else "res", r.href),
            r.href,
            r.media_type,
            r.data,
        )
        for r in extras.resources
    ]
    for uid, href, media_type, data in items:
        ebook.add_item(epub.EpubItem(uid=uid, file_name=href, media_type=media_type, content=data))
    cover = epub.EpubItem(
        uid=COVER_ID,
        file_name=extras.cover.href,
        media_type=extras.cover.media_type,
        content=extras.cover.data,
    )
    cover.properties = ["cover-image"]
    ebook.add_item(cover)
    ebook.add_metadata(None, "meta", "", {"name": "cover", "content": COVER_ID})
    for asset in book.assets:
        ebook.add_item(
            epub.EpubItem(
                uid=_uid("img", asset.href),
                file_name=asset.href,
                media_type=asset.media_type,
                content=extras.images[asset.href].read_bytes(),
            )
        )


def _metadata(ebook: epub.EpubBook, book: Book, a11y: Accessibility, generator: str) -> None:
    meta = book.meta
    ebook.set_identifier(meta.identifier)
    ebook.title = meta.title
    ebook.add_metadata("DC", "title", meta.title, {"id": "title"})
    _refine(ebook, "title", "title-type", "main")
    if meta.subtitle:
        ebook.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        _refine(ebook, "subtitle", "title-type", "subtitle")
    languages = dict.fromkeys([meta.language, *(c.language for c in book.texts)])
    for language in languages:
        ebook.add_metadata("DC", "language", language)
    ebook.language = meta.language
    if meta.direction:
        ebook.set_direction(meta.direction)
    _people(ebook, "creator", book.credits.creators)
    _people(ebook, "contributor", book.credits.contributors)
    if book.dates.last:
        ebook.add_metadata("DC", "date", iso_date(book.dates.last))
    for name, value in (
        ("publisher", meta.publisher),
        ("rights", meta.rights),
        ("description", meta.description),
    ):
        if value:
            ebook.add_metadata("DC", name, value)
    for subject in meta.subjects:
        ebook.add_metadata("DC", "subject", subject)
    if len(book.sources) == 1 and book.sources[0].url:
        ebook.add_metadata("DC", "source", book.sources[0].url)
    ebook.metadata[epub.NAMESPACES["OPF"]]["generator"] = [
        ("", {"name": "generator", "content": generator})
    ]
    _accessibility(ebook, a11y, meta.language)


def _people(ebook: epub.EpubBook, kind: str, credits: tuple[Credit, ...]) -> None:
    for number, credit in enumerate(credits, start=1):
        ident = f"{kind}-{number}"
        ebook.add_metadata("DC", kind, credit.person.name, {"id": ident})
        _refine(ebook, ident, "file-as", credit.file_as)
        _refine(ebook, ident, "role", credit.role, scheme="marc:relators")


def _refine(
    ebook: epub.EpubBook, ident: str, prop: str, value: str, scheme: str | None = None
) -> None:
    attrs = {"refines": f"#{ident}", "property": prop}
    if scheme:
        attrs["scheme"] = scheme
    ebook.add_metadata(None, "meta", value, attrs)


def _accessibility(ebook: epub.EpubBook, a11y: Accessibility, language: str) -> None:
    for prop, values in (
        ("schema:accessMode", a11y.modes),
        ("schema:accessModeSufficient", a11y.sufficient),
        ("schema:accessibilityFeature", a11y.features),
        ("schema:accessibilityHazard", a11y.hazards),
    ):
        for value in values:
            ebook.add_metadata(None, "meta", value, {"property": prop})
    summary = {"property": "schema:accessibilitySummary"}
    if not language.lower().startswith("en"):
        summary[XML_LANG] = "en"
    ebook.add_metadata(None, "meta", a11y.summary, summary)
    if a11y.conforms_to:
        ebook.add_metadata(None, "meta", a11y.conforms_to, {"property": "dcterms:conformsTo"})


def _ncx_entries(entries: tuple[TocEntry, ...], counter) -> tuple:
    out: list = []
    for entry in entries:
        if entry.children:
            out.append(
                (epub.Section(entry.title, entry.href), list(_ncx_entries(entry.children, counter)))
            )
        else:
            out.append(epub.Link(entry.href, entry.title, f"navpoint-{next(counter)}"))
    return tuple(out)


def _uid(kind: str, href: str) -> str:
    return f"{kind}-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in href)


def write_options(book: Book) -> dict:
    return {
        "raise_exceptions": True,
        "mtime": book.dates.edition,
        "epub3_pages": False,
        "play_order": {"enabled": True, "start_from": 1},
        "package_direction": bool(book.meta.direction),
    }


def fix_package(name: str, data: bytes, language: str) -> bytes:
    """What ebooklib cannot write: the package's language, and the NCX's depth and language."""
    if name.endswith(".opf"):
        root = etree.fromstring(data)
        root.set(XML_LANG, language)
        return etree.tostring(root, encoding="utf-8", xml_declaration=True)
    if name.endswith(".ncx"):
        root = etree.fromstring(data)
        root.set(XML_LANG, language)
        depth = max(
            (
                len(list(p.iterancestors(f"{{{NCX}}}navPoint"))) + 1
                for p in root.iter(f"{{{NCX}}}navPoint")
            ),
            default=1,
        )
        for meta in root.iter(f"{{{NCX}}}meta"):
            if meta.get("name") == "dtb:depth":
                meta.set("content", str(depth))
        return etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def normalise_zip(
    source: Path, target: Path, date_time: tuple[int, ...], language: str = "en"
) -> None:
    """Rewrite the EPUB zip reproducibly: mimetype first and stored, then entries sorted,
    each with the book's own timestamp instead of the clock's (held within the years a zip
    can record, 1980 to 2107; the package's metadata keeps the real date)."""
    stamp = zip_time(date_time)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        names = sorted(n for n in zin.namelist() if n != "mimetype")
        info = zipfile.ZipInfo("mimetype", date_time=stamp)  # type: ignore[arg-type]
        info.compress_type = zipfile.ZIP_STORED
        zout.writestr(info, zin.read("mimetype"))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, fix_package(name, zin.read(name), language), compresslevel=9)


#: The first and last instants a zip entry's time can hold (MS-DOS dates).
ZIP_FIRST, ZIP_LAST = (1980, 1, 1, 0, 0, 0), (2107, 12, 31, 23, 59, 58)


def zip_time(date_time: tuple[int, ...]) -> tuple[int, ...]:
    """DATE_TIME as a zip entry can hold it: the nearest of its first and last instants
    when it is outside them."""
    return min(max(tuple(date_time[:6]), ZIP_FIRST), ZIP_LAST)
