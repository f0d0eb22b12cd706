"""build, EPUB edition: the builder, which runs the package's steps in order.  The book is
written under a temporary name and renamed, so a build that fails at any step leaves the
previous book as it was.

The documents are rendered and written into the zip one at a time (`documents.py`); the files
that depend on all of them (the fonts, subset to the book's characters; the package documents,
which declare the accessibility found in them) come after."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bookmaker.builders import BuildResult
from bookmaker.builders.ahead import stylesheets
from bookmaker.builders.context import GENERATOR
from bookmaker.builders.epub.a11y import accessibility
from bookmaker.builders.epub.cover_text import cover_alt, cover_text
from bookmaker.builders.epub.documents import write_documents
from bookmaker.builders.epub.fonts import Resource, resources
from bookmaker.builders.epub.kept_cover import CoverImage, drawn_cover
from bookmaker.builders.epub.ocf import Container
from bookmaker.builders.epub.package import FOLDER, Extras, package, package_documents, shown
from bookmaker.builders.epub.pages import CoverRef, plan_edition
from bookmaker.builders.epub.reuse import Reuse
from bookmaker.builders.output import atomic_path, output_root
from bookmaker.cache import open_store
from bookmaker.config import Config, config_error
from bookmaker.errors import BuildError, ConfigError, Diagnostics
from bookmaker.images import is_web_address
from bookmaker.model import Book
from bookmaker.theming import Theme
from bookmaker.workers import default_jobs

__all__ = ["EpubBuilder"]


class EpubBuilder:
    name = "epub"

    def __init__(self, config: Config):
        self.config = config

    def build(self, book: Book, theme: Theme, outdir: Path) -> BuildResult:
        target = outdir / "epub" / f"{book.slug}.epub"
        diags = Diagnostics()
        css = stylesheets(theme, diags)  # made while the rebuild waited, if it did
        words = theme.labels(book.meta.language)
        cover = self._cover(book, theme, words, diags, outdir)
        cover_href = f"cover.{cover.extension}"
        edition = plan_edition(
            book,
            theme,
            placement=self.config.epub.notes,
            stylesheets=[s.href for s in css.sheets],
            cover=CoverRef(cover_href, cover_alt(book, words)),
        )
        store = open_store(output_root(outdir), "epub", fresh=self.config.fresh)
        reuse = Reuse(store, theme, edition.render.base)
        try:
            with atomic_path(target) as tmp, Container(tmp, _stamp(book)) as zip_:
                pages, tally = write_documents(zip_, FOLDER, edition, reuse, self._workers())
                contents = tally.contents()
                diags.extend(list(contents.diagnostics))
                files = resources(
                    css.resources,
                    contents.characters | set(css.strings),
                    self.config.epub.subset_fonts,
                )
                extras = Extras(
                    tuple((s.href, s.text) for s in css.sheets),
                    files,
                    Resource(cover_href, cover.media_type, cover.data),
                    self._images(book, outdir),
                )
                _write_files(zip_, book, extras)
                a11y = accessibility(contents, animated_images(book))
                facts = (shown(book), pages, (edition.toc, edition.landmarks), extras, a11y)
                for name, data in _package_documents(facts, reuse):
                    zip_.add(name, data)
        except OSError as exc:
            raise BuildError(f"cannot write the EPUB: {exc.strerror or exc}", target) from None
        reuse.finish()
        diags.extend(store.ignored if store is not None else [])
        return BuildResult(self.name, target, diagnostics=diags.frozen())

    def _images(self, book: Book, outdir: Path) -> Mapping[str, Path]:
        """The book's images as this edition ships them, by href (Pillow only if it has any)."""
        if not book.assets:
            return {}
        from bookmaker.images.editions import edition_files, epub_box

        return edition_files(book.assets, epub_box(self.config), self.config, output_root(outdir))

    def _workers(self) -> int:
        """The processes that render the documents (`-j`; default: one per core)."""
        return self.config.jobs or default_jobs()

    def _cover(
        self, book: Book, theme: Theme, words: Mapping[str, Any], diags: Diagnostics, outdir: Path
    ) -> CoverImage:
        configured = self.config.epub.cover
        if configured and (book.cover is not None or not is_web_address(configured)):
            return self._given_cover(book, configured, diags)
        # The accent colour, which the default theme declares; a theme built on no other may
        # declare none, and its cover is then dark grey.
        background = str(theme.options.get("accent_color", "#2b2b2b"))
        store = open_store(output_root(outdir), "cover", fresh=self.config.fresh)
        return drawn_cover(store, cover_text(book, words), theme.fonts(), background, diags)

    def _given_cover(self, book: Book, configured: str, diags: Diagnostics) -> CoverImage:
        """The cover `epub.cover` names: a file, or a web address the images stage fetched."""
        from bookmaker.builders.epub.cover import load_cover  # Pillow: only for a given cover

        if book.cover is not None:
            return load_cover(book.cover.source, configured, diags, self.config.images)
        try:
            return load_cover(self.config.root / configured, configured, diags, self.config.images)
        except ConfigError as exc:
            raise config_error(exc.message, self.config.origins.get("epub.cover")) from None


def _package_documents(facts: tuple, reuse: Reuse) -> tuple[tuple[str, bytes], ...]:
    """The package documents of FACTS (what `package` is given), as the last build wrote them
    while FACTS are the same."""
    key = reuse.name("package documents", GENERATOR, *facts)
    kept = reuse.files(key)
    if kept is None:
        kept = tuple(package_documents(package(*facts, GENERATOR), facts[0]))
        reuse.put(key, kept)
    return kept


def _stamp(book: Book) -> tuple[int, ...]:
    """Every entry's date: the edition's, never the clock's."""
    return book.dates.edition.timetuple()[:6]


def _write_files(zip_: Container, book: Book, extras: Extras) -> None:
    """Everything but the documents: stylesheets, their fonts and images, the cover, the
    book's images (the files this edition ships, copied in pieces)."""
    for href, text in extras.stylesheets:
        zip_.add(f"{FOLDER}/{href}", text.encode("utf-8"))
    for resource in (*extras.resources, extras.cover):
        zip_.add(f"{FOLDER}/{resource.href}", resource.data)
    for asset in book.assets:
        source = extras.images[asset.href]
        try:
            zip_.add_file(f"{FOLDER}/{asset.href}", source)
        except FileNotFoundError as exc:
            raise BuildError(f"cannot read image: {exc.strerror}", source) from None


def animated_images(book: Book) -> tuple[str, ...]:
    """Hrefs of the book's images that move: they could flash, which the metadata must say."""
    if not book.assets:
        return ()
    from bookmaker.images.probe import is_animated  # Pillow: only for a book with images

    moving = []
    for asset in book.assets:
        try:
            data = asset.source.read_bytes()
        except OSError as exc:
            raise BuildError(f"cannot read image: {exc.strerror}", asset.source) from None
        if is_animated(data):
            moving.append(asset.href)
    return tuple(moving)
