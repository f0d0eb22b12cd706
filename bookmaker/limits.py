"""How much work one post may cost: the `[limits]` section of book.toml (images and the cover
are bounded by `[images]`: `max_pixels` and `max_mb`).

Posts come from scrapers and old exports; one of them can be 20 MB, hold 20,000 links, a
table of 100,000 cells or one nested a thousand deep.  Reading, converting and laying out a
post take time roughly linear in its size, and these limits keep that size sensible: going
past one is an error (or, for nesting, a warning) that names the post and the key to raise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from bookmaker.errors import BookmakerError

MEGA = 1_000_000


def positive(value: float) -> float:
    """A finite number above 0 (a limit of `inf` or `nan` bounds nothing)."""
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"expected a number above 0; got {value!r}")
    return value


def at_least_one(value: int) -> int:
    if value < 1:
        raise ValueError(f"expected a whole number of at least 1; got {value!r}")
    return value


def depth(value: int) -> int:
    if not 1 <= value <= 200:
        raise ValueError(f"expected a whole number from 1 to 200; got {value!r}")
    return value


@dataclass(frozen=True)
class Limits:
    """`[limits]`: each one bounds the work of one post."""

    #: A post file bigger than this many megabytes is not read.
    post_megabytes: Annotated[float, positive] = 5.0
    #: Elements nested deeper than this lose their tags (their text stays); front matter
    #: nested deeper is refused.  At most 200: XML readers refuse documents deeper than 256.
    nesting_depth: Annotated[int, depth] = 32
    #: Links in one post.
    links_per_chapter: Annotated[int, at_least_one] = 5000
    #: Notes in one chapter (one per linked address, and the post's own footnotes).
    notes_per_chapter: Annotated[int, at_least_one] = 2000
    #: Table cells in one post: the PDF lays each out in about 2 ms, in 18 kB.
    table_cells_per_chapter: Annotated[int, at_least_one] = 20000

    @property
    def post_bytes(self) -> int:
        return int(self.post_megabytes * MEGA)


class LimitError(BookmakerError):
    """A post goes past one of the `[limits]`."""

    category = "limit"


def over(found: str, key: str, limit: float) -> str:
    """The message for a limit passed: what was FOUND, and the key that would allow it."""
    return f"{found}, more than limits.{key} = {limit:g} allows (raise it in book.toml)"


def size_text(count: int) -> str:
    """A file's size as people say it: `20.0 MB`, `2.5 kB`."""
    return f"{count / MEGA:.1f} MB" if count >= 100_000 else f"{count / 1000:.1f} kB"


def read_at_most(path: Path, limit: int) -> bytes | None:
    """The bytes of PATH, or None when it holds more than LIMIT bytes; never reads more than
    LIMIT + 1 bytes, so `/dev/zero` or a named pipe cannot fill the memory."""
    with path.open("rb") as file:
        data = file.read(limit + 1)
    return None if len(data) > limit else data


#: The limits of a book without a `[limits]` section.
DEFAULT_LIMITS = Limits()
