"""convert: links that stay inside the book, and links made absolute.

A link to another post of the book becomes a cross-reference to its chapter
(`<a href="#chapter-id" class="xref">`); a relative link to the rest of the site is made
absolute against the post's source URL or the site's URL, so it can become an endnote; one
that cannot be resolved keeps its text, with one warning per post.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

from bs4 import Tag

from bookmaker import ids
from bookmaker.addresses import escaped, split_url
from bookmaker.convert.tree import tags
from bookmaker.errors import Diagnostics

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.IGNORECASE)
_MAIL_OR_PHONE = re.compile(r"^(?:mailto|tel):", re.IGNORECASE)

#: Finds the chapter a link points to when it is another post of the same book.
ChapterFinder = Callable[[str], "str | None"]


def absolute(href: str, bases: tuple[str | None, ...]) -> str | None:
    """HREF made absolute against the first base that gives an http(s) URL."""
    if split_url(href) is None:
        return None
    if href.startswith("//"):
        return "https:" + href
    if _SCHEME.match(href):
        return href
    for base in bases:
        if base and base.startswith(("http:", "https:")):
            return urljoin(base if href.startswith("/") or base.endswith("/") else base + "/", href)
    return None


def resolve_links(
    root: Tag, find_chapter: ChapterFinder, bases: tuple[str | None, ...], diags: Diagnostics
) -> None:
    unresolved: list[str] = []
    missing_posts: list[str] = []
    broken: list[str] = []
    for a in [a for a in tags(root, "a") if a.get("href") is not None]:
        href = a["href"]
        if not isinstance(href, str):
            continue
        href = href.strip()
        if not href or href.startswith("#") or _MAIL_OR_PHONE.match(href):
            continue
        if split_url(href) is None:
            broken.append(href)
            a.unwrap()
            continue
        chapter = find_chapter(href)
        if chapter is not None:
            a.attrs = {"href": ids.xref(chapter), "class": "xref"}
            continue
        if href.startswith(ids.POST_SCHEME):
            missing_posts.append(href[len(ids.POST_SCHEME) :])
            a.unwrap()
            continue
        full = absolute(href, bases)
        if full is None:
            unresolved.append(href)
            a.unwrap()
        else:
            a["href"] = escaped(full)
    _say(
        diags,
        broken,
        "link target {} cannot be read as an address; kept the link text",
        "link.invalid",
    )
    _say(diags, missing_posts, "link to post {}, not in this book; kept the link text", "link.post")
    _say(
        diags,
        unresolved,
        "relative link {} cannot be resolved (the post has no source URL; give [site] url in "
        "book.toml); kept the link text",
        "link.relative",
    )


def _say(diags: Diagnostics, hrefs: list[str], message: str, code: str) -> None:
    """One warning for HREFS: the first, and how many more."""
    if hrefs:
        more = f" and {len(hrefs) - 1} more" if len(hrefs) > 1 else ""
        diags.warn(message.format(f"{hrefs[0]!r}{more}"), code)
