"""convert: tidy block structure: layout `div`s become paragraphs or melt away, loose text is
wrapped in `<p>`, empty blocks go, and headings are demoted under the chapter title."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from bookmaker.convert.tree import first, gone, strings, tags
from bookmaker.xhtml import BLOCKS, HEADINGS

#: Containers whose loose inline content is wrapped in paragraphs when they also hold blocks.
FLOW_CONTAINERS = {
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "blockquote",
    "li",
    "dd",
    "td",
    "th",
    "figure",
}
_SEMANTIC_WRAPPERS = {"section", "article", "aside", "header", "footer"}


def is_block(node: object) -> bool:
    return isinstance(node, Tag) and node.name in BLOCKS


def _has_content(tag: Tag) -> bool:
    # `get_text(strip=True)` less its no-break spaces, stopping at the first word (it ran for
    # every paragraph, and again for each list or quote around it)
    if any(text.replace("\xa0", "") for text in tag.stripped_strings):
        return True
    return first(tag, "img", "hr", "br", "td", "th") is not None or tag.name in {
        "hr",
        "br",
        "td",
        "th",
        "col",
    }


def flatten_layout(root: Tag, parts: list[Tag]) -> None:
    """Layout divs and site wrappers: inline-only ones become `<p>`, the others are unwrapped.

    PARTS, and any element carrying a `data-bm-` marker, are our own wrappers and are kept.
    """
    keep = {id(p) for p in parts}
    for tag in reversed(tags(root, "div", *_SEMANTIC_WRAPPERS)):
        if id(tag) in keep or gone(tag) or any(a.startswith("data-bm-") for a in tag.attrs):
            continue
        if tag.get("lang") or tag.get("dir"):
            if not any(is_block(c) for c in tag.children):
                tag.name = "p"
            continue
        if any(is_block(c) for c in tag.children):
            tag.unwrap()
        else:
            tag.name = "p"


def wrap_loose_inline(soup: BeautifulSoup, container: Tag) -> None:
    """Group runs of inline nodes that sit beside blocks into paragraphs."""
    children = list(container.children)
    if container.name != "div" and not any(is_block(c) for c in children):
        return
    run: list[object] = []

    def flush() -> None:
        if any(not isinstance(n, NavigableString) or str(n).strip() for n in run):
            p = soup.new_tag("p")
            run[0].insert_before(p)  # type: ignore[union-attr]
            for node in run:
                p.append(node.extract())  # type: ignore[union-attr]
            _trim_breaks(p)
        run.clear()

    for child in children:
        if is_block(child):
            flush()
        else:
            run.append(child)
    flush()


def _trim_breaks(p: Tag) -> None:
    while p.contents and isinstance(p.contents[-1], Tag) and p.contents[-1].name == "br":
        p.contents[-1].decompose()
    while p.contents and isinstance(p.contents[0], Tag) and p.contents[0].name == "br":
        p.contents[0].decompose()


def normalise_blocks(soup: BeautifulSoup, root: Tag, parts: list[Tag]) -> None:
    flatten_layout(root, parts)
    for container in [*parts, *tags(root, *FLOW_CONTAINERS)]:
        if not gone(container):
            wrap_loose_inline(soup, container)
    for span in tags(root, "span"):
        if not span.attrs:
            span.unwrap()  # what is left of a styled span once its style is gone
    for tag in reversed(
        tags(root, "p", "li", "blockquote", "figure", "figcaption", "span", *HEADINGS)
    ):
        if gone(tag) or (tag.name == "span" and tag.get("id")):
            continue
        if not _has_content(tag):
            tag.decompose()
    _tidy_whitespace(root)
    mark_image_paragraphs(root)


def mark_image_paragraphs(root: Tag) -> None:
    """A paragraph that is only an image is `p.image`: a theme sets it apart from the text
    (no first-line indent, which pushed a full-width drawing past the text's right edge)."""
    for p in tags(root, "p"):
        images = [c for c in p.contents if isinstance(c, Tag)]
        if images and all(i.name == "img" for i in images) and not p.get_text(strip=True):
            p["class"] = [*(p.get("class") or []), "image"]


def _tidy_whitespace(root: Tag) -> None:
    """Whitespace between blocks (layout indentation of the site) shrinks to one newline."""
    for text in strings(root):
        if type(text) is NavigableString and not text.strip() and "\n" in text:
            neighbours = (text.previous_sibling, text.next_sibling)
            if all(n is None or is_block(n) for n in neighbours):
                text.replace_with("\n")


def demote_headings(part: Tag, top: int) -> None:
    """Renumber headings so the post's highest sits at level TOP and none skips a level.

    A post's own `<h1>` must sit under the chapter title; levels below h6 become paragraphs.
    """
    found = tags(part, *HEADINGS)
    if not found:
        return
    levels = sorted({int(h.name[1]) for h in found})
    rank = {level: top + i for i, level in enumerate(levels)}
    previous = top - 1
    for h in found:
        level = min(rank[int(h.name[1])], previous + 1)
        previous = level
        if level > 6:
            h.name = "p"
            h.attrs["class"] = "heading-7"
        else:
            h.name = f"h{level}"
