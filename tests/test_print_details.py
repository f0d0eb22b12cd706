"""Details a book designer saw on the laid-out page (issue 12, items 8 and 9), tested on the
PDF itself: an address in the text breaks without a hyphen, an image alone in its paragraph
stays inside the text block, the drop cap is two lines high with no hole under it, code keeps
"->" as two characters in a monospace, the contents' page numbers are lining figures; and a
Markdown post gets typographic quotes and dashes in both editions."""

from __future__ import annotations

import re
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest
from helpers.text import epub_documents, normal, pdf_text
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTImage, LTPage
from PIL import Image

from bookmaker.pipeline import build

ADDRESS = "dev.craftwordpressblog.com/2020/11/lendinglibrarynotes/index.html"
FILLER = "Every library is an argument about what deserves to last on its shelves"
ADDRESSES = "\n\n".join(
    f"{' '.join(FILLER.split()[:n])} see {ADDRESS} for more." for n in range(2, 12)
)
POST = f"""---
title: Details on the Page
date: 2024-01-01
author: Ada Lovelace
---
{FILLER}, and this opening paragraph is long enough to take the drop cap of the chapter and
to run for several lines beside it and under it, so that the reader sees where the initial
ends and the full measure of the text begins again, as it should in any well-made book.

"Keep" it's -- said the editor --- twice...

{ADDRESSES}

![A wide picture](wide.png)

Inline `x -> y` and a listing:

```
a -> b
```

<pre>p -> q</pre>

We use the **[-> (thread-first)](https://clojuredocs.org/clojure.core/-%3E)** macro.
"""


@pytest.fixture(scope="module")
def details(tmp_path_factory: pytest.TempPathFactory, epub_registry):
    """The one-post book in the themes that show each detail: {theme: report}."""
    book = tmp_path_factory.mktemp("details") / "book"
    book.mkdir()
    (book / "2024-01-01-details.md").write_text(POST)
    (book / "2024-01-02-more.md").write_text("---\ntitle: More Notes\n---\nA second post.\n")
    Image.new("RGB", (1600, 400), (40, 90, 140)).save(book / "wide.png")
    reports = {}
    for theme in ("default", "classic", "modern"):
        reports[theme] = build(book, ["epub", "pdf"], book.parent / theme, theme_name=theme)
        epub_registry.register(reports[theme].results[0].path)
    return reports


def pdf_of(report) -> Path:
    return report.results[1].path


def chars(item) -> list[LTChar]:
    """The glyphs under ITEM (a page, a text box…), in the order pdfminer reads them."""
    if isinstance(item, LTChar):
        return [item]
    return [c for child in item for c in chars(child)] if hasattr(item, "__iter__") else []


def images(item) -> list[LTImage]:
    if isinstance(item, LTImage):
        return [item]
    return [i for child in item for i in images(child)] if hasattr(item, "__iter__") else []


def body_lines(page: LTPage, size: float) -> list[tuple[float, float, str]]:
    """(top, left, text) of each line of SIZE-point text on PAGE, top first (small capitals
    and raised numbers included: they share their line's baseline or near it)."""
    lines: list[list[LTChar]] = []
    for c in sorted(chars(page), key=lambda c: -c.y0):
        if 0.6 * size <= c.size <= 1.1 * size:
            if lines and lines[-1][0].y0 - c.y0 < 0.4 * size:
                lines[-1].append(c)
            else:
                lines.append([c])
    return [
        (
            cs[0].y0,
            min(c.x0 for c in cs),
            "".join(c.get_text() for c in sorted(cs, key=lambda c: c.x0)),
        )
        for cs in lines
    ]


def body_size(pages: list[LTPage]) -> float:
    sizes = [round(c.size, 1) for p in pages for c in chars(p)]
    return max(set(sizes), key=sizes.count)


def test_an_address_in_the_text_breaks_without_a_hyphen(details):
    """Item 8: "dev-/craft.wordpress.com" — an address is not a word to hyphenate."""
    lines = [line.rstrip() for line in _text_lines(pdf_of(details["default"]))]
    pieces = [line.split()[-1] for line in lines if line and ADDRESS.startswith(line.split()[-1])]
    assert len(pieces) >= 3  # the addresses do break at the line ends
    hyphenated = [
        (line, after)
        for line, after in pairwise(lines)
        if line.endswith(("-", "\u2010"))
        and after.split()
        and line.split()[-1][:-1] + after.split()[0][:3] in ADDRESS
    ]
    assert hyphenated == []


