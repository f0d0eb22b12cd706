"""What the command line prints: lines through rich (imported on first use), and a build's
report."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bookmaker.pipeline import Report


class Lines:
    """Standard output or error, printed through rich (made on first use: rich is slow to
    import) without markup or highlighting."""

    def __init__(self, stderr: bool):
        self.stderr = stderr
        self._console = None

    def print(self, text: str, markup: bool = False) -> None:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self.stderr, highlight=False, soft_wrap=True)
        self._console.print(text, markup=markup)


err = Lines(stderr=True)
out = Lines(stderr=False)


def print_report(report: Report, quiet: bool) -> None:
    """A build's warnings, failed posts, files written and its one-line summary."""
    if not quiet:
        for warning in report.warnings:
            err.print(str(warning), markup=False)
    for exc in report.failed:
        err.print(f"bookmaker: error: {exc}", markup=False)
    for result in report.results:
        out.print(f"{result.builder}: {result.path}", markup=False)
    book = report.book
    if book is None or quiet:
        return
    chapters = len(book.chapters)
    parts = [
        f"{chapters} chapter{'s' if chapters != 1 else ''}",
        f"{len(book.contributors)} contributor{'s' if len(book.contributors) != 1 else ''}",
        f"{book.endnote_count} endnote{'s' if book.endnote_count != 1 else ''}",
    ]
    pages = [r.pages for r in report.results if r.pages is not None]
    if pages:
        parts.append(f"{pages[0]} PDF pages")
    if report.drafts:
        parts.append(f"{len(report.drafts)} draft{'s' if len(report.drafts) != 1 else ''} skipped")
    if report.failed:
        parts.append(f"{len(report.failed)} post{'s' if len(report.failed) != 1 else ''} failed")
    counts = report.warning_counts()
    detail = f" ({', '.join(f'{n} {code}' for code, n in counts.items())})" if counts else ""
    parts.append(
        f"{len(report.warnings)} warning{'s' if len(report.warnings) != 1 else ''}{detail}"
    )
    out.print("Built " + ", ".join(parts) + ".", markup=False)
