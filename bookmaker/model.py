"""The book model: what read, convert and assemble produce, and all that builders may read.

Frozen dataclasses with tuples, so a stage can hand its result on without the next one
changing it behind its back.  XHTML fragments are kept as serialised, well-formed strings.
Internal links inside fragments are plain `#id` references; ids are unique book-wide, and each
builder maps an id to the file that holds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Person:
    """A contributor or author; `photo` is an asset href inside the book."""

    name: str
    url: str | None = None
    bio: str | None = None
    photo: str | None = None


@dataclass(frozen=True)
class Asset:
    """A file copied into the book: `href` is its path inside the book."""

    href: str
    source: Path
    media_type: str


@dataclass(frozen=True)
class Post:
    """One source file after reading: normalised metadata and its body as HTML."""

    path: Path
    display_path: str
    slug: str
    title: str
    date: datetime | None
    authors: tuple[Person, ...]
    more_authors: bool
    source_url: str | None
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    language: str | None
    draft: bool
    contributors: tuple[str, ...]
    body_html: str
    body_format: str
    body_line: int
    subtitle: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: The `contributors:` of the front matter with what it says of each (url, bio, photo).
    contributor_details: tuple[Person, ...] = ()


@dataclass(frozen=True)
class Endnote:
    """A numbered note: a link's target, or a footnote the post already had.

    `refs` are the ids of the references in the text, in reading order; a URL used twice in a
    chapter gives one note with two refs, and `texts` holds each distinct link text.  `html` is
    the note's own XHTML for a post's footnotes; link notes carry `url` and `texts` instead.
    """

    id: str
    number: int
    refs: tuple[str, ...]
    url: str | None = None
    texts: tuple[str, ...] = ()
    html: str | None = None
    #: True when `html` holds blocks (paragraphs, lists); False when it is inline text.
    block: bool = False
    #: The Wayback Machine's copy of `url` (built offline from the post's date), when asked for.
    archive_url: str | None = None


@dataclass(frozen=True)
class Section:
    """A contributor's part of a chapter, or an untitled part when `person` is None."""

    id: str
    person: Person | None
    html: str


@dataclass(frozen=True)
class Chapter:
    """One post, converted: the unit of the table of contents."""

    id: str
    title: str
    subtitle: str | None
    authors: tuple[Person, ...]
    date: datetime | None
    source_url: str | None
    language: str
    direction: str | None
    tags: tuple[str, ...]
    intro: str
    sections: tuple[Section, ...]
    endnotes: tuple[Endnote, ...]
    assets: tuple[Asset, ...]
    source_path: str
    #: The byline said "& more" and the text named nobody else: print "and others".
    more_authors: bool = False
    categories: tuple[str, ...] = ()

    @property
    def contributors(self) -> tuple[Person, ...]:
        return tuple(s.person for s in self.sections if s.person is not None)


@dataclass(frozen=True)
class Part:
    """A group of chapters; `title` None means the book has no parts.  `number` is its place
    among the book's parts, from 1, which each edition turns into its own anchor."""

    title: str | None
    chapters: tuple[Chapter, ...]
    number: int


@dataclass(frozen=True)
class Matter:
    """A text of the editors' own before or after the posts (`[matter]` in book.toml): a
    dedication, a foreword, an afterword…  `kind` is its key in `[matter]`; the text itself
    is converted like a post, and keeps its notes at its end."""

    kind: str
    chapter: Chapter

    @property
    def id(self) -> str:
        return self.chapter.id


@dataclass(frozen=True)
class ContributorEntry:
    """One line of the contributors index: a person and the chapters they wrote in."""

    person: Person
    chapter_ids: tuple[str, ...]
    section_ids: tuple[str, ...]


@dataclass(frozen=True)
class Credit:
    """A person's part in the book: a MARC relator `role` (`aut`, `edt`, `ctb`) and `file_as`,
    the form a library sorts by ("Woolf, Virginia")."""

    person: Person
    role: str
    file_as: str

    @property
    def name(self) -> str:
        return self.person.name


