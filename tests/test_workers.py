"""The `-j` workers hold nothing of the process that starts them but what they are sent: the
book, which that process holds, is never counted again in each worker's memory."""

from __future__ import annotations

import pickle

from bookmaker import workers
from bookmaker.builders.epub.pages import CoverRef, plan_edition
from bookmaker.builders.epub.render_workers import setting
from bookmaker.theming import load_theme
from bookmaker.workers import run_all

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
