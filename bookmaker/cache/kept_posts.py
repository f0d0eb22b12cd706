"""Build cache: a post kept from the last build, whose body is loaded only when asked for.

A rebuild's unchanged posts are nearly all of a book, and loading their entries one file each
(reading, checking and unpickling some 20 KB a post, the body nearly all of it) was most of
what its reading did; yet the book-wide steps read only their metadata, the images stage only
whether a body may hold an `<img>`, and their chapters come from the cache.  So the file index
(`stats.py`, one signed entry) keeps each post's head (`PostHead`: the post without its body,
its warnings, whether its body may hold an image), and a `KeptPost` made from the head loads
its body from the post's own entry, checked as every entry is, the first time it is read (a
chapter converted again, `[matter]`, an image to find).
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from bookmaker.cache.entries import ReadEntry
from bookmaker.cache.store import Store, Written
from bookmaker.errors import BuildError, Diagnostic
from bookmaker.model import Post

#: Where an `<img>` could begin: a body without one is not parsed by the images stage.
_IMG = re.compile(r"<img", re.IGNORECASE)
_FIELDS = tuple(f.name for f in fields(Post))
_COMPARED = tuple(f.name for f in fields(Post) if f.compare)


def may_hold_images(body: str) -> bool:
    """Whether BODY may hold an `<img>` (the images stage parses only such a body)."""
    return _IMG.search(body) is not None


@dataclass(frozen=True)
class PostHead:
    """A post as read, without its body; its warnings; whether its body may hold an image;
    and the entry it was made from: its signature, size and modification time."""

    post: Post
    warnings: tuple[Diagnostic, ...]
    images: bool
    digest: str
    facts: tuple[int, int]


def head_bytes(entry: ReadEntry, written: Written) -> bytes:
    """The head of ENTRY, as `put` WRITTEN it, pickled (as the file index keeps it)."""
    post = replace(entry.post, body_html="")
    images = may_hold_images(entry.post.body_html)
    head = PostHead(post, entry.warnings, images, written.signature, written.facts)
    return pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL)


class KeptPost(Post):
    """A `Post` made from its head, its body loaded from its entry on first use.  It compares,
    hashes and pickles (to a worker) as the plain post it stands for."""

    _load: Callable[[], Post] | None
    may_hold_images: bool

    @classmethod
    def from_head(cls, head: PostHead, load: Callable[[], Post]) -> KeptPost:
        kept = object.__new__(cls)
        kept.__dict__.update((n, getattr(head.post, n)) for n in _FIELDS if n != "body_html")
        kept.__dict__.update(_load=load, may_hold_images=head.images)
        return kept

    def __getattr__(self, name: str) -> Any:
        # Only what the instance lacks comes here: the body, not loaded yet.
        load = self.__dict__.get("_load")
        if name != "body_html" or load is None:
            raise AttributeError(name)
        self.__dict__.update(body_html=load().body_html, _load=None)
        return self.__dict__[name]

    def __reduce__(self) -> tuple:
        """As the plain post it stands for, body and all."""
        return Post, tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Post):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _COMPARED)

    __hash__ = Post.__hash__


def kept_entry(store: Store, key: str, data: bytes) -> ReadEntry | None:
    """The entry KEY of STORE as its head DATA gives it, the post's body loaded from the
    entry when first read; None: the head does not load, or the entry is not the file it was
    made from (gone, damaged), and is loaded, or the post read, as without a head."""
    head = store.loads(data)
    if not isinstance(head, PostHead) or head.facts != store.facts(key):
        return None

    def body() -> Post:
        found = store.get(key, signed=head.digest)  # the very entry the head was made from
        if not isinstance(found, ReadEntry):
            raise BuildError(
                "the build cache changed while the book was built; build again (or with --fresh)",
                store.folder / key,
            )
        return found.post

    return ReadEntry(KeptPost.from_head(head, body), head.warnings)
