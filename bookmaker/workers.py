"""The run's worker processes (`-j N`): a function mapped over jobs, results in the jobs' order.

With one job at a time (`-j 1`), or a single job, everything stays in this process.  Otherwise
N processes are forked (on Linux, while this process runs no other thread; else spawned, as
beside the web server's threads of `bookmaker serve`: a fork copies the locks other threads
hold) and each dies with the run, however the run ends (`lifeline.py`); they are stopped when
the map ends, for whatever reason.  A job
returns its result or raises: a job that fails as the user's mistake returns the error as its
value (see `incremental.py`), so any exception that crosses is a bug and stops the run.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from bookmaker.lifeline import die_with_parent, signals_held

J = TypeVar("J")
R = TypeVar("R")


def default_jobs() -> int:
    """One worker per core this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers are forked (they then share what this process holds, unpickled)."""
    return sys.platform == "linux" and threading.active_count() == 1


def run_all(
    func: Callable[[J], R], jobs: Sequence[J], workers: int, *, forked_only: bool = False
) -> Iterator[R]:
    """FUNC(job) for each of JOBS, in order, in up to WORKERS processes.  FORKED_ONLY: FUNC
    reads what this process holds (set before the call), so where workers cannot be forked
    the jobs run here."""
    forked = can_fork()
    if workers <= 1 or len(jobs) <= 1 or (forked_only and not forked):
        yield from map(func, jobs)
        return
    with _pool(func, jobs, workers, forked) as results:
        yield from results


@contextmanager
def started(func: Callable[[J], R], jobs: Sequence[J], workers: int) -> Iterator[Iterator[R]]:
    """FUNC(job) for each of JOBS, in order, like `run_all`, but begun at once in forked
    workers, even a single job: this process does something else meanwhile (a rebuild loads
    its cached chapters while the edited post is converted), and reads the results after.
    Where workers cannot be forked, or there is one worker, the jobs are run as `run_all`
    runs them, when the results are read."""
    if workers <= 1 or not jobs or not can_fork():
        yield run_all(func, jobs, workers)
        return
    with _pool(func, jobs, workers, True) as results:
        yield results


@contextmanager
def _pool(
    func: Callable[[J], R], jobs: Sequence[J], workers: int, forked: bool
) -> Iterator[Iterator[R]]:
    """The results of FUNC over JOBS in a pool of up to WORKERS processes, stopped on leaving."""
    context = multiprocessing.get_context("fork" if forked else "spawn")
    size = min(workers, len(jobs))
    with signals_held():
        pool = context.Pool(size, initializer=die_with_parent, initargs=(os.getpid(),))
    try:
        # Small chunks keep both workers busy to the end; each carries its jobs' shared parts
        # (the conversion context) once.
        chunk = max(1, min(8, len(jobs) // (size * 8)))
        yield pool.imap(func, jobs, chunksize=chunk)
    finally:
        pool.terminate()
        pool.join()
