"""build: the EPUB's documents in reading order, each rendered in full by the theme
(`Book` + `Theme` → pages, the contents and the landmarks).

Reading order: cover, title page, colophon (with the sources), contents, then the parts and
chapters, the notes when they are gathered in one file, and the contributors index.  The
contents and landmarks are computed here once, so the nav document and the NCX list the same
entries.  Files are named by position (`chapter-001.xhtml`), never by slug, so no post can
take the name of a front-matter file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from markupsafe import Markup

from bookmaker import ids
from bookmaker.builders.context import context, names
from bookmaker.builders.epub.cover import CoverText
from bookmaker.model import Book, Chapter, Part, Person
from bookmaker.theming import Theme
from bookmaker.theming.labels import format_date

NotesPlacement = Literal["chapter", "book"]


@dataclass(frozen=True)
class Page:
    uid: str
    file_name: str
    title: str
    xhtml: str
    properties: tuple[str, ...] = ()


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
class CoverRef:
    """The cover image inside the book and its text alternative."""

    href: str
    alt: str


@dataclass(frozen=True)
class Edition:
    pages: tuple[Page, ...]
    toc: tuple[TocEntry, ...]
    landmarks: tuple[Landmark, ...]


@dataclass(frozen=True)
class _Files:
    """Where each document of the book goes."""

    chapters: dict[str, str]
    parts: tuple[tuple[Part, str], ...]
    notes: str | None
    contributors: str | None

    def notes_href(self, book: Book) -> str | None:
        if self.notes:
            return self.notes
        first = next((c for c in book.chapters if c.endnotes), None)
        return f"{self.chapters[first.id]}#{ids.notes_id(first.id)}" if first else None


def render_edition(
    book: Book,
    theme: Theme,
    *,
    placement: NotesPlacement,
    stylesheets: list[str],
    cover: CoverRef,
    generator: str,
) -> Edition:
    meta = book.meta
    labels = theme.labels(meta.language)
    files = _plan(book, placement)
    toc = _toc(book, files, labels)
    landmarks = _landmarks(book, files, labels)
    theme.env.filters["note_body"] = note_body
    base = context(
        book,
        theme,
        stylesheets=stylesheets,
        chapter_of={s.id: c for c in book.chapters for s in c.sections},
    )
    base.update(
        credits=_credits(book),
        cover=cover,
        toc=toc,
        landmarks=landmarks,
        generator=generator,
        years=_years(book),
        notes_inline=False,
        notes_here=placement == "chapter",
    )

    def page(
        uid: str,
        file_name: str,
        template: str,
        title: str,
        chapter: Chapter | None = None,
        properties: tuple[str, ...] = (),
        **extra: object,
    ) -> Page:
        lang = chapter.language if chapter else meta.language
        direction = chapter.direction if chapter else meta.direction
        xhtml = theme.render(
            template, **base, title=title, lang=lang, direction=direction, chapter=chapter, **extra
        )
        return Page(uid, file_name, title, xhtml, properties)

    pages = [
        page("cover", "cover.xhtml", "epub/cover.xhtml", labels["cover"]),
        page("titlepage", "titlepage.xhtml", "epub/titlepage.xhtml", meta.title),
        page("colophon", "colophon.xhtml", "epub/colophon.xhtml", labels["colophon"]),
        page("nav", "nav.xhtml", "epub/nav.xhtml", labels["contents"], properties=("nav",)),
    ]
    part_files = {id(p): f for p, f in files.parts}
    for number, part in enumerate(book.parts, start=1):
        if id(part) in part_files:
            name = part_files[id(part)]
            pages.append(
                page(
                    name[:-6],
                    name,
                    "epub/part.xhtml",
                    part.title or "",
                    part=part,
                    part_id=ids.part_id(number),
                )
            )
        for chapter in part.chapters:
            name = files.chapters[chapter.id]
            pages.append(page(name[:-6], name, "epub/chapter.xhtml", chapter.title, chapter))
    if files.notes:
        pages.append(page("notes", files.notes, "epub/notes.xhtml", labels["notes"]))
    if files.contributors:
        pages.append(
            page(
                "contributors",
                files.contributors,
                "epub/contributors.xhtml",
                labels["contributors"],
            )
        )
    return Edition(tuple(pages), toc, landmarks)


def _plan(book: Book, placement: NotesPlacement) -> _Files:
    chapters = {c.id: f"chapter-{i:03d}.xhtml" for i, c in enumerate(book.chapters, start=1)}
    titled = [p for p in book.parts if p.title]
    parts = tuple((p, f"part-{i:02d}.xhtml") for i, p in enumerate(titled, start=1))
    has_notes = any(c.endnotes for c in book.chapters)
    return _Files(
        chapters,
        parts,
        "notes.xhtml" if placement == "book" and has_notes else None,
        "contributors.xhtml" if book.contributors else None,
    )


def _toc(book: Book, files: _Files, labels: dict) -> tuple[TocEntry, ...]:
    def chapter_entry(chapter: Chapter) -> TocEntry:
        name = files.chapters[chapter.id]
        sections = tuple(
            TocEntry(s.person.name, f"{name}#{s.id}") for s in chapter.sections if s.person
        )
        return TocEntry(chapter.title, name, sections)

    entries = [
        TocEntry(book.meta.title, "titlepage.xhtml"),
        TocEntry(labels["colophon"], "colophon.xhtml"),
    ]
    part_files = {id(p): f for p, f in files.parts}
    for part in book.parts:
        chapters = tuple(chapter_entry(c) for c in part.chapters)
        if id(part) in part_files:
            entries.append(TocEntry(part.title or "", part_files[id(part)], chapters))
        else:
            entries.extend(chapters)
    if files.notes:
        entries.append(TocEntry(labels["notes"], files.notes))
    if files.contributors:
        entries.append(TocEntry(labels["contributors"], files.contributors))
    return tuple(entries)


def _landmarks(book: Book, files: _Files, labels: dict) -> tuple[Landmark, ...]:
    first = (
        files.parts[0][1]
        if files.parts and files.parts[0][0] is book.parts[0]
        else files.chapters[book.chapters[0].id]
    )
    marks = [
        Landmark("cover", "cover.xhtml", labels["cover"]),
        Landmark("titlepage", "titlepage.xhtml", labels["titlepage"]),
        Landmark("frontmatter", "titlepage.xhtml", labels["frontmatter"]),
        Landmark("toc", "nav.xhtml", labels["contents"]),
        Landmark("bodymatter", first, labels["start"]),
    ]
    notes = files.notes_href(book)
    if notes:
        marks.append(Landmark("endnotes", notes, labels["notes"]))
    if files.contributors:
        marks.append(Landmark("index", files.contributors, labels["contributors"]))
    return tuple(marks)


def _credits(book: Book) -> dict[str, list[Person]]:
    meta = book.meta
    authors = [c.person for c in meta.creators if c.role == "aut"]
    editors = [c.person for c in meta.creators if c.role == "edt"]
    if not meta.creators and not meta.contributors:
        authors = list(meta.authors)
    return {
        "authors": authors,
        "editors": editors,
        "contributors": [c.person for c in meta.contributors],
    }


def _years(book: Book) -> str:
    years = sorted({c.date.year for c in book.chapters if c.date})
    if not years:
        return str(book.meta.modified.year)
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def cover_text(book: Book, labels: Mapping[str, Any]) -> CoverText:
    """What a drawn cover says: the title, the people, and a footer with editors, publisher, date."""
    meta = book.meta
    credits = _credits(book)
    people = credits["authors"] or credits["contributors"] or credits["editors"]
    footer = (
        [names(credits["editors"], labels["and"])]
        if credits["editors"] and people is not credits["editors"]
        else []
    )
    footer += [p for p in (meta.publisher, format_date(meta.date, labels)) if p]
    if len(people) > 4:  # a cover names a few; the title page names everyone
        shown = ", ".join(p.name for p in people[:3])
        line = f"{shown} {labels['and']} {labels['n_others'].format(n=len(people) - 3)}"
    else:
        line = names(people, labels["and"])
    return CoverText(meta.title, meta.subtitle, line, " · ".join(footer), meta.language)


def cover_alt(book: Book, labels: Mapping[str, Any]) -> str:
    """The cover's text, for readers who cannot see it."""
    text = cover_text(book, labels)
    alt = labels["cover_of"] + ": " + text.title
    alt += f": {text.subtitle}" if text.subtitle else ""
    return alt + "".join(f". {part}" for part in (text.names, text.footer) if part)


def note_body(html: str, number: str, more: str) -> Markup:
    """A note of several blocks with its number inside the first paragraph and the extra
    back-links inside the last, so the number leads the note on every reader."""
    opening = re.match(r"\s*<p(\s[^>]*)?>", html)
    html = (
        html[: opening.end()] + number + " " + html[opening.end() :] if opening else number + html
    )
    closing = html.rstrip().endswith("</p>")
    html = html.rstrip()[:-4] + more + "</p>" if closing else html + more
    return Markup(html)
