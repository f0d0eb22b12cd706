"""serve: the preview's state, and the build that renews it (source → html and EPUB previews).

One build at a time, from the watcher; the web server's threads only read the state, under
its condition, and wait on it for the next build.  A build that fails keeps the last good
files in place and records its one-line error, which the page then shows.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bookmaker.console import say
from bookmaker.errors import BookmakerError
from bookmaker.guard import bug_line, save_crash

if TYPE_CHECKING:
    from bookmaker.report import Report

#: What the preview builds: the print edition's document and the EPUB (its pages are served).
BUILDERS = ["html", "epub"]


@dataclass
class Preview:
    """The latest build: its number (the page asks for a reload when it changes), its error
    (None after a good build), and the files it made."""

    source: Path
    outdir: Path
    overrides: tuple[str, ...] = ()
    theme_name: str | None = None
    build: int = 0
    error: str | None = None
    html: Path | None = None
    epub: Path | None = None
    #: Folders whose changes start a build: the book's and its theme's, once known.
    watched: tuple[Path, ...] = ()
    changed: threading.Condition = field(default_factory=threading.Condition)

    def snapshot(self) -> dict[str, object]:
        with self.changed:
            return {"build": self.build, "error": self.error}

    def rebuild(self) -> None:
        """Build the previews and record how it went; never raises for the book's mistakes
        or bookmaker's own bugs (the server keeps running, the page says what happened)."""
        from bookmaker.pipeline import build

        started = time.monotonic()
        try:
            report = build(
                self.source,
                BUILDERS,
                self.outdir,
                overrides=self.overrides,
                theme_name=self.theme_name,
            )
        except BookmakerError as exc:
            self._record(error=f"bookmaker: error: {exc}")
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview
            self._record(error=f"bookmaker: {bug_line(exc, save_crash(exc, self.outdir))}")
        else:
            paths = report.paths
            self._record(html=paths.get("html"), epub=paths.get("epub"))
            self.watched = _folders(self.source, report)
            took = time.monotonic() - started
            say(f"bookmaker: built #{self.build} in {took:.1f} s: {report.summary()}")
            return
        say(self.error or "", to_err=True)

    def _record(self, *, error: str | None = None, **files: Path | None) -> None:
        with self.changed:
            self.build += 1
            self.error = error
            for name, path in files.items():
                setattr(self, name, path)
            self.changed.notify_all()


def _folders(source: Path, report: Report) -> tuple[Path, ...]:
    """The book's folder and the folders of its theme chain (a theme being written beside the
    book, or an installed one, is previewed as it changes)."""
    from bookmaker.project import book_root

    book = report.book
    folders = [book.root if book is not None else book_root(source), *report.theme_folders]
    return tuple(dict.fromkeys(f.resolve() for f in folders if f.is_dir()))
