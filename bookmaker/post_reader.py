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

from bookmaker import early_standby
from bookmaker.cache import Store, keys, rebase
from bookmaker.cache.collector import at_end, loading
from bookmaker.cache.entries import ReadEntry
from bookmaker.cache.kept_posts import head_bytes, kept_entry
from bookmaker.cache.stats import Facts, file_facts
from bookmaker.errors import BookmakerError
from bookmaker.read import Outcome, ReadJob
from bookmaker.read.post import display_path, read_bytes, real_folder, real_place
from bookmaker.workers import Standby, Workers, count_of, run_all, started

if TYPE_CHECKING:
    from bookmaker.incremental import BookCache


@dataclass(frozen=True)
class _ReadTask:
    job: ReadJob
    #: The entry's name but for the file's bytes (`keys.name(base, bytes)`).
    base: str
    store: Store | None


#: A post read or kept: its entry's name, the entry, and its head for the file index (None:
#: made when noted).
Found = tuple[str, ReadEntry, bytes | None]


def _read(task: _ReadTask) -> Found | BookmakerError:
    """Read one post (in a worker) and keep it; the entry is named by the bytes read, and its
    head made here, not in the build's process."""
    try:
        data = read_bytes(task.job.path, task.job.root, task.job.limits)
        post, warnings = task.job.run(data)
    except BookmakerError as exc:
        return exc
    key = keys.name(task.base, data)
    entry = ReadEntry(post, warnings)
    written = task.store.put(key, entry) if task.store is not None else None
    return key, entry, head_bytes(entry, written) if written is not None else None


#: At most this many posts to read beside kept ones (a rebuild's edits) go to one worker on
#: standby, which converts them after; more are read by `-j` workers.
FEW = 4


class PostReader:
    """A `read.Reader` that reads post files in up to WORKERS processes and takes a post from
    CACHE while its bytes and what its reading depends on (where its file is, the site, its
    people table, whether its body is rendered) stay the same.  `names` holds each post's entry name,
    by path, which its chapter's entry is named by."""

    def __init__(self, cache: BookCache | None, workers: int | Workers):
        self.cache, self.workers = cache, workers
        self.names: dict[Path, str] = {}
        #: The digest of the settings many posts share, by their objects' identities (the
        #: objects kept, so that no identity is reused): named once, not once a post.
        self._shared: dict[tuple[int, ...], tuple[tuple[object, ...], str]] = {}

    def __call__(self, jobs: list[ReadJob]) -> list[Outcome]:
        results: list[Found | BookmakerError | None] = [None] * len(jobs)
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
                    found = self._kept(jobs[i], base, key)
                    if found is not None:
                        results[i] = found
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
    ) -> Iterator[Iterator[Found | BookmakerError]]:
        """TASKS read in workers begun now.  A rebuild's few (beside KEPT posts) are read in
        one worker kept on standby, which then gets ready to convert them (`incremental.py`)."""
        standby, early = None, early_standby.take()
        if self.cache is not None and kept and 0 < len(tasks) <= FEW and count_of(workers) > 1:
            standby = self.cache.standby = early or Standby.start()
        elif early is not None:  # nothing to read, or more than it is ready for
            early.close()
        if standby is None:
            with started(_read, tasks, workers) as ran:
                yield ran
            return
        at_end(standby.close)
        ran = standby.run(_read, tasks)
        standby.prepare(early_standby.ready_to_convert)
        yield ran

    def _outcome(
        self,
        job: ReadJob,
        result: Found | BookmakerError | None,
        base: str | None,
        facts: Facts | None,
    ) -> Outcome:
        """What reading JOB gave; its entry's name noted, with the file's FACTS."""
        assert result is not None
        if isinstance(result, BookmakerError):
            return result
        key, entry, head = result
        self.names[job.path] = key
        if self.cache is not None:
            self.cache.used["posts"].add(key)
            if base is not None:
                self.cache.files.note(base, facts, key, head)
            entry = rebase.post_entry(entry, job.path, display_path(job.path))
        return (entry.post, entry.warnings)

    def _kept(self, job: ReadJob, base: str, key: str) -> Found | None:
        """The post of entry KEY: from its head in the file index, its body loaded when read,
        else from its entry; None: read again."""
        assert self.cache is not None
        store, head = self.cache.posts, self.cache.files.head(base, key)
        entry = kept_entry(store, key, head) if head is not None else None
        if entry is not None:
            return key, entry, head
        loaded = store.load(key)
        if loaded is None or not isinstance(loaded[0], ReadEntry):
            return None
        return key, loaded[0], head_bytes(*loaded)

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
            # The book's folder by where it is, as the post (`real_place`), not as spelled.
            root = real_folder(job.root) if job.root is not None else None
            named = keys.name(environment, "read", job.site, root, *settings[2:])
            held = self._shared[ids] = (settings, named)
        return keys.name(held[1], real_place(job.path))

    def _key(self, base: str, job: ReadJob, facts: Facts | None) -> str | None:
        """The name of JOB's entry: BASE and the file's bytes, which are read and hashed only
        when the file is not as the last build saw it (FACTS); None: no cache, a fresh build
        (which takes nothing from it), or the file cannot be read, which the worker reports."""
        if self.cache is None or self.cache.posts.fresh:
            return None
        known = self.cache.files.key(base, facts)
        if known is not None:
            return known
        try:
            return keys.name(base, read_bytes(job.path, job.root, job.limits))
        except BookmakerError:
            return None
