"""convert, voices: the evidence that a post is made of one section per person.

- Repeated blocks: two or more sibling elements of one tag and class (any class: no site's
  names are known here) that each open with a short person's name, as text or as a link.
- Headings that name people: they match the post's declared people, or each is a link to a
  person's page, or every heading of that level in the post is a name.

Each finder returns the starts and a sentence saying what it found, or nothing.  Each looks
at every element once (grouping by parent, tag and class), so the work is linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from bs4 import NavigableString, Tag

from bookmaker.convert.voices.names import Roster, clean, name_like
from bookmaker.convert.voices.split import Start
from bookmaker.model import Person
from bookmaker.xhtml import HEADINGS

#: Elements a repeated block can be.
_BLOCK_TAGS = {"div", "section", "article", "aside", "li", "blockquote"}
#: Elements that can show a name at the start of a block.
_HOLDERS = {*HEADINGS, "strong", "b", "a", "cite", "span", "p", "div", "em", "dt", "header"}
#: Path segments under which sites keep their people's pages.
_PEOPLE_PATHS = {
    "people", "person", "author", "authors", "team", "profile", "profiles", "users", "user",
    "u", "staff", "members", "member", "contributors", "contributor", "bio", "speakers",
    "experts", "fellows", "in",
}  # fmt: skip
_SOCIAL = {"twitter.com", "x.com", "github.com", "bsky.app", "linkedin.com", "instagram.com"}


def repeated_blocks(body: Tag, roster: Roster) -> tuple[list[Start], str] | None:
    """The largest group of sibling blocks alike in tag and class that each open with a name."""
    best: list[Start] = []
    label = ""
    for parent in _containers(body):
        groups: dict[tuple[str, tuple[str, ...]], list[Tag]] = {}
        for child in parent.children:
            if isinstance(child, Tag) and child.name in _BLOCK_TAGS and child.get("class"):
                groups.setdefault((child.name, tuple(child.get("class") or ())), []).append(child)
        for (tag, classes), blocks in groups.items():
            if len(blocks) < 2 or len(blocks) <= len(best):
                continue
            starts = [s for b in blocks if (s := _opening_name(b, roster)) is not None]
            if len(starts) == len(blocks) and _distinct(starts):
                best, label = starts, f'<{tag} class="{" ".join(classes)}">'
    if not best:
        return None
    names = ", ".join(s.person.name for s in best)
    return best, f"{len(best)} repeated {label} blocks, each opening with a name: {names}"


def _containers(body: Tag) -> Iterator[Tag]:
    yield body
    yield from (t for t in body.find_all(True) if t.name not in HEADINGS and t.name != "p")


def _distinct(starts: list[Start]) -> bool:
    """Different people (a list of `Note:` boxes is not a panel)."""
    return len({s.person.name for s in starts}) == len(starts)


def _opening_name(block: Tag, roster: Roster) -> Start | None:
    """The name a block opens with: the first text in it, held by a short element."""
    first = block.find(string=lambda t: bool(t.strip()))
    if first is None or not isinstance(first, NavigableString):
        return None
    holder = first.parent
    while holder is not None and holder is not block and holder.name not in _HOLDERS:
        holder = holder.parent
    # The widest short element that holds that text alone is the name's.
    while holder is not None and holder.parent is not None and holder.parent is not block:
        parent = holder.parent
        if parent.name in _HOLDERS and clean(parent.get_text(" ")) == clean(holder.get_text(" ")):
            holder = parent
        else:
            break
    if holder is None or holder is block:
        return None
    text = clean(holder.get_text(" "))
    person = roster.match(text)
    if person is None and not name_like(text, min_words=2):
        return None
    link = holder if holder.name == "a" else holder.find("a", href=True)
    url = link.get("href") if isinstance(link, Tag) else None
    person = person or Person(text, url if isinstance(url, str) and _is_web(url) else None)
    return Start(block, person, holder)


def name_headings(
    body: Tag, roster: Roster, declared_only: bool = False
) -> tuple[list[Start], str] | None:
    """Headings of one level that name people, with what shows they do; with DECLARED_ONLY,
    only the people of ROSTER count."""
    by_level: dict[str, list[Tag]] = {}
    for heading in body.find_all(HEADINGS):
        by_level.setdefault(heading.name, []).append(heading)
    for level in sorted(by_level):
        headings = by_level[level]
        found = _named(headings, roster, declared_only)
        if found is not None:
            return found
    return None


def _named(
    headings: list[Tag], roster: Roster, declared_only: bool
) -> tuple[list[Start], str] | None:
    declared = [(h, p) for h in headings if (p := roster.match(clean(h.get_text(" "))))]
    if declared:
        starts = _same_parent([Start(h, _with_link(p, h), h) for h, p in declared])
        names = ", ".join(s.person.name for s in starts)
        return starts, f"{headings[0].name} headings naming the declared contributors {names}"
    if declared_only:
        return None
    profiles = [h for h in headings if _profile_link(h) is not None]
    if len(profiles) >= 2:
        starts = [Start(h, Person(clean(h.get_text(" ")), _profile_link(h)), h) for h in profiles]
        names = ", ".join(s.person.name for s in starts)
        return _same_parent(
            starts
        ), f"{profiles[0].name} headings linked to people's pages: {names}"
    texts = [clean(h.get_text(" ")) for h in headings]
    if len(headings) >= 3 and all(name_like(t, min_words=2) for t in texts):
        starts = [Start(h, Person(t), h) for h, t in zip(headings, texts)]
        return _same_parent(starts), f"every {headings[0].name} heading is a person's name"
    return None


def _same_parent(starts: list[Start]) -> list[Start]:
    """The starts that share the first one's parent (the others are elsewhere in the page)."""
    parent = starts[0].node.parent
    return [s for s in starts if s.node.parent is parent]


def _with_link(person: Person, heading: Tag) -> Person:
    if person.url:
        return person
    url = _profile_link(heading) or _any_link(heading)
    return Person(person.name, url, person.bio, person.photo, person.affiliation)


def _any_link(heading: Tag) -> str | None:
    link = heading.find("a", href=True)
    href = link.get("href") if isinstance(link, Tag) else None
    return href if isinstance(href, str) and _is_web(href) else None


def _profile_link(heading: Tag) -> str | None:
    """The address of a person's page when the heading is a name linked to one."""
    links = heading.find_all("a", href=True)
    text = clean(heading.get_text(" "))
    if len(links) != 1 or clean(links[0].get_text(" ")) != text or not name_like(text, 2):
        return None
    href = links[0].get("href")
    if not isinstance(href, str) or not _is_web(href):
        return None
    parts = urlsplit(href)
    segments = [s for s in parts.path.split("/") if s]
    host = (parts.hostname or "").removeprefix("www.")
    if host in _SOCIAL and len(segments) in (1, 2) and segments[0] not in {"search", "hashtag"}:
        return href
    if any(s.startswith("@") for s in segments):
        return href
    if len(segments) >= 2 and segments[-2].lower() in _PEOPLE_PATHS:
        return href
    return None


def _is_web(href: str) -> bool:
    return bool(re.match(r"^(?:https?:)?//|^/[^/]", href))
