"""convert: repair content models that HTML parsers accept and EPUB's XHTML schema refuses.

lxml mends unclosed and mis-nested tags, but keeps a `<div>` inside a `<span>`, a stray `<li>`
outside any list or a `<figcaption>` in the middle of a figure.  Each rule here moves or
renames elements so the text stays where a browser shows it: a paragraph holding a list is
split around it, bold around two paragraphs becomes bold inside each.
"""

from __future__ import annotations

import copy

from bs4 import BeautifulSoup, NavigableString, Tag

from bookmaker.convert import tables
from bookmaker.convert.ruby import mend_ruby
from bookmaker.convert.tree import first, gone, tags
from bookmaker.xhtml import BLOCKS, HEADINGS, PHRASING_ONLY

_LIST_ITEM_PARENTS = {"li": {"ul", "ol"}, "dt": {"dl"}, "dd": {"dl"}}
_LIST_PARTS = {"ul", "ol", "li", "dl", "dt", "dd"}


#: Deeper nesting than this is unwrapped: XML parsers (and e-readers) refuse absurd depths.
MAX_DEPTH = 32


def flatten_deep(root: Tag, limit: int = MAX_DEPTH) -> int:
    """Elements nested deeper than LIMIT give up their tags; their text stays in place.  How
    many did."""
    too_deep: list[Tag] = []
    stack: list[tuple[Tag, int]] = [(root, 0)]
    while stack:
        tag, depth = stack.pop()
        if depth > limit:
            too_deep.append(tag)
        below = depth + 1
        stack.extend([(c, below) for c in tag.contents if isinstance(c, Tag)])
    for tag in reversed(too_deep):
        tag.unwrap()
    return len(too_deep)


def repair(soup: BeautifulSoup, root: Tag, depth: int = MAX_DEPTH) -> None:
    flatten_deep(root, depth)
    # The tree's elements, walked again only once a rule has changed it.
    every: list[Tag] | None = tags(root)
    for dl in [t for t in every if t.name == "dl"]:
        for div in dl.find_all("div", recursive=False):
            div.unwrap()  # `<dl><div><dt>…` groups: older EPUB reading systems do not know them
            every = None
    for _ in range(depth + 4):  # each pass may expose another level of nesting
        every = tags(root) if every is None else every
        # A rule whose elements the post lacks is skipped (a rule only copies what is there).
        present = {t.name for t in every}
        changed = _blocks_in_phrasing(soup, root, every)
        every = None
        if present & _LIST_PARTS:
            changed |= _stray_items(soup, root)
        if present & tables.TABLE_PARTS or "table" in present:
            changed |= tables.stray_table_parts(root)
            changed |= tables.foster_stray_content(soup, root)
        if "figcaption" in present:
            changed |= _figures(root)
        if not changed:
            break
    present = {t.name for t in tags(root)}
    if present & _LIST_PARTS:
        _lists_hold_items(soup, root)
    if present & {"ruby", "rt", "rp"}:
        mend_ruby(root)
    for th in tags(root, "th") if "th" in present else ():
        if not th.get_text(strip=True) and first(th, "img") is None:
            th.name = "td"  # an empty header names nothing (a DataFrame's corner cell)


def _block_children(tag: Tag) -> list[Tag]:
    return [c for c in tag.children if isinstance(c, Tag) and c.name in BLOCKS]


def _blocks_in_phrasing(soup: BeautifulSoup, root: Tag, every: list[Tag]) -> bool:
    """EVERY is ROOT's elements, as `tags` lists them now."""
    changed = False
    for tag in reversed([t for t in every if t.name in PHRASING_ONLY]):
        if gone(tag) or not _block_children(tag):
            continue
        changed = True
        if tag.name in {"p", "dt", "caption"} or tag.name in HEADINGS and tag.name != "pre":
            _split_around_blocks(soup, tag)
        elif tag.name == "pre":
            for block in _block_children(tag):
                block.insert_after("\n")
                block.unwrap()
        else:
            _push_down(soup, tag)
    # `<a>` is transparent: a block inside it is fine only where a block could stand.
    links = tags(root, "a") if changed else [t for t in every if t.name == "a"]
    for a in reversed(links):
        if gone(a) or not _block_children(a):
            continue
        if any(p.name in PHRASING_ONLY for p in a.parents if p is not root):
            _push_down(soup, a)
            changed = True
    return changed


def _split_around_blocks(soup: BeautifulSoup, tag: Tag) -> None:
    """`<p>a<ul>…</ul>b</p>` → `<p>a</p><ul>…</ul><p>b</p>`; a heading keeps only text.

    A heading loses every block in it at once: unwrapping a list alone left its items, which
    the stray-item rule wrapped in a new list, pass after pass (found by fuzzing)."""
    if tag.name in HEADINGS:
        for block in tag.find_all(list(BLOCKS)):
            block.insert_before(" ")
            block.unwrap()
        return
    run = soup.new_tag(tag.name)
    for child in list(tag.contents):
        if isinstance(child, Tag) and child.name in BLOCKS:
            if run.contents:
                tag.insert_before(run)
                run = soup.new_tag(tag.name)
            tag.insert_before(child.extract())
        else:
            run.append(child.extract())
    if run.contents:
        tag.insert_before(run)
    tag.decompose()


