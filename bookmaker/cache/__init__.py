"""The build cache, under `OUTDIR/.bookmaker-cache/`: what a build made that the next one can
reuse, so an unchanged post is never read or converted twice and the EPUB is written again
from the chapter documents it already rendered.

`store.py` keeps signed entries (`secret.py` holds the user's key), `entries.py` says what an
entry holds and when it still holds, `keys.py` names an entry by everything its value depends
on.  The stages decide what to cache: `incremental.py` (posts and chapters) and the EPUB
builder (chapter documents).
"""

from __future__ import annotations

from pathlib import Path

from bookmaker.builders.outdir.names import CACHE as FOLDER
from bookmaker.cache.collector import at_end
from bookmaker.cache.secret import user_key
from bookmaker.cache.store import Store

__all__ = ["FOLDER", "Store", "open_ahead", "open_store"]

#: The stores this build opened ahead (`open_ahead`), by folder, until `open_store` opens one.
_AHEAD: dict[Path, Store] = {}


def open_store(outdir: Path, name: str, *, fresh: bool = False) -> Store | None:
    """The cache NAME of the output folder OUTDIR (`OUTDIR/.bookmaker-cache/NAME`), or None
    when this user has no key to sign entries with (the build then runs without a cache).
    FRESH (`--fresh`): no entry is read, all are written anew.  The store opened ahead for
    it, if there is one, with what it read ahead."""
    secret = user_key()
    if secret is None:
        return None
    folder = outdir / FOLDER / name
    ahead = _AHEAD.pop(folder, None)
    if ahead is not None and ahead.fresh == fresh and ahead.secret == secret:
        return ahead
    return Store(folder, secret, fresh=fresh)


def open_ahead(outdir: Path, name: str) -> Store | None:
    """`open_store(OUTDIR, NAME)` now, for the build to read ahead in (`Store.read_ahead`):
    the next `open_store` of it in this build gives this one."""
    store = open_store(outdir, name)
    if store is not None:
        if not _AHEAD:
            at_end(_AHEAD.clear)
        _AHEAD[store.folder] = store
    return store
