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

from bookmaker.book_facts import ContentsEntry, Credit, Credits, Dates, Source  # noqa: F401 (re-exported)


@dataclass(frozen=True)
class Person:
    """A contributor or author; `photo` is an asset href inside the book."""

    name: str
    url: str | None = None
    bio: str | None = None
    photo: str | None = None
    #: Where they work or study, as the post says ("University of Tsukuba").
    affiliation: str | None = None


@dataclass(frozen=True)
class Asset:
    """An image of the book: `href` is its path inside the book, `source` the file it comes
    from (in the book's folder, or the image cache for one fetched from the web), `media_type`
    what the editions ship it as, and `digest` the SHA-256 of the source's bytes, so anything
    that caches a chapter sees when an image it shows has changed."""

    href: str
    source: Path
    media_type: str
    digest: str = ""


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
class Voice:
    """A speaker of a transcript: the person, and the id of their first turn (the label
    that shows their full name), which the contributors index links to."""

    id: str
    person: Person


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
    #: A transcript's speakers, who contributed without a section of their own.
    voices: tuple[Voice, ...] = ()

    @property
    def contributors(self) -> tuple[Person, ...]:
        return tuple(person for _, person in self.places)

    @property
    def places(self) -> tuple[tuple[str, Person], ...]:
        """(id, person) of where each contributor's words start: sections, then first turns."""
        return self.section_people + tuple((v.id, v.person) for v in self.voices)

    # What the whole-book pages read of a chapter's body: a chapter kept from the last build
    # (`cache/kept.py`) answers these without loading it.
    @property
    def section_people(self) -> tuple[tuple[str, Person], ...]:
        """(id, person) of each section a contributor wrote."""
        return tuple((s.id, s.person) for s in self.sections if s.person is not None)

    @property
    def section_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sections)

    @property
    def note_count(self) -> int:
        return len(self.endnotes)


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
    #: The cover image `[epub] cover` gives as a web address, fetched (a local one is read by
    #: the EPUB builder itself).
    cover: Asset | None = None

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
        return sum(c.note_count for c in self.chapters)