def _push_down(soup: BeautifulSoup, tag: Tag) -> None:
    """`<b><p>x</p>y</b>` → `<p><b>x</b></p><b>y</b>`: the inline element moves inside each
    block and around each run of text between them, so no text loses its emphasis or link."""
    run: Tag | None = None
    for child in list(tag.contents):
        if isinstance(child, Tag) and child.name in BLOCKS:
            _wrap_inside(soup, child, tag)
            run = None
        elif run is not None:
            run.append(child.extract())
        elif isinstance(child, Tag) or str(child).strip():
            run = _shallow_copy(soup, tag)
            child.replace_with(run)
            run.append(child)
    if tag.get("id"):  # a link may point at it: the first copy keeps it
        copy_ = next(
            (t for t in tag.descendants if isinstance(t, Tag) and t.name == tag.name), None
        )
        if copy_ is not None and not copy_.get("id"):
            copy_["id"] = tag["id"]
    tag.unwrap()


#: Blocks whose children are items, not text: the inline element goes into each item.
_CONTAINERS = {
    "ul",
    "ol",
    "dl",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "colgroup",
    "figure",
    "blockquote",
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
}


def _wrap_inside(soup: BeautifulSoup, block: Tag, inline: Tag) -> None:
    if block.name in {"hr", "br", "col", "img"}:
        return
    if block.name in _CONTAINERS and _block_children(block):
        for child in list(block.children):
            if isinstance(child, Tag) and child.name in BLOCKS:
                _wrap_inside(soup, child, inline)
            elif isinstance(child, Tag) or str(child).strip():
                if block.name in {
                    "ul",
                    "ol",
                    "dl",
                    "table",
                    "thead",
                    "tbody",
                    "tfoot",
                    "tr",
                    "colgroup",
                }:
                    continue  # stray text in a list or table is the list fixer's business
                wrapper = _shallow_copy(soup, inline)
                child.replace_with(wrapper)
                wrapper.append(child)
        return
    wrapper = _shallow_copy(soup, inline)
    for grandchild in list(block.contents):
        wrapper.append(grandchild.extract())
    if wrapper.contents:
        block.append(wrapper)


def _shallow_copy(soup: BeautifulSoup, tag: Tag) -> Tag:
    attrs = copy.copy(tag.attrs)
    attrs.pop("id", None)
    return soup.new_tag(tag.name, attrs=attrs)


def _stray_items(soup: BeautifulSoup, root: Tag) -> bool:
    """An `<li>` outside a list, a `<dt>`/`<dd>` outside a `<dl>`: wrapped in one."""
    changed = False
    for name, parents in _LIST_ITEM_PARENTS.items():
        for item in tags(root, name):
            if gone(item) or (item.parent is not None and item.parent.name in parents):
                continue
            wrapper = soup.new_tag("ul" if name == "li" else "dl")
            item.insert_before(wrapper)
            node = item
            while node is not None and (
                isinstance(node, NavigableString)
                and not node.strip()
                or isinstance(node, Tag)
                and node.name in ({"li"} if name == "li" else {"dt", "dd"})
            ):
                nxt = node.next_sibling
                wrapper.append(node.extract())
                node = nxt
            changed = True
    for dl in tags(root, "dl"):
        lead = next((c for c in dl.children if isinstance(c, Tag)), None)
        if lead is not None and lead.name == "dd":
            dl.insert(0, soup.new_tag("dt"))
            changed = True
    return changed


def _figures(root: Tag) -> bool:
    """A figure's caption must be its first or last child; extra captions become paragraphs."""
    changed = False
    for caption in tags(root, "figcaption"):
        parent = caption.parent
        if parent is None or parent.name != "figure":
            caption.name = "p"
            changed = True
            continue
        children = [c for c in parent.children if isinstance(c, Tag) or str(c).strip()]
        captions = [c for c in children if isinstance(c, Tag) and c.name == "figcaption"]
        if caption is not captions[-1]:
            caption.name = "p"
            changed = True
        elif children[0] is not caption and children[-1] is not caption:
            parent.append(caption.extract())
            changed = True
    return changed


def _lists_hold_items(soup: BeautifulSoup, root: Tag) -> None:
    """Text or other elements directly in a list go into the list item before them."""
    for lst in tags(root, "ul", "ol"):
        previous: Tag | None = None
        for child in list(lst.children):
            if isinstance(child, Tag) and child.name == "li":
                previous = child
            elif isinstance(child, NavigableString) and not child.strip():
                continue
            else:
                if previous is None:
                    previous = soup.new_tag("li")
                    child.insert_before(previous)
                previous.append(child.extract())
    for dl in tags(root, "dl"):
        previous = None
        for child in list(dl.children):
            if isinstance(child, Tag) and child.name in {"dt", "dd"}:
                previous = child
            elif isinstance(child, NavigableString) and not child.strip():
                continue
            else:
                if previous is None:
                    previous = soup.new_tag("dd")
                    child.insert_before(previous)
                previous.append(child.extract())
        _terms_and_details(soup, dl)


def _terms_and_details(soup: BeautifulSoup, dl: Tag) -> None:
    """A list of terms opens with a term and ends with a detail (XHTML wants `(dt+ dd+)+`):
    an empty one is added where it does not."""
    tags = [c for c in dl.children if isinstance(c, Tag) and c.name in {"dt", "dd"}]
    if tags and tags[0].name == "dd":
        tags[0].insert_before(soup.new_tag("dt"))
    if tags and tags[-1].name == "dt":
        tags[-1].insert_after(soup.new_tag("dd"))
