"""build, print edition: how far the layout is, for the person waiting.

On a terminal, a progress bar (rich) with the chapters laid out, the pages and an estimate of
the time left; otherwise a plain line now and then (every tenth of the book).  Silent for books
of a few pieces, where it would only flicker.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

#: Books with fewer pieces than this are laid out without a word.
QUIET_BELOW = 8


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.total = total
        self.pieces = total
        self.done = 0
        self.pages = 0
        self.began = time.monotonic()
        self.shown = 0
        self.again = 0
        self.bar: Any = None
        self.task: Any = None
        if total < QUIET_BELOW:
            self.total = 0
        elif self.stream.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self.bar = Bar(
                TextColumn("PDF: laying out"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("pieces, {task.fields[pages]} pages"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self.task = self.bar.add_task("pdf", total=total, pages=0)
            self.bar.start()

    def advance(self, pages: int) -> None:
        """One more piece laid out (PAGES > 0), or one stopped to be laid out again at the right
        page number (PAGES < 0: it was started at a guess that proved wrong)."""
        if pages < 0:
            self.again += 1
            return
        self.done += 1
        self.pages += pages
        if not self.total:
            return
        done = min(self.done, self.total)
        if self.bar is not None:
            self.bar.update(self.task, completed=done, pages=self.pages)
        elif done * 10 // self.total > self.shown:
            self.shown = done * 10 // self.total
            elapsed = time.monotonic() - self.began
            left = elapsed / done * (self.total - done)
            print(
                f"pdf: laid out {done}/{self.total} pieces, {self.pages} pages, "
                f"about {left:.0f} s left",
                file=self.stream,
                flush=True,
            )

    def summary(self) -> str:
        """What the layout took: pieces laid out (and again, after a wrong guess), time."""
        again = self.done + self.again - self.pieces
        return (
            f"{self.done} pieces laid out ({max(0, again)} more than once) in "
            f"{time.monotonic() - self.began:.1f} s"
        )

    def close(self, finished: bool) -> None:
        if self.bar is not None:
            self.bar.stop()
        if finished and self.total:
            print(f"pdf: {self.summary()}", file=self.stream, flush=True)
