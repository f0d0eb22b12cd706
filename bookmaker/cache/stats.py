"""Build cache: the post files known unchanged by their `lstat`, so a rebuild names an
unchanged post's entry without reading and hashing its bytes (make's rule, made safe).

The last build's index (one signed entry of the posts' store) holds, per post file and the
settings its entry is named by, the file's facts when it was read and its entry's name.  A file
is taken as unchanged only when every fact is the same: a regular file, not a link (a link is
always read, and checked to stay inside the book), on the same device with the same inode,
size, modification time and status-change time, both in nanoseconds.  The status-change time
cannot be set by hand (`touch` and `cp -p` set the modification time only), and changes with
any write, rename, link or chmod.  A file written so recently that another write could still
land within the same clock tick is left out of the index and read next time (git's "racy"
files).  A file the index says is unchanged holds the bytes that were read and found safe.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from bookmaker.cache import keys
from bookmaker.cache.store import Store

#: A file modified less than this before the index is written is read again next time.
RECENT_NS = 2 * 10**9

Facts = tuple[int, int, int, int, int]
#: What the index knows of a post file: its facts, its entry's name, its head (pickled).
Known = tuple[Facts, str, bytes | None]


def file_facts(path: Path) -> Facts | None:
    """PATH's device, inode, size, modification and status-change times; None when it is not
    a regular file (a link, or missing)."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


class FileIndex:
    """The index kept in STORE for this ENVIRONMENT: what the last build knew, what this one
    saw."""

    def __init__(self, store: Store, environment: str):
        self.store = store
        self.name = keys.name(environment, "file-index")
        kept = store.get(self.name) if store.has(self.name) else None
        self.known: dict[str, Known] = kept if isinstance(kept, dict) else {}
        self.seen: dict[str, Known] = {}

    def key(self, base: str, facts: Facts | None) -> str | None:
        """The entry name of the post named by BASE (where its file is, with what its reading
        depends on), if the file is as it was (FACTS)."""
        known = self.known.get(base)
        return known[1] if facts is not None and known is not None and known[0] == facts else None

    def head(self, base: str, key: str) -> bytes | None:
        """The head of the post named by BASE, if its entry is KEY (`kept_posts.py`)."""
        known = self.known.get(base)
        return known[2] if known is not None and known[1] == key else None

    def note(self, base: str, facts: Facts | None, key: str, head: bytes | None = None) -> None:
        """The post named by BASE had FACTS before it was read, its entry is KEY and its head
        HEAD."""
        if facts is not None:
            self.seen[base] = (facts, key, head)

    def finish(self) -> str:
        """Keep what this build saw (but the files written just now); the index's name."""
        settled = time.time_ns() - RECENT_NS
        self.store.put(self.name, {k: v for k, v in self.seen.items() if max(v[0][3:]) < settled})
        return self.name
