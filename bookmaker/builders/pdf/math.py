"""build, print edition: MathML drawn as SVG, since WeasyPrint does not lay MathML out.

Each `<math>` of the print document (convert made it from TeX, and kept the TeX as `alttext`)
becomes an `<img class="math">` of an SVG that ziamath draws from that TeX with its own
latex2mathml, the converter the EPUB's MathML came from: the same math in both editions.
The glyphs are paths (STIX Two Math, bundled with ziamath), so the PDF needs no math font.
The image is sized in `em`, so it follows the text around it, and sits on its baseline; its
alt text is the TeX.  Math ziamath cannot draw is printed as its TeX, in `code.math`.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import re
from collections.abc import Iterator
from types import ModuleType

from lxml.html import HtmlElement, fragment_fromstring

from bookmaker.tex import readable

#: ziamath draws at this size; the image's box is then given in ems of the text around it.
_SIZE = 10.0
_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')


def math_images(doc: HtmlElement) -> None:
    """Every `<math>` in DOC replaced by its drawing (or its TeX)."""
    for math in list(doc.iter("math")):
        tex = (math.get("alttext") or math.text_content()).strip()
        display = math.get("display") == "block"
        drawn = drawing(tex, display)
        if drawn is None:
            new = fragment_fromstring('<code class="math"></code>')
            new.text = tex
        else:
            src, style = drawn
            new = fragment_fromstring('<img class="math"/>')
            new.set("src", src)
            new.set("alt", tex)
            new.set("style", style)
            if display:
                new.set("class", "math display")
        new.tail = math.tail
        math.getparent().replace(math, new)


@functools.lru_cache(maxsize=1024)
def drawing(tex: str, display: bool) -> tuple[str, str] | None:
    """(data: URL of the SVG, the CSS that sizes it) for TEX, None when it cannot be drawn."""
    if not tex:
        return None
    # Imported here: it takes 0.7 s (it loads its math font), which a book without math
    # should not pay.
    import ziamath

    try:
        with _paths_only(ziamath):
            svg = ziamath.Latex(readable(tex), size=_SIZE, inline=not display).svg()
    except Exception:  # noqa: BLE001 - ziamath raises many kinds on TeX it cannot read
        return None
    box = _VIEWBOX.search(svg)
    if box is None:
        return None
    _, top, width, height = (float(v) for v in box.groups())
    depth = top + height  # below the baseline
    if display:  # its height follows the width, which a long formula may have to give up
        style = f"width:{width / _SIZE:.3f}em"
    else:
        style = (
            f"width:{width / _SIZE:.3f}em;height:{height / _SIZE:.3f}em;"
            f"vertical-align:{-depth / _SIZE:.3f}em"
        )
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{data}", style


@contextlib.contextmanager
def _paths_only(zm: ModuleType) -> Iterator[None]:
    """Glyphs drawn as plain paths (SVG 1.1), not `<symbol>`s shared through `<use>`;
    ziamath's setting restored after."""
    saved = zm.config.svg2
    zm.config.svg2 = False
    try:
        yield
    finally:
        zm.config.svg2 = saved
