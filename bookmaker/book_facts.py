"""The book model, part two: the facts about the book that assemble decides once (its
credits, dates, sources and contents) and every edition and the cover render from, so the
editions cannot drift apart.  Re-exported by `bookmaker.model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bookmaker.model import Person


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
    def published(self) -> tuple[datetime, ...]:
        """When the texts first appeared, as both editions say it: the day (all on one day),
        the first and the last day, or () when no chapter is dated."""
        if self.first is None or self.last is None:
            return ()
        if self.first.date() == self.last.date():
            return (self.first,)
        return (self.first, self.last)

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
