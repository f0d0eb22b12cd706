"""What the build's process does while it waits for a worker's result (a rebuild's edited
chapter, converted on standby: `incremental.py`), instead of sitting idle: the steps of what
the build does later anyway, whatever the chapter is (its theme loaded, the kept EPUB
documents read: `pipeline.py`).

Steps are small (a generator: one `next`, one step), and run only while the result is not
in: once it is, the build takes it at once, and whatever was not done in the wait is done
when it is needed, as without one.  What a step makes must be what the build would make
later (`Ahead`): a step that fails is dropped, and its work done again when needed, which
then reports the failure as the build always did.  The steps are dropped when the build ends.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from bookmaker.cache.collector import at_end

T = TypeVar("T")
R = TypeVar("R")

#: The steps queued for this build's waits, each a generator, in order.
_STEPS: deque[Iterator[object]] = deque()


def meanwhile(steps: Iterator[object]) -> None:
    """STEPS run while this build waits for a worker (`awaited`), if it does; dropped when
    the build ends (`collector.build_scope`)."""
    if not _STEPS:
        at_end(_STEPS.clear)
    _STEPS.append(steps)


def awaited(results: Iterator[R]) -> Iterator[R]:
    """RESULTS (a pool's `imap`), each awaited doing the steps queued, one at a time, while
    it is not in."""
    while True:
        try:
            yield _next(results)
        except StopIteration:
            return


def _next(results: Iterator[R]) -> R:
    """The next of RESULTS, the steps done while it is not in (if RESULTS can say so: a
    pool's `imap` can)."""
    polled = getattr(results, "next", None)
    while _STEPS and polled is not None:
        try:
            return polled(timeout=0)
        except multiprocessing.TimeoutError:
            _step()
    return next(results)


def _step() -> None:
    steps = _STEPS[0]
    try:
        next(steps)
    except StopIteration:
        _STEPS.popleft()
    except Exception:  # noqa: BLE001 - done again when needed, which reports what failed
        _STEPS.popleft()


class Ahead(Generic[T]):
    """A value MAKE makes, made in a wait if there is one (`step`), else when asked (`get`)."""

    def __init__(self, make: Callable[[], T]):
        self._make = make
        self._made: list[T] = []
        self._asked = False

    def step(self) -> Iterator[None]:
        if not self._asked:
            self._made.append(self._make())
        yield

    def get(self) -> T:
        self._asked = True
        return self._made.pop() if self._made else self._make()

    def made(self) -> T | None:
        """The value, if a step made it (and `get` has not taken it yet)."""
        return self._made[0] if self._made else None
