"""build: WeasyPrint in a child process, with a time limit.

Untrusted posts can make a layout engine loop or crawl (WeasyPrint's own security notes say
so); the build must end anyway.  The child lays the print document out, adds page labels and
writes the PDF to the path it is given; the parent waits at most `pdf.time_limit` seconds, then
kills it and reports one line.  A crash in the child is a bug and keeps its traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookmaker.builders.logs import collected
from bookmaker.builders.pdf.engine_fixes import engine_fixed
from bookmaker.builders.pdf.fetcher import ROOT, BookFetcher
from bookmaker.builders.pdf.finish import Finish
from bookmaker.errors import BuildError
from bookmaker.lifeline import die_with_parent, signals_held


@dataclass(frozen=True)
class LayoutJob:
    html: str
    stylesheets: tuple[str, ...]
    files: Mapping[str, Path]
    #: Id of the element that starts the body: arabic page labels from its page.
    body_start: str
    target: Path
    variant: str | None = None
    #: The print shop's bleed in millimetres, for the PDF's /BleedBox.
    bleed_mm: float = 0.0
    #: Languages of the book and its chapters (hyphenation dictionaries to load).
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class LayoutResult:
    pages: int
    front_pages: int
    #: URLs the document asked for and the fetcher refused.
    refused: tuple[str, ...]
    #: WeasyPrint's own warnings (CSS it ignored, images it could not read), each once.
    messages: tuple[str, ...]
    #: Characters no font could draw: WeasyPrint printed them as empty boxes (.notdef).
    missing_glyphs: tuple[str, ...] = ()


def layout_result(
    document: Any, fetcher: BookFetcher, warnings: list[str], front: int = 0
) -> LayoutResult:
    """What a laid-out DOCUMENT tells: pages, refused URLs, WeasyPrint's WARNINGS (each once),
    characters no font could draw."""
    refused = tuple(dict.fromkeys(fetcher.refused))
    messages = tuple(
        m
        for m in dict.fromkeys(warnings)
        if not any(url in m for url in refused) and ".notdef glyph" not in m
    )
    # WeasyPrint records, per embedded font, the code points it had no glyph for
    # (pdf/fonts.py, `Font.missing`); read defensively, it is not public API.
    missing = sorted(
        {
            chr(cp)
            for font in getattr(document, "fonts", {}).values()
            for cp in getattr(font, "missing", {})
            if isinstance(cp, int)
        }
    )
    return LayoutResult(len(document.pages), front, refused, messages, tuple(missing))


def layout(job: LayoutJob) -> LayoutResult:
    """Render and write the PDF (in whatever process calls it)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from bookmaker.builders.pdf.pagerefs import once_each_page  # (pagerefs imports this module)

    fetcher = BookFetcher(job.files)
    # WeasyPrint's warnings are collected here and reported as the build's own.
    with collected("weasyprint") as warnings:
        fonts = FontConfiguration()  # without it WeasyPrint ignores the theme's @font-face rules
        sheets = [
            CSS(string=text, base_url=ROOT, url_fetcher=fetcher, font_config=fonts)
            for text in job.stylesheets
        ]

        def render(html: str) -> Any:
            with engine_fixed():
                return HTML(string=html, base_url=ROOT, url_fetcher=fetcher).render(
                    stylesheets=sheets, font_config=fonts
                )

        document = render(job.html)
        # A note cited twice on one page lists the page once ("p. 4", not "pp. 4, 4").
        pages = {name: i for i, page in enumerate(document.pages) for name in page.anchors}
        again = once_each_page(job.html, pages)
        if again is not None:
            document = render(again)
        front = next(
            (i for i, page in enumerate(document.pages) if job.body_start in page.anchors),
            len(document.pages),
        )
        document.write_pdf(
            job.target,
            finisher=Finish(front, job.bleed_mm, pdfa=(job.variant or "").startswith("pdf/a")),
            pdf_variant=job.variant,
        )
    return layout_result(document, fetcher, warnings, front)


def _child(job: LayoutJob, conn: multiprocessing.connection.Connection, parent: int) -> None:
    die_with_parent(parent)
    try:
        conn.send(("ok", layout(job)))
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which re-raises it
        conn.send(failure(exc, job.target))
    finally:
        conn.close()


def failure(exc: BaseException, target: Path | None) -> tuple[object, ...]:
    """What the parent re-raises: a system error (disk full, a forbidden folder) as itself, so
    the user reads one line naming the file (TARGET when the error names none); anything else
    with the child's traceback, as a bug."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return ("oserror", exc.errno, exc.strerror, exc.filename or str(target))
    return ("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())


def preload(languages: tuple[str, ...]) -> multiprocessing.context.BaseContext:
    """fork where it is safe and cheap (Linux), spawn elsewhere.  Before a fork, the parent
    imports WeasyPrint and parses the hyphenation dictionaries (about 2 s each here), so every
    child of the same process shares them instead of parsing them again."""
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context("spawn")
    import pyphen
    import weasyprint  # noqa: F401

    for lang in languages:
        fallback = pyphen.language_fallback(lang)
        if fallback:
            pyphen.Pyphen(lang=fallback)  # cached by pyphen, by dictionary file
    return multiprocessing.get_context("fork")


def run_layout(job: LayoutJob, time_limit: float) -> LayoutResult:
    """`layout(job)` in a child process, killed after TIME_LIMIT seconds."""
    ctx = preload(job.languages)
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_child, args=(job, child, os.getpid()), name="bookmaker-pdf", daemon=True
    )
    with signals_held():
        process.start()
    child.close()
    finished = False
    try:
        if not parent.poll(time_limit):
            raise BuildError(
                f"WeasyPrint did not finish the PDF within {time_limit:g} s (pdf.time_limit); "
                "nothing was written. Raise the limit for a very long book, or look for a "
                "post with unusual markup"
            )
        try:
            message = parent.recv()
        except EOFError:
            process.join(5)
            raise BuildError(
                f"the PDF renderer stopped without a result (exit code {process.exitcode}; "
                "out of memory?); nothing was written"
            ) from None
        finished = True
    finally:
        process.join(10 if finished else 0)
        if process.is_alive():
            process.kill()
            process.join()
        parent.close()
    if message[0] == "oserror":
        raise OSError(*message[1:])
    if message[0] == "error":
        raise RuntimeError(
            f"WeasyPrint failed in the PDF child process: {message[1]}\n{message[2]}"
        )
    return message[1]
