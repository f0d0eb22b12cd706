"""read: which posts a book has and in what order, as `[posts]` and `[order]` say.

Paths are chosen before a post is read (`include`, `exclude`, `list`), so a big blog's other
posts are never opened; tags, categories, authors and dates need the front matter, which is
read without rendering the body.  The order decided here is the book's: assemble keeps it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from bookmaker.errors import ConfigError, Diagnostic
from bookmaker.model import Post
from bookmaker.names import normal_text
from bookmaker.sections import OrderSection, PostsSection


def as_utc(value: dt.datetime) -> dt.datetime:
    """A date to compare with any other: a time without a zone is taken as UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def names_of(path: Path, root: Path) -> tuple[PurePosixPath, ...]:
    """What a pattern may match for the post at PATH: its path inside ROOT and, for a page
    bundle (`trip/index.md`), its folder."""
    try:
        rel = PurePosixPath(path.relative_to(root).as_posix())
    except ValueError:
        rel = PurePosixPath(path.name)
    return (rel, rel.parent) if rel.stem == "index" and rel.parent.name else (rel,)


def _matches(path: Path, root: Path, patterns: Iterable[str]) -> bool:
    patterns = [p for p in patterns if p]
    # No pattern, no names to make: most books have neither `include` nor `exclude`, and
    # making each post's names was some 6 ms of a 500-post rebuild.
    return bool(patterns) and any(name.match(p) for name in names_of(path, root) for p in patterns)


def by_path(paths: list[Path], posts: PostsSection, root: Path) -> list[Path]:
    """PATHS that `include`, `exclude` and `list` keep.  Each `list` entry must name one post
    exactly: a typo is an error, not a shorter book."""
    kept = [
        p
        for p in paths
        if (not posts.include or _matches(p, root, posts.include))
        and not _matches(p, root, posts.exclude)
    ]
    if not posts.list:
        return kept
    chosen: list[Path] = []
    for entry in posts.list:
        found = [p for p in kept if _matches(p, root, [entry])]
        if len(found) != 1:
            how = "matches no post" if not found else f"matches {len(found)} posts"
            raise ConfigError(f"posts.list: {entry!r} {how}; give the post's path or file name")
        if found[0] not in chosen:
            chosen.append(found[0])
    return chosen


def by_metadata(post: Post, posts: PostsSection) -> bool:
    """Whether POST has one of the tags, categories and authors asked for, and a date in the
    range (an undated post is outside any range)."""
    if posts.tags and not _any(post.tags, posts.tags):
        return False
    if posts.categories and not _any(post.categories, posts.categories):
        return False
    if posts.authors:
        raw = post.extra.get("author") or post.extra.get("authors") or ()
        ids = [raw] if isinstance(raw, str) else [str(r) for r in raw if isinstance(r, str)]
        if not _any([p.name for p in post.authors] + ids, posts.authors):
            return False
    if posts.since or posts.until:
        day = post.date.date() if post.date else None
        if day is None or (posts.since and day < posts.since):
            return False
        if posts.until and day > posts.until:
            return False
    return True


def _any(values: Iterable[str], wanted: Iterable[str]) -> bool:
    have = {normal_text(v).casefold() for v in values}
    return any(normal_text(w).casefold() in have for w in wanted)


def in_order(
    posts: list[Post], order: OrderSection, chosen: PostsSection, listed: list[Path]
) -> tuple[list[Post], list[Diagnostic]]:
    """POSTS in the book's order, and a warning for each undated post placed by
    `[order] undated` when the order is by date.  LISTED is the order of `[posts] list`."""
    by = order.key(chosen)
    if by == "list":
        place = {path: i for i, path in enumerate(listed)}
        return sorted(posts, key=lambda p: place.get(p.path, len(place))), []
    if by == "title":
        return sorted(posts, key=lambda p: (normal_text(p.title).casefold(), str(p.path))), []
    dated = sorted(
        (p for p in posts if p.date),
        key=lambda p: (as_utc(p.date), str(p.path)),  # type: ignore[arg-type]
    )
    if by == "-date":
        dated.reverse()
    undated = [p for p in posts if not p.date]
    warn = order.undated is None and len(posts) > 1
    warnings = [_undated(p) for p in undated] if warn else []
    if order.undated == "leave-out":
        return dated, warnings
    return (undated + dated if order.undated == "first" else dated + undated), warnings


def _undated(post: Post) -> Diagnostic:
    return Diagnostic(
        "no date in the front matter or the file name; placed after the dated posts "
        '(give it a date, or set [order] undated = "last", "first" or "leave-out")',
        "read.undated",
        post.display_path,
    )
