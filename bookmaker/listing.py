"""`bookmaker list`: the posts a book will hold, as aligned lines of text (posts → lines).

Columns are as wide as their widest entry, counting a Chinese or Japanese character as two,
as a terminal shows it; nothing is cut, so a line can be searched for a whole title.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from bookmaker.model import Post

HEADINGS = ("DATE", "TITLE", "AUTHORS", "TAGS", "FILE")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def post_row(post: Post, root: Path) -> tuple[str, ...]:
    try:
        shown = post.path.relative_to(root).as_posix()
    except ValueError:
        shown = post.display_path
    return (
        post.date.strftime("%Y-%m-%d") if post.date else "undated",
        post.title,
        ", ".join(p.name for p in post.authors) or "-",
        ", ".join(post.tags) or "-",
        shown,
    )


def post_table(posts: list[Post], root: Path) -> list[str]:
    """A heading line, then one line per post, in the order given."""
    rows = [HEADINGS, *(post_row(p, root) for p in posts)]
    widths = [max(width(row[i]) for row in rows) for i in range(len(HEADINGS))]
    return [
        "  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]
