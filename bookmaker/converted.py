"""A post's conversion as the book takes it from a worker (or the cache), and the chapters
with their reports taken from a book's conversions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bookmaker.errors import BookmakerError, Diagnostic
from bookmaker.model import Chapter
from bookmaker.report import Report

if TYPE_CHECKING:
    from bookmaker.cache.kept import ChapterHead


@dataclass(frozen=True)
class Converted:
    """What the book takes of a post's conversion; what it asked the book (`Lookups`) stays
    in its cache entry, written by the worker."""

    chapter: Chapter
    warnings: tuple[Diagnostic, ...]
    notes: tuple[Diagnostic, ...] = ()
    #: The head of the chapter's cache entry (`cache/kept.py`), when it was kept.
    head: ChapterHead | None = None


def collect(
    results: list[Converted | BookmakerError], report: Report, keep_going: bool
) -> list[Chapter]:
    """The chapters; their warnings and findings, in order, and (with KEEP_GOING) the posts
    that failed go to REPORT; without KEEP_GOING the first failure stops the run."""
    chapters = []
    for result in results:
        if isinstance(result, BookmakerError):
            if not keep_going:
                raise result
            report.failed.append(result)
            continue
        chapters.append(result.chapter)
        report.warnings.extend(result.warnings)
        report.findings.extend(result.notes)
    return chapters
