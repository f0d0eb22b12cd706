"""Stage 3, assemble: the book's contents (parts + credits → `ContentsEntry` tree, pure).

Both editions list the same entries: the front matter (a foreword, …), each titled part with
its chapters under it, each chapter with its contributors' sections under it, and, for a
chapter without sections whose authors are not the book's, its byline; then the back matter.  The EPUB adds its own front and back pages around them.
"""

from __future__ import annotations

from bookmaker.model import Chapter, ContentsEntry, Credits, Matter, Part
from bookmaker.names import normal_text


def book_contents(
    parts: tuple[Part, ...],
    credits: Credits,
    front: tuple[Matter, ...] = (),
    back: tuple[Matter, ...] = (),
) -> tuple[ContentsEntry, ...]:
    book_authors = [normal_text(c.name) for c in credits.authors]
    entries = [matter_entry(m) for m in front]
    for part in parts:
        chapters = tuple(chapter_entry(c, book_authors) for c in part.chapters)
        if part.title:
            entries.append(ContentsEntry(part.title, part=part.number, children=chapters))
        else:
            entries.extend(chapters)
    entries.extend(matter_entry(m) for m in back)
    return tuple(entries)


def matter_entry(matter: Matter) -> ContentsEntry:
    """A foreword, an afterword…: its title, and its writer when it names one."""
    chapter = matter.chapter
    return ContentsEntry(
        chapter.title, target=chapter.id, byline=chapter.authors, matter=matter.kind
    )


def chapter_entry(chapter: Chapter, book_authors: list[str]) -> ContentsEntry:
    sections = tuple(
        ContentsEntry(person.name, target=place) for place, person in chapter.section_people
    )
    own = [normal_text(p.name) for p in chapter.authors] != book_authors
    byline = chapter.authors if own and not sections else ()
    return ContentsEntry(
        chapter.title,
        target=chapter.id,
        children=sections,
        byline=byline,
        more_authors=chapter.more_authors and bool(byline),
    )
