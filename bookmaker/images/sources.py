"""images: the images a post names, and where each is to be had: a file of the book, a web
address, or nowhere (with the reason).

Every `<img src>` of the body and every contributor photo of the front matter, as convert will
ask for them.  A path is looked for beside the post, then from the book's folder; a
root-relative one (`/assets/...`) where the blog serves such files from, then from the book's
folder; never outside the book's folder: not through `..`, not through a symbolic link
(`path_safety.is_inside`).  A path the book does not have is looked for on the post's site
when its address is known, as the post's own page would have shown it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from bookmaker.addresses import split_url
from bookmaker.cache.kept_posts import may_hold_images
from bookmaker.model import Post
from bookmaker.path_safety import is_inside

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.IGNORECASE)
_HTML_PARSER = etree.HTMLParser(
    encoding="utf-8", no_network=True, recover=True, huge_tree=True, remove_comments=True
)


@dataclass(frozen=True)
class Place:
    """Where an image is: a FILE of the book, a web URL, or neither (PROBLEM says why)."""

    file: Path | None = None
    url: str | None = None
    problem: str | None = None


def image_sources(post: Post) -> list[str]:
    """The `src` of every image in POST's body, then its contributors' photos, each once."""
    found: list[str] = []
    # A body without an `<img>` is not parsed (most posts, every build); a kept post's head
    # says whether it may hold one, without its body loaded (`cache/kept_posts.py`).
    kept = getattr(post, "may_hold_images", None)
    if kept if kept is not None else may_hold_images(post.body_html):
        root = etree.fromstring(post.body_html.encode("utf-8"), _HTML_PARSER)
        if root is not None:
            found = [img.get("src", "").strip() for img in root.iter("img")]
    found += [p.photo.strip() for p in post.contributor_details if p.photo]
    return [src for src in dict.fromkeys(found) if src and not src.lower().startswith("data:")]


@dataclass(frozen=True)
class Site:
    """Where a book's images may be: BOOK, its folder (resolved); ROOTS, where a blog serves
    root-relative files from (Hugo's `static/`), under the path BASEURL; URL, the blog's
    address, for an image the book does not have."""

    book: Path
    roots: tuple[Path, ...] = ()
    baseurl: str = ""
    url: str | None = None


def place_of(src: str, post: Post, site: Site) -> Place:
    """Where SRC, as POST names it, is to be had."""
    if src.startswith("//"):
        return (
            Place(url="https:" + src) if split_url(src) else Place(problem="is not a web address")
        )
    if _SCHEME.match(src):
        scheme = src.split(":", 1)[0].lower()
        if scheme in ("http", "https"):
            return Place(url=src) if split_url(src) else Place(problem="is not a web address")
        return Place(
            problem=(
                f"is a {scheme}: address; only the book's own files and http(s) images are used"
            )
        )
    parts = split_url(src)  # None for what cannot be read as an address (`a[::1`)
    path = unquote(parts.path) if parts else ""
    if not path:
        return Place(problem="names no file")
    outside = False
    for candidate in _candidates(path, post, site):
        if not candidate.exists():
            continue
        if not is_inside(candidate, site.book):
            outside = True
        elif candidate.resolve().is_file():
            return Place(file=candidate.resolve())
    if outside:
        return Place(problem="is outside the book's folder")
    online = _on_site(src, post.source_url, site.url)
    if online is not None:
        return Place(url=online)
    return Place(problem="not found")


def _candidates(path: str, post: Post, site: Site) -> list[Path]:
    """Where PATH may be: beside the post; a root-relative one (`/assets/x.png`, or
    `/blog/assets/x.png` under the site's base path) in the blog's ROOTS, then the book's."""
    if not path.startswith("/"):
        return [post.path.parent / path, site.book / path]
    base = "/" + site.baseurl.strip("/")
    if base != "/" and path.startswith(base + "/"):
        path = path[len(base) :]
    return [*(root / path.lstrip("/") for root in site.roots), site.book / path.lstrip("/")]


def _on_site(src: str, *bases: str | None) -> str | None:
    """SRC on the post's site, when the post's address or the site's is known (the rule links
    follow too)."""
    from bookmaker.convert.links import absolute  # bs4 is imported only when it is needed

    online = absolute(src, bases)
    return online if online is not None and online.startswith(("http:", "https:")) else None
