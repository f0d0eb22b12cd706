"""Build cache: the CSS selectors a build's conversions compiled, kept for the next build's.

soupsieve compiles its own patterns as it parses the first selector in a process, some 80 ms
of a one-post rebuild's worker (in which nothing else waits on so much), and bookmaker's
selectors are the same from build to build (the profiles').  So the compiled selectors
(soupsieve's `SoupSieve` objects, which it pickles itself) are kept in one entry of the
chapters' store, named by the environment, which holds soupsieve's version: a worker takes
them before its first conversion, and parses only a selector not among them.  An entry that
does not hold selectors, or one whose selector is not the text it is kept under, is ignored.
"""

from __future__ import annotations

from pathlib import Path

from bookmaker.cache import keys
from bookmaker.cache.store import Store

#: How many selectors each entry (by folder and name) held when this process took it from
#: the cache or wrote it.
_known: dict[tuple[Path, str], int] = {}


def name(environment: str) -> str:
    """The entry's name in a cache of this ENVIRONMENT."""
    return keys.name(environment, "css-selectors")


def take(store: Store, entry: str) -> bool:
    """The selectors kept as ENTRY in STORE, used by this process's conversions (the first
    time only); whether any were."""
    import soupsieve

    from bookmaker.convert import css

    if (store.folder, entry) in _known:
        return _known[store.folder, entry] > 0
    found = store.get(entry) if store.has(entry) else None
    holds = isinstance(found, dict) and all(
        _holds(k, v, soupsieve.SoupSieve) for k, v in found.items()
    )
    kept = found if holds else {}
    css.add(kept)
    _known[store.folder, entry] = len(kept)
    return bool(kept)


def keep(store: Store, entry: str) -> None:
    """The selectors this process compiled, kept as ENTRY in STORE when they are more than
    it held, or it is gone."""
    from bookmaker.convert import css

    compiled = css.compiled()
    if len(compiled) > _known.get((store.folder, entry), 0) or not (store.folder / entry).exists():
        store.put(entry, compiled)
        _known[store.folder, entry] = len(compiled)


def _holds(key: object, value: object, kind: type) -> bool:
    """Whether VALUE is a compiled selector (of KIND) kept under its own text and namespaces."""
    return (
        isinstance(value, kind)
        and isinstance(key, tuple)
        and len(key) == 2
        and key[0] == value.pattern
        and key[1] == tuple(value.namespaces.items())
    )
