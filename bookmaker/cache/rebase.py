"""Build cache: what the cache kept, given the paths of *this* build.  A post's entry is named by
where its file really is (`read.post.real_place`), not by its path as given or as shown, so a
build run from another working folder, or with its source spelled another way, takes it.  Yet
the path as given and as shown belong to the build: they name the file in warnings, in
`Chapter.source_path` (`[parts]` by path) and in the images found beside the post.  So a kept
post, chapter or warning that holds another build's gets this build's here, exactly what
reading or converting it now would give; when they are the same (a rebuild run as the last
one was), nothing is copied."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bookmaker.cache.entries import ReadEntry
from bookmaker.cache.kept import KeptChapter
from bookmaker.cache.kept_posts import KeptPost
from bookmaker.converted import Converted
from bookmaker.errors import Diagnostic
from bookmaker.model import Post


def post_entry(entry: ReadEntry, path: Path, shown: str) -> ReadEntry:
    """ENTRY with the post's PATH as given and as SHOWN now, its warnings naming it so."""
    post = entry.post
    if post.display_path == shown and post.path == path:
        return entry
    if isinstance(post, KeptPost):  # its body is still loaded on first use
        moved: Post = object.__new__(KeptPost)
        moved.__dict__.update(post.__dict__, path=path, display_path=shown)
    else:
        moved = replace(post, path=path, display_path=shown)
    return ReadEntry(moved, _named(entry.warnings, post.display_path, shown))


def converted(result: Converted, shown: str) -> Converted:
    """RESULT with the chapter's source shown as SHOWN now (its post's display path), its
    warnings and notes naming it so.  A kept chapter so changed is named apart from the one
    its entry holds (`cache_name`): documents rendered from that one are not taken for it."""
    chapter, was = result.chapter, result.chapter.source_path
    if was == shown:
        return result
    if isinstance(chapter, KeptChapter):
        moved = object.__new__(KeptChapter)
        moved.__dict__.update(chapter.__dict__, source_path=shown)
        digest = chapter.__dict__.get("_digest")
        moved.__dict__.update(_digest=f"{digest} shown as {shown}" if digest else None)
    else:
        moved = replace(chapter, source_path=shown)
    warnings, notes = _named(result.warnings, was, shown), _named(result.notes, was, shown)
    return replace(result, chapter=moved, warnings=warnings, notes=notes)


def _named(found: tuple[Diagnostic, ...], was: str, shown: str) -> tuple[Diagnostic, ...]:
    """FOUND with those that named the file as WAS naming it as SHOWN."""
    return tuple(replace(d, path=shown) if d.path == was else d for d in found)
