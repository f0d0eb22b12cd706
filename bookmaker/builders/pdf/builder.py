"""build: the PDF edition, through WeasyPrint, from the print document (`document`).

Book + theme + `[pdf]` config → `pdf/<slug>.pdf` (print edition) or `pdf/<slug>-screen.pdf`.
The document is cut into pieces (`pieces`: the front matter, each part title and chapter, the
contributors index) that worker processes lay out side by side, each with a time limit
(`chapters`, `plan`, `parallel`, `render`), through a cache under the output folder (`cache`);
`merge` makes them one book.  The PDF/A and PDF/UA variants, whose metadata and structure tree
span the whole file, are laid out as one document in one child process (`layout`).  WeasyPrint
fetches through `BookFetcher` only the book's and the theme's files; the file appears only when
the whole book was written.
"""

from __future__ import annotations

import os
from pathlib import Path

from bookmaker.builders import BuildResult
from bookmaker.builders.output import atomic_path
from bookmaker.builders.pdf.book import lay_out_book
from bookmaker.builders.pdf.document import print_document, print_images
from bookmaker.builders.pdf.fonts import boxes_drawn, missing_fonts, system_coverage
from bookmaker.builders.pdf.layout import LayoutJob, run_layout
from bookmaker.config import Config
from bookmaker.errors import Diagnostic
from bookmaker.geometry import length_mm
from bookmaker.model import Book
from bookmaker.theming import Theme


def pdf_name(book: Book, config: Config) -> str:
    return f"{book.slug}-screen.pdf" if config.pdf.edition == "screen" else f"{book.slug}.pdf"


class PdfBuilder:
    name = "pdf"

    def __init__(self, config: Config):
        self.config = config

    def build(self, book: Book, theme: Theme, outdir: Path) -> BuildResult:
        pdf = self.config.pdf
        images = print_images(book, self.config, outdir)
        doc = print_document(book, theme, self.config, link_stylesheets=False, images=images)
        fonts = missing_fonts(book, theme.fonts(), system_coverage())
        diagnostics = [*self._ignored_settings(), *fonts.warnings]
        target = outdir / "pdf" / pdf_name(book, self.config)
        languages = tuple(sorted({book.meta.language, *(c.language for c in book.texts)}))
        with atomic_path(target) as tmp:
            if pdf.variant:
                job = LayoutJob(
                    doc.html,
                    tuple(doc.stylesheets.values()),
                    dict(doc.files),
                    doc.body_start,
                    tmp,
                    pdf.variant,
                    doc.geometry.bleed,
                    languages,
                )
                result = run_layout(job, pdf.time_limit)
            else:
                jobs = self.config.jobs or os.cpu_count() or 1
                result = lay_out_book(doc, self.config, languages, outdir, tmp, jobs)
        diagnostics += [
            Diagnostic(f"not fetched: {url} (outside the book and theme)", "pdf.fetch")
            for url in result.refused
        ]
        diagnostics += [
            Diagnostic(f"WeasyPrint: {message}", "pdf.render") for message in result.messages
        ]
        diagnostics += boxes_drawn(result.missing_glyphs, fonts)
        return BuildResult(self.name, target, pages=result.pages, diagnostics=tuple(diagnostics))

    def _ignored_settings(self) -> list[Diagnostic]:
        pdf = self.config.pdf
        if pdf.edition != "screen":
            return []
        ignored = [
            key
            for key, on in (
                ("pdf.bleed", length_mm(pdf.bleed) > 0),
                ("pdf.crop_marks", pdf.crop_marks),
            )
            if on
        ]
        return [
            Diagnostic(
                f"{key} is ignored in the screen edition (it is for the print shop)", "pdf.config"
            )
            for key in ignored
        ]
