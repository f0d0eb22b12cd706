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
        self.done = 0
        self.pages = 0
        self.began = time.monotonic()
        self.shown = 0
        self.bar: Any = None
        self.task: Any = None
        if total < QUIET_BELOW:
            self.total = 0
        elif self.stream.isatty():
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
                transient=True,
            )
            self.task = self.bar.add_task("pdf", total=total, pages=0)
            self.bar.start()

    def advance(self, pages: int) -> None:
        """One more piece laid out (a piece laid out again counts once more)."""
        if not self.total:
            return
        self.done = min(self.done + 1, self.total)
        self.pages += pages
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, pages=self.pages)
        elif self.done * 10 // self.total > self.shown or self.done == self.total:
            self.shown = self.done * 10 // self.total
            elapsed = time.monotonic() - self.began
            left = elapsed / self.done * (self.total - self.done)
            print(
                f"pdf: laid out {self.done}/{self.total} pieces, {self.pages} pages, "
                f"about {left:.0f} s left",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
