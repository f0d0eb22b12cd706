"""bookmaker: blog posts in, an EPUB and a PDF edition out.

From Python::

    import bookmaker

    report = bookmaker.build("posts/", builders=["epub"], outdir="_build",
                             overrides={"book.title": "Letters"})
    report.paths      # {"epub": Path("_build/epub/letters.epub")}
    report.summary()  # "Built 3 chapters, 0 contributors, 21 endnotes, 0 warnings."

Importing this package imports nothing else: the pipeline loads when `build` is called.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bookmaker.report import Report

__version__ = "0.1.0"
__all__ = ["__version__", "build"]


def build(
    source: str | PathLike[str],
    builders: str | Iterable[str] = ("epub", "pdf"),
    outdir: str | PathLike[str] = "_build",
    overrides: Mapping[str, Any] | Iterable[str] = (),
    *,
    theme: str | None = None,
    keep_going: bool = False,
    strict: bool = False,
    offline: bool = False,
    jobs: int | None = None,
) -> Report:
    """Build SOURCE (a post, a folder of posts, or a Jekyll or Hugo site) as the command line's
    `bookmaker build` does, and return its report: `paths` (builder → file written),
    `summary()`, `warnings`, `book`.  BUILDERS: "epub", "pdf", "html", "all".  OVERRIDES set
    book.toml keys for this build, as a mapping (`{"pdf.page_size": "A4"}`) or as `-D`-style
    "KEY=VALUE" strings.  OFFLINE (`--offline`): fetch no image from the web.  JOBS: worker
    processes for the PDF layout (`-j`; default one per core).  A mistake raises `bookmaker.errors.BookmakerError` (its `exit_code` is 2 for a
    configuration mistake); nothing is printed."""
    from bookmaker.overrides import as_overrides
    from bookmaker.pipeline import build as run

    names = [builders] if isinstance(builders, str) else list(builders)
    return run(
        Path(source),
        names,
        Path(outdir),
        overrides=as_overrides(overrides),
        theme_name=theme,
        keep_going=keep_going,
        strict=strict,
        offline=offline,
        jobs=jobs,
    )
