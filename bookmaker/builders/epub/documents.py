"""build: the EPUB's documents written one by one, in reading order, as each is rendered and
finished (`Edition` → zip entries + what the package declares of them), a chapter whose
document the last build made taken as it was (`reuse.py`).

Only one document is in memory at a time: links to documents not written yet are placed by
the ids' shapes (`links.py`), and checked once every document is written.
"""

from __future__ import annotations

from bookmaker.builders.epub.links import Links
from bookmaker.builders.epub.ocf import Container, deflate
from bookmaker.builders.epub.pages import Edition, Page, PageSpec
from bookmaker.builders.epub.reuse import TEMPLATE, DocumentEntry, Reuse
from bookmaker.builders.epub.xhtml import Tally, finish


def write_documents(
    zip_: Container, folder: str, edition: Edition, reuse: Reuse
) -> tuple[list[Page], Tally]:
    """Each document of EDITION into ZIP_ under FOLDER; the documents as the package declares
    them (no text), and the tally of what they hold."""
    links = Links(edition.files)
    tally = Tally()
    declared = []
    for spec in edition.specs:
        entry = _document(spec, edition, reuse, links)
        zip_.add_deflated(f"{folder}/{spec.file_name}", entry.document)
        links.holds(spec.file_name, entry.facts.ids)
        tally.add(spec.file_name, entry.facts)
        declared.append(Page(spec.uid, spec.file_name, spec.title, "", entry.facts.properties))
    links.check()
    return declared, tally


def _document(spec: PageSpec, edition: Edition, reuse: Reuse, links: Links) -> DocumentEntry:
    """SPEC's document: kept from the last build when it is a chapter made from the same
    things and its links still lead to the same files, else rendered now (and kept)."""
    chapter = spec.template == TEMPLATE and spec.chapter is not None
    key = reuse.key(spec.file_name, edition.render.context(spec)) if chapter else None
    kept = reuse.get(key)
    if kept is not None and all(
        links.target(spec.file_name, ident) == where for ident, where in kept.facts.links
    ):
        return kept
    data, facts = finish(edition.render(spec), links.target)
    entry = DocumentEntry(deflate(data), facts)
    reuse.put(key, entry)
    return entry
