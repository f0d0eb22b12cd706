"""convert: quick walks over the parsed tree, for the transforms' loops (tree → elements).

BeautifulSoup's `find_all` builds a matcher and runs it on every node it passes, and its
`decomposed` property looks `_decomposed` up through `Tag.__getattr__`, which searches the
whole subtree for a `<_decomposed>` element whenever the tag was not decomposed.  On a post of
2,000 words those two were most of the convert stage.  These give the same answers with plain
loops over `descendants`, in document order.
"""

from __future__ import annotations

from bs4 import NavigableString, PageElement, Tag


def gone(node: PageElement) -> bool:
    """Whether NODE was decomposed (bs4's `decomposed`, without the subtree search)."""
    return bool(node.__dict__.get("_decomposed"))


def tags(root: Tag, *names: str) -> list[Tag]:
    """ROOT's descendant elements named NAMES (all of them when none is named), as
    `find_all` lists them; a list, so the caller may change the tree as it goes."""
    if not names:
        return [n for n in root.descendants if isinstance(n, Tag)]
    wanted = set(names)
    return [n for n in root.descendants if isinstance(n, Tag) and n.name in wanted]


def first(root: Tag, *names: str) -> Tag | None:
    """ROOT's first descendant element named NAMES, as `find` gives it."""
    wanted = set(names)
    return next((n for n in root.descendants if isinstance(n, Tag) and n.name in wanted), None)


def strings(root: Tag) -> list[NavigableString]:
    """ROOT's descendant strings, comments and the like included, as `find_all(string=True)`."""
    return [n for n in root.descendants if isinstance(n, NavigableString)]


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
