"""`bookmaker check`: fast structural checks of any EPUB, in process (an `.epub` → problems).

They catch in a fraction of a second what users of generated EPUBs hit most: a zip that is not
an EPUB container, manifest entries that point nowhere, an empty contents list or NCX, ids used
twice in a document, links and note references that lead nowhere.  EPUBCheck, the reference
validator, runs beside them when Java is there (`check.epubcheck`); these checks do not
try to replace it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from bookmaker.check.archive import EpubZip, Problem
from bookmaker.check.package import container, package, rootfile
from bookmaker.errors import CheckError

__all__ = ["Problem", "check_structure", "verdict"]


def check_structure(path: Path) -> list[Problem]:
    """Every structural problem of the EPUB at PATH; raises `CheckError` if it is no EPUB at all."""
    if path.exists() and not path.is_file():
        raise CheckError("not an EPUB: not a file", path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise CheckError("no such file", path) from None
    except (zipfile.BadZipFile, IsADirectoryError, OSError):
        raise CheckError("not an EPUB: the file is not a zip archive", path) from None
    with archive:
        book = EpubZip(archive)
        container(book)
        opf_name = rootfile(book)
        if opf_name is not None:
            package(book, opf_name)
        return book.problems


def verdict(
    book: Path, problems: list[Problem], epubcheck: object, fail_on_warnings: bool
) -> tuple[str, bool]:
    """The one-line verdict and whether the book passed.

    EPUBCHECK is an `EpubcheckResult`, or a `NotRun` whose reason the line states plainly.
    """
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    ours = f"bookmaker checks: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
    if hasattr(epubcheck, "version"):
        errors += epubcheck.fatals + epubcheck.errors  # type: ignore[attr-defined]
        warnings += epubcheck.warnings  # type: ignore[attr-defined]
        theirs = (
            f"EPUBCheck {epubcheck.version}: "  # type: ignore[attr-defined]
            f"{_count(epubcheck.fatals + epubcheck.errors, 'error')}, "  # type: ignore[attr-defined]
            f"{_count(epubcheck.warnings, 'warning')}"
        )  # type: ignore[attr-defined]
    else:
        theirs = f"EPUBCheck not run: {epubcheck.reason}"  # type: ignore[attr-defined]
    passed = errors == 0 and not (fail_on_warnings and warnings)
    return f"{book}: {'PASS' if passed else 'FAIL'} ({theirs}; {ours})", passed


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
