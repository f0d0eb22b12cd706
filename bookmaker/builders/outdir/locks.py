"""build, output folder: the locks that keep runs into one folder from undoing each other.

`commit_lock` is held for the short steps that change what the folder shows (cleaning up,
starting a generation, making one current).  An `owner` lock is held by a run for as long as it
writes its generation; the kernel drops it when the process dies, even by SIGKILL, so a
generation nobody holds is abandoned and safe to remove.  Without `fcntl` (Windows) there are
no locks: builds into one folder must then not overlap.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bookmaker.errors import BuildError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: How long a run waits for another run's commit before giving up (commits take milliseconds).
WAIT_SECONDS = 120.0


def _try_lock(fd: int) -> bool:
    if fcntl is None:  # pragma: no cover - Windows
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def commit_lock(path: Path, shown: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the folder's commit lock (the file PATH) for the block; SHOWN names the folder."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise BuildError(
                    f"another bookmaker run has held the output folder for {wait:g} s; "
                    "try again when it has finished",
                    shown,
                )
            time.sleep(0.02)
        yield
    finally:
        os.close(fd)


def hold(path: Path) -> int:
    """Create PATH and lock it for as long as this process (or a child it forks) lives."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    _try_lock(fd)
    return fd


def abandoned(path: Path) -> bool:
    """True when no living process holds the lock file PATH (or there is none)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return True
    try:
        return _try_lock(fd)
    finally:
        os.close(fd)
