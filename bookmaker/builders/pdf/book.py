"""build, print edition: the whole book by pieces: cut, laid out in worker processes through
the cache, merged; with the warnings of every piece, each once."""

from __future__ import annotations

from pathlib import Path

from bookmaker.builders.pdf import cache
from bookmaker.builders.pdf.chapters import Book, Laid, lay_out
from bookmaker.builders.pdf.document import PrintDocument
from bookmaker.builders.pdf.layout import LayoutResult, preload
from bookmaker.builders.pdf.merge import merge
from bookmaker.builders.pdf.parallel import Pool
from bookmaker.builders.pdf.pieces import counts_siblings, split
from bookmaker.builders.pdf.progress import Progress
from bookmaker.builders.pdf.render import render_job
from bookmaker.config import Config


def lay_out_book(
    doc: PrintDocument,
    config: Config,
    languages: tuple[str, ...],
    outdir: Path,
    target: Path,
    jobs: int,
) -> LayoutResult:
    """The PDF of DOC written to TARGET, laid out by JOBS workers."""
    pdf = config.pdf
    sheets = tuple(doc.stylesheets.values())
    pieces = split(doc.html, every_sibling=counts_siblings(sheets))
    settings = (pdf.edition, pdf.notes, doc.geometry.bleed)
    keys = [cache.content_key(p.html, sheets, doc.files, p.kind, *settings) for p in pieces]
    root = cache.folder(outdir)
    root.mkdir(parents=True, exist_ok=True)
    progress = Progress(len(pieces))
    ctx = preload(languages)
    pool = Pool(max(1, min(jobs, len(pieces))), render_job, ctx)
    finished = False
    try:
        book = Book(
            sheets,
            dict(doc.files),
            doc.geometry.bleed,
            pdf.edition == "screen",
            cache.LayoutCache(root, fresh=config.fresh),
            pdf.time_limit,
            lambda piece, pages: progress.advance(pages),
        )
        laid = lay_out(book, pieces, keys, pool)
        pages = merge(laid, target)
        finished = True
    except OSError as exc:
        if exc.errno is None:
            raise
        # Whichever file failed (a piece in the cache, the book), it is the PDF that cannot be
        # written: the error names it.
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    finally:
        pool.close()
        progress.close(finished)
    return _result(laid, pages)


def _result(laid: list[Laid], pages: int) -> LayoutResult:
    """The book's layout result from its pieces': each warning and refused URL once."""
    front = sum(item.layout.result.pages for item in laid if item.piece.kind == "front")
    results = [item.layout.result for item in laid]
    return LayoutResult(
        pages,
        front,
        tuple(dict.fromkeys(u for r in results for u in r.refused)),
        tuple(dict.fromkeys(m for r in results for m in r.messages)),
        tuple(sorted({c for r in results for c in r.missing_glyphs})),
    )
