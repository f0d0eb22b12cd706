"""A rebuild's unchanged posts come from their heads in the file index (`cache/stats.py`,
`cache/kept_posts.py`), their bodies loaded from their own entries only when something reads
them (an image to find, a chapter converted again); a post entry gone or damaged beside its
head is read again, one changed behind it is never taken for it, and the rebuild makes the
bytes a fresh build makes."""

from __future__ import annotations

import os
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
import test_file_index
import test_incremental
from helpers.cache import entry_file, spoil
from test_incremental import FIRST, SECOND, epub_of, rebuilt_is_fresh

from bookmaker.cache import Store
from bookmaker.cache.entries import ReadEntry
from bookmaker.cache.kept_posts import KeptPost, head_bytes, kept_entry
from bookmaker.errors import BuildError
from bookmaker.model import Post
from bookmaker.read import read_post

_fixed_epoch = test_incremental._fixed_epoch
book = test_incremental.book
calls = test_incremental.calls


# Files count as settled at once (else one written in the last 2 s has no head).
settled = test_file_index.settled
pytestmark = pytest.mark.usefixtures("settled")


@pytest.fixture
def bodies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The post entries loaded whole (by the post files' names)."""
    seen: list[str] = []
    load = Store.load

    def counted(self, name, signed=None):
        found = load(self, name, signed)
        if found is not None and isinstance(found[0], ReadEntry):
            seen.append(found[0].post.path.name)
        return found

    monkeypatch.setattr(Store, "load", counted)
    return seen


def entry_of(out: Path, post: str) -> Path:
    """The read entry of the post file POST."""
    return entry_file(
        out, "posts", lambda found: isinstance(found, ReadEntry) and found.post.path.name == post
    )


def test_a_rebuild_loads_only_the_bodies_it_reads(
    book: Path, tmp_path: Path, epub_registry, calls, bodies
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    (book / "2024-01-02-second.md").write_text(SECOND + "\nA sentence added.\n")
    bodies.clear()
    assert rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls) == ["2024-01-02-second.md"]
    assert bodies == []  # the first post, kept, has no image and its chapter holds
    # A new post the first links to: the first's chapter is converted again, from its body;
    # the second's has an image to find.
    (book / "2024-01-03-third.md").write_text("---\ntitle: Third\n---\nThe third.\n")
    bodies.clear()
    assert rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls) == [
        "2024-01-01-first.md",
        "2024-01-03-third.md",
    ]
    assert sorted(bodies) == ["2024-01-01-first.md", "2024-01-02-second.md"]


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_post_entry_gone_or_damaged_beside_its_head_is_read_again(
    book: Path, tmp_path: Path, epub_registry, calls, damage: str
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    entry = entry_of(out, "2024-01-01-first.md")
    spoil(entry, damage)
    calls["read"].clear()
    again, warnings = epub_of(book, out, epub_registry)
    assert calls["read"] == ["2024-01-01-first.md"]
    assert again == epub_of(book, tmp_path / "fresh", epub_registry, fresh=True)[0]
    ignored = [w for w in warnings if "cache.ignored" in w and entry.name in w]
    assert len(ignored) == (damage == "damaged")


def test_a_kept_post_stands_for_the_post_it_was_read_as(tmp_path: Path):
    path = tmp_path / "2024-01-02-second.md"
    path.write_text(SECOND)
    post, diags = read_post(path)
    store = Store(tmp_path / "posts", b"k" * 32)
    written = store.put("entry", ReadEntry(post, tuple(diags.items)))
    assert written is not None
    kept = kept_entry(store, "entry", head_bytes(ReadEntry(post, ()), written))
    assert kept is not None and isinstance(kept.post, KeptPost)
    assert "body_html" not in vars(kept.post) and kept.post.may_hold_images
    # Compared, hashed or pickled (for a worker), it is the post, body and all.
    assert kept.post == post and post == kept.post and hash(kept.post) == hash(post)
    sent = pickle.loads(pickle.dumps(kept.post))
    assert type(sent) is Post and sent == post and sent.body_html == post.body_html != ""


def test_a_post_entry_changed_behind_its_head_is_never_taken_for_it(tmp_path: Path):
    """An entry rewritten with its size and time put back (by hand: no build writes so)
    gives no body for the head: a one-line error, never another text."""
    path = tmp_path / "first.md"
    path.write_text(FIRST)
    store = Store(tmp_path / "posts", b"k" * 32)
    entry = ReadEntry(read_post(path)[0], ())
    written = store.put("entry", entry)
    assert written is not None
    facts = (store.folder / "entry").stat()
    other = replace(entry.post, body_html=entry.post.body_html.replace("a site", "a sitx"))
    store.put("entry", ReadEntry(other, ()))
    os.utime(store.folder / "entry", ns=(facts.st_atime_ns, facts.st_mtime_ns))
    kept = kept_entry(store, "entry", head_bytes(entry, written))
    assert kept is not None and kept.post.title == "First"
    with pytest.raises(BuildError, match="the build cache changed while the book was built"):
        _ = kept.post.body_html
