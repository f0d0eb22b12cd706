"""Build cache: Python's cyclic garbage collector kept off the entries a build loads.

A rebuild loads some 1,500 entries (posts, chapters), hundreds of thousands of objects that
all live until the build ends and hold no garbage; each full collection would walk them
again (about 0.1 s of a 1.5 s rebuild).  So they are loaded with the collector paused and then
set aside from it (`gc.freeze`) until the build is over (`build_scope`), when they are given
back: a process that runs many builds (the tests, `bookmaker serve`) frees them as usual.
What else must end with the build, however it ends, is given to `at_end`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: What to do when the build ends, however it ends (a worker kept on standby stopped).
_AT_END: list[Callable[[], None]] = []


def at_end(func: Callable[[], None]) -> None:
    """FUNC is called when the build running now ends (`build_scope`), however it ends."""
    _AT_END.append(func)


@contextmanager
def loading() -> Iterator[None]:
    """Entries loaded inside are never walked by the collector while the build runs."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def build_scope() -> Iterator[None]:
    """A build: whatever `loading` set aside is given back to the collector at its end."""
    try:
        yield
    finally:
        while _AT_END:
            _AT_END.pop()()
        gc.unfreeze()
