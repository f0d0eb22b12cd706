"""build, print edition: the print document as HTML, the very file the PDF is rendered from.

Book + theme + `[pdf]` config → `PrintDocument`: the HTML (theme's `print/book.html`, then
`typeset`), the stylesheets (the theme's print sheets, then the page geometry generated
from the config, so the book's settings win), and the files WeasyPrint may fetch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bookmaker.builders.context import context
from bookmaker.builders.output import output_root
from bookmaker.builders.pdf.context import print_context
from bookmaker.builders.pdf.fonts import own_font_coverage
from bookmaker.builders.pdf.typeset import typeset
from bookmaker.config import Config, PdfSection
from bookmaker.geometry import Geometry, geometry
from bookmaker.images.editions import edition_files, print_box
from bookmaker.model import Book
from bookmaker.theming import Theme

#: The page geometry sheet (size, margins, bleed, marks); the name predates the margins.
GEOMETRY_SHEET = "page-size.css"


@dataclass(frozen=True)
class PrintDocument:
    html: str
    #: CSS text by href, in cascade order: the theme's sheets, then the page geometry.
    stylesheets: Mapping[str, str]
    #: The only files WeasyPrint may read, by href: the book's assets and the theme's static files.
    files: Mapping[str, Path]
    #: Id of the element that starts the body (arabic folios from its first page).
    body_start: str
    geometry: Geometry


def page_geometry(pdf: PdfSection) -> Geometry:
    screen = pdf.edition == "screen"
    m = pdf.margins
    return geometry(
        pdf.page_size,
        m.top,
        m.bottom,
        m.inner,
        m.outer,
        bleed="0" if screen else pdf.bleed,
        crop_marks=pdf.crop_marks and not screen,
        mirrored=not screen,
    )


def print_images(book: Book, config: Config, outdir: Path) -> dict[str, Path]:
    """The file the print edition shows for each of BOOK's images: at the print resolution
    across the text block (OUTDIR: the folder the build writes into, for the image cache)."""
    box = print_box(config, page_geometry(config.pdf))
    return edition_files(book.assets, box, config, output_root(outdir))


def print_document(
    book: Book,
    theme: Theme,
    config: Config,
    link_stylesheets: bool = True,
    images: Mapping[str, Path] | None = None,
) -> PrintDocument:
    """The print edition of BOOK, showing IMAGES (href → file; else the images' sources as
    they are).  WeasyPrint is given the stylesheets directly, so it asks for a document
    without `<link>`s."""
    geo = page_geometry(config.pdf)
    sheets = dict(theme.stylesheets("pdf", font_url=lambda rel: rel))
    sheets[GEOMETRY_SHEET] = geo.css()
    links = list(sheets) if link_stylesheets else []
    base = context(book, theme, stylesheets=links)
    extra = print_context(book, config.pdf)
    html = theme.render("print/book.html", **base, **extra)
    footnotes = None
    if config.pdf.notes == "footnote":
        # One line each: WeasyPrint 70 can fail on a newline inside a footnote ("Got ' \\n'
        # between two lines").
        footnotes = {
            note.id: " ".join(
                theme.render(
                    "print/footnote.html", **base, **extra, chapter=chapter, note=note
                ).split()
            )
            for chapter in book.texts
            for note in chapter.endnotes
        }
    html = typeset(
        html,
        footnotes,
        unlink_external=config.pdf.edition == "print",
        page_label=str(base["labels"].get("page", "p.")),
        own_fonts=own_font_coverage(tuple(theme.fonts().values())),
    )
    files = dict(images) if images is not None else {a.href: a.source for a in book.assets}
    for rel, path in theme.static_files().items():
        if not rel.endswith(".jinja"):
            files.setdefault(rel, path)
    return PrintDocument(html, sheets, files, str(extra["body_start"]), geo)
