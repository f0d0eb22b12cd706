"""convert: citation elements no reader knows (Distill's `<d-cite key="…">`, `<citation>`,
`<cite-key>`), kept as their text, or as their keys in brackets when they have none, with one
warning per post: without the site's bibliography they cannot become references."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from bookmaker.convert.tree import tags
from bookmaker.errors import Diagnostics

_CITATION = re.compile(r"^(?:[\w]+-)?cit(?:e|ation)(?:-[\w]+)?$")
_KEYS = ("key", "keys", "data-key", "ref", "id")


def keep_citations(soup: BeautifulSoup, body: Tag, diags: Diagnostics) -> None:
    found: list[str] = []
    for tag in [t for t in tags(body) if t.name != "cite" and _CITATION.match(t.name)]:
        text = tag.get_text(" ", strip=True)
        if not text:
            key = next((str(tag[k]) for k in _KEYS if tag.get(k)), "")
            text = f"[{', '.join(k.strip() for k in key.split(','))}]" if key else ""
        if text:
            tag.replace_with(soup.new_string(text))
            found.append(tag.name)
        else:
            tag.decompose()
    if found:
        diags.warn(
            f"{len(found)} citation element(s) <{found[0]}> kept as their text or keys; "
            "the site's bibliography is not part of the post",
            "citation.unknown",
        )
