"""Reading built PDFs back for assertions: page labels, outline, links, metadata (pypdf) and
where each character is drawn (pdfminer.six), so tests check what a reader sees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pypdf import PdfReader

MM = 72 / 25.4


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class PdfBook:
    path: Path
    reader: PdfReader = field(init=False)

    def __post_init__(self) -> None:
        self.reader = PdfReader(str(self.path))

    @property
    def pages(self):
        return self.reader.pages

    @cached_property
    def labels(self) -> list[str]:
        return list(self.reader.page_labels)

    @cached_property
    def outline(self) -> list[tuple[int, str, int]]:
        """(depth, title, page index) in document order."""
        out: list[tuple[int, str, int]] = []

        def walk(items, depth: int) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    out.append((depth, item.title, self.reader.get_destination_page_number(item)))

        walk(self.reader.outline, 0)
        return out

    @cached_property
    def named_pages(self) -> dict[str, int]:
        """Named destination → page index."""
        return {
            name: self.reader.get_destination_page_number(dest)
            for name, dest in self.reader.named_destinations.items()
        }

    def links(self, index: int) -> list[dict]:
        """The link annotations of page INDEX: {'dest': name} or {'uri': url}."""
        out = []
        for annot in self.pages[index].get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annot:
                out.append({"dest": str(annot["/Dest"])})
            elif "/A" in annot and "/URI" in annot["/A"]:
                out.append({"uri": str(annot["/A"]["/URI"])})
        return out

    @cached_property
    def _layout(self) -> list[tuple[list[Glyph], list[Line]]]:
        from pdfminer.high_level import extract_pages

        pages = []
        for index, page in enumerate(extract_pages(str(self.path))):
            # pdfminer measures from the media box's corner; tests compare with PDF boxes.
            dx, dy, _, _ = self.box(index, "/MediaBox")
            glyphs, lines = _items(page, dx, dy)
            pages.append((glyphs, lines))
        return pages

    def glyphs(self, index: int) -> list[Glyph]:
        return self._layout[index][0]

    def lines(self, index: int) -> list[Line]:
        return self._layout[index][1]

    def text(self, index: int) -> str:
        return " ".join(
            line.text for line in sorted(self.lines(index), key=lambda line: (-line.y1, line.x0))
        )

    def box(self, index: int, name: str = "/TrimBox") -> tuple[float, float, float, float]:
        page = self.pages[index]
        box = page.get(name) or page.mediabox
        return tuple(float(v) for v in box)  # type: ignore[return-value]

    def head(self, index: int, top_mm: float) -> str:
        """Text drawn in the top margin (the running head) of page INDEX."""
        _, _, _, top = self.box(index)
        return " ".join(line.text for line in self.lines(index) if line.y0 > top - top_mm * MM)


def squash(text: str) -> str:
    """Text without whitespace, soft hyphens or the hyphens WeasyPrint adds at line ends."""
    return re.sub(r"[\s\u00ad\u2010]", "", text)


def roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def _items(page, dx: float, dy: float) -> tuple[list[Glyph], list[Line]]:
    """The glyphs and text lines of a pdfminer page, moved by (DX, DY) into PDF coordinates."""
    from pdfminer.layout import LTChar, LTTextLine

    glyphs: list[Glyph] = []
    lines: list[Line] = []

    def at(bbox) -> tuple[float, float, float, float]:
        return bbox[0] + dx, bbox[1] + dy, bbox[2] + dx, bbox[3] + dy

    def walk(obj) -> None:
        if isinstance(obj, LTTextLine):
            lines.append(Line(obj.get_text().strip(), *at(obj.bbox)))
        if isinstance(obj, LTChar):
            glyphs.append(Glyph(obj.get_text(), *at(obj.bbox)))
        elif hasattr(obj, "__iter__"):
            for child in obj:
                walk(child)

    walk(page)
    return glyphs, lines