@dataclass(frozen=True)
class Credits:
    """Who the book is by, decided once: the title pages, the colophons, the cover and the
    package metadata of both editions name these people in these roles.  Nobody is named twice."""

    authors: tuple[Credit, ...] = ()
    editors: tuple[Credit, ...] = ()
    #: The people of the contributors index who are not authors or editors, in reading order.
    contributors: tuple[Credit, ...] = ()
    #: The authors come from a byline that said "& more" and named nobody else: "and others".
    more_authors: bool = False

    @property
    def creators(self) -> tuple[Credit, ...]:
        """Who the book is by (`dc:creator`): its authors, then its editors."""
        return self.authors + self.editors

    @property
    def principal(self) -> tuple[Credit, ...]:
        """Whom a one-line "author" field names: the creators, else the contributors."""
        return self.creators or self.contributors


@dataclass(frozen=True)
class Dates:
    """When the book's texts first appeared, and when this edition was made (from the posts or
    `SOURCE_DATE_EPOCH`, never the clock)."""

    #: The oldest and the newest chapter's date, in UTC; None when no chapter is dated.
    first: datetime | None
    last: datetime | None
    edition: datetime

    @property
    def years(self) -> str:
        """'2019–2024', '2024', or the edition's year when no chapter is dated."""
        if self.first is None or self.last is None:
            return str(self.edition.year)
        if self.first.year == self.last.year:
            return str(self.first.year)
        return f"{self.first.year}–{self.last.year}"


@dataclass(frozen=True)
class Source:
    """Where a chapter first appeared: its title, date and address, and the site's name."""

    chapter_id: str
    title: str
    date: datetime | None
    url: str | None
    site: str | None


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents.  A chapter or a contributor's section leads to its `target` id;
    a part (`part`, its number) to the anchor each edition gives it.  `byline` names a
    chapter's authors when they are not the book's (`more_authors`: "and others")."""

    title: str
    target: str | None = None
    part: int | None = None
    children: tuple[ContentsEntry, ...] = ()
    byline: tuple[Person, ...] = ()
    more_authors: bool = False
    #: The kind of front or back matter this entry leads to ("foreword"), else None.
    matter: str | None = None


@dataclass(frozen=True)
class BookMeta:
    title: str
    subtitle: str | None
    language: str
    identifier: str
    publisher: str | None = None
    rights: str | None = None
    description: str | None = None
    subjects: tuple[str, ...] = ()
    direction: str | None = None


@dataclass(frozen=True)
class Book:
    """Everything a builder needs, with every fact both editions state decided: the credits,
    the dates, the sources, the contents, and each chapter's notes.  Nothing after assemble
    changes it, and no builder works a fact out again."""

    slug: str
    meta: BookMeta
    parts: tuple[Part, ...]
    contributors: tuple[ContributorEntry, ...]
    assets: tuple[Asset, ...]
    root: Path
    credits: Credits
    dates: Dates
    #: Each chapter's source, in reading order.
    sources: tuple[Source, ...]
    #: The sites the chapters first appeared at, the most frequent first.
    sites: tuple[str, ...]
    #: Front matter, then parts, chapters and contributors' sections, then back matter, as
    #: both editions' contents list them.
    contents: tuple[ContentsEntry, ...]
    #: The editors' texts before the posts (dedication, foreword, preface, introduction) and
    #: after them (afterword, acknowledgements, about the editors), in reading order.
    front: tuple[Matter, ...] = ()
    back: tuple[Matter, ...] = ()

    @property
    def chapters(self) -> tuple[Chapter, ...]:
        return tuple(c for p in self.parts for c in p.chapters)

    @property
    def texts(self) -> tuple[Chapter, ...]:
        """Every text of the book in reading order: front matter, chapters, back matter."""
        return (
            tuple(m.chapter for m in self.front)
            + self.chapters
            + tuple(m.chapter for m in self.back)
        )

    @property
    def endnote_count(self) -> int:
        return sum(len(c.endnotes) for c in self.chapters)
