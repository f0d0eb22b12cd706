"""build: the PDF edition, through WeasyPrint, from the print document of `html.py`.

WeasyPrint fetches through `BookFetcher`: only the book's and the theme's files, never the
network or anything else on disk.
"""

from __future__ import annotations

import logging
from pathlib import Path

from bookmaker.builders import BuildResult
from bookmaker.builders.fetcher import ROOT, BookFetcher
from bookmaker.builders.html import print_document
from bookmaker.builders.output import atomic_path
from bookmaker.config import Config
from bookmaker.errors import Diagnostic
from bookmaker.model import Book
from bookmaker.theming import Theme


class PdfBuilder:
    name = "pdf"

    def __init__(self, config: Config):
        self.config = config

    def build(self, book: Book, theme: Theme, outdir: Path) -> BuildResult:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        html, sheets, files = print_document(book, theme, self.config, link_stylesheets=False)
        fetcher = BookFetcher(files)
        fonts = FontConfiguration()  # without it WeasyPrint ignores the theme's @font-face rules
        stylesheets = [CSS(string=text, base_url=ROOT, url_fetcher=fetcher, font_config=fonts)
                       for text in sheets.values()]
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        document = HTML(string=html, base_url=ROOT, url_fetcher=fetcher).render(stylesheets=stylesheets,
                                                                              font_config=fonts)
        target = outdir / "pdf" / f"{book.slug}.pdf"
        with atomic_path(target) as tmp:
            document.write_pdf(tmp)
        refused = tuple(Diagnostic(f"not fetched: {url} (outside the book and theme)", "pdf.fetch")
                        for url in dict.fromkeys(fetcher.refused))
        return BuildResult(self.name, target, pages=len(document.pages), diagnostics=refused)

