"""The `-j` workers hold nothing of the process that starts them but what they are sent: the
book, which that process holds, is never counted again in each worker's memory.  A run's
stages share workers forked before the posts are read, and what is sent is let go of."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading

from bookmaker import workers
from bookmaker.builders.epub.pages import CoverRef, plan_edition
from bookmaker.builders.epub.render_workers import setting
from bookmaker.theming import load_theme
from bookmaker.workers import Handed, Workers, run_all, started

#: Set in the test's own process; a forked worker would see it, a started one does not.
HELD: list[str] = []
#: Set by `_setup` in each worker.
GIVEN: list[str] = []


def _held(_job: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(HELD), tuple(GIVEN)


def _setup(value: str) -> None:
    GIVEN.append(value)


def test_workers_are_not_forks_and_are_set_up_once(monkeypatch):
    monkeypatch.setattr(workers, "FORK_BELOW", 0)  # this process holds the book
    HELD.append("the book")
    try:
        there = list(run_all(_held, range(6), 2, setup=(_setup, ("base",))))
        here = list(run_all(_held, range(6), 1))
    finally:
        HELD.clear()
        GIVEN.clear()
    assert there == [((), ("base",))] * 6
    assert here == [(("the book",), ())] * 6


def _pid(_job: int) -> tuple[int, tuple[str, ...]]:
    return os.getpid(), tuple(HELD)


def test_a_runs_stages_share_workers_forked_before_it_held_the_posts(monkeypatch):
    monkeypatch.setattr(workers, "FORK_BELOW", 2**40)  # as small as a build before reading
    with Workers(2) as pool:
        reading = list(run_all(_pid, range(8), pool))
        forked = {child.pid for child in multiprocessing.active_children()}
        HELD.append("the posts read")
        try:
            with started(_pid, [0], pool) as results:  # one job: no workers of its own
                converting = list(results) + list(run_all(_pid, range(8), pool))
        finally:
            HELD.clear()
    assert os.getpid() not in forked and {pid for pid, _ in reading + converting} <= forked
    assert {held for _, held in reading + converting} == {()}


def test_jobs_handed_to_workers_are_let_go_of():
    jobs = [1, 2, 3]
    handed = Handed(jobs)
    assert not jobs and len(handed) == 3 and 3 in handed
    assert list(run_all(abs, handed, 2)) == [1, 2, 3]
    assert len(handed) == 3 and 3 not in handed and list(handed) == []


def test_chapter_workers_are_sent_no_book(sample_build):
    book = sample_build.book
    theme = load_theme("default")
    edition = plan_edition(
        book, theme, placement="chapter", stylesheets=["s.css"], cover=CoverRef("c.png", "")
    )
    sent = setting(edition)
    assert {"book", "chapter_of", "credits"}.isdisjoint(sent.base)
    assert {"meta", "labels", "stylesheets", "title_id"} <= set(sent.base)
    # Far smaller than the chapters it renders: no chapter rides along with the setting.
    assert len(pickle.dumps(sent)) * 4 < len(pickle.dumps(book.chapters))


def test_a_standby_worker_is_sent_its_first_job_before_run_returns():
    """The pool's thread tells when it has put the first job in the pipe: it asks for the
    next one only then.  So `run` returns with the job on its way, not waiting in this
    process for the GIL while it loads the kept chapters."""
    sent = threading.Event()
    jobs = workers._telling(iter(["first", "second"]), sent)
    assert next(jobs) == "first" and not sent.is_set()  # taken, not yet sent
    assert next(jobs) == "second" and sent.is_set()
    none = threading.Event()
    assert list(workers._telling(iter([]), none)) == [] and none.is_set()

    standby = workers.Standby.start()
    assert standby is not None
    try:
        assert list(standby.run(abs, Handed([]))) == []
        assert list(standby.run(abs, Handed([-1, -2]))) == [1, 2]
    finally:
        standby.close()
