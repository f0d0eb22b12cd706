"""build, EPUB edition: the builder, which runs the package's steps in order.  The book is
written under a temporary name and renamed, so a build that fails at any step leaves the
previous book as it was."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ebooklib import epub

from bookmaker.builders import BuildResult
from bookmaker.builders.context import GENERATOR
from bookmaker.builders.epub.a11y import accessibility
from bookmaker.builders.epub.cover import CoverImage, generate_cover, load_cover
from bookmaker.builders.epub.cover_text import cover_alt, cover_text
from bookmaker.builders.epub.css import epub_stylesheets
from bookmaker.builders.epub.fonts import Resource, resources
from bookmaker.builders.epub.package import Extras, normalise_zip, package, write_options
from bookmaker.builders.epub.pages import CoverRef, render_edition
from bookmaker.builders.epub.xhtml import finish
from bookmaker.builders.output import atomic_path, output_root
from bookmaker.config import Config, config_error
from bookmaker.errors import BuildError, ConfigError, Diagnostics
from bookmaker.images import is_web_address
from bookmaker.images.editions import edition_files, epub_box
from bookmaker.images.probe import is_animated
from bookmaker.model import Book
from bookmaker.theming import Theme

__all__ = ["EpubBuilder", "normalise_zip"]


class EpubBuilder:
    name = "epub"

    def __init__(self, config: Config):
        self.config = config

    def build(self, book: Book, theme: Theme, outdir: Path) -> BuildResult:
        target = outdir / "epub" / f"{book.slug}.epub"
        diags = Diagnostics()
        css = epub_stylesheets(theme, diags)
        words = theme.labels(book.meta.language)
        cover = self._cover(book, theme, words, diags)
        cover_href = f"cover.{cover.extension}"
        edition = render_edition(
            book,
            theme,
            placement=self.config.epub.notes,
            stylesheets=[s.href for s in css.sheets],
            cover=CoverRef(cover_href, cover_alt(book, words)),
        )
        pages, contents = finish(edition.pages)
        diags.extend(list(contents.diagnostics))
        files = resources(
            css.resources, contents.characters | set(css.strings), self.config.epub.subset_fonts
        )
        a11y = accessibility(contents, animated_images(book))
        extras = Extras(
            tuple((s.href, s.text) for s in css.sheets),
            files,
            Resource(cover_href, cover.media_type, cover.data),
            edition_files(book.assets, epub_box(self.config), self.config, output_root(outdir)),
        )
        ebook = package(book, replace(edition, pages=pages), extras, a11y, GENERATOR)
        try:
            with atomic_path(target) as tmp:
                raw = tmp.with_name(tmp.name + ".raw")
                try:
                    epub.write_epub(str(raw), ebook, write_options(book))
                    normalise_zip(raw, tmp, book.dates.edition.timetuple()[:6], book.meta.language)
                finally:
                    raw.unlink(missing_ok=True)
        except OSError as exc:
            raise BuildError(f"cannot write the EPUB: {exc.strerror or exc}", target) from None
        return BuildResult(self.name, target, diagnostics=diags.frozen())

    def _cover(
        self, book: Book, theme: Theme, words: Mapping[str, Any], diags: Diagnostics
    ) -> CoverImage:
        configured = self.config.epub.cover
        if book.cover is not None and configured:  # given as a web address, and fetched
            return load_cover(book.cover.source, configured, diags, self.config.images)
        if configured and not is_web_address(configured):
            try:
                return load_cover(
                    self.config.root / configured, configured, diags, self.config.images
                )
            except ConfigError as exc:
                raise config_error(exc.message, self.config.origins.get("epub.cover")) from None
        # The accent colour, which the default theme declares; a theme built on no other may
        # declare none, and its cover is then dark grey.
        background = str(theme.options.get("accent_color", "#2b2b2b"))
        return generate_cover(cover_text(book, words), theme.fonts(), background, diags)


def animated_images(book: Book) -> tuple[str, ...]:
    """Hrefs of the book's images that move: they could flash, which the metadata must say."""
    moving = []
    for asset in book.assets:
        try:
            data = asset.source.read_bytes()
        except OSError as exc:
            raise BuildError(f"cannot read image: {exc.strerror}", asset.source) from None
        if is_animated(data):
            moving.append(asset.href)
    return tuple(moving)
