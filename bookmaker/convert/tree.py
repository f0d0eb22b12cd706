"""convert: quick walks over the parsed tree, for the transforms' loops (tree → elements).

BeautifulSoup's `find_all` builds a matcher and runs it on every node it passes, and its
`decomposed` property looks `_decomposed` up through `Tag.__getattr__`, which searches the
whole subtree for a `<_decomposed>` element whenever the tag was not decomposed.  On a post of
2,000 words those two were most of the convert stage.  These give the same answers with plain
loops along the elements' `next_element` links, in document order (what `descendants` walks,
without a generator's step per node: these walks run some 30 times a post).
"""

from __future__ import annotations

from bs4 import NavigableString, PageElement, Tag


def gone(node: PageElement) -> bool:
    """Whether NODE was decomposed (bs4's `decomposed`, without the subtree search)."""
    return bool(node.__dict__.get("_decomposed"))


def tags(root: Tag, *names: str) -> list[Tag]:
    """ROOT's descendant elements named NAMES (all of them when none is named), as
    `find_all` lists them; a list, so the caller may change the tree as it goes."""
    found: list[Tag] = []
    node, end = _span(root)
    if not names:
        while node is not end and node is not None:
            if isinstance(node, Tag):
                found.append(node)
            node = node.next_element
        return found
    wanted = set(names)
    while node is not end and node is not None:
        if node.name in wanted and isinstance(node, Tag):  # a string's name is None
            found.append(node)
        node = node.next_element
    return found


def first(root: Tag, *names: str) -> Tag | None:
    """ROOT's first descendant element named NAMES, as `find` gives it."""
    wanted = set(names)
    node, end = _span(root)
    while node is not end and node is not None:
        if node.name in wanted and isinstance(node, Tag):
            return node
        node = node.next_element
    return None


def strings(root: Tag) -> list[NavigableString]:
    """ROOT's descendant strings, comments and the like included, as `find_all(string=True)`."""
    found: list[NavigableString] = []
    node, end = _span(root)
    while node is not end and node is not None:
        if isinstance(node, NavigableString):
            found.append(node)
        node = node.next_element
    return found


def _span(root: Tag) -> tuple[PageElement | None, PageElement | None]:
    """ROOT's first descendant and the node after its last, as `descendants` walks them."""
    if not root.contents:
        return None, None
    return root.contents[0], root._last_descendant(accept_self=True).next_element


def plain_strings_outside(root: Tag, names: set[str]) -> list[NavigableString]:
    """ROOT's descendant plain strings (no comments, scripts or the like) that no element
    named NAMES holds, in document order: one walk that skips those elements whole, rather
    than a look up each string's ancestors."""
    found: list[NavigableString] = []
    stack = [iter(root.contents)]
    while stack:
        for node in stack[-1]:
            if type(node) is NavigableString:
                found.append(node)
            elif isinstance(node, Tag) and node.name not in names:
                stack.append(iter(node.contents))
                break
        else:
            stack.pop()
    return found
