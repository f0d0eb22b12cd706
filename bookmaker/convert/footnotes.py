"""convert: find the footnotes a post already has (Markdown `[^1]`, kramdown, WordPress and
other HTML footnote blocks) so they can join the chapter's one numbered sequence of notes.

Runs before sanitizing, while the classes and roles that mark footnotes are still there.  Each
reference becomes `<a data-bm-footnote="KEY">`, and each note body moves into a holder
(`<div data-bm-note="KEY">` inside `<div data-bm-part="notes">`), so the later transforms
(sanitize, ids) treat note bodies like the rest of the text.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from bookmaker.convert.tree import tags
from bookmaker.errors import Diagnostics

FOOTNOTE_ATTR = "data-bm-footnote"
NOTE_ATTR = "data-bm-note"

_CONTAINER_CLASS = re.compile(r"footnotes?\b|footnote-list|footnotes-list|endnotes", re.IGNORECASE)
_BACKLINK_CLASS = re.compile(r"backref|reversefootnote|footnote-back|return", re.IGNORECASE)


def _classes(tag: Tag) -> str:
    value = tag.get("class") or []
    return " ".join(value) if isinstance(value, list) else str(value)


def _containers(root: Tag) -> list[Tag]:
    found: list[Tag] = []
    for tag in tags(root, "section", "div", "ol", "aside"):
        is_container = tag.get("role") in {"doc-endnotes", "doc-footnotes"}
        is_container = is_container or bool(_CONTAINER_CLASS.search(_classes(tag)))
        if is_container and not any(p is c for p in tag.parents for c in found):
            found.append(tag)
    return found


def extract_footnotes(
    soup: BeautifulSoup, root: Tag, diags: Diagnostics | None = None
) -> Tag | None:
    """The detached holder of the post's footnote bodies, or None when it has none.  A
    footnote that says nothing (`[^1]:`) is left out with its references, with a warning."""
    holder = soup.new_tag("div", attrs={"data-bm-part": "notes"})
    empty: list[str] = []
    for container in _containers(root):
        items = [li for li in tags(container, "li") if isinstance(li.get("id"), str)]
        referenced = {li["id"]: li for li in items}
        refs = [
            a
            for a in tags(root, "a")
            if a.get("href", "").startswith("#")
            and a["href"][1:] in referenced
            and not any(p is container for p in a.parents)
        ]
        if not refs:
            continue
        ref_ids, markers = _markers_for(soup, refs)
        for key, li in referenced.items():
            for back in [b for b in tags(li, "a") if b.get("href") is not None]:
                if (
                    back["href"][1:] in ref_ids
                    or back.get("role") == "doc-backlink"
                    or _BACKLINK_CLASS.search(_classes(back))
                ):
                    back.decompose()
            note = soup.new_tag("div", attrs={NOTE_ATTR: key})
            for child in list(li.contents):
                note.append(child.extract())
            li.decompose()
            if note.get_text(strip=True) or note.find("img") is not None:
                holder.append(note)
                continue
            empty.append(key)
            for marker in markers.get(key, []):
                marker.decompose()
        previous = container.find_previous_sibling()
        if previous is not None and previous.name == "hr":
            previous.decompose()
        container.decompose()
    if empty and diags is not None:
        more = f" and {len(empty) - 1} more" if len(empty) > 1 else ""
        diags.warn(
            f"footnote {empty[0]!r}{more} is empty; left out with its reference", "footnote.empty"
        )
    return holder if holder.contents else None


def _markers_for(soup: BeautifulSoup, refs: list[Tag]) -> tuple[set[str], dict[str, list[Tag]]]:
    """Each reference REFS (with its `<sup>`) replaced by a marker: (the ids the references
    had, the markers of each note)."""
    ref_ids = set()
    markers: dict[str, list[Tag]] = {}
    for a in refs:
        key = a["href"][1:]
        marker = soup.new_tag("a", attrs={FOOTNOTE_ATTR: key})
        parent = a.parent
        outer = (
            parent if parent is not None and parent.name == "sup" and len(tags(parent)) == 1 else a
        )
        for el in (outer, a):
            if isinstance(el.get("id"), str):
                ref_ids.add(el["id"])
        outer.replace_with(marker)
        markers.setdefault(key, []).append(marker)
    return ref_ids, markers
