"""A worker process's tie to the bookmaker run that started it.

A killed run must not leave its WeasyPrint child laying out a book nobody will read (and
holding the lock on a generation the next run wants to remove).  A child calls
`die_with_parent` first: the kernel kills it when the parent dies, even by SIGKILL (Linux's
PR_SET_PDEATHSIG; elsewhere a thread that watches the parent).  It also leaves Ctrl-C and
SIGTERM to the parent, which stops its children itself and reports one line; the parent
starts children inside `signals_held()`, so none arrives before the child is ready.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_PR_SET_PDEATHSIG = 1
#: The signals that stop a run: the parent handles them, its children must not.
_STOPPING = {
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
}


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while children start (`process.start()` in the block): one
    reaching a child before `die_with_parent` makes it ignore them would print a traceback.
    The parent receives them as soon as the block ends."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def die_with_parent(parent: int) -> None:
    """Make this process die when PARENT (the pid the parent had before forking) dies.

    Call it first thing in the child, e.g. as a pool's `initializer` with `(os.getpid(),)`,
    and start the child inside `signals_held()`.  On Linux the tie is to the parent *thread*
    that started the child, so start workers from the main thread or one that outlives them."""
    for signum in _STOPPING:  # the parent's handlers would raise in the child
        signal.signal(signum, signal.SIG_IGN if signum == signal.SIGINT else signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)  # held by `signals_held`
    if not (sys.platform.startswith("linux") and _set_death_signal()):
        threading.Thread(target=_watch, args=(parent,), name="lifeline", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the tie was made
        os._exit(1)


def _set_death_signal() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
