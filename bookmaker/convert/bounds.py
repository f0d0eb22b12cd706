"""convert: a post past the `[limits]` on links or table cells is refused before any pass runs
over it.  Every pass of convert costs time in proportion to them, and the PDF's layout most of
all: WeasyPrint takes about 2 ms and 18 kB for each table cell, so a table of 200 columns and 500
rows ran past pdf.time_limit (ten minutes) in 2 GB."""

from __future__ import annotations

from bs4 import Tag

from bookmaker.limits import LimitError, Limits, over

CELLS = {"td", "th"}


def refuse_past_limits(body: Tag, limits: Limits, path: str) -> None:
    """Count the links out of the post (a footnote's `#fn1` is a note, counted against
    limits.notes_per_chapter once the notes are made) and the table cells, in one walk."""
    links = cells = 0
    for node in body.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name == "a":
            href = node.get("href")
            if href is not None and not str(href).startswith("#"):
                links += 1
        elif node.name in CELLS:
            cells += 1
    if links > limits.links_per_chapter:
        message = over(
            f"the post has {links:,} links", "links_per_chapter", limits.links_per_chapter
        )
        raise LimitError(message, path)
    most = limits.table_cells_per_chapter
    if cells > most:
        raise LimitError(
            over(f"the post has {cells:,} table cells", "table_cells_per_chapter", most), path
        )
