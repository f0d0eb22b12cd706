"""build: the EPUB's documents in reading order, each rendered in full by the theme, one at a
time (`Book` + `Theme` → the documents' plan, the contents and the landmarks; a plan → a page).

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
    Files,
    Landmark,
    NotesPlacement,
    TocEntry,
    landmarks,
    plan,
    toc,
)
from bookmaker.model import Book, BookMeta, Chapter, Matter
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
class PageSpec:
    """A document to render: its file, its template, its title and what else it shows."""

    file_name: str
    template: str
    title: str
    chapter: Chapter | None = None
    properties: tuple[str, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()

    @property
    def uid(self) -> str:
        return self.file_name.removesuffix(".xhtml")


@dataclass(frozen=True)
class Edition:
    """The documents in reading order, not rendered yet (`render` makes one at a time), where
    each goes, and the contents and landmarks."""

    specs: tuple[PageSpec, ...]
    files: Files
    toc: tuple[TocEntry, ...]
    landmarks: tuple[Landmark, ...]
    render: Renderer


class Renderer:
    """Renders one document with what every EPUB page sees (`base`); of the book itself it
    keeps only META (a page's language when it has no chapter), so a render worker that is
    sent a base without the book can hold one."""

    def __init__(self, meta: BookMeta, theme: Theme, base: dict[str, Any]):
        self.meta, self.theme, self.base = meta, theme, base

    def context(self, spec: PageSpec) -> dict[str, Any]:
        """What SPEC's template sees besides `base`."""
        meta, chapter = self.meta, spec.chapter
        return {
            "title": spec.title,
            "lang": chapter.language if chapter else meta.language,
            "direction": chapter.direction if chapter else meta.direction,
            "chapter": chapter,
            **dict(spec.extra),
        }

    def __call__(self, spec: PageSpec) -> Page:
        xhtml = self.theme.render(spec.template, **self.base, **self.context(spec))
        source = spec.chapter.source_path if spec.chapter else None
        return Page(spec.uid, spec.file_name, spec.title, xhtml, spec.properties, source)


def plan_edition(
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
    dedication = [m for m in book.front if m.kind == "dedication"]
    front = [m for m in book.front if m.kind != "dedication"]
    specs = [
        PageSpec("cover.xhtml", "epub/cover.xhtml", labels["cover"]),
        PageSpec("titlepage.xhtml", "epub/titlepage.xhtml", book.meta.title),
        PageSpec("colophon.xhtml", "epub/colophon.xhtml", labels["colophon"]),
        *_matter(dedication, files.chapters),
        PageSpec("nav.xhtml", "epub/nav.xhtml", labels["contents"], properties=("nav",)),
        *_matter(front, files.chapters),
        *_body(book, files.parts, files.chapters),
        *_matter(list(book.back), files.chapters),
    ]
    if files.notes:
        specs.append(PageSpec(files.notes, "epub/notes.xhtml", labels["notes"]))
    if files.contributors:
        specs.append(
            PageSpec(files.contributors, "epub/contributors.xhtml", labels["contributors"])
        )
    return Edition(tuple(specs), files, contents, marks, Renderer(book.meta, theme, base))


def _matter(texts: list[Matter], files: dict[str, str]) -> Iterator[PageSpec]:
    """The pages of the front or back matter TEXTS."""
    for matter in texts:
        yield PageSpec(
            files[matter.id],
            "epub/matter.xhtml",
            matter.chapter.title,
            matter.chapter,
            extra=(("matter", matter),),
        )


def _body(
    book: Book, part_files: dict[int, str], chapter_files: dict[str, str]
) -> Iterator[PageSpec]:
    """The parts' pages and the chapters, in reading order; each chapter knows its number in
    the book (a theme's chapter counter would restart in every file)."""
    number = 0
    for part in book.parts:
        if part.number in part_files:
            yield PageSpec(
                part_files[part.number],
                "epub/part.xhtml",
                part.title or "",
                extra=(("part", part), ("part_id", ids.part_id(part.number))),
            )
        for chapter in part.chapters:
            number += 1
            yield PageSpec(
                chapter_files[chapter.id],
                "epub/chapter.xhtml",
                chapter.title,
                chapter,
                extra=(("chapter_number", number),),
            )
