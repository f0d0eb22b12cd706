"""Build cache: the heads of a book's chapter entries, all in one signed entry (the book's
summary, as Sphinx keeps its whole environment in one pickle), so a rebuild reads one file
for its unchanged chapters, not one each.

The summary holds, by chapter entry name, the `ChapterHead` this build used, pickled: a build
holds each head as a few kilobytes of bytes, not as objects, and one loaded is written back as
it was read.  A head is taken only while its chapter's entry is the file it was made from (its
size and modification time: `Store.facts`); else the entry itself is loaded, and checked, as
without a summary.  A damaged or foreign summary is ignored with a warning, like any entry:
every chapter is then loaded from its own entry.
"""

from __future__ import annotations

import pickle

from bookmaker.cache import keys
from bookmaker.cache.kept import ChapterHead
from bookmaker.cache.store import Store


class Heads:
    """The summary kept in STORE for this ENVIRONMENT: the last build's heads, this one's."""

    def __init__(self, store: Store, environment: str):
        self.store = store
        self.name = keys.name(environment, "chapter-heads")
        kept = store.get(self.name) if store.has(self.name) else None
        self.known: dict[str, bytes] = kept if isinstance(kept, dict) else {}
        self.seen: dict[str, bytes] = {}
        #: The heads taken from the summary: their digests and bytes, by entry name.
        self.taken: dict[str, tuple[str, bytes]] = {}

    def get(self, key: str) -> ChapterHead | None:
        """The head of entry KEY, if the summary has one and the entry is the file it was made
        from."""
        data = self.known.get(key)
        head = self.store.loads(data) if isinstance(data, bytes) else None
        if not isinstance(head, ChapterHead) or head.facts != self.store.facts(key):
            return None
        self.taken[key] = head.digest, data
        return head

    def note(self, key: str, head: ChapterHead) -> None:
        taken = self.taken.get(key)
        if taken is not None and taken[0] == head.digest:
            self.seen[key] = taken[1]
        else:
            self.seen[key] = pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL)

    def finish(self) -> str:
        """Keep this build's heads; the summary's name."""
        if self.seen != self.known:
            self.store.put(self.name, self.seen)
        return self.name
