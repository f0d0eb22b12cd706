"""build: the EPUB's documents in reading order, each rendered in full by the theme
(`Book` + `Theme` → pages, the contents and the landmarks).

Reading order: cover, title page, colophon (with the sources), the dedication, contents, the
rest of the front matter (foreword, preface, introduction), then the parts and chapters, the
back matter (afterword, …), the notes when they are gathered in one file, and the
contributors index.  Every
page states what assemble decided (credits, dates, sources, notes); nothing is worked out here
but where each document goes (`nav.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bookmaker import ids
from bookmaker.builders.context import context
from bookmaker.builders.epub.nav import (
    Landmark,
    NotesPlacement,
    TocEntry,
    landmarks,
    plan,
    toc,
)
from bookmaker.model import Book, Chapter, Matter
from bookmaker.theming import Theme


@dataclass(frozen=True)
class Page:
    uid: str
    file_name: str
    title: str
    xhtml: str
    properties: tuple[str, ...] = ()
    #: The post a chapter's page was made from, for an error to name it.
    source: str | None = None


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


class _Renderer:
    """Renders one document with what every EPUB page sees."""

    def __init__(self, book: Book, theme: Theme, base: dict[str, Any]):
        self.book, self.theme, self.base = book, theme, base

    def __call__(
        self,
        file_name: str,
        template: str,
        title: str,
        chapter: Chapter | None = None,
        properties: tuple[str, ...] = (),
        **extra: object,
    ) -> Page:
        meta = self.book.meta
        xhtml = self.theme.render(
            template,
            **self.base,
            title=title,
            lang=chapter.language if chapter else meta.language,
            direction=chapter.direction if chapter else meta.direction,
            chapter=chapter,
            **extra,
        )
        source = chapter.source_path if chapter else None
        return Page(file_name.removesuffix(".xhtml"), file_name, title, xhtml, properties, source)


def render_edition(
    book: Book,
    theme: Theme,
    *,
    placement: NotesPlacement,
    stylesheets: list[str],
    cover: CoverRef,
) -> Edition:
    labels = theme.labels(book.meta.language)
    files = plan(book, placement)
    contents, marks = toc(book, files, labels), landmarks(book, files, labels)
    base = context(
        book,
        theme,
        stylesheets=stylesheets,
        cover=cover,
        toc=contents,
        landmarks=marks,
        notes_here=placement == "chapter",
    )
    render = _Renderer(book, theme, base)
    dedication = [m for m in book.front if m.kind == "dedication"]
    front = [m for m in book.front if m.kind != "dedication"]
    pages = [
        render("cover.xhtml", "epub/cover.xhtml", labels["cover"]),
        render("titlepage.xhtml", "epub/titlepage.xhtml", book.meta.title),
        render("colophon.xhtml", "epub/colophon.xhtml", labels["colophon"]),
        *_matter(dedication, files.chapters, render),
        render("nav.xhtml", "epub/nav.xhtml", labels["contents"], properties=("nav",)),
        *_matter(front, files.chapters, render),
        *_body(book, files.parts, files.chapters, render),
        *_matter(list(book.back), files.chapters, render),
    ]
    if files.notes:
        pages.append(render(files.notes, "epub/notes.xhtml", labels["notes"]))
    if files.contributors:
        pages.append(render(files.contributors, "epub/contributors.xhtml", labels["contributors"]))
    return Edition(tuple(pages), contents, marks)


def _matter(texts: list[Matter], files: dict[str, str], render: _Renderer) -> Iterator[Page]:
    for matter in texts:
        yield render(
            files[matter.id],
            "epub/matter.xhtml",
            matter.chapter.title,
            matter.chapter,
            matter=matter,
        )


def _body(
    book: Book, part_files: dict[int, str], chapter_files: dict[str, str], render: _Renderer
) -> Iterator[Page]:
    """The parts' pages and the chapters, in reading order."""
    for part in book.parts:
        if part.number in part_files:
            yield render(
                part_files[part.number],
                "epub/part.xhtml",
                part.title or "",
                part=part,
                part_id=ids.part_id(part.number),
            )
        for chapter in part.chapters:
            yield render(chapter_files[chapter.id], "epub/chapter.xhtml", chapter.title, chapter)
