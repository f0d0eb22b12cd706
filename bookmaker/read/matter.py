"""read: the editors' own texts named in `[matter]` (a foreword, a dedication, …) → `Post`s,
read like any post, converted like any post, placed by assemble before or after the posts.

The title is the front matter's, else the text's opening `# heading` (taken out of the text,
so it is not printed twice), else made from the file name; a site's author is no byline
here: a foreword names its writer in its own front matter.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

from bookmaker.errors import Diagnostics
from bookmaker.model import Post
from bookmaker.read.authors import with_site_people
from bookmaker.read.liquid import Site
from bookmaker.read.post import read_post

_OPENING_H1 = re.compile(r"^\s*<h1[^>]*>(.*?)</h1>\s*", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def matter_slug(kind: str) -> str:
    """`about_the_editors` → `about-the-editors`: a slug, as chapter ids are made of."""
    return kind.replace("_", "-")


def read_matter(kind: str, path: Path, site: Site, root: Path) -> tuple[Post, Diagnostics]:
    own = replace(site, author=None)
    post, diags = read_post(path, own, root)
    post = with_site_people(post, own)
    if kind == "dedication":  # it prints no title: the file's name is enough for the contents
        diags.items = [d for d in diags.items if d.code != "read.title"]
    if post.extra.get("title"):
        return replace(post, slug=matter_slug(kind)), diags
    m = _OPENING_H1.match(post.body_html)
    title = " ".join(html.unescape(_TAG.sub("", m[1])).split()) if m else ""
    if not title:
        return replace(post, slug=matter_slug(kind)), diags
    diags.items = [d for d in diags.items if d.code != "read.title"]
    body = post.body_html[m.end() :] if m else post.body_html
    return replace(post, slug=matter_slug(kind), title=title, body_html=body), diags
