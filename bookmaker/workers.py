"""The run's worker processes (`-j N`): a function mapped over jobs, results in the jobs' order.

With one job at a time (`-j 1`), or a single job, everything stays in this process.  Otherwise
N processes: forked while this process is small (on Linux, running no other thread: a fork
copies the locks other threads hold), else fresh Python processes (spawned).  A forked
worker's resident set counts every page this process holds from its first job on (Linux
copies the page tables at fork): with the book in hand, three processes counted it three
times.  Either way a worker is sent what it needs, pickled: each job, and once a SETUP (a
function and its arguments, what every job shares).  Each dies with the run, however the run ends
(`lifeline.py`); they are stopped when the map ends, for whatever reason.  A job returns its
result or raises: a job that fails as the user's mistake returns the error as its value (see
`incremental.py`), so any exception that crosses is a bug and stops the run.

A run's stages may share their processes (`Workers`): forked by the first stage with jobs for
them while this process is small (reading the posts), they are used by the next (converting
them), and so hold what this process held then, not the posts read since.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Self, TypeVar

from bookmaker.lifeline import die_with_parent, signals_held

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

J = TypeVar("J")
R = TypeVar("R")

#: A function each worker calls once before its first job, and its arguments.
Setup = tuple[Callable[..., None], tuple[Any, ...]]

#: A worker started afresh holds some 40 MB before its first job (Python, the parsers, the
#: templates); a forked one, this process's anonymous memory (and the files it touches).  While
#: that is below this, a fork is as light, and cheaper: no Python to start, nothing to import.
FORK_BELOW = 40 * 2**20


def default_jobs() -> int:
    """One worker per core this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class Handed(Collection[J]):
    """JOBS handed on one at a time and let go of: once a job is sent to a worker (or run
    here), this process no longer holds it, nor what only it held (a post's body)."""

    def __init__(self, jobs: list[J]):
        self._jobs, self._count = deque(jobs), len(jobs)
        jobs.clear()

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[J]:
        while self._jobs:
            yield self._jobs.popleft()

    def __contains__(self, job: object) -> bool:
        return job in self._jobs


class Workers:
    """COUNT processes kept for the stages of a run (a `with` block): forked by the first map
    of two jobs or more while this process is small, and used by each map after it, which
    begins at once; stopped on leaving the block.  Where they cannot be forked then, each map
    runs as with a plain count."""

    def __init__(self, count: int):
        self.count = count
        self._pool: Pool | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def kept(self, jobs: Collection[Any]) -> Pool | None:
        """The kept processes, forked now for JOBS if this is the first map that may."""
        if self._pool is None and self.count > 1 and len(jobs) > 1 and _small():
            context = multiprocessing.get_context("fork")
            with signals_held():
                self._pool = context.Pool(
                    self.count, initializer=_start, initargs=(os.getpid(), None)
                )
        return self._pool


def count_of(workers: int | Workers) -> int:
    """How many processes WORKERS (a count, or kept `Workers`) may use."""
    return workers.count if isinstance(workers, Workers) else workers


def run_all(
    func: Callable[[J], R],
    jobs: Collection[J],
    workers: int | Workers,
    *,
    setup: Setup | None = None,
) -> Iterator[R]:
    """FUNC(job) for each of JOBS, in order, in up to WORKERS processes, each of which runs
    SETUP first (here too, when the jobs run here)."""
    count = count_of(workers)
    if count <= 1 or len(jobs) <= 1:
        if setup is not None:
            setup[0](*setup[1])
        yield from map(func, jobs)
        return
    kept = workers.kept(jobs) if isinstance(workers, Workers) and setup is None else None
    if kept is not None:
        yield from kept.imap(func, jobs, chunksize=_chunk(len(jobs), count))
        return
    with _pool(func, jobs, count, _small(), setup) as results:
        yield from results


