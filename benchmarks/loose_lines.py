"""Loose justified lines in a finished PDF: a measurement, not a check rule (issue 12).

    python benchmarks/loose_lines.py BOOK.pdf [BOOK.pdf ...] [--over RATIO]

For each full-width line of body text with three word gaps or more, the median gap between
words against the font's own space (the width of the space glyph in that line), and the lines
whose median is more than RATIO (default 3) times it, page by page.  `bookmaker check` has no
such rule: on the sample book the lines it finds at 3x come from the join of a paragraph's
last two words (a loose line or a one-word last line: first-fit line breaking cannot have
neither), so a rule would fail the samples on a trade-off, not a fault (RESULTS.md, issue 12).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from bookmaker.check.pdf_pages import Line, read_pdf
from bookmaker.check.typesetting import _is_body, body_rows, measure


def spacing(line: Line) -> tuple[float, int]:
    """The median word gap over the natural space, and the number of gaps."""
    gaps, spaces = [], []
    glyphs = line.glyphs
    for k in range(1, len(glyphs) - 1):
        before, space, after = glyphs[k - 1 : k + 2]
        if space.text == " " and before.text != " " and after.text != " ":
            gaps.append(after.x0 - before.x1)
            spaces.append(space.x1 - space.x0)
    if len(gaps) < 3 or statistics.median(spaces) <= 0:
        return 0.0, len(gaps)
    return statistics.median(gaps) / statistics.median(spaces), len(gaps)


def loose_lines(path: Path, over: float) -> list[tuple[str, float, str]]:
    pages = read_pdf(path)
    block = measure(pages)
    found = []
    for page in pages if block else []:
        edge = block.right[page.index % 2]
        for line in body_rows(page):
            if _is_body(line, block.size) and line.x1 >= edge - 1:
                ratio, _ = spacing(line)
                if ratio > over:
                    found.append((page.name, ratio, line.text))
    return found


def main(argv: list[str]) -> None:
    over = float(argv[argv.index("--over") + 1]) if "--over" in argv else 3.0
    books = [a for a in argv if a.endswith(".pdf")]
    for book in books:
        found = loose_lines(Path(book), over)
        print(f"{book}: {len(found)} line(s) with word gaps over {over:g}x the space")
        for name, ratio, text in found:
            print(f"  {name}: {ratio:.2f}x  “{text[:70]}”")


if __name__ == "__main__":
    main(sys.argv[1:])
