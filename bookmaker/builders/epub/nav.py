"""build: the EPUB's navigation: the book's contents (decided in assemble) with each entry
pointing at the document that holds it, framed by the EPUB's own pages, and the landmarks
(`Book.contents` + where each document goes → `TocEntry`s, `Landmark`s).

Computed once, so the nav document and the NCX list the same entries.  Files are named by
position (`chapter-001.xhtml`), never by slug, so no post can take the name of a front-matter
file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from bookmaker import ids
from bookmaker.model import Book, ContentsEntry
from bookmaker.sections import SEMANTICS

NotesPlacement = Literal["chapter", "book"]


@dataclass(frozen=True)
class TocEntry:
    title: str
    href: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Landmark:
    type: str
    href: str
    title: str


@dataclass(frozen=True)
class Files:
    """Where each document of the book goes."""

    #: Chapter id → file (the front and back matter's too).
    chapters: dict[str, str]
    #: Part number → file, for the parts with a title (the others have no page).
    parts: dict[int, str]
    notes: str | None
    contributors: str | None

    def notes_href(self, book: Book) -> str | None:
        if self.notes:
            return self.notes
        first = next((c for c in book.chapters if c.note_count), None)
        return f"{self.chapters[first.id]}#{ids.notes_id(first.id)}" if first else None


def plan(book: Book, placement: NotesPlacement) -> Files:
    """Chapters are named by position, the editors' texts by their kind (`foreword.xhtml`):
    no two meet."""
    chapters = {c.id: f"chapter-{i:03d}.xhtml" for i, c in enumerate(book.chapters, start=1)}
    chapters |= {m.id: f"{m.kind.replace('_', '-')}.xhtml" for m in book.front + book.back}
    titled = [p for p in book.parts if p.title]
    parts = {p.number: f"part-{i:02d}.xhtml" for i, p in enumerate(titled, start=1)}
    has_notes = any(c.note_count for c in book.chapters)
    return Files(
        chapters,
        parts,
        "notes.xhtml" if placement == "book" and has_notes else None,
        "contributors.xhtml" if book.contributors else None,
    )


def toc(book: Book, files: Files, labels: Mapping[str, Any]) -> tuple[TocEntry, ...]:
    def entry(item: ContentsEntry, document: str | None = None) -> TocEntry:
        if item.part is not None:
            href = files.parts[item.part]
        elif document is None:
            href = files.chapters[item.target or ""]
        else:
            href = f"{document}#{item.target}"
        inside = None if item.part is not None else href
        return TocEntry(item.title, href, tuple(entry(c, inside) for c in item.children))

    body = [entry(item) for item in book.contents]
    # The title page goes by the book's title, unless a chapter does (a one-post book):
    # a reader's contents would list the same words twice for two places.
    named = {e.title for e in body}
    title = labels["titlepage"] if book.meta.title in named else book.meta.title
    entries = [
        TocEntry(title, "titlepage.xhtml"),
        TocEntry(labels["colophon"], "colophon.xhtml"),
        *body,
    ]
    if files.notes:
        entries.append(TocEntry(labels["notes"], files.notes))
    if files.contributors:
        entries.append(TocEntry(labels["contributors"], files.contributors))
    return tuple(entries)


def landmarks(book: Book, files: Files, labels: Mapping[str, Any]) -> tuple[Landmark, ...]:
    opening = book.parts[0]
    first = files.parts.get(opening.number) or files.chapters[book.chapters[0].id]
    marks = [
        Landmark("cover", "cover.xhtml", labels["cover"]),
        Landmark("titlepage", "titlepage.xhtml", labels["titlepage"]),
        Landmark("frontmatter", "titlepage.xhtml", labels["frontmatter"]),
        Landmark("toc", "nav.xhtml", labels["contents"]),
        Landmark("bodymatter", first, labels["start"]),
    ]
    marks.extend(
        Landmark(SEMANTICS[m.kind][0], files.chapters[m.id], m.chapter.title)
        for m in book.front + book.back
    )
    notes = files.notes_href(book)
    if notes:
        marks.append(Landmark("endnotes", notes, labels["notes"]))
    if files.contributors:
        marks.append(Landmark("index", files.contributors, labels["contributors"]))
    return tuple(marks)
