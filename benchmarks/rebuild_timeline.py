"""A build's timeline: when its process and its standby worker reach each step (issue 14).

    PYTHONPATH=CHECKOUT python benchmarks/rebuild_timeline.py build SOURCE -o OUT -b epub -q

Runs `bookmaker ARGS` after wrapping, as each module is imported, the steps of a rebuild:
the pipeline's stages (read, convert, assemble, write), a worker's reading, converting and
warming up, the standby worker's fork, and when the build's process waits for and gets what
the worker sends back.  Prints to stderr one line per step: seconds since this script
started (after Python's own start), the process id, the step.  Also each full collection
(`gc.callbacks`), with its time.  Works on a checkout without `early_standby.py` (main before
it) too.  Not a test: a tool to see where the time goes.
"""

from __future__ import annotations

import functools
import gc
import importlib.abc
import importlib.util
import os
import sys
import time

START = time.time()

#: Module → (function, label) wrapped when it is imported.
STEPS = {
    "bookmaker.pipeline": [
        (name, name)
        for name in ("build", "make_book", "read", "convert_all", "assemble", "write_books")
    ],
    "bookmaker.post_reader": [
        ("_read", "worker read"),
        ("_ready_to_convert", "worker warm convert"),
    ],
    "bookmaker.early_standby": [
        ("_ready_to_read", "worker warm read"),
        ("_import_converter", "worker warm convert (thread)"),
        ("ready_to_convert", "worker ready_to_convert"),
    ],
    "bookmaker.incremental": [("_convert", "worker convert")],
}


def mark(what: str) -> None:
    os.write(2, f"{time.time() - START:7.3f} [{os.getpid()}] {what}\n".encode())


def _stamped(func, label: str):
    @functools.wraps(func)
    def stamped(*args, **kwargs):
        mark(f"> {label}")
        try:
            return func(*args, **kwargs)
        finally:
            mark(f"< {label}")

    return stamped


class _Wrapper(importlib.abc.MetaPathFinder):
    """Wraps the STEPS of a module once it is imported."""

    def find_spec(self, name, path, target=None):
        if name not in STEPS:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            for attr, label in STEPS[name]:
                if hasattr(module, attr):
                    setattr(module, attr, _stamped(getattr(module, attr), label))
            if name == "bookmaker.pipeline":
                mark("pipeline imported")

        spec.loader.exec_module = exec_module
        return spec


_collecting = {"start": 0.0}


def _collection(phase: str, info: dict) -> None:
    if phase == "start":
        _collecting["start"] = time.perf_counter()
    elif info["generation"] == 2:
        mark(f"full collection {(time.perf_counter() - _collecting['start']) * 1000:.1f} ms")


class _Watched:
    """A standby's results, marked as the build's process first asks for each and gets it;
    polled as the pool's `imap` is (`next(timeout=...)`), while the process does steps of
    its own meanwhile (`bookmaker.meanwhile`)."""

    def __init__(self, results, name: str):
        self.results, self.name, self.asked = results, name, False

    def __iter__(self):
        return self

    def __next__(self):
        return self.next()

    def next(self, timeout=None):
        if not self.asked:
            mark(f"parent waits {self.name}")
            self.asked = True
        result = self.results.next(timeout)
        mark(f"parent got {self.name}")
        self.asked = False
        return result


def _watch_standby() -> None:
    from bookmaker import workers

    forked, run, close = workers.Standby.__init__, workers.Standby.run, workers.Standby.close

    def init(self, *args, **kwargs):
        mark("standby fork")
        forked(self, *args, **kwargs)
        mark("standby forked")

    def watched(self, func, jobs):
        mark(f"parent sends {func.__name__}")
        return _Watched(run(self, func, jobs), func.__name__)

    def closing(self):
        mark("standby close")
        close(self)

    workers.Standby.__init__, workers.Standby.run = init, watched
    workers.Standby.close = closing


sys.meta_path.insert(0, _Wrapper())
gc.callbacks.append(_collection)

if __name__ == "__main__":  # not in a spawned render worker, which imports this as its main
    import atexit

    import bookmaker.cli

    mark("cli imported")
    _watch_standby()
    atexit.register(lambda: mark("exit"))
    bookmaker.cli.main(sys.argv[1:])
