"""Stage 1 for a whole book through the cache (post files → posts): each post read once, in
worker processes (`-j`), and never again while its bytes and the settings its reading depends
on stay the same (`incremental.py` does the same for converting).  A post whose file is as the
last build saw it (`cache/stats.py`) is not even read: its entry is found by the file's facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bookmaker.cache import Store, keys
from bookmaker.cache.collector import at_end, loading
from bookmaker.cache.entries import ReadEntry
from bookmaker.cache.stats import Facts, file_facts
from bookmaker.errors import BookmakerError
from bookmaker.read import Outcome, ReadJob
from bookmaker.read.post import display_path, read_bytes
from bookmaker.workers import Standby, Workers, count_of, run_all, started

if TYPE_CHECKING:
    from bookmaker.incremental import BookCache


@dataclass(frozen=True)
class _ReadTask:
    job: ReadJob
    #: The entry's name but for the file's bytes (`keys.name(base, bytes)`).
    base: str
    store: Store | None


def _read(task: _ReadTask) -> tuple[str, ReadEntry] | BookmakerError:
    """Read one post (in a worker) and keep it; the entry is named by the bytes read."""
    try:
        data = read_bytes(task.job.path, task.job.root, task.job.limits)
        post, warnings = task.job.run(data)
    except BookmakerError as exc:
        return exc
    key = keys.name(task.base, data)
    entry = ReadEntry(post, warnings)
    if task.store is not None:
        task.store.put(key, entry)
    return key, entry


#: At most this many posts to read beside kept ones (a rebuild's edits) go to one worker on
#: standby, which converts them after; more are read by `-j` workers.
FEW = 4


def _ready_to_convert() -> None:
    """What converting needs, imported and warmed in the standby worker ahead of the job:
    the phases (bs4, soupsieve...), and soupsieve's own patterns, compiled on first use."""
    import soupsieve

    import bookmaker.convert.phases  # noqa: F401

    soupsieve.compile("div.x > p")


class PostReader:
    """A `read.Reader` that reads post files in up to WORKERS processes and takes a post from
    CACHE while its bytes and what its reading depends on (its path, the site, its people
    table, whether its body is rendered) stay the same.  `names` holds each post's entry name,
    by path, which its chapter's entry is named by."""

    def __init__(self, cache: BookCache | None, workers: int | Workers):
        self.cache, self.workers = cache, workers
        self.names: dict[Path, str] = {}
        #: The digest of the settings many posts share, by their objects' identities (the
        #: objects kept, so that no identity is reused): named once, not once a post.
        self._shared: dict[tuple[int, ...], tuple[tuple[object, ...], str]] = {}

    def __call__(self, jobs: list[ReadJob]) -> list[Outcome]:
        results: list[tuple[str, ReadEntry] | BookmakerError | None] = [None] * len(jobs)
        tasks: list[tuple[int, _ReadTask]] = []
        kept: list[tuple[int, str, str]] = []
        store = self.cache.posts if self.cache else None
        # Each file's facts before its bytes are read: a write after them changes them.
        facts = [file_facts(job.path) if self.cache else None for job in jobs]
        bases = [self._base(job) for job in jobs]
        for i, (job, base) in enumerate(zip(jobs, bases, strict=True)):
            key = self._key(base, job, facts[i]) if base is not None else None
            if key is not None and store is not None and store.has(key):
                kept.append((i, base or "", key))
            else:
                tasks.append((i, _ReadTask(job, base or "", store if base else None)))
        # The posts to read (a rebuild's edited one) are read in workers begun before the
        # others are loaded: this process need not import the parsers for them.
        alone = len(tasks) == 1 and not kept
        stale: list[tuple[int, _ReadTask]] = []
        with self._reading([t for _, t in tasks], 1 if alone else self.workers, kept) as ran:
            with loading():
                for i, base, key in kept:
                    entry = store.get(key) if store is not None else None
                    if isinstance(entry, ReadEntry):
                        results[i] = (key, entry)
                    else:
                        stale.append((i, _ReadTask(jobs[i], base, store)))
            for (i, _), result in zip(tasks, ran, strict=True):
                results[i] = result
        for (i, _), result in zip(stale, run_all(_read, [t for _, t in stale], self.workers)):
            results[i] = result
        return [self._outcome(*each) for each in zip(jobs, results, bases, facts, strict=True)]

    @contextmanager
    def _reading(
        self, tasks: list[_ReadTask], workers: int | Workers, kept: list
    ) -> Iterator[Iterator[tuple[str, ReadEntry] | BookmakerError]]:
        """TASKS read in workers begun now.  A rebuild's few (beside KEPT posts) are read in
        one worker kept on standby, which then gets ready to convert them (`incremental.py`)."""
        standby = None
        if self.cache is not None and kept and 0 < len(tasks) <= FEW and count_of(workers) > 1:
            standby = self.cache.standby = Standby.start()
        if standby is None:
            with started(_read, tasks, workers) as ran:
                yield ran
            return
        at_end(standby.close)
        ran = standby.run(_read, tasks)
        standby.prepare(_ready_to_convert)
        yield ran

    def _outcome(
        self,
        job: ReadJob,
        result: tuple[str, ReadEntry] | BookmakerError | None,
        base: str | None,
        facts: Facts | None,
    ) -> Outcome:
        """What reading JOB gave; its entry's name noted, with the file's FACTS."""
        assert result is not None
        if isinstance(result, BookmakerError):
            return result
        self.names[job.path] = result[0]
        if self.cache is not None:
            self.cache.used["posts"].add(result[0])
            if base is not None:
                self.cache.files.note(job.path, base, facts, result[0])
        return (result[1].post, result[1].warnings)

    def _base(self, job: ReadJob) -> str | None:
        """The entry name of JOB but for the file's bytes; None when its people table cannot
        be read (the worker reports it)."""
        try:
            table = job.people(job.path) if job.people else None
        except BookmakerError:
            return None
        environment = self.cache.environment if self.cache else ""
        settings = (job.site, job.root, table, job.render, job.limits)
        held = self._shared.get(ids := tuple(map(id, settings)))
        if held is None:
            held = self._shared[ids] = (settings, keys.name(environment, "read", *settings))
        return keys.name(held[1], str(job.path), display_path(job.path))

    def _key(self, base: str, job: ReadJob, facts: Facts | None) -> str | None:
        """The name of JOB's entry: BASE and the file's bytes, which are read and hashed only
        when the file is not as the last build saw it (FACTS); None: no cache, a fresh build
        (which takes nothing from it), or the file cannot be read, which the worker reports."""
        if self.cache is None or self.cache.posts.fresh:
            return None
        known = self.cache.files.key(job.path, base, facts)
        if known is not None:
            return known
        try:
            return keys.name(base, read_bytes(job.path, job.root, job.limits))
        except BookmakerError:
            return None
