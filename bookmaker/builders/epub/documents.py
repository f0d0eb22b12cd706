"""build: the EPUB's documents written one by one, in reading order, as each is rendered and
finished (`Edition` → zip entries + what the package declares of them), a chapter whose
document the last build made taken as it was (`reuse.py`).

Only a few documents are in memory at a time: links to documents not written yet are placed by
the ids' shapes (`links.py`), and checked once every document is written.  The documents to
render are rendered here, but for the chapters, which the worker processes (`-j`) render and
finish (`render_workers.py`), each placing every link by its shape; the documents are written
in order here, and one whose links do not lead where the documents written before it say (a
theme that puts ids elsewhere) is rendered again here, as it would be with one worker.
"""

from __future__ import annotations

from collections.abc import Iterator

from bookmaker.builders.epub.links import Links
from bookmaker.builders.epub.ocf import Container
from bookmaker.builders.epub.pages import Edition, Page, PageSpec
from bookmaker.builders.epub.render_workers import document, in_workers, rendered
from bookmaker.builders.epub.reuse import DocumentEntry, Reuse
from bookmaker.builders.epub.xhtml import Tally

#: Fewer chapters to render than this (a rebuild's few) are rendered here: each worker would
#: start Python, import the libraries and compile the theme's templates again.
FEWEST_IN_WORKERS = 32


def write_documents(
    zip_: Container, folder: str, edition: Edition, reuse: Reuse, workers: int = 1
) -> tuple[list[Page], Tally]:
    """Each document of EDITION into ZIP_ under FOLDER, those not kept rendered in up to
    WORKERS processes; the documents as the package declares them (no text), and the tally of
    what they hold."""
    links = Links(edition.files)
    tally = Tally()
    declared = []
    # A build that takes nothing kept (`--fresh`) names each document as it is written, while
    # the workers render the others.
    reads = reuse.store is not None and not reuse.store.fresh
    keys = [_key(spec, edition, reuse) if reads else None for spec in edition.specs]
    todo = [i for i, key in enumerate(keys) if not reuse.has(key)]
    made_here = _made_here(edition, todo, workers)
    made_there = _made_there(edition, [i for i in todo if i not in made_here], workers)
    for i, spec in enumerate(edition.specs):
        made = i in made_here or i in made_there
        if i in made_there:
            entry = next(made_there[i])
        else:
            entry = None if made else reuse.get(keys[i])
        if entry is None or not _links_hold(entry, spec, links):
            entry, made = document(spec, edition.render, links.target), True
        if made:
            reuse.put(keys[i] or _key(spec, edition, reuse), entry)
        zip_.add_deflated(f"{folder}/{spec.file_name}", entry.document)
        links.holds(spec.file_name, entry.facts.ids)
        tally.add(spec.file_name, entry.facts)
        declared.append(Page(spec.uid, spec.file_name, spec.title, "", entry.facts.properties))
    links.check()
    return declared, tally


def _key(spec: PageSpec, edition: Edition, reuse: Reuse) -> str | None:
    """The entry name of SPEC's document, named by what its template shows."""
    return reuse.key(spec.template, spec.file_name, edition.render.context(spec))


def _links_hold(entry: DocumentEntry, spec: PageSpec, links: Links) -> bool:
    """Whether ENTRY's links to other documents lead where they would if it were made now."""
    return all(links.target(spec.file_name, ident) == where for ident, where in entry.facts.links)


def _made_here(edition: Edition, todo: list[int], workers: int) -> set[int]:
    """The specs of TODO rendered here: all when the workers would not pay for their start
    (one of them, or a rebuild's few chapters), else the pages that are not chapters."""
    chapters = [i for i in todo if in_workers(edition.specs[i])]
    if workers <= 1 or len(chapters) < FEWEST_IN_WORKERS:
        return set(todo)
    return set(todo) - set(chapters)


def _made_there(
    edition: Edition, todo: list[int], workers: int
) -> dict[int, Iterator[DocumentEntry | None]]:
    """The specs of TODO rendered in the workers, each with the one iterator of their
    documents, which yields them in TODO's order."""
    if not todo:
        return {}
    documents = rendered(edition, [edition.specs[i] for i in todo], workers)
    return dict.fromkeys(todo, documents)
