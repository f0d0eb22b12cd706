"""Page geometry of the print edition: trim sizes, lengths and margins → the `@page` CSS.

Pure and small, so config validation (`pdf.page_size`, `pdf.margins.*`, `pdf.bleed`) and the
PDF builder read the same rules.  Lengths are kept in millimetres and written back as `mm`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Trim sizes by config name, in millimetres (width, height).
TRIM_SIZES: dict[str, tuple[float, float]] = {
    "A5": (148.0, 210.0),
    "A4": (210.0, 297.0),
    "letter": (215.9, 279.4),
    "6x9in": (152.4, 228.6),
    "5.5x8.5in": (139.7, 215.9),
}
_UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}
_NUMBER = r"(\d+(?:\.\d+)?)"
_LENGTH = re.compile(rf"^\s*{_NUMBER}\s*(mm|cm|in|pt|px)?\s*$")
_SIZE = re.compile(
    rf"^\s*{_NUMBER}\s*(mm|cm|in|pt)?\s*[x×*]\s*{_NUMBER}\s*(mm|cm|in|pt)\s*$", re.IGNORECASE
)
SIZE_HELP = f"one of {', '.join(TRIM_SIZES)}, or WIDTHxHEIGHT with a unit (e.g. 150x220mm, 7x10in)"


def length_mm(value: str) -> float:
    """'3mm', '0.125in', '9pt' → millimetres; a bare 0 is allowed.
    The ValueError says what is wanted."""
    m = _LENGTH.match(str(value).lower())
    if m is None or (m[2] is None and float(m[1]) != 0):
        raise ValueError(
            f"expected a length with a unit (mm, cm, in, pt), e.g. '3mm'; got {value!r}"
        )
    return float(m[1]) * _UNITS_MM[m[2] or "mm"]


def check_length(value: str) -> str:
    length_mm(value)
    return value


def trim_size_mm(value: str) -> tuple[float, float]:
    """A config page size → (width, height) in millimetres."""
    named = {k.lower(): v for k, v in TRIM_SIZES.items()}
    if str(value).strip().lower() in named:
        return named[str(value).strip().lower()]
    m = _SIZE.match(str(value))
    if m is None:
        raise ValueError(f"expected {SIZE_HELP}; got {value!r}")
    unit_w, unit_h = (m[2] or m[4]).lower(), m[4].lower()
    width, height = float(m[1]) * _UNITS_MM[unit_w], float(m[3]) * _UNITS_MM[unit_h]
    if not (50 <= width <= 1200 and 50 <= height <= 1200):
        raise ValueError(
            f"a page of {width:.0f}×{height:.0f} mm is not a book page (50 to 1200 mm a side); "
            f"got {value!r}"
        )
    return width, height


def check_page_size(value: str) -> str:
    trim_size_mm(value)
    return value


@dataclass(frozen=True)
class Geometry:
    """Trim size, margins (inner = binding side), bleed, all in millimetres."""

    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    bleed: float = 0.0
    crop_marks: bool = False
    mirrored: bool = True

    @property
    def media_bleed(self) -> float:
        """How far the PDF's media box reaches past the trim.  WeasyPrint draws crop marks in
        the outer half of that area, so with marks it is twice the bleed plus room for them:
        the marks then start outside the bleed, where a print shop expects them."""
        if not self.crop_marks:
            return self.bleed
        return max(2 * self.bleed + 4.0, 12.0)

    def css(self) -> str:
        """The `@page` rules: size, mirrored margins, bleed and marks.  Appended after the theme's
        sheets, so the book's config wins over a theme."""

        def mm(v: float) -> str:
            return f"{v:.2f}".rstrip("0").rstrip(".") + "mm"

        lines = [
            "/* Generated from the book's [pdf] config: page geometry. */",
            (
                f"@page {{ size: {mm(self.width)} {mm(self.height)}; "
                f"margin: {mm(self.top)} {mm(self.outer)} {mm(self.bottom)} {mm(self.inner)};"
            ),
        ]
        if self.bleed or self.crop_marks:
            lines[-1] += f" bleed: {mm(self.media_bleed)};"
        if self.crop_marks:
            lines[-1] += " marks: crop cross;"
        lines[-1] += " }"
        # The height a page's text may take: the copyright page fills it, its colophon at the foot.
        lines.append(f":root {{ --page-area-height: {mm(self.height - self.top - self.bottom)}; }}")
        if self.mirrored:
            lines.append(
                f"@page :left {{ margin-left: {mm(self.outer)}; margin-right: {mm(self.inner)}; }}"
            )
            lines.append(
                f"@page :right {{ margin-left: {mm(self.inner)}; margin-right: {mm(self.outer)}; }}"
            )
        else:
            side = (self.inner + self.outer) / 2
            lines.append(
                f"@page :left, :right {{ margin-left: {mm(side)}; margin-right: {mm(side)}; }}"
            )
        return "\n".join(lines) + "\n"


def geometry(
    page_size: str,
    top: str | None = None,
    bottom: str | None = None,
    inner: str | None = None,
    outer: str | None = None,
    bleed: str = "0",
    crop_marks: bool = False,
    mirrored: bool = True,
) -> Geometry:
    """The page geometry from config values; a margin not given is a proportion of the page,
    so an A4 book gets wider margins than an A5 one (a paperback's proportions)."""
    width, height = trim_size_mm(page_size)

    def pick(value: str | None, default: float) -> float:
        return length_mm(value) if value is not None else round(default, 1)

    return Geometry(
        width=width,
        height=height,
        top=pick(top, 0.075 * height),
        bottom=pick(bottom, 0.1 * height),
        inner=pick(inner, 0.13 * width),
        outer=pick(outer, 0.1 * width),
        bleed=length_mm(bleed),
        crop_marks=crop_marks,
        mirrored=mirrored,
    )
