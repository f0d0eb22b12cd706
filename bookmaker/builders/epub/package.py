"""build: the package documents (OPF metadata, manifest, spine, guide; the NCX) through
ebooklib (pages, files + metadata → `EpubBook` → the container, OPF and NCX files).

ebooklib keeps a book's every file in memory; here it is given none of their bytes, only their
names and types, and writes the package documents, which the builder puts into the zip it
writes itself (`ocf.py`), the documents streamed as they are rendered.  What ebooklib cannot
say is added after: `xml:lang` and `dir` on the package (Ace asks for the language there),
and the NCX's real depth and language.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ebooklib import epub
from lxml import etree

from bookmaker.builders.epub.a11y import Accessibility
from bookmaker.builders.epub.fonts import Resource
from bookmaker.builders.epub.nav import Landmark, TocEntry
from bookmaker.builders.epub.pages import Page
from bookmaker.model import Asset, Book, BookMeta, Credit, Credits, Dates, Source
from bookmaker.theming.filters import iso_date
from bookmaker.xhtml import NCX, XML_LANG

#: Where every EPUB's container file is.
CONTAINER = "META-INF/container.xml"
#: The folder of the book's files in the zip, where the container file says the OPF is.
FOLDER = "EPUB"
COVER_ID = "cover-image"
IBOOKS = "http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"
_GUIDE = {"cover": "cover", "titlepage": "title-page", "toc": "toc", "bodymatter": "text"}


class _Document(epub.EpubHtml):
    """A document as the package declares it; its bytes go into the zip apart (`ocf.py`)."""

    def __init__(self, page: Page):
        super().__init__(uid=page.uid, file_name=page.file_name, title=page.title)
        self.properties = list(page.properties)

    def get_content(self, default: object = None) -> bytes:
        return b""


@dataclass(frozen=True)
class Shown:
    """All the package documents read of the book: what they are named by when kept
    (`reuse.py`), so a chapter's new text does not make them again."""

    meta: BookMeta
    #: The language of each text, in reading order.
    languages: tuple[str, ...]
    credits: Credits
    dates: Dates
    sources: tuple[Source, ...]
    assets: tuple[Asset, ...]


def shown(book: Book) -> Shown:
    languages = tuple(c.language for c in book.texts)
    return Shown(book.meta, languages, book.credits, book.dates, book.sources, book.assets)


@dataclass(frozen=True)
class Extras:
    """Files besides the documents: stylesheets, their fonts and images, the cover image, and
    the file this edition ships for each of the book's images, by href."""

    stylesheets: tuple[tuple[str, str], ...]
    resources: tuple[Resource, ...]
    cover: Resource
    images: Mapping[str, Path]


def package(
    book: Shown,
    pages: Sequence[Page],
    navigation: tuple[tuple[TocEntry, ...], tuple[Landmark, ...]],
    extras: Extras,
    a11y: Accessibility,
    generator: str,
) -> epub.EpubBook:
    """What the package documents declare: the metadata, and every file of the book (PAGES,
    in reading order, and EXTRAS) by name, without their bytes."""
    toc, landmarks = navigation
    ebook = epub.EpubBook()
    ebook.FOLDER_NAME = FOLDER
    _metadata(ebook, book, a11y, generator)
    _files(ebook, book, extras)
    documents = [_Document(page) for page in pages]
    for document in documents:
        ebook.add_item(document)
    ebook.add_item(epub.EpubNcx())
    counter = iter(range(1, 1_000_000))
    ebook.toc = _ncx_entries(toc, counter)
    ebook.spine = documents
    ebook.guide = [
        {"type": _GUIDE[m.type], "href": m.href, "title": m.title}
        for m in landmarks
        if m.type in _GUIDE
    ]
    return ebook


def package_documents(ebook: epub.EpubBook, book: Shown) -> list[tuple[str, bytes]]:
    """The container, the OPF and the NCX, as ebooklib writes them and fixed (`fix_package`);
    ebooklib writes them into a zip in memory, with each other file empty."""
    buffer = io.BytesIO()
    epub.write_epub(buffer, ebook, write_options(book))
    with zipfile.ZipFile(buffer) as written:
        return [
            (name, fix_package(name, written.read(name), book.meta.language))
            for name in (CONTAINER, f"{FOLDER}/content.opf", f"{FOLDER}/toc.ncx")
        ]


def _files(ebook: epub.EpubBook, book: Shown, extras: Extras) -> None:
    """Everything but the documents: stylesheets, their fonts and images, the cover, the
    book's images."""
    if any(r.media_type.startswith("font/") for r in extras.resources):
        # Apple Books shows a book's own fonts only when the package asks it to.
        ebook.add_prefix("ibooks", IBOOKS)
        ebook.add_metadata(None, "meta", "true", {"property": "ibooks:specified-fonts"})
    items = [(_uid("css", href), href, "text/css") for href, _ in extras.stylesheets]
    items += [
        (_uid("font" if r.media_type.startswith("font/") else "res", r.href), r.href, r.media_type)
        for r in extras.resources
    ]
    items += [(_uid("img", a.href), a.href, a.media_type) for a in book.assets]
    for uid, href, media_type in items:
        ebook.add_item(epub.EpubItem(uid=uid, file_name=href, media_type=media_type, content=b""))
    cover = epub.EpubItem(
        uid=COVER_ID, file_name=extras.cover.href, media_type=extras.cover.media_type, content=b""
    )
    cover.properties = ["cover-image"]
    ebook.add_item(cover)
    ebook.add_metadata(None, "meta", "", {"name": "cover", "content": COVER_ID})


def _metadata(ebook: epub.EpubBook, book: Shown, a11y: Accessibility, generator: str) -> None:
    meta = book.meta
    ebook.set_identifier(meta.identifier)
    ebook.title = meta.title
    ebook.add_metadata("DC", "title", meta.title, {"id": "title"})
    _refine(ebook, "title", "title-type", "main")
    if meta.subtitle:
        ebook.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        _refine(ebook, "subtitle", "title-type", "subtitle")
    languages = dict.fromkeys([meta.language, *book.languages])
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


def write_options(book: Shown) -> dict:
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
