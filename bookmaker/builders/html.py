"""build: the print document as HTML, the very file the PDF is rendered from.  Useful as a
preview in a browser and for tests that look at structure rather than at pixels."""

from __future__ import annotations

import shutil
from pathlib import Path

from bookmaker.builders import BuildResult
from bookmaker.builders.output import atomic_path
from bookmaker.builders.render import context
from bookmaker.config import Config
from bookmaker.model import Book
from bookmaker.theming import Theme

#: Page sizes by config name, as CSS `size` values.
PAGE_SIZES = {"A5": "A5", "A4": "A4", "letter": "letter", "6x9in": "6in 9in", "5.5x8.5in": "5.5in 8.5in"}


def print_document(book: Book, theme: Theme, config: Config,
                   link_stylesheets: bool = True) -> tuple[str, dict[str, str], dict[str, Path]]:
    """(HTML, stylesheets by href, files by href) of the print edition.

    WeasyPrint is given the stylesheets directly, so it asks for a document without `<link>`s.
    """
    sheets = dict(theme.stylesheets("pdf", font_url=lambda rel: rel))
    sheets["page-size.css"] = f"@page {{ size: {PAGE_SIZES[config.pdf.page_size]}; }}\n"
    chapter_of = {s.id: c for c in book.chapters for s in c.sections}
    links = list(sheets) if link_stylesheets else []
    html = theme.render("print/book.html", **context(book, theme, stylesheets=links, chapter_of=chapter_of))
    files = {asset.href: asset.source for asset in book.assets}
    for rel, path in theme.static_files().items():
        if not rel.endswith(".jinja"):
            files.setdefault(rel, path)
    return html, sheets, files


class HtmlBuilder:
    name = "html"

    def __init__(self, config: Config):
        self.config = config

    def build(self, book: Book, theme: Theme, outdir: Path) -> BuildResult:
        html, sheets, files = print_document(book, theme, self.config)
        folder = outdir / "html"
        for href, text in sheets.items():
            with atomic_path(folder / href) as tmp:
                tmp.write_text(text, encoding="utf-8")
        for href, source in files.items():
            if href.startswith("images/") or href in html or any(href in text for text in sheets.values()):
                with atomic_path(folder / href) as tmp:
                    shutil.copyfile(source, tmp)
        target = folder / f"{book.slug}.html"
        with atomic_path(target) as tmp:
            tmp.write_text(html, encoding="utf-8")
        return BuildResult(self.name, target)
