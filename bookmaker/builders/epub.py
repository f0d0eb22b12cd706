"""build: the EPUB 3 edition, through ebooklib.

The theme renders every XHTML document in full (ebooklib would otherwise rebuild each one
and drop what it does not know); ebooklib packages them, writes the OPF and the NCX.  The zip
is then rewritten with the mimetype first and stored, entries sorted and fixed timestamps, so
the same input gives the same bytes.  Pitfalls handled: `raise_exceptions` is passed, CSS is
registered as an item, and the book is written to a temporary file and renamed.
"""

from __future__ import annotations

import mimetypes
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ebooklib import epub

from bookmaker.builders import BuildResult
from bookmaker.builders.output import atomic_path
from bookmaker.builders.render import context, iso_date
from bookmaker.config import Config
from bookmaker.errors import BuildError
from bookmaker.model import Book
from bookmaker.theming import Theme

_ID_ATTR = re.compile(r'\sid="([^"]+)"')
_HREF_FRAGMENT = re.compile(r'href="#([^"]+)"')


class _Document(epub.EpubHtml):
    """An XHTML document ebooklib packages as it is, instead of rebuilding it."""

    def __init__(self, uid: str, file_name: str, title: str, content: bytes, properties: list[str] | None = None):
        super().__init__(uid=uid, file_name=file_name, title=title)
        self.content = content
        self.properties = properties or []

    def get_content(self, default: object = None) -> bytes:
        return self.content


@dataclass(frozen=True)
class _Page:
    uid: str
    file_name: str
    title: str
    xhtml: str
    properties: tuple[str, ...] = ()


