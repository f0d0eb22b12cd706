"""Build cache: the heads of a book's chapter entries, all in one signed entry (the book's
summary, as Sphinx keeps its whole environment in one pickle), so a rebuild reads one file
for its unchanged chapters, not one each.

The summary holds, by chapter entry name, the `ChapterHead` this build used.  A head is taken
only while its chapter's entry is the file it was made from (its size and modification time:
`Store.facts`); else the entry itself is loaded, and checked, as without a summary.  A damaged
or foreign summary is ignored with a warning, like any entry: every chapter is then loaded
from its own entry.
"""

from __future__ import annotations

from bookmaker.cache import keys
from bookmaker.cache.kept import ChapterHead
from bookmaker.cache.store import Store


class Heads:
    """The summary kept in STORE for this ENVIRONMENT: the last build's heads, this one's."""

    def __init__(self, store: Store, environment: str):
        self.store = store
        self.name = keys.name(environment, "chapter-heads")
        kept = store.get(self.name) if store.has(self.name) else None
        self.known: dict[str, ChapterHead] = kept if isinstance(kept, dict) else {}
        self.seen: dict[str, ChapterHead] = {}

    def get(self, key: str) -> ChapterHead | None:
        """The head of entry KEY, if the summary has one and the entry is the file it was made
        from."""
        head = self.known.get(key)
        return head if head is not None and head.facts == self.store.facts(key) else None

    def note(self, key: str, head: ChapterHead) -> None:
        self.seen[key] = head

    def finish(self) -> str:
        """Keep this build's heads; the summary's name."""
        if _named(self.seen) != _named(self.known):
            self.store.put(self.name, self.seen)
        return self.name


def _named(heads: dict[str, ChapterHead]) -> dict[str, tuple[str, tuple[int, int]]]:
    """HEADS by what they are made from: the same entry, the same head."""
    return {key: (head.digest, head.facts) for key, head in heads.items()}
