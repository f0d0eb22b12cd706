"""Errors and warnings that reach the user.

Only the CLI catches `BookmakerError`; any other exception is a bug, which the CLI's guard
reports in one line, its traceback saved to a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


def where(path: Path | str | None, line: int | None = None) -> str:
    """`path:line` the way compilers print it, so editors can jump there."""
    if path is None:
        return ""
    text = str(path)
    return f"{text}:{line}" if line else text


class BookmakerError(Exception):
    """A problem the user can fix: printed as one line, exit code `exit_code`."""

    category = "error"
    exit_code = 1

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        place = where(self.path, self.line)
        return f"{place}: {self.message}" if place else self.message


class ConfigError(BookmakerError):
    """A mistake in book.toml, a blog's config file or a `-D` setting: exit code 2."""

    category = "config"
    exit_code = 2


class ReadError(BookmakerError):
    category = "read"


class ThemeError(BookmakerError):
    category = "theme"


class BuildError(BookmakerError):
    category = "build"


class CheckError(BookmakerError):
    """`bookmaker check` was given something it cannot check (no file, not an EPUB)."""

    category = "check"


@dataclass(frozen=True)
class Diagnostic:
    """One warning, e.g. `posts/x.md:14: warning: image 'fig.png' not found [image.missing]`."""

    message: str
    code: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        place = where(self.path, self.line)
        prefix = f"{place}: " if place else ""
        return f"{prefix}warning: {self.message} [{self.code}]"


@dataclass
class Diagnostics:
    """Collects warnings of one stage for one input; passed explicitly, never global."""

    path: str | None = None
    items: list[Diagnostic] = field(default_factory=list)
    #: What a stage found or did that is no fault (voices found, cruft removed): `-v` lists them.
    notes: list[Diagnostic] = field(default_factory=list)

    def warn(self, message: str, code: str, line: int | None = None) -> None:
        self.items.append(Diagnostic(message, code, self.path, line))

    def note(self, message: str, code: str) -> None:
        self.notes.append(Diagnostic(message, code, self.path))

    def extend(self, other: Diagnostics | tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    def frozen(self) -> tuple[Diagnostic, ...]:
        return tuple(self.items)
