"""`bookmaker check BOOK.pdf`: a finished PDF as the typesetting check sees it.

Each page becomes its lines of text (with every glyph's box), its images, and its internal
links (where each points and the printed text under it), read with pdfminer.six; the page
labels ("iii", "1") come from pypdf.  Nothing here knows how bookmaker made the PDF.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage, LTTextLine
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import apply_matrix_pt

from bookmaker.errors import CheckError

#: pdfminer joins glyphs into lines; a small line margin keeps lines apart.
_LAPARAMS = LAParams(line_margin=0.1, char_margin=2.0, word_margin=0.1)
_MONO = re.compile(r"Mono|Courier|Code|Consol", re.IGNORECASE)


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    y0: float
    size: float


@dataclass
class Line:
    x0: float
    x1: float
    y0: float
    y1: float
    size: float  #: the font size most of its glyphs have
    bold: bool
    mono: bool  #: set in a monospaced font (code: its spaces are the author's)
    glyphs: list[Glyph]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs).strip()


@dataclass
class Link:
    rect: tuple[float, float, float, float]
    target: int | None  #: index of the page it leads to
    text: str = ""  #: the printed text under it


@dataclass
class Page:
    index: int
    label: str
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  #: the named destinations on it (ids)

    @property
    def name(self) -> str:
        return (
            f"page {self.label}"
            if self.label == str(self.index + 1)
            else (f"page {self.index + 1} ({self.label})")
        )


def read_pdf(path: Path) -> list[Page]:
    """The pages of the PDF at PATH; raises `CheckError` when it is no PDF."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is one error line
    try:
        reader = pypdf.PdfReader(path)
        labels = list(reader.page_labels)
        pages = [
            Page(i, labels[i], float(p.mediabox.width), float(p.mediabox.height))
            for i, p in enumerate(reader.pages)
        ]
        for page, raw in zip(pages, reader.pages, strict=True):
            page.links = list(_links(reader, raw))
        for name, dest in reader.named_destinations.items():
            index = reader.get_destination_page_number(dest)
            if 0 <= index < len(pages):
                pages[index].anchors.append(str(name))
        for page, (layout, clips) in zip(pages, _layouts(path), strict=False):
            _fill(page, layout, clips)
    except FileNotFoundError:
        raise CheckError("no such file", path) from None
    except (pypdf.errors.PyPdfError, OSError, ValueError) as exc:
        raise CheckError(f"not a PDF that can be read: {exc}", path) from None
    for page in pages:
        for link in page.links:
            link.text = _text_under(page, link.rect)
    return pages


Box = tuple[float, float, float, float]


class _ClipInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter, also keeping the clipping rectangle each image is drawn in:
    an image fitted with `object-fit: cover` is drawn larger than its frame and clipped."""

    clip: Box | None = None
    clips: list[Box | None]

    def do_W(self) -> None:
        points = [
            apply_matrix_pt(self.ctm, (float(seg[i]), float(seg[i + 1])))
            for seg in self.curpath
            for i in range(1, len(seg) - 1, 2)
        ]
        if points:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            box = (min(xs), min(ys), max(xs), max(ys))
            self.clip = box if self.clip is None else _intersect(self.clip, box)

    do_W_a = do_W

    def do_q(self) -> None:
        super().do_q()
        self.gstack[-1] = (*self.gstack[-1], self.clip)  # type: ignore[assignment]

    def do_Q(self) -> None:
        if self.gstack:
            *state, self.clip = self.gstack.pop()  # type: ignore[misc]
            self.set_current_state(tuple(state))  # type: ignore[arg-type]

    def do_Do(self, xobjid: object) -> None:
        self.clips.append(self.clip)
        super().do_Do(xobjid)  # type: ignore[arg-type]


def _intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _layouts(path: Path) -> Iterator[tuple[object, list[Box | None]]]:
    """Each page's pdfminer layout, with the clip of each XObject it draws, in order."""
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=_LAPARAMS)
    interpreter = _ClipInterpreter(manager, device)
    with path.open("rb") as stream:
        for page in PDFPage.get_pages(stream):
            interpreter.clip, interpreter.clips = None, []
            interpreter.process_page(page)
            yield device.get_result(), interpreter.clips


