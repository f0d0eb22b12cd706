"""build: the chapters' documents rendered and finished in the `-j` workers (a chapter's
`PageSpec` → its `DocumentEntry`), each placing every link by its shape (`links.py`).

The workers are started afresh (spawned), not forks of the build's process that would count
the book it holds again: each is sent once what every chapter page sees (`Setting`: the
theme's chain and options, its compiled templates' cache, and of the base context only the
names the chapter template uses, found as `reuse.py` finds them), then each chapter with its
job.  A build that will render every chapter (a fresh one) starts them early (`Ready`), as
soon as converting ends: they start Python and import what rendering needs while the build's
process assembles the book, and wait for the setting.  The other pages (cover, contents,
notes, contributors index...) may show the whole book: they are rendered by the process that
holds it, while the workers render the chapters.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import jinja2

from bookmaker.builders.epub.links import Links
from bookmaker.builders.epub.nav import Files
from bookmaker.builders.epub.ocf import deflate
from bookmaker.builders.epub.pages import Edition, PageSpec, Renderer
from bookmaker.builders.epub.reuse import TEMPLATE, DocumentEntry, used_names
from bookmaker.builders.epub.xhtml import finish
from bookmaker.lifeline import die_with_parent, signals_held
from bookmaker.model import BookMeta
from bookmaker.theming.spec import ThemeInfo
from bookmaker.workers import run_all


@dataclass(frozen=True)
class Setting:
    """What a worker renders every chapter page with."""

    chain: tuple[ThemeInfo, ...]
    options: dict[str, Any]
    compiled: jinja2.BytecodeCache | None
    meta: BookMeta
    #: The base context, cut to the names the chapter template uses (all of it when a
    #: template it includes is chosen at render time).
    base: dict[str, Any]
    files: Files


#: This worker's renderer and link placer (set by `start`).
_WORKER: tuple[Renderer, Links] | None = None


class Ready:
    """COUNT render workers started now, before the book is made: each imports what rendering
    needs, then waits for its `Setting`, which only the made book gives (`map` sends it)."""

    def __init__(self, count: int):
        context = multiprocessing.get_context("spawn")
        self.count = count
        self._settings: Any = context.SimpleQueue()
        with signals_held():
            self._pool: Any = context.Pool(
                count, initializer=_wait, initargs=(os.getpid(), self._settings)
            )

    def map(self, setting: Setting, specs: list[PageSpec]) -> Iterator[DocumentEntry | None]:
        """The documents of SPECS, in order, begun at once: each worker is sent SETTING."""
        for _ in range(self.count):
            self._settings.put(setting)
        chunk = max(1, min(8, len(specs) // (self.count * 8)))  # as `workers.run_all`'s
        return self._stopped_after(self._pool.imap(_render, specs, chunksize=chunk), len(specs))

    def _stopped_after(
        self, documents: Iterator[DocumentEntry | None], count: int
    ) -> Iterator[DocumentEntry | None]:
        """DOCUMENTS, the workers stopped once the last of COUNT is in."""
        for number, document in enumerate(documents, 1):
            if number == count:
                self.close()
            yield document

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


#: The run's workers started early (`ready`), until a build takes them.
_READY: Ready | None = None


@contextmanager
def ready(count: int) -> Iterator[None]:
    """COUNT render workers started now, for the chapters an EPUB built in the block renders
    (`rendered`), and stopped on leaving it."""
    global _READY
    _READY = started = Ready(count)
    try:
        yield
    finally:
        _READY = None
        started.close()


def _wait(parent: int, settings: Any) -> None:
    """A worker started early: tied to the run (PARENT), then made ready once the build's
    process sends the setting (SETTINGS, a queue)."""
    die_with_parent(parent)
    from bookmaker.theming.theme import Theme  # noqa: F401 - imported while the book is made

    start(settings.get())


def in_workers(spec: PageSpec) -> bool:
    """Whether SPEC is a chapter page, which the workers render."""
    return spec.template == TEMPLATE and spec.chapter is not None


def rendered(
    edition: Edition, specs: list[PageSpec], workers: int
) -> Iterator[DocumentEntry | None]:
    """The documents of SPECS (chapter pages), in order, rendered in WORKERS processes (None:
    it failed there, and is rendered again where the book is, to report why).  The workers
    started early for the run (`ready`) begin them at once; else WORKERS processes start when
    the first document is asked for."""
    global _READY
    early, _READY = _READY, None
    if early is not None:
        return early.map(setting(edition), specs)
    return run_all(_render, specs, workers, setup=(start, (setting(edition),)))


def setting(edition: Edition) -> Setting:
    """What the workers need of EDITION to render its chapter pages."""
    theme, base = edition.render.theme, edition.render.base
    names = used_names(theme, TEMPLATE)
    return Setting(
        theme.chain,
        theme.options,
        theme.env.bytecode_cache,
        edition.render.meta,
        base if names is None else {n: base[n] for n in sorted(names) if n in base},
        edition.files,
    )


def start(setting: Setting) -> None:
    """Make this worker's renderer from SETTING."""
    from bookmaker.theming.theme import Theme

    global _WORKER
    theme = Theme(setting.chain, setting.options)
    theme.env.bytecode_cache = setting.compiled
    _WORKER = Renderer(setting.meta, theme, setting.base), Links(setting.files)


def _render(spec: PageSpec) -> DocumentEntry | None:
    assert _WORKER is not None
    renderer, links = _WORKER
    try:
        return document(spec, renderer, lambda here, ident: links.place(ident))
    except Exception:  # noqa: BLE001 - rendered again where the book is, which reports it
        return None


def document(
    spec: PageSpec, render: Renderer, target: Callable[[str, str], str | None]
) -> DocumentEntry:
    """SPEC's document, finished, TARGET naming the document that holds each id it links to."""
    data, facts = finish(render(spec), target)
    return DocumentEntry(deflate(data), facts)
