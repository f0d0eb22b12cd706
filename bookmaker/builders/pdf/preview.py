"""build, print edition: the `html` builder writes the print document and the files it uses,
so the PDF's source can be previewed in a browser and tested for structure rather than pixels."""

from __future__ import annotations

import shutil
from pathlib import Path

from bookmaker.builders import BuildResult
from bookmaker.builders.output import atomic_path
from bookmaker.builders.pdf.document import print_document, print_images
from bookmaker.config import Config
from bookmaker.model import Book
from bookmaker.theming import Theme


class HtmlBuilder:
    name = "html"

    def __init__(self, config: Config):
        self.config = config

    def build(self, book: Book, theme: Theme, outdir: Path) -> BuildResult:
        images = print_images(book, self.config, outdir)
        doc = print_document(book, theme, self.config, images=images)
        folder = outdir / "html"
        for href, text in doc.stylesheets.items():
            with atomic_path(folder / href) as tmp:
                tmp.write_text(text, encoding="utf-8")
        for href, source in doc.files.items():
            if (
                href.startswith("images/")
                or href in doc.html
                or any(href in text for text in doc.stylesheets.values())
            ):
                with atomic_path(folder / href) as tmp:
                    shutil.copyfile(source, tmp)
        target = folder / f"{book.slug}.html"
        with atomic_path(target) as tmp:
            tmp.write_text(doc.html, encoding="utf-8")
        return BuildResult(self.name, target)
