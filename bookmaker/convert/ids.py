"""convert: make the post's ids unique book-wide by prefixing the chapter id, and keep its
same-page links (`#frag`) pointing at them; a link to an id that is not there is unwrapped."""

from __future__ import annotations

from bs4 import Tag


def namespace_ids(root: Tag, chapter_id: str) -> None:
    renamed: dict[str, str] = {}
    for tag in root.find_all(id=True):
        old = tag["id"]
        if not isinstance(old, str):
            del tag["id"]
            continue
        if old in renamed:
            del tag["id"]  # a duplicate id in the source: the first one keeps it
            continue
        renamed[old] = f"{chapter_id}-{old}"
        tag["id"] = renamed[old]
    for a in root.find_all("a", href=True):
        href = a["href"]
        if not isinstance(href, str) or not href.startswith("#"):
            continue
        target = renamed.get(href[1:])
        if target is None:
            a.unwrap()
        else:
            a["href"] = "#" + target
