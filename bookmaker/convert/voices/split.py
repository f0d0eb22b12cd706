"""convert, voices: cut a post's text into the intro and one section per voice, in source order.

The starts (a repeated block, or a heading that names a person) are first made children of
the body: the plain containers around them (`div`, `section`, `article`, …) are unwrapped,
which keeps every node in its place in reading order.  Everything before the first start is
the intro; each start's section runs to the next start; a heading of the same or a higher
level that names nobody, and whatever follows the last voice, go in an untitled section, so
nothing moves out of order.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

from bookmaker.model import Person
from bookmaker.xhtml import HEADINGS

PART_ATTR = "data-bm-part"
#: Containers that only group: unwrapping them changes no meaning.
_PLAIN = {
    "div",
    "section",
    "article",
    "main",
    "span",
    "center",
    "font",
    "header",
    "footer",
    "aside",
}


@dataclass
class Start:
    """Where a voice starts: a whole block holding their words, or a heading over them.
    HOLDER is the element that shows their name, removed once it is the section's title."""

    node: Tag
    person: Person
    holder: Tag | None = None


def liftable(starts: list[Start], body: Tag) -> bool:
    """True when the starts share a parent whose ancestors up to BODY only group."""
    parent = starts[0].node.parent
    if parent is None or any(s.node.parent is not parent for s in starts):
        return False
    node = parent
    while node is not body:
        if node is None or node.name not in _PLAIN:
            return False
        node = node.parent
    return True


def lift(starts: list[Start], body: Tag) -> None:
    """Make the starts children of BODY by unwrapping the plain containers around them."""
    chain = []
    node = starts[0].node.parent
    while node is not None and node is not body:
        chain.append(node)
        node = node.parent
    for container in chain:  # innermost first: each unwrap keeps the order of what it held
        container.unwrap()


def split(
    soup: BeautifulSoup, body: Tag, starts: list[Start], blocks: bool
) -> list[tuple[Tag, Person | None]]:
    """BODY keeps the intro; the sections, in order, are returned (taken out of BODY).
    With BLOCKS the starts hold their words (what follows the last one is not theirs); else
    they are headings over them."""
    lift(starts, body)
    by_node = {id(s.node): s for s in starts}
    last = starts[-1].node
    level = None if blocks else starts[0].node.name
    sections: list[tuple[Tag, Person | None]] = []
    current: Tag | None = None
    node = starts[0].node
    while node is not None:
        nxt = node.next_sibling
        start = by_node.get(id(node))
        if start is not None:
            current = _open(soup, sections, start.person)
            if blocks:
                _take_block(start, current)
            else:
                start.node.decompose()
        else:
            tail = blocks and last.decomposed and sections[-1][1] is not None
            if tail or _boundary(node, level):
                current = _open(soup, sections, None)
            assert current is not None
            current.append(node.extract())
        node = nxt
    if sections and sections[-1][1] is None and _empty(sections[-1][0]):
        sections.pop()[0].decompose()
    return sections


def _open(
    soup: BeautifulSoup, sections: list[tuple[Tag, Person | None]], person: Person | None
) -> Tag:
    wrapper = soup.new_tag("div", attrs={PART_ATTR: "section"})
    sections.append((wrapper, person))
    return wrapper


def _boundary(node: object, level: str | None) -> bool:
    """A heading that names nobody, at the level of the voices' headings or above."""
    return (
        level is not None and isinstance(node, Tag) and node.name in HEADINGS and node.name <= level
    )


def _empty(wrapper: Tag) -> bool:
    return not wrapper.get_text(strip=True) and wrapper.find("img") is None


def _take_block(start: Start, wrapper: Tag) -> None:
    """A block's words, without the element that showed the name (and the comma after it)."""
    block = start.node
    holder = start.holder
    if holder is not None and not holder.decomposed:
        after, line = holder.next_sibling, holder.parent
        holder.decompose()
        if isinstance(after, NavigableString):
            rest = str(after).lstrip(" ,:：|—–-\u00a0")
            after.replace_with(rest)
        if line is not None and line is not block and line.name == "p":
            _as_bio(line)
    for child in list(block.contents):
        wrapper.append(child.extract())
    block.decompose()


def _as_bio(line: Tag) -> None:
    """The rest of the line that held the name ("harbour master at Nordvik") says who they
    are: the person's bio, shown under their name, when it is that short."""
    text = line.get_text(" ", strip=True)
    if not text:
        line.decompose()
    elif len(text) <= 160 and line.find(["img", "br"]) is None:
        line.wrap(Tag(name="div", attrs={PART_ATTR: "bio"}))