class EpubBuilder:
    name = "epub"

    def __init__(self, config: Config):
        self.config = config

    def build(self, book: Book, theme: Theme, outdir: Path) -> BuildResult:
        target = outdir / "epub" / f"{book.slug}.epub"
        sheets = theme.stylesheets("epub")
        css_hrefs = [f"styles/{name}" for name, _ in sheets]
        pages = self._pages(book, theme, css_hrefs)
        pages = _link_across_documents(pages)
        ebook = self._package(book, pages, sheets)
        with atomic_path(target) as tmp:
            raw = tmp.with_name(tmp.name + ".raw")
            try:
                epub.write_epub(str(raw), ebook, {"raise_exceptions": True, "mtime": book.meta.modified,
                                                   "epub3_pages": False})
                normalise_zip(raw, tmp, book.meta.modified.timetuple()[:6])
            finally:
                raw.unlink(missing_ok=True)
        return BuildResult(self.name, target)

    def _pages(self, book: Book, theme: Theme, css: list[str]) -> list[_Page]:
        base = context(book, theme, stylesheets=css, chapter_of=_chapter_of(book))
        meta = book.meta
        labels = base["labels"]
        pages: list[_Page] = []
        file_of: dict[str, str] = {"titlepage": "titlepage.xhtml", "toc": "nav.xhtml#toc",
                                   "contributors": "contributors.xhtml"}
        names = {c.id: f"chapter-{i:03d}.xhtml" for i, c in enumerate(book.chapters, start=1)}
        for chapter in book.chapters:
            file_of[chapter.id] = names[chapter.id]
            for section in chapter.sections:
                file_of[section.id] = f"{names[chapter.id]}#{section.id}"

        def href(ident: str) -> str:
            return file_of[ident]

        def render(template: str, title: str, lang: str, direction: str | None, **extra: object) -> str:
            return theme.render(template, **base, href=href, title=title, lang=lang, direction=direction, **extra)

        pages.append(_Page("titlepage", "titlepage.xhtml", labels["titlepage"],
                           render("epub/titlepage.xhtml", meta.title, meta.language, meta.direction)))
        pages.append(_Page("nav", "nav.xhtml", labels["contents"],
                           render("epub/nav.xhtml", labels["contents"], meta.language, meta.direction),
                           ("nav",)))
        for chapter in book.chapters:
            pages.append(_Page(chapter.id, names[chapter.id], chapter.title,
                               render("epub/chapter.xhtml", chapter.title, chapter.language,
                                      chapter.direction, chapter=chapter)))
        if book.contributors:
            pages.append(_Page("contributors", "contributors.xhtml", labels["contributors"],
                               render("epub/contributors.xhtml", labels["contributors"], meta.language,
                                      meta.direction)))
        return pages

    def _package(self, book: Book, pages: list[_Page], sheets: list[tuple[str, str]]) -> epub.EpubBook:
        meta = book.meta
        ebook = epub.EpubBook()
        ebook.set_identifier(meta.identifier)
        ebook.set_title(meta.title)
        ebook.set_language(meta.language)
        if meta.direction:
            ebook.set_direction(meta.direction)
        for i, person in enumerate(meta.authors, start=1):
            ebook.add_author(person.name, uid=f"creator-{i}")
        if meta.date:
            ebook.add_metadata("DC", "date", iso_date(meta.date))
        if meta.publisher:
            ebook.add_metadata("DC", "publisher", meta.publisher)
        if meta.rights:
            ebook.add_metadata("DC", "rights", meta.rights)
        if meta.description:
            ebook.add_metadata("DC", "description", meta.description)
        for subject in meta.subjects:
            ebook.add_metadata("DC", "subject", subject)
        if len(meta.sources) == 1:
            ebook.add_metadata("DC", "source", meta.sources[0])
        for name, text in sheets:
            ebook.add_item(epub.EpubItem(uid=f"css-{_uid(name)}", file_name=f"styles/{name}",
                                         media_type="text/css", content=text.encode("utf-8")))
        for asset in book.assets:
            try:
                data = asset.source.read_bytes()
            except OSError as exc:
                raise BuildError(f"cannot read image: {exc.strerror}", asset.source) from None
            ebook.add_item(epub.EpubItem(uid=f"img-{_uid(asset.href)}", file_name=asset.href,
                                         media_type=asset.media_type or mimetypes.guess_type(asset.href)[0],
                                         content=data))
        documents = {}
        for page in pages:
            doc = _Document(page.uid, page.file_name, page.title, page.xhtml.encode("utf-8"),
                            list(page.properties))
            ebook.add_item(doc)
            documents[page.uid] = doc
        ebook.add_item(epub.EpubNcx())
        ebook.toc = tuple(epub.Link(documents[c.id].file_name, c.title, c.id) for c in book.chapters)
        if book.contributors:
            ebook.toc += (epub.Link("contributors.xhtml", documents["contributors"].title, "contributors"),)
        ebook.spine = [documents[p.uid] for p in pages]
        return ebook


def _chapter_of(book: Book) -> dict[str, object]:
    return {s.id: c for c in book.chapters for s in c.sections}


def _uid(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", name)


def _link_across_documents(pages: list[_Page]) -> list[_Page]:
    """`href="#id"` where the id lives in another document becomes `file.xhtml#id`."""
    owner: dict[str, str] = {}
    for page in pages:
        for ident in _ID_ATTR.findall(page.xhtml):
            owner.setdefault(ident, page.file_name)
    out = []
    for page in pages:
        def fix(m: re.Match[str], here: str = page.file_name) -> str:
            where = owner.get(m[1])
            if where is None or where == here:
                return m[0]
            return f'href="{where}#{m[1]}"'
        out.append(_Page(page.uid, page.file_name, page.title, _HREF_FRAGMENT.sub(fix, page.xhtml),
                         page.properties))
    return out


def normalise_zip(source: Path, target: Path, date_time: tuple[int, ...]) -> None:
    """Rewrite the EPUB zip reproducibly: mimetype first and stored, then entries sorted,
    each with the book's own timestamp instead of the clock's."""
    stamp = tuple(max(v, lo) for v, lo in zip(date_time, (1980, 1, 1, 0, 0, 0)))
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        names = sorted(n for n in zin.namelist() if n != "mimetype")
        info = zipfile.ZipInfo("mimetype", date_time=stamp)  # type: ignore[arg-type]
        info.compress_type = zipfile.ZIP_STORED
        zout.writestr(info, zin.read("mimetype"))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, zin.read(name), compresslevel=9)
