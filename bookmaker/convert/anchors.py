"""convert: make the post's ids unique book-wide, and keep its same-page links (`#frag`)
pointing at them; a link to an id that is not there is unwrapped.

A post's id `notes` becomes `<chapter>_notes` (`ids.own_id`), a shape no id bookmaker or the
theme gives can take (see `bookmaker.ids`).
"""

from __future__ import annotations

from bs4 import Tag

from bookmaker import ids
from bookmaker.convert.tree import tags


def namespace_ids(root: Tag, chapter_id: str) -> None:
    renamed: dict[str, str] = {}
    for tag in [t for t in tags(root) if t.get("id") is not None]:
        old = tag["id"]
        if not isinstance(old, str):
            del tag["id"]
            continue
        if old in renamed:
            del tag["id"]  # a duplicate id in the source: the first one keeps it
            continue
        renamed[old] = ids.own_id(chapter_id, old)
        tag["id"] = renamed[old]
    for a in [a for a in tags(root, "a") if a.get("href") is not None]:
        href = a["href"]
        if (
            not isinstance(href, str)
            or not href.startswith("#")
            or "xref" in (a.get("class") or [])
        ):
            continue
        target = renamed.get(href[1:])
        if target is None:
            a.unwrap()
        else:
            a["href"] = "#" + target
