"""The command line's voice: where it prints, how an error ends a command, what a build
report looks like on the terminal, and the exit codes every command shares."""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING, NoReturn

from bookmaker.errors import BookmakerError

if TYPE_CHECKING:
    from rich.console import Console

    from bookmaker.report import Report


@cache
def _console(stderr: bool) -> Console:
    """Standard error's or output's console, made on the first line printed (rich is slow to
    import, and `--help` prints through click)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


#: Shown by `bookmaker --help` and kept in step with the README.
EXIT_CODES = """\b
Exit codes:
  0    done
  1    a problem with a post, a theme or the machine (nothing written)
  2    a mistake in book.toml, a blog's config file or the command line
  70   a bug in bookmaker (the traceback is saved to a file it names)
  130  stopped by Ctrl-C; 143 by SIGTERM"""


def fail(exc: BookmakerError) -> NoReturn:
    say(f"bookmaker: error: {exc}", to_err=True)
    sys.exit(exc.exit_code)


def say(line: str, *, to_err: bool = False) -> None:
    """LINE on standard output (or error): through rich on a terminal, as it is elsewhere (a
    pipe or a file gets the same text, and the build does not wait for rich to load)."""
    stream = sys.stderr if to_err else sys.stdout
    if stream.isatty():
        _console(to_err).print(line, markup=False)
    else:
        print(line, file=stream)


def show_downloads(done: int, total: int, failed: int) -> None:
    """The progress line of the image downloads: rewritten in place on a terminal, else
    printed once when they are over."""
    err, more = _console(True), f", {failed} failed" if failed else ""
    if err.is_terminal:
        line = f"Fetching images: {done}/{total}{more}"
        err.print(line, end="\r" if done < total else "\n", markup=False)
    elif done == total:
        say(f"Fetched {total - failed} of {total} images from the web{more}.", to_err=True)


def print_report(report: Report, verbosity: int) -> None:
    """Warnings and failures on standard error, the files written and the summary on standard
    output; `-q` (VERBOSITY below 0) keeps only errors and files, `-v` (above 0) adds how the
    book was put together."""
    if verbosity > 0:
        for note in report.notes:
            say(f"bookmaker: {note}", to_err=True)
        for found in report.findings:
            place = f"{found.path}: " if found.path else ""
            say(f"{place}note: {found.message} [{found.code}]", to_err=True)
    if verbosity >= 0:
        for warning in report.warnings:
            say(str(warning), to_err=True)
    for exc in report.failed:
        say(f"bookmaker: error: {exc}", to_err=True)
    for result in report.results:
        say(f"{result.builder}: {result.path}")
    if report.book is not None and verbosity >= 0:
        say(report.summary())
