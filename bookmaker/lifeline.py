"""A worker process's tie to the bookmaker run that started it.

A killed run must not leave its WeasyPrint child laying out a book nobody will read (and
holding the lock on a generation the next run wants to remove).  A child calls
`die_with_parent` first: the kernel kills it when the parent dies, even by SIGKILL (Linux's
PR_SET_PDEATHSIG; elsewhere a thread that watches the parent).  It also leaves Ctrl-C and
SIGTERM to the parent, which stops its children itself and reports one line.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this process die when PARENT (the pid the parent had before forking) dies.

    Call it first thing in the child, e.g. as a pool's `initializer` with `(os.getpid(),)`.
    On Linux the tie is to the parent *thread* that started the child, so start workers from
    the main thread or one that outlives them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # the parent's handlers would raise in the child
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
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
