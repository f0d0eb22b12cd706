"""build: what WeasyPrint does not write, added to its PDF objects before the file is written
(a `finisher`: no second pass over the file, so builds stay byte-identical).

- /PageLabels, so a viewer shows the folio printed on the page ("iii", then "1");
- the /BleedBox the print shop asked for: WeasyPrint puts it at most 10 pt outside the trim,
  and with crop marks its media box must be wider than the bleed to leave the marks room;
- for PDF/A, images without /Interpolate true (PDF/A-2 and 3 forbid it; WeasyPrint sets it
  for `image-rendering: auto`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MM_TO_PT = 72 / 25.4


@dataclass(frozen=True)
class Finish:
    #: Pages before the body: lower-case roman labels, then arabic from 1.
    front: int
    #: The bleed the config asked for, in millimetres (0: no bleed box change).
    bleed_mm: float = 0.0
    pdfa: bool = False

    def label_ranges(self) -> list[tuple[int, str, int]]:
        """(first page index, PDF style, first number) of each labelled range."""
        if self.front <= 0:
            return [(0, "D", 1)]
        return [(0, "r", 1), (self.front, "D", 1)]

    def __call__(self, document: Any, pdf: Any) -> None:
        import pydyf

        nums = pydyf.Array()
        for index, style, start in self.label_ranges():
            nums.extend([index, pydyf.Dictionary({"S": f"/{style}", "St": start})])
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": nums})
        b = self.bleed_mm * MM_TO_PT
        for obj in pdf.objects:
            if b > 0 and isinstance(obj, dict) and obj.get("Type") == "/Page" and "TrimBox" in obj:
                x0, y0, x1, y1 = obj["TrimBox"]
                obj["BleedBox"] = pydyf.Array([x0 - b, y0 - b, x1 + b, y1 + b])
            extra = getattr(obj, "extra", None)
            if self.pdfa and isinstance(extra, dict) and extra.get("Subtype") == "/Image":
                extra["Interpolate"] = "false"