@contextmanager
def started(
    func: Callable[[J], R], jobs: Collection[J], workers: int | Workers
) -> Iterator[Iterator[R]]:
    """FUNC(job) for each of JOBS, in order, like `run_all`, but begun at once in forked
    workers, even a single job: this process does something else meanwhile (a rebuild loads
    its cached chapters while the edited post is converted), and reads the results after.
    In the kept WORKERS when there are, else forked whatever this process holds (a started
    Python would spend the time it saves on its imports); where workers cannot be forked, or
    there is one worker, the jobs are run as `run_all` runs them, when the results are read."""
    count = count_of(workers)
    kept = workers.kept(jobs) if isinstance(workers, Workers) and count > 1 and jobs else None
    if kept is not None:
        yield kept.imap(func, jobs, chunksize=_chunk(len(jobs), count))
        return
    if count <= 1 or not jobs or not _can_fork():
        yield run_all(func, jobs, count)
        return
    with _pool(func, jobs, count, True) as results:
        yield results


class Standby:
    """One forked worker begun now and kept until `close`: a rebuild reads its edited post in
    it, the worker then imports what converting needs (`prepare`) while this process loads
    the kept entries, and converts the post when asked, with no second fork and no import on
    the way.  Jobs run one after the other, in the order given."""

    def __init__(self, setup: Setup | None = None) -> None:
        context = multiprocessing.get_context("fork")
        with signals_held():
            self._pool: Any = context.Pool(1, initializer=_start, initargs=(os.getpid(), setup))

    @classmethod
    def start(cls, setup: Setup | None = None) -> Standby | None:
        """A worker on standby, which runs SETUP first; None where workers cannot be forked."""
        return cls(setup) if _can_fork() else None

    def run(self, func: Callable[[J], R], jobs: Collection[J]) -> Iterator[R]:
        """FUNC(job) for each of JOBS in the worker, in order; returned once the first job is
        in the worker's pipe.  The pool's own thread pickles and sends it, and needs the GIL
        for it: while this thread worked on (a rebuild loads its kept chapters meanwhile, in
        long unpickling calls), the worker got its job only when this thread waited for the
        result, some 20 ms later."""
        sent = threading.Event()
        results = self._pool.imap(func, _telling(jobs, sent))
        sent.wait(SENDING)
        return results

    def prepare(self, func: Callable[[], None]) -> None:
        """FUNC run in the worker after the jobs so far (its result is not awaited)."""
        self._pool.apply_async(func)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


#: Seconds `Standby.run` waits at most for its first job to be sent: a job larger than the
#: pipe's buffer is sent only as the worker reads it, and a worker still getting ready reads
#: it later; this thread has other things to do meanwhile.
SENDING = 0.01


def _telling(jobs: Iterable[J], sent: threading.Event) -> Iterator[J]:
    """JOBS one at a time, SENT set once the first has been sent: the pool's thread asks for
    the next job only after it has put the one before in the pipe (or when there is none)."""
    try:
        for job in jobs:
            yield job
            sent.set()
    finally:
        sent.set()


@contextmanager
def _pool(
    func: Callable[[J], R],
    jobs: Collection[J],
    workers: int,
    forked: bool,
    setup: Setup | None = None,
) -> Iterator[Iterator[R]]:
    """The results of FUNC over JOBS in a pool of up to WORKERS processes, stopped on leaving."""
    context = multiprocessing.get_context("fork" if forked else "spawn")
    size = min(workers, len(jobs))
    with signals_held():
        pool = context.Pool(size, initializer=_start, initargs=(os.getpid(), setup))
    try:
        yield pool.imap(func, jobs, chunksize=_chunk(len(jobs), size))
    finally:
        pool.terminate()
        pool.join()


def _chunk(jobs: int, workers: int) -> int:
    """Small chunks keep every worker busy to the end; each carries its jobs' shared parts
    (the conversion context) once."""
    return max(1, min(8, jobs // (workers * 8)))


def _start(parent: int, setup: Setup | None) -> None:
    """A worker's first steps: tied to the run (PARENT), then SETUP."""
    die_with_parent(parent)
    if setup is not None:
        setup[0](*setup[1])


def _can_fork() -> bool:
    """Whether workers may be forked: Linux, and no other thread (a fork copies the locks
    other threads hold)."""
    return sys.platform == "linux" and threading.active_count() == 1


def _small() -> bool:
    """Whether this process may fork workers and holds less than FORK_BELOW of its own."""
    if not _can_fork():
        return False
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            held = next(line for line in status if line.startswith("RssAnon:"))
    except (OSError, StopIteration):
        return False
    return int(held.split()[1]) * 1024 < FORK_BELOW
