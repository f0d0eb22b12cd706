"""Posts and fragments made in the tests, for convert and its transforms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from lxml import etree

from bookmaker.convert.parse import parse
from bookmaker.model import Post
from bookmaker.xhtml import EPUB, XHTML


def make_post(body: str, title: str = "A Title", **kw) -> Post:
    """A post as read would give it, with BODY as its HTML; KW sets any other field."""
    fields = {
        "path": Path("post.html"),
        "display_path": "post.html",
        "slug": "a-title",
        "title": title,
        "date": dt.datetime(2024, 1, 1),
        "authors": (),
        "more_authors": False,
        "source_url": None,
        "tags": (),
        "categories": (),
        "language": None,
        "draft": False,
        "contributors": (),
        "body_html": body,
        "body_format": "html",
        "body_line": 1,
    }
    fields.update(kw)
    return Post(**fields)


def fragment(html: str) -> tuple[BeautifulSoup, Tag]:
    """(soup, body) of HTML, parsed as convert parses a post, for one transform at a time."""
    return parse(html)


def tree(html: str) -> tuple[BeautifulSoup, Tag]:
    """(soup, root) of HTML exactly as nested as written (a `<ul>` inside a `<p>` stays there),
    as earlier transforms can leave a tree though no HTML parser would make it."""
    soup = BeautifulSoup(f"<div>{html}</div>", "html.parser")
    return soup, soup.div


def inner(tag: Tag) -> str:
    """The markup inside TAG, as the transform left it."""
    return tag.decode_contents()


def parse_xhtml(fragment: str) -> etree._Element:
    """An XHTML fragment of the model, read back as XML (it must be well-formed)."""
    return etree.fromstring(f'<div xmlns="{XHTML}" xmlns:epub="{EPUB}">{fragment}</div>'.encode())
