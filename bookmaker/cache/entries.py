"""Build cache: what an entry holds, and when a chapter's entry still holds.

A post's reading depends on its bytes alone (and the settings in its name), so a `ReadEntry`
found by name is right.  Its conversion also depends on the rest of the book: where each link
leads (the link index, built from every post) and what the images stage found for each of its
images (an `Asset`, whose content digest changes with the file, or why it is not in the book).  So a
`ConvertEntry` carries the answers its conversion got (`Lookups`) and is used only while the
book still gives the same answers; the numbering through the book and the contributors index
are worked out again from the chapters on every build (assemble), never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bookmaker.errors import Diagnostic
from bookmaker.model import Asset, Chapter, Post


@dataclass(frozen=True)
class ReadEntry:
    """A post as read, and the warnings reading it gave."""

    post: Post
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Lookups:
    """What a conversion asked the book: each link's chapter (or None: it leaves the book) and
    each image's asset (or why it is not in the book, or None: nobody looked), and the link
    index it asked (its digest)."""

    index: str
    links: tuple[tuple[str, str | None], ...]
    assets: tuple[tuple[str, Asset | str | None], ...]

    def still_hold(
        self,
        index: str,
        find_chapter: Callable[[str], str | None],
        resolve_asset: Callable[[str], Asset | str | None],
    ) -> bool:
        """Whether the book gives the same answers now (the index is asked again only when it
        changed: a post added, removed or renamed)."""
        if index != self.index and any(find_chapter(h) != found for h, found in self.links):
            return False
        return all(resolve_asset(src) == asset for src, asset in self.assets)


@dataclass(frozen=True)
class ConvertEntry:
    """A post's chapter, the warnings converting it gave, what it asked the book, and what it
    found that is no fault (for `-v`)."""

    chapter: Chapter
    warnings: tuple[Diagnostic, ...]
    lookups: Lookups
    notes: tuple[Diagnostic, ...] = ()
