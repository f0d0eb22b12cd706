"""Stage 1, read: files on disk → `Post`s (front matter normalised, body as HTML).

The only stage that reads post files.  Errors are `ReadError`s that name the file and line.
`read_book` decides which posts a book has: every post file under the source, in path order,
drafts left out unless asked for, each with a slug no other post has; with `keep_going`, a
post that cannot be read is set aside and reported instead of stopping the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from bookmaker import ids
from bookmaker.errors import BookmakerError, Diagnostic
from bookmaker.limits import DEFAULT_LIMITS, Limits
from bookmaker.model import Post
from bookmaker.path_safety import is_inside
from bookmaker.read.discover import discover
from bookmaker.read.liquid import NO_SITE, Site
from bookmaker.read.post import read_post

__all__ = ["Reading", "Site", "discover", "read_book", "read_post", "unique_slugs"]


@dataclass
class Reading:
    """What reading a book's sources gave."""

    posts: list[Post] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    #: Posts that could not be read (with `keep_going`; without it the first one stops the run).
    failed: list[BookmakerError] = field(default_factory=list)
    #: The display paths of the drafts left out.
    drafts: list[str] = field(default_factory=list)


def read_book(
    source: Path,
    *,
    site: Site = NO_SITE,
    include_drafts: bool = False,
    keep_going: bool = False,
    skip: Path | None = None,
    root: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Reading:
    """The posts of SOURCE (a post, or a folder of posts), leaving out any under SKIP (the
    build's output folder); with ROOT (the book's folder), a post that links to a file
    outside it is refused; a post past LIMITS is refused too."""
    reading = Reading()
    for path in discover(source):
        if skip is not None and is_inside(path, skip):
            continue
        try:
            post, diags = read_post(path, site, root, limits)
        except BookmakerError as exc:
            if not keep_going:
                raise
            reading.failed.append(exc)
            continue
        reading.warnings.extend(diags.items)
        if post.draft and not include_drafts:
            reading.drafts.append(post.display_path)
            continue
        reading.posts.append(post)
    reading.posts = unique_slugs(reading.posts)
    return reading


def unique_slugs(posts: list[Post]) -> list[Post]:
    """POSTS with slugs made unique in their order (`-2`, `-3`, …), so each chapter id is one
    no other chapter has, nor any id given inside another chapter (`travel` has `travel-notes`:
    a post titled "Travel notes" becomes `travel-notes-2`)."""
    taken: set[str] = set()
    held: set[str] = set()  # the chapters inside which the taken ids could have been given
    out = []
    for post in posts:
        slug, n = post.slug, 1
        while _clashes(chapter := ids.chapter_id(slug), taken, held):
            n += 1
            slug = f"{post.slug}-{n}"
        taken.add(chapter)
        held |= ids.holders(chapter)
        out.append(post if slug == post.slug else replace(post, slug=slug))
    return out


def _clashes(chapter: str, taken: set[str], held: set[str]) -> bool:
    return chapter in taken or chapter in held or bool(ids.holders(chapter) & taken)
