"""build: the EPUB's documents written one by one, in reading order, as each is rendered and
finished (`Edition` → zip entries + what the package declares of them), a chapter whose
document the last build made taken as it was (`reuse.py`).

Only a few documents are in memory at a time: links to documents not written yet are placed by
the ids' shapes (`links.py`), and checked once every document is written.  The documents to
render are rendered and finished in the worker processes (`-j`), forked with the edition in
hand, each placing every link by its shape; the documents are written in order here, and one
whose links do not lead where the documents written before it say (a theme that puts ids
elsewhere) is rendered again here, as it would be with one worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from bookmaker.builders.epub.links import Links
from bookmaker.builders.epub.ocf import Container, deflate
from bookmaker.builders.epub.pages import Edition, Page, PageSpec
from bookmaker.builders.epub.reuse import TEMPLATE, DocumentEntry, Reuse
from bookmaker.builders.epub.xhtml import Tally, finish
from bookmaker.workers import run_all

#: Fewer documents to render than this (a rebuild's few) are rendered here: each worker would
#: compile the theme's templates again, and fork a process that holds the whole book.
FEWEST_FORKED = 32
#: The edition the forked workers render from (set only while they run).
_FORKED: Edition | None = None


def write_documents(
    zip_: Container, folder: str, edition: Edition, reuse: Reuse, workers: int = 1
) -> tuple[list[Page], Tally]:
    """Each document of EDITION into ZIP_ under FOLDER, those not kept rendered in up to
    WORKERS processes; the documents as the package declares them (no text), and the tally of
    what they hold."""
    global _FORKED
    links = Links(edition.files)
    tally = Tally()
    declared = []
    keys = [_key(spec, edition, reuse) for spec in edition.specs]
    todo = [i for i, key in enumerate(keys) if not reuse.has(key)]
    rendering = set(todo)
    _FORKED = edition
    try:
        rendered = _rendered(todo, workers)
        for i, spec in enumerate(edition.specs):
            entry = next(rendered) if i in rendering else reuse.get(keys[i])
            made = i in rendering
            if entry is None or not _links_hold(entry, spec, links):
                entry, made = _render(spec, edition, links.target), True
            if made:
                reuse.put(keys[i], entry)
            zip_.add_deflated(f"{folder}/{spec.file_name}", entry.document)
            links.holds(spec.file_name, entry.facts.ids)
            tally.add(spec.file_name, entry.facts)
            declared.append(Page(spec.uid, spec.file_name, spec.title, "", entry.facts.properties))
    finally:
        _FORKED = None
    links.check()
    return declared, tally


def _key(spec: PageSpec, edition: Edition, reuse: Reuse) -> str | None:
    """The entry name of SPEC's document: chapters are kept, other pages rendered each time."""
    if spec.template != TEMPLATE or spec.chapter is None:
        return None
    return reuse.key(spec.file_name, edition.render.context(spec))


def _links_hold(entry: DocumentEntry, spec: PageSpec, links: Links) -> bool:
    """Whether ENTRY's links to other documents lead where they would if it were made now."""
    return all(links.target(spec.file_name, ident) == where for ident, where in entry.facts.links)


def _rendered(todo: list[int], workers: int) -> Iterator[DocumentEntry | None]:
    """The documents of the specs numbered TODO, in order: rendered in the workers when there
    are some (None: it failed there, and is rendered here to report why), else nothing (each
    is rendered here, in turn)."""
    if workers <= 1 or len(todo) < FEWEST_FORKED:
        return iter([None] * len(todo))
    return run_all(_render_forked, todo, workers, forked_only=True)


def _render_forked(i: int) -> DocumentEntry | None:
    """Spec I of the edition the process was forked with, each link placed by its shape."""
    assert _FORKED is not None
    spec = _FORKED.specs[i]
    place = Links(_FORKED.files).place
    try:
        return _render(spec, _FORKED, lambda here, ident: place(ident))
    except Exception:  # noqa: BLE001 - rendered again in the parent, which reports it
        return None


def _render(
    spec: PageSpec, edition: Edition, target: Callable[[str, str], str | None]
) -> DocumentEntry:
    """SPEC's document, finished, TARGET naming the document that holds each id it links to."""
    data, facts = finish(edition.render(spec), target)
    return DocumentEntry(deflate(data), facts)