def _text_lines(pdf: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


def test_markdown_quotes_and_dashes_are_typographic_in_both_editions(details):
    """Item 8: Markdown posts kept straight quotes and " - " dashes."""
    report = details["default"]
    chapter = next(v for k, v in epub_documents(report.results[0].path).items() if "chapter-" in k)
    printed = normal(pdf_text(pdf_of(report)).replace("\xa0", " "))
    for text in (normal(re.sub(r"<[^>]+>", "", chapter)), printed):
        assert "“Keep” it’s – said the editor — twice…" in text


def test_an_image_alone_in_its_paragraph_stays_in_the_text_block(details):
    """Item 9: a figure pushed 4 mm into the margin by the paragraph indent."""
    for theme, report in details.items():
        pages = list(extract_pages(pdf_of(report)))
        size = body_size(pages)
        (page,) = [p for p in pages if images(p)]
        (image,) = images(page)
        text = [c for c in chars(page) if abs(c.size - size) < 0.3]
        left, right = min(c.x0 for c in text), max(c.x1 for c in text)
        # the image fills the measure from the text's left edge (modern's ragged lines end short)
        assert abs(image.x0 - left) < 0.5, (theme, image.bbox, left)
        assert theme == "modern" or image.x1 <= right + 0.5, (theme, image.bbox, right)


def test_the_drop_cap_is_two_lines_high_and_the_third_line_is_full(details):
    """Item 9: a drop cap two lines tall left a three-line indent hole beside it."""
    pages = list(extract_pages(pdf_of(details["default"])))
    size = body_size(pages)
    page, initial = next(
        (p, c) for p in pages for c in chars(p) if c.get_text() == "E" and c.size > 2 * size
    )
    lines = [line for line in body_lines(page, size) if line[0] <= initial.y1]
    left = min(x for _, x, _ in lines)
    beside = [text for _, x, text in lines[:4] if x > left + 2]
    assert beside and beside[0].lower().startswith("very library")
    assert len(beside) == 2, beside  # two lines beside the initial, the third at the margin


def test_the_authors_arrow_stays_two_characters_and_code_is_monospaced(details):
    """Item 9: Inter's contextual forms turned `->` into an arrow (modern), in a bold link's
    text ("the -> (thread-first) macro", a corpus post) and in its note."""
    pages = list(extract_pages(pdf_of(details["modern"])))
    glyphs = [c for p in pages for c in sorted(chars(p), key=lambda c: (-round(c.y0), c.x0))]
    arrows = [(a, b) for a, b in pairwise(glyphs) if a.get_text() == "-" and b.get_text() == ">"]
    assert not [c.fontname for c in glyphs if c.get_text() in ("→", "->")]
    assert len(arrows) == 5  # inline code, the listing, the raw <pre>, the text, its note
    assert sum("Mono" in a.fontname and "Mono" in b.fontname for a, b in arrows) == 3


def test_the_contents_page_numbers_are_lining_figures(details, tmp_path: Path):
    """Item 9: an old-style "11" reads as a roman "II" in classic's contents: the page number
    stands as tall as the capital that opens its entry."""
    pdf = pdf_of(details["classic"])
    pages = list(extract_pages(pdf))
    number, page = next(
        (n, p)
        for n, p in enumerate(pages, 1)
        if "contents" in "".join(c.get_text().strip() for c in chars(p)).lower()
    )
    capital = next(c for c in chars(page) if c.get_text() == "D" and c.size < 14)  # "Details…"
    entry = [c for c in chars(page) if abs(c.y0 - capital.y0) < 2 and c.get_text().isdigit()]
    folio = max(entry, key=lambda c: c.x1)
    assert folio.get_text() == "1"  # the chapter's page, with a dot leader before it
    dpi = 300
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(number), "-l", str(number), "-singlefile",
         "-png", str(pdf), str(tmp_path / "contents")],
        check=True,
    )  # fmt: skip
    image = Image.open(tmp_path / "contents.png").convert("L")

    def ink_height(c: LTChar) -> int:
        scale = dpi / 72
        box = (c.x0 * scale, image.height - c.y1 * scale, c.x1 * scale, image.height - c.y0 * scale)
        crop = image.crop(tuple(round(v) for v in box))
        rows = [
            y
            for y in range(crop.height)
            if crop.crop((0, y, crop.width, y + 1)).getextrema()[0] < 128
        ]
        return rows[-1] - rows[0] + 1

    assert ink_height(folio) >= 0.9 * ink_height(capital)


def test_words_break_where_american_patterns_allow(seed_build):
    """Item 13: plain `en` was hyphenated with British patterns ("authorit-arian", "secur-ity",
    "Russi-an" in the seed); every break at a line end is one en-US patterns allow."""
    pyphen = pytest.importorskip("pyphen")
    american = pyphen.Pyphen(lang="en_US")
    text = subprocess.run(
        ["pdftotext", str(seed_build.results[1].path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    breaks = re.findall(r"([A-Za-z]+)\u2010\n([a-z]+)", text)
    assert len(breaks) >= 10
    assert [
        f"{a}-{b}" for a, b in breaks if len(a) not in american.positions((a + b).lower())
    ] == []
