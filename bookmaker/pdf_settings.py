"""config: `[pdf]`, the settings of the print edition (a module of its own to keep the config
short; `bookmaker.config` exports its sections)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

from bookmaker.geometry import check_length, check_page_size

__all__ = ["PdfMargins", "PdfSection"]


def _seconds(value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"expected a number of seconds above 0; got {value!r}")
    return value


@dataclass(frozen=True)
class PdfMargins:
    """Margins of the print page; one left out is a proportion of the trim size."""

    top: Annotated[str, check_length] | None = None
    bottom: Annotated[str, check_length] | None = None
    inner: Annotated[str, check_length] | None = None
    outer: Annotated[str, check_length] | None = None


@dataclass(frozen=True)
class PdfSection:
    #: A5, A4, letter, 6x9in, 5.5x8.5in, or WIDTHxHEIGHT with a unit.
    page_size: Annotated[str, check_page_size] = "A5"
    margins: PdfMargins = PdfMargins()
    #: Bleed around the trim box for the print shop, e.g. "3mm"; 0 for none.
    bleed: Annotated[str, check_length] = "0"
    crop_marks: bool = False
    #: "chapter": notes at the end of each chapter; "footnote": at the foot of the page.
    notes: Literal["chapter", "footnote"] = "chapter"
    #: "print": chapters open on a right-hand page, links printed; "screen": live, coloured links.
    edition: Literal["print", "screen"] = "print"
    variant: Literal["pdf/a-3b", "pdf/ua-1"] | None = None
    #: Seconds WeasyPrint may take to lay out and write one chapter (the whole book for the
    #: PDF/A and PDF/UA variants, which are laid out as one document) before the build gives up.
    time_limit: Annotated[float, _seconds] = 600.0
