"""build: which document holds the id a link points to, known before that document is written
(the plan of the documents + `ids` → a link's file), so each document can be written whole
as soon as it is rendered.

The model's links are plain `#id` and ids are unique book-wide.  An id of an earlier document
is looked up among the ids seen so far; an id of a later one is placed by its shape (`ids`):
a chapter's ids are in its document, its notes in the notes file when the notes are
gathered, a part's id on the part's page.  Every placement is checked when the book is done:
if a theme put an id elsewhere, the build stops rather than write a link that leads nowhere.
"""

from __future__ import annotations

import re

from bookmaker import ids
from bookmaker.builders.epub.nav import Files
from bookmaker.errors import BuildError

_PART = re.compile(r"^_part-(\d+)$")


class Links:
    def __init__(self, files: Files):
        self.files = files
        #: Each id, and the first document that holds it.
        self.owner: dict[str, str] = {}
        #: (document, id, file): links written to a document not yet seen when they were.
        self.placed: list[tuple[str, str, str]] = []
        #: (document, id): links to an id no document had shown yet, left as they were.
        self.unknown: list[tuple[str, str]] = []

    def target(self, here: str, ident: str) -> str | None:
        """The document holding IDENT, for a link to it from document HERE (which does not
        hold it); None when it cannot be known (the link stays `#id`)."""
        found = self.owner.get(ident)
        if found is not None:
            return found
        placed = self.place(ident)
        if placed is None:
            self.unknown.append((here, ident))
        else:
            self.placed.append((here, ident, placed))
        return placed

    def place(self, ident: str) -> str | None:
        """Where bookmaker puts IDENT, by its shape."""
        files = self.files
        chapter = ids.chapter_of(ident, files.chapters)
        if chapter is not None:
            return files.notes if files.notes and ids.is_note(ident) else files.chapters[chapter]
        part = _PART.match(ident)
        return files.parts.get(int(part[1])) if part else None

    def holds(self, document: str, idents: tuple[str, ...]) -> None:
        for ident in idents:
            self.owner.setdefault(ident, document)

    def check(self) -> None:
        """Every link written before its target's document was seen leads to that target."""
        for here, ident, placed in self.placed:
            found = self.owner.get(ident)
            if found is not None and found != placed:
                raise BuildError(
                    f"{here}: the link to #{ident} was written to {placed}, but the theme "
                    f"puts that id in {found}; give it ids as bookmaker names them (bookmaker.ids)"
                )
        for here, ident in self.unknown:
            if ident in self.owner:
                raise BuildError(
                    f"{here}: links to #{ident}, which the theme gives in a later document "
                    f"({self.owner[ident]}); the EPUB is written document by document, so a "
                    "link can lead forward only to an id bookmaker names (bookmaker.ids)"
                )
