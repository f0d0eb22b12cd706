"""convert: which chapter a link points to, when it points to another post of the same book.

Built once per book from the posts (pure: names, dates and front matter, no I/O) and handed
to every conversion through the context.  A post is found by its file name (`{% post_url %}`,
`{% link %}`, `2017-01-08-slug.md`), its Jekyll permalink (`/2017/01/08/slug/`, with or without
`/blog` or categories before it, `.html` or not), its `permalink:` and `redirect_from:` front
matter, and its source URL.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from bookmaker import ids
from bookmaker.addresses import split_url
from bookmaker.model import Post
from bookmaker.read.discover import post_name
from bookmaker.read.metadata import filename_date_and_slug

_DATED = re.compile(
    r"(?:^|/)(\d{4})[/-](\d{1,2})[/-](\d{1,2})[/-]([^/]+?)(?:\.(?:html?|md|markdown))?/?$"
)


_INDEX_PAGE = re.compile(r"/index\.html?$")
_PAGE_SUFFIX = re.compile(r"\.(?:html?|md|markdown)$")


def _norm_path(path: str) -> str:
    path = unquote(path).strip().lower()
    path = _PAGE_SUFFIX.sub("", _INDEX_PAGE.sub("/", path))
    return "/" + path.strip("/")


#: Pure functions of an address, kept for the next call: a book's posts link to the same
#: addresses again and again, and every link of every post is looked up.
@functools.lru_cache(maxsize=4096)
def _norm_url(url: str) -> str | None:
    parts = split_url(url.strip())
    if parts is None:
        return None
    return _host(url) + _norm_path(parts.path)


@functools.lru_cache(maxsize=4096)
def _host(url: str) -> str:
    parts = split_url(url)
    return ((parts.hostname if parts else None) or "").lower().removeprefix("www.")


def _date_slug(text: str) -> tuple[int, int, int, str] | None:
    m = _DATED.search(unquote(text).strip())
    if not m:
        return None
    return int(m[1]), int(m[2]), int(m[3]), m[4].lower()


@dataclass(frozen=True)
class LinkIndex:
    by_stem: Mapping[str, str] = field(default_factory=dict)
    by_date_slug: Mapping[tuple[int, int, int, str], str] = field(default_factory=dict)
    by_path: Mapping[str, str] = field(default_factory=dict)
    by_url: Mapping[str, str] = field(default_factory=dict)
    site_hosts: frozenset[str] = frozenset()

    @classmethod
    def build(cls, posts: Iterable[tuple[Post, str]], site_url: str | None = None) -> LinkIndex:
        """From (post, chapter id) pairs; SITE_URL is the blog's own address, when known."""
        by_stem: dict[str, str] = {}
        by_date: dict[tuple[int, int, int, str], str] = {}
        by_path: dict[str, str] = {}
        by_url: dict[str, str] = {}
        hosts: set[str] = set()
        if site_url:
            hosts.add(_host(site_url))
        for post, cid in posts:
            stem = post_name(post.path)
            by_stem.setdefault(stem.lower(), cid)
            date, slug = filename_date_and_slug(stem)
            date = date or post.date
            if date is not None and slug:
                by_date.setdefault((date.year, date.month, date.day, slug.lower()), cid)
            extra = post.extra or {}
            for key in ("permalink", "redirect_from", "redirect-from", "aliases", "url"):
                values = extra.get(key)
                for value in values if isinstance(values, list) else [values]:
                    if not isinstance(value, str) or not value.strip():
                        continue
                    if value.startswith(("http:", "https:")):
                        if (key_url := _norm_url(value)) is not None:
                            by_url.setdefault(key_url, cid)
                    else:
                        by_path.setdefault(_norm_path(value), cid)
            if post.source_url and (key_url := _norm_url(post.source_url)) is not None:
                by_url.setdefault(key_url, cid)
                hosts.add(_host(post.source_url))
        hosts.discard("")
        return cls(by_stem, by_date, by_path, by_url, frozenset(hosts))

    def find(self, href: str) -> str | None:
        """The chapter id HREF points to, or None when it leaves the book."""
        href = href.strip()
        if href.startswith(ids.POST_SCHEME):
            name = unquote(href[len(ids.POST_SCHEME) :]).strip().lower()
            found = self.by_stem.get(name)
            return found if found is not None else self._by_date(name)
        parts = split_url(href)
        if parts is None:
            return None
        if parts.scheme in {"http", "https"} or href.startswith("//"):
            found = self.by_url.get(_norm_url(href) or "")
            if found is not None:
                return found
            if _host(href) not in self.site_hosts:
                return None
        elif parts.scheme:
            return None
        if not parts.path:
            return None
        found = self.by_path.get(_norm_path(parts.path))
        if found is not None:
            return found
        last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
        if re.search(r"\.(?:md|markdown|html?)$", last) and not parts.path.startswith("/"):
            found = self.by_stem.get(re.sub(r"\.\w+$", "", last).lower())
            if found is not None:
                return found
        return self._by_date(parts.path)

    def _by_date(self, text: str) -> str | None:
        key = _date_slug(text)
        return self.by_date_slug.get(key) if key else None
