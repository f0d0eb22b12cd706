"""convert: CSS selectors (soupsieve's) run only where they could match.

soupsieve's `select` runs its whole matcher on every element under the scope; a profile's
selectors (`contributors`) ran some 1,500 times over 200 posts, a sixth of convert.  Most
selectors name the element's tag, a class or an id in their last compound, which every match
must have: `select` here tests that first, in a plain walk, and leaves the verdict to
soupsieve's own matcher (set up once per scope, as its `select` sets it up), so the answers are
soupsieve's, in its order.  A selector without such a name (`*`, `:is(…)`) is matched
everywhere, as before.
"""

from __future__ import annotations

from functools import lru_cache

import soupsieve
from bs4 import Tag

try:  # soupsieve's matcher is not public API: without it, bs4's `select` answers
    from soupsieve.css_match import CSSMatch

    _FAST = all(hasattr(CSSMatch, name) for name in ("get_tag_descendants", "match"))
except ImportError:  # pragma: no cover - a soupsieve that moved it
    _FAST = False

#: What one compound requires: ("name", tag name), ("class", a class) or ("id", the id), each
#: lower-cased (soupsieve compares names case-blind in HTML; lower-casing both sides can only
#: let more through to its matcher); None when it requires none of them.
_Need = tuple[str, str] | None


#: A selector's text and its namespaces, by which it is compiled once in a process.
Key = tuple[str, tuple[tuple[str, str], ...]]

#: The selectors compiled in this process, or taken from an earlier one's (`add`).
_COMPILED: dict[Key, object] = {}


def compiled() -> dict[Key, object]:
    """The selectors compiled so far in this process (soupsieve's `SoupSieve` objects)."""
    return dict(_COMPILED)


def add(kept: dict[Key, object]) -> None:
    """KEPT selectors compiled in another process (`cache/compiled_css.py`), used as if compiled
    here: parsing the first selector compiles soupsieve's own patterns, some 80 ms."""
    _COMPILED.update(kept)


def _compiled(
    css: str, namespaces: tuple[tuple[str, str], ...]
) -> tuple[object, tuple[_Need, ...]]:
    found = _COMPILED.get((css, namespaces))
    if found is None:
        found = _COMPILED[css, namespaces] = soupsieve.compile(css, dict(namespaces))
    return found, _needs(found)


@lru_cache(maxsize=256)
def _needs(compiled) -> tuple[_Need, ...]:  # soupsieve's SoupSieve
    return tuple(_need(selector) for selector in compiled.selectors)


def _need(selector) -> _Need:  # soupsieve's css_types.Selector
    tag = selector.tag
    if tag is not None and tag.name not in (None, "*"):
        return ("name", tag.name.lower())
    if selector.classes:
        return ("class", selector.classes[0].lower())
    if selector.ids:
        return ("id", selector.ids[0].lower())
    return None


def _may_match(el: Tag, needs: tuple[_Need, ...]) -> bool:
    for need in needs:
        if need is None:
            return True
        kind, value = need
        if kind == "name":
            if el.name.lower() == value:
                return True
            continue
        found = el.get(kind)
        if isinstance(found, str):
            found = found.split() if kind == "class" else [found]
        if found and any(isinstance(v, str) and v.lower() == value for v in found):
            return True
    return False


def select(scope: Tag, css: str, limit: int = 0) -> list[Tag]:
    """What `scope.select(css, limit=limit)` finds, in the same order."""
    if not _FAST:
        return scope.select(css, limit=limit)
    namespaces = scope._namespaces or {}
    compiled, needs = _compiled(css, tuple(sorted(namespaces.items())))
    matcher = CSSMatch(compiled.selectors, scope, compiled.namespaces, compiled.flags)
    found: list[Tag] = []
    # soupsieve's own `select` walks the same way (a `template`'s contents only when it is
    # the scope)
    for el in matcher.get_tag_descendants(scope, template_contents=True):
        if _may_match(el, needs) and matcher.match(el):
            found.append(el)
            if len(found) == limit:
                break
    return found


def select_one(scope: Tag, css: str) -> Tag | None:
    """What `scope.select_one(css)` finds."""
    found = select(scope, css, limit=1)
    return found[0] if found else None
