"""build: the chapters' documents rendered and finished in the `-j` workers (a chapter's
`PageSpec` → its `DocumentEntry`), each placing every link by its shape (`links.py`).

The workers are started afresh once the build's process holds the book (`workers.py`), not
forks that would count it again: each is sent once what every chapter page sees (`Setting`:
the theme's chain and options, its compiled templates' cache, and of the base context only the
names the chapter template uses, found as `reuse.py` finds them), then each chapter with its
job.  The other pages (cover,
contents, notes, contributors index...) may show the whole book: they are rendered by the
process that holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import jinja2

from bookmaker.builders.epub.links import Links
from bookmaker.builders.epub.nav import Files
from bookmaker.builders.epub.ocf import deflate
from bookmaker.builders.epub.pages import Edition, PageSpec, Renderer
from bookmaker.builders.epub.reuse import TEMPLATE, DocumentEntry, used_names
from bookmaker.builders.epub.xhtml import finish
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


def in_workers(spec: PageSpec) -> bool:
    """Whether SPEC is a chapter page, which the workers render."""
    return spec.template == TEMPLATE and spec.chapter is not None


def rendered(
    edition: Edition, specs: list[PageSpec], workers: int
) -> Iterator[DocumentEntry | None]:
    """The documents of SPECS (chapter pages), in order, rendered in WORKERS processes (None:
    it failed there, and is rendered again where the book is, to report why)."""
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
