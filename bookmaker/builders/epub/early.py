"""build, EPUB edition: the render workers started before the book is made, when the EPUB
will render every chapter's document in them (`render_workers.Ready`): they start Python and
import what rendering needs while the build's process assembles the book and plans the
edition, instead of after it, with a core idle meanwhile.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from bookmaker.cache import FOLDER
from bookmaker.config import Config


def renders_every_chapter(selected: list[str], config: Config, outdir: Path) -> bool:
    """Whether the run's first edition (of SELECTED) is an EPUB that renders every chapter's
    document: built fresh, or with none kept in OUTDIR's cache (`reuse.py`)."""
    first = selected[0] if selected else None
    return first == "epub" and (config.fresh or not (outdir / FOLDER / "epub").is_dir())


def render_early(rendering: ExitStack, workers: int, chapters: int) -> None:
    """The render workers started for RENDERING's block when the EPUB renders its CHAPTERS
    in WORKERS processes (`documents.py` renders a few of them itself)."""
    from bookmaker.builders.epub.documents import FEWEST_IN_WORKERS
    from bookmaker.builders.epub.render_workers import ready

    if workers > 1 and chapters >= FEWEST_IN_WORKERS:
        rendering.enter_context(ready(workers))
