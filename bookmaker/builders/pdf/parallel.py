"""build, print edition: worker processes that lay pieces out, each job with a time limit.

Workers are forked (on Linux) after the parent has read WeasyPrint and the hyphenation
dictionaries, so they share them.  A worker dies with its parent (the kernel kills it when the
parent goes, however the parent went), and the parent kills every worker when the build stops,
for whatever reason.  A job that runs past its deadline is reported by the caller's tag.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from bookmaker.builders.pdf.layout import failure
from bookmaker.lifeline import die_with_parent, signals_held


@dataclass
class _Worker:
    process: Any
    conn: Connection
    #: (tag, deadline) of the job it runs, or None when idle.
    job: tuple[Any, float] | None = None


@dataclass(frozen=True)
class Done:
    tag: Any
    ok: bool
    #: The job's result, or what it raised (`layout.failure`).
    value: Any


class Overdue(Exception):
    """A job ran past its time limit; `tag` names it."""

    def __init__(self, tag: Any):
        super().__init__(tag)
        self.tag = tag


def _serve(conn: Connection, run: Callable[[Any], Any], parent: int) -> None:
    die_with_parent(parent)  # and leaves Ctrl-C and SIGTERM to the parent, which kills us
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            conn.send((True, run(job)))
        except BaseException as exc:  # noqa: BLE001 - sent to the parent, which reports it
            conn.send((False, failure(exc, None)))


class Pool:
    """SIZE processes that each run RUN(job) on the jobs they are given, one at a time."""

    def __init__(self, size: int, run: Callable[[Any], Any], ctx: Any):
        self.run = run
        self.ctx = ctx
        self.workers: list[_Worker] = []
        try:
            for _ in range(size):
                self.workers.append(self._spawn())
        except BaseException:
            self.close()
            raise

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(
            target=_serve, args=(child, self.run, os.getpid()), name="bookmaker-pdf", daemon=True
        )
        with signals_held():
            process.start()
        child.close()
        return _Worker(process, parent)

    def cancel(self, tag: Any) -> None:
        """Stop the job TAG (its worker is killed and replaced): its result is no use now."""
        for n, worker in enumerate(self.workers):
            if worker.job is not None and worker.job[0] == tag:
                worker.process.kill()
                worker.process.join()
                worker.conn.close()
                self.workers[n] = self._spawn()

    def idle(self) -> list[_Worker]:
        return [w for w in self.workers if w.job is None]

    def busy(self) -> list[Any]:
        return [w.job[0] for w in self.workers if w.job is not None]

    def submit(self, worker: _Worker, tag: Any, job: Any, time_limit: float) -> None:
        worker.conn.send(job)
        worker.job = (tag, time.monotonic() + time_limit)

    def collect(self) -> list[Done]:
        """Wait for at least one job to end; raise `Overdue` for one past its deadline."""
        running = [w for w in self.workers if w.job is not None]
        if not running:
            return []
        deadline = min(w.job[1] for w in running)
        ready = wait([w.conn for w in running], max(0.0, deadline - time.monotonic()))
        done = []
        for worker in running:
            if worker.conn in ready:
                tag = worker.job[0]
                try:
                    ok, value = worker.conn.recv()
                except EOFError:
                    code = worker.process.exitcode
                    ok, value = (
                        False,
                        (f"the worker stopped (exit code {code}; out of memory?)", ""),
                    )
                worker.job = None
                done.append(Done(tag, ok, value))
        if not done:
            late = min(running, key=lambda w: w.job[1])
            raise Overdue(late.job[0])
        return done

    def close(self) -> None:
        """Stop every worker: idle ones are told to, busy ones are killed."""
        for worker in self.workers:
            if worker.job is None and worker.process.is_alive():
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        for worker in self.workers:
            worker.process.join(2 if worker.job is None else 0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []


def fork_context() -> Any:
    """fork where it is safe and cheap (Linux), spawn elsewhere."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
