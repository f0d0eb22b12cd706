"""convert: what a conversion may know beyond its post, handed in by the pipeline.

Plain values and module-level functions (or picklable objects such as the link index and the
asset resolver), never global state: a conversion can run in another process and be cached
by the post's content and this context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bookmaker.convert.profiles import BUILTIN_PROFILES, Profile
from bookmaker.limits import DEFAULT_LIMITS, Limits
from bookmaker.model import Asset, Post

#: (post, src as written) → the image's asset; or a string, why the book does not have it (the
#: images stage has said so in a warning); or None, when nothing is known of it.
AssetResolver = Callable[[Post, str], "Asset | str | None"]


def no_asset(post: Post, src: str) -> Asset | str | None:
    """The resolver of a conversion that was given no images: nothing is known of any."""
    return None


def no_chapter(url: str) -> str | None:
    """The link finder of a post converted alone: no link leads to another chapter."""
    return None


@dataclass(frozen=True)
class ConvertContext:
    """What a conversion may know beyond its post."""

    resolve_asset: AssetResolver = no_asset
    #: The chapter a link points to when it is another post of the book (see `xrefs.LinkIndex`).
    find_chapter: Callable[[str], str | None] = no_chapter
    profiles: tuple[Profile, ...] = BUILTIN_PROFILES
    share_repeated_urls: bool = True
    language: str = "en"
    #: The blog's own address (`[site] url`), for root-relative links and `{{ site.url }}`.
    site_url: str | None = None
    #: Add a Wayback Machine address, dated by the post, to every link note.
    archive_links: bool = False
    #: How deep, and how many links and notes, one post may have.
    limits: Limits = DEFAULT_LIMITS
    #: Find voices without a profile (`[contributors] detect`).
    detect_voices: bool = True