def _fill(page: Page, layout: object, clips: list[Box | None]) -> None:
    figures = [i for i in _walk(layout) if isinstance(i, LTImage | LTFigure)]
    tops = [f for f in figures if not any(f is not g and _inside(f, g) for g in figures)]
    clip_of = dict(zip(map(id, tops), clips, strict=False)) if len(tops) == len(clips) else {}
    for item in _walk(layout):
        if isinstance(item, LTTextLine):
            line = _line(item)
            if line is not None:
                page.lines.append(line)
        elif item in tops and item.width > 2 and item.height > 2:
            box = (item.x0, item.y0, item.x1, item.y1)
            clip = clip_of.get(id(item))
            page.images.append(box if clip is None else _intersect(box, clip))
    page.lines.sort(key=lambda ln: (-round(ln.y0), ln.x0))


def _inside(a: object, b: object) -> bool:
    return b.x0 <= a.x0 and a.x1 <= b.x1 and b.y0 <= a.y0 and a.y1 <= b.y1  # type: ignore[attr-defined]


def _walk(container: object) -> Iterator[object]:
    for item in container:  # type: ignore[attr-defined]
        yield item
        if not isinstance(item, LTTextLine | LTChar | LTImage | LTFigure) and hasattr(
            item, "__iter__"
        ):
            yield from _walk(item)


def _line(item: LTTextLine) -> Line | None:
    chars = [c for c in item if isinstance(c, LTChar)]
    if not chars:
        return None
    glyphs = [Glyph(c.get_text(), c.x0, c.x1, c.y0, c.size) for c in chars]
    sizes = Counter(round(c.size, 1) for c in chars if c.get_text().strip())
    size = sizes.most_common(1)[0][0] if sizes else chars[0].size
    bold = statistics.mean("Bold" in c.fontname or "Semi" in c.fontname for c in chars) > 0.5
    mono = statistics.mean(_MONO.search(c.fontname) is not None for c in chars) > 0.5
    return Line(item.x0, item.x1, item.y0, item.y1, size, bold, mono, glyphs)


def _links(reader: pypdf.PdfReader, raw: pypdf.PageObject) -> Iterator[Link]:
    for annot in raw.get("/Annots", []) or []:
        annot = annot.get_object()
        if annot.get("/Subtype") != "/Link":
            continue
        rect = tuple(float(v) for v in annot["/Rect"])
        target = _target(reader, annot)
        yield Link(
            (
                min(rect[0], rect[2]),
                min(rect[1], rect[3]),
                max(rect[0], rect[2]),
                max(rect[1], rect[3]),
            ),
            target,
        )


def _target(reader: pypdf.PdfReader, annot: object) -> int | None:
    dest = annot.get("/Dest")  # type: ignore[attr-defined]
    action = annot.get("/A")  # type: ignore[attr-defined]
    if dest is None and action is not None:
        dest = action.get_object().get("/D")
    if dest is None:
        return None
    dest = dest.get_object() if hasattr(dest, "get_object") else dest
    if isinstance(dest, str | bytes) or hasattr(dest, "original_bytes"):
        named = reader.named_destinations.get(str(dest))
        return None if named is None else reader.get_destination_page_number(named)
    try:
        return reader.get_page_number(dest[0].get_object())  # type: ignore[index]
    except (ValueError, IndexError, TypeError):
        return None


def _text_under(page: Page, rect: tuple[float, float, float, float]) -> str:
    """The glyphs whose centre lies in RECT (widened a little: rectangles hug the text)."""
    x0, y0, x1, y1 = rect
    out = []
    for line in page.lines:
        for g in line.glyphs:
            cx = (g.x0 + g.x1) / 2
            if x0 - 0.5 <= cx <= x1 + 0.5 and y0 - 2 <= g.y0 <= y1 + 0.5:
                out.append(g.text)
    return "".join(out).strip()
