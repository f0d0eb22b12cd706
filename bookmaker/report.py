"""What a build made and met, as the CLI, `bookmaker serve` and the Python API report it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bookmaker.builders import BuildResult
from bookmaker.errors import BookmakerError, Diagnostic
from bookmaker.model import Book


@dataclass
class Report:
    """What a build made and met: the book, each builder's output, the warnings, the posts
    that failed (with `keep_going`) and the drafts left out; and for `-v`, NOTES on how the
    book was put together (the blog found, how many posts were chosen)."""

    book: Book | None = None
    results: list[BuildResult] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    #: What conversion found or did that is no fault: voices found, furniture removed (`-v`).
    findings: list[Diagnostic] = field(default_factory=list)
    failed: list[BookmakerError] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The folders of the theme and the themes it inherits from, child first.
    theme_folders: tuple[Path, ...] = ()

    @property
    def paths(self) -> dict[str, Path]:
        """Builder name → the file it wrote."""
        return {r.builder: r.path for r in self.results}

    def removed(self) -> int:
        """How many pieces of site furniture conversion removed (comments, forms, share tools)."""
        return sum(1 for note in self.findings if note.code == "cruft")

    def warning_counts(self) -> dict[str, int]:
        """How many warnings of each code, most frequent first: the build summary's detail."""
        counts: dict[str, int] = {}
        for warning in self.warnings:
            counts[warning.code] = counts.get(warning.code, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def summary(self) -> str:
        """`Built 3 chapters, 3 contributors, 21 endnotes, 10 PDF pages, 0 warnings.`"""
        book = self.book
        counted = [
            (len(book.chapters) if book else 0, "chapter"),
            (len(book.contributors) if book else 0, "contributor"),
            (book.endnote_count if book else 0, "endnote"),
        ]
        parts = [_count(n, word) for n, word in counted]
        pages = [r.pages for r in self.results if r.pages is not None]
        if pages:
            parts.append(f"{pages[0]} PDF pages")
        if self.drafts:
            parts.append(_count(len(self.drafts), "draft") + " skipped")
        if self.removed():
            parts.append(_count(self.removed(), "site element") + " removed (-v lists them)")
        if self.failed:
            parts.append(_count(len(self.failed), "post") + " failed")
        counts = self.warning_counts()
        detail = f" ({', '.join(f'{n} {code}' for code, n in counts.items())})" if counts else ""
        parts.append(_count(len(self.warnings), "warning") + detail)
        return "Built " + ", ".join(parts) + "."


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
