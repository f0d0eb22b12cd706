"""Build cache: a chapter kept from the last build, whose body is loaded only when asked for.

A rebuild's unchanged chapters are nearly all of a book, and loading their bodies (the intro,
the sections' HTML, the notes: some 40 KB a post) was most of what it did for them; yet the
book-wide steps read only their heads (titles, dates, people, ids, how many notes) and the
EPUB writes their documents as the last build rendered them.  So each chapter's entry has a
small head (`ChapterHead`, kept with the others in one signed summary: `heads.py`), and a
`KeptChapter` made from the head loads its body from the full entry the first time a body
field is read (a document rendered again, the PDF, notes numbered through the book).  The head
names the full entry by its signature, which is also what names the chapter inside other
entries' names (`cache_name`, `keys.name`): the same signature, the same chapter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from bookmaker.cache import keys
from bookmaker.cache.entries import Lookups
from bookmaker.errors import Diagnostic
from bookmaker.model import Chapter, Person

#: The fields a head leaves out (the body), loaded together when one of them is read.
BODY = ("intro", "sections", "endnotes")
_FIELDS = tuple(f.name for f in fields(Chapter))


@dataclass(frozen=True)
class ChapterHead:
    """What the book-wide steps read of a chapter, with its entry's warnings and lookups, and
    the full entry it was made from: its signature, size and modification time."""

    fields: tuple[tuple[str, Any], ...]
    section_people: tuple[tuple[str, Person], ...]
    section_ids: tuple[str, ...]
    note_count: int
    warnings: tuple[Diagnostic, ...]
    notes: tuple[Diagnostic, ...]
    lookups: Lookups
    digest: str
    facts: tuple[int, int]


def head_of(
    chapter: Chapter,
    warnings: tuple[Diagnostic, ...],
    notes: tuple[Diagnostic, ...],
    lookups: Lookups,
    digest: str,
    facts: tuple[int, int],
) -> ChapterHead:
    light = tuple((name, getattr(chapter, name)) for name in _FIELDS if name not in BODY)
    return ChapterHead(
        light,
        chapter.section_people,
        chapter.section_ids,
        chapter.note_count,
        warnings,
        notes,
        lookups,
        digest,
        facts,
    )


class KeptChapter(Chapter):
    """A `Chapter` with its entry's digest; made from a head, its body is loaded on first use.
    It pickles (and so is named, and sent to workers) as the plain chapter it stands for."""

    _digest: str
    _load: Callable[[], Chapter] | None

    @classmethod
    def of(cls, chapter: Chapter, digest: str) -> KeptChapter:
        kept = object.__new__(cls)
        kept.__dict__.update({name: getattr(chapter, name) for name in _FIELDS})
        kept.__dict__.update(_digest=digest, _load=None)
        return kept

    @classmethod
    def from_head(cls, head: ChapterHead, load: Callable[[], Chapter]) -> KeptChapter:
        kept = object.__new__(cls)
        kept.__dict__.update(head.fields)
        kept.__dict__.update(
            _digest=head.digest,
            _load=load,
            _head=(head.section_people, head.section_ids, head.note_count),
        )
        return kept

    def __getattr__(self, name: str) -> Any:
        # Only what the instance lacks comes here: a body field not loaded yet.
        load = self.__dict__.get("_load")
        if name not in BODY or load is None:
            raise AttributeError(name)
        body = load()
        self.__dict__.update({field: getattr(body, field) for field in BODY}, _load=None)
        return self.__dict__[name]

    def __reduce__(self) -> tuple:
        """As the plain chapter it stands for, body and all."""
        return Chapter, tuple(getattr(self, name) for name in _FIELDS)

    @property
    def section_people(self) -> tuple[tuple[str, Person], ...]:
        head = self._head_facts()
        return head[0] if head else super().section_people

    @property
    def section_ids(self) -> tuple[str, ...]:
        head = self._head_facts()
        return head[1] if head else super().section_ids

    @property
    def note_count(self) -> int:
        head = self._head_facts()
        return head[2] if head else super().note_count

    def _head_facts(self) -> tuple | None:
        return self.__dict__.get("_head") if self.__dict__.get("_load") else None

    @property
    def cache_name(self) -> str | None:
        """What names it in an entry's name (`keys.name`): its entry's signature; none once
        it was changed (`replace`: notes numbered through the book)."""
        digest = self.__dict__.get("_digest")
        return f"kept chapter {digest}" if digest else None


keys.NAMED.add(KeptChapter)
