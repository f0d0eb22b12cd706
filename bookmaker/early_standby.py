"""A rebuild's standby worker, forked as `bookmaker build` starts.

A rebuild's edited post is read and converted in one worker (`workers.Standby`), and the
rebuild waits for its chapter.  Forked once reading had found the post, the worker then
imported the readers and the converter (bs4, soupsieve's patterns: some 0.4 s) on the
rebuild's path.  Forked here instead, before the build's process imports the pipeline, it
imports the parsers while that process imports its own modules and looks at the posts'
files, and the converter in a thread meanwhile and while it reads the post: by the time the
edited post is found, the worker is ready for it.

Only a build that may rebuild from a cache forks it (not `--fresh`, not `-j 1`, an output
folder with a cache, a platform that forks); the reader takes it (`take`) when a few posts
are to be read beside kept ones, and stops it at once otherwise (`drop`): an unchanged
rebuild, or many edits, which the `-j` workers read.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from bookmaker.workers import Standby, default_jobs

_early: Standby | None = None


@contextmanager
def standby_for(outdir: Path, jobs: int | None, fresh: bool) -> Iterator[None]:
    """A standby worker forked now when a build into OUTDIR with JOBS (`-j`) and FRESH
    (`--fresh`) may rebuild from a cache; stopped on leaving, however the build ends."""
    global _early
    from bookmaker.builders.outdir.names import CACHE

    if not fresh and (jobs or default_jobs()) > 1 and (outdir / CACHE / "posts").is_dir():
        # What both processes need is imported once, before the fork; the worker imports
        # what only it needs (the parsers, the converter) while this process imports the rest.
        import bookmaker.incremental
        import bookmaker.post_reader  # noqa: F401

        _early = Standby.start(setup=(_ready_to_read, (outdir,)))
    try:
        yield
    finally:
        drop()


def take() -> Standby | None:
    """The worker forked as the build started, now the caller's to close; None: there is none."""
    global _early
    standby, _early = _early, None
    return standby


def drop() -> None:
    """Stop the worker forked as the build started, if nobody took it."""
    standby = take()
    if standby is not None:
        standby.close()


def _ready_to_read(outdir: Path) -> None:
    """In the worker, first: the parsers a post's reading runs, imported; then the converter,
    in a thread, while the worker waits for the post or reads it, with the selectors the
    last build into OUTDIR compiled (`cache/compiled_css.py`).  Nothing here
    may fail the worker (its pool would start it again and again): a job imports what it
    needs again, and says what failed."""
    global _converter
    with suppress(Exception):
        import bookmaker.read.decode
        import bookmaker.read.frontmatter
        import bookmaker.read.markup  # noqa: F401
    _converter = threading.Thread(
        target=_import_converter, args=(outdir,), name="converter", daemon=True
    )
    _converter.start()


#: In the worker: the thread importing the converter (`_ready_to_read`).
_converter: threading.Thread | None = None


def ready_to_convert() -> None:
    """In the worker, before its first conversion: what converting needs, imported and
    warmed (or the thread doing it awaited): the phases (bs4, soupsieve...), the images
    stage's classes, and soupsieve's own patterns, which it compiles on first use (unless
    the cache's selectors spare it)."""
    if _converter is not None:
        _converter.join()
    else:
        _import_converter()


def _import_converter(outdir: Path | None = None) -> None:
    with suppress(Exception):
        import soupsieve

        # bookmaker.images: the job's asset resolver is one of its objects, imported (with
        # the config) as the job is unpickled otherwise, some 10 ms once the job is there.
        import bookmaker.convert.phases
        import bookmaker.images  # noqa: F401

        if outdir is None or not _take_selectors(outdir):
            soupsieve.compile("div.x > p")


def _take_selectors(outdir: Path) -> bool:
    """Whether the selectors the last build into OUTDIR compiled were taken from its cache."""
    from bookmaker.cache import compiled_css, keys, open_store

    store = open_store(outdir, "chapters")
    return store is not None and compiled_css.take(store, compiled_css.name(keys.environment()))
