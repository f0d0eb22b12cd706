"""build: what the libraries the builders call (WeasyPrint, fontTools) log, kept to the build.

For the span of one call a filter on the library's logger takes its records: WeasyPrint's
warnings become the build's own diagnostics instead of lines on stderr, and fontTools' notes on
the tables it drops while subsetting are not news.  Nothing about how the process logs is
changed (no level, no `propagate`, no handler): the filter is removed when the call ends.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Take(logging.Filter):
    """Takes the records below `keep`: collects those at `collect` or above, passes none on."""

    def __init__(self, collect: int, keep: int) -> None:
        super().__init__()
        self.collect, self.keep = collect, keep
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= self.keep:
            return True
        if record.levelno >= self.collect:
            self.messages.append(record.getMessage())
        return False


@contextmanager
def _taken(name: str, collect: int, keep: int) -> Iterator[_Take]:
    logger = logging.getLogger(name)
    take = _Take(collect, keep)
    logger.addFilter(take)
    try:
        yield take
    finally:
        logger.removeFilter(take)


@contextmanager
def collected(name: str, level: int = logging.WARNING) -> Iterator[list[str]]:
    """The messages logger NAME logs at LEVEL or above while the block runs, in the list this
    yields; none of its records reach a handler meanwhile."""
    with _taken(name, level, logging.CRITICAL + 1) as take:
        yield take.messages


@contextmanager
def quiet(name: str, below: int = logging.ERROR) -> Iterator[None]:
    """Logger NAME's records below BELOW go nowhere while the block runs; errors still do."""
    with _taken(name, logging.CRITICAL + 1, below):
        yield
