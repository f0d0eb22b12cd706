"""Stages 1 and 2 for a whole book (post files → `Reading` → chapters): each post read and
converted once, in worker processes (`-j`), and never again while it and what its conversion
asked of the book stay the same (the cache, `cache/`).

Reading a post depends on its bytes and the settings in its entry's name, so a post whose bytes
are unchanged is taken from the cache as read.  Converting it also depends on the book: its
chapter id (slugs are made unique across posts), the link index (other posts' file names,
permalinks and addresses) and the image files; the chapter's entry records what the conversion
asked and is used only while the book gives the same answers.  What depends on the whole book
(the index itself, unique slugs, the numbering of notes, the contributors index) is worked out
again on every build, from the posts and chapters; it is cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from bookmaker import ids
from bookmaker.cache import Store, keys, open_store
from bookmaker.cache.entries import ConvertEntry, Lookups, ReadEntry
from bookmaker.convert import ConvertContext, convert
from bookmaker.convert.xrefs import LinkIndex
from bookmaker.errors import BookmakerError, Diagnostic
from bookmaker.model import Asset, Chapter, Post
from bookmaker.read import Reading, Site, gather, read_bytes, read_post
from bookmaker.read.post import display_path
from bookmaker.workers import run_all


@dataclass
class BookCache:
    """The posts' and chapters' entries of one output folder, and the names this build used
    (the others are removed when it succeeds)."""

    posts: Store
    chapters: Store
    environment: str = field(default_factory=keys.environment)
    used: dict[str, set[str]] = field(default_factory=lambda: {"posts": set(), "chapters": set()})

    @classmethod
    def open(cls, outdir: Path, *, fresh: bool = False) -> BookCache | None:
        posts = open_store(outdir, "posts", fresh=fresh)
        chapters = open_store(outdir, "chapters", fresh=fresh)
        return None if posts is None or chapters is None else cls(posts, chapters)

    @property
    def ignored(self) -> list[Diagnostic]:
        return self.posts.ignored + self.chapters.ignored

    def finish(self) -> None:
        self.posts.keep_only(self.used["posts"])
        self.chapters.keep_only(self.used["chapters"])


# --- reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _ReadJob:
    path: Path
    site: Site
    root: Path | None
    #: The entry's name but for the file's bytes (`keys.name(base, bytes)`).
    base: str
    store: Store | None


def _read(job: _ReadJob) -> tuple[str, ReadEntry] | BookmakerError:
    """Read one post (in a worker) and keep it; the entry is named by the bytes read."""
    try:
        data = read_bytes(job.path, job.root)
        post, diags = read_post(job.path, job.site, job.root, data=data)
    except BookmakerError as exc:
        return exc
    key = keys.name(job.base, data)
    entry = ReadEntry(post, tuple(diags.items))
    if job.store is not None:
        job.store.put(key, entry)
    return key, entry


def read_posts(
    paths: list[Path],
    site: Site,
    root: Path | None,
    *,
    include_drafts: bool,
    keep_going: bool,
    workers: int,
    cache: BookCache | None,
) -> tuple[Reading, list[str]]:
    """The posts of PATHS, as `read.read_book` gives them, and each post's entry name."""
    results: list[tuple[str, ReadEntry] | BookmakerError | None] = [None] * len(paths)
    jobs: list[tuple[int, _ReadJob]] = []
    for i, path in enumerate(paths):
        base = keys.name(
            cache.environment if cache else "", "read", str(path), display_path(path), site, root
        )
        job = _ReadJob(path, site, root, base, cache.posts if cache else None)
        found = _cached_read(cache, base, path, root) if cache else None
        if found is None:
            jobs.append((i, job))
        else:
            results[i] = found
    for (i, _), result in zip(jobs, run_all(_read, [j for _, j in jobs], workers), strict=True):
        results[i] = result
    names = [r[0] for r in results if isinstance(r, tuple)]
    if cache is not None:
        cache.used["posts"].update(names)
    reading = gather(
        (r if isinstance(r, BookmakerError) else (r[1].post, r[1].warnings) for r in results),
        include_drafts=include_drafts,
        keep_going=keep_going,
    )
    by_path = {r[1].post.path: r[0] for r in results if isinstance(r, tuple)}
    return reading, [by_path[post.path] for post in reading.posts]


def _cached_read(
    cache: BookCache, base: str, path: Path, root: Path | None
) -> tuple[str, ReadEntry] | None:
    try:
        key = keys.name(base, read_bytes(path, root))
    except BookmakerError:
        return None  # the worker reports it
    entry = cache.posts.get(key)
    return (key, entry) if isinstance(entry, ReadEntry) else None


# --- converting ----------------------------------------------------------------------------


class _Asking:
    """A conversion's questions to the book, each answer written down."""

    def __init__(self, ctx: ConvertContext):
        self.ctx = ctx
        self.links: dict[str, str | None] = {}
        self.assets: dict[str, Asset | None] = {}

    def find_chapter(self, href: str) -> str | None:
        self.links[href] = found = self.ctx.find_chapter(href)
        return found

    def resolve_asset(self, post: Post, src: str) -> Asset | None:
        self.assets[src] = found = self.ctx.resolve_asset(post, src)
        return found


@dataclass(frozen=True)
class _ConvertJob:
    post: Post
    ctx: ConvertContext
    key: str
    index: str
    store: Store | None


def _convert(job: _ConvertJob) -> ConvertEntry | BookmakerError:
    """Convert one post (in a worker) and keep its chapter with what it asked the book."""
    asking = _Asking(job.ctx)
    ctx = replace(job.ctx, find_chapter=asking.find_chapter, resolve_asset=asking.resolve_asset)
    try:
        chapter, diags = convert(job.post, ctx)
    except BookmakerError as exc:
        return exc
    lookups = Lookups(job.index, tuple(asking.links.items()), tuple(asking.assets.items()))
    entry = ConvertEntry(chapter, tuple(diags.items), lookups)
    if job.store is not None:
        job.store.put(job.key, entry)
    return entry


def convert_posts(
    posts: list[Post],
    names: list[str],
    ctx: ConvertContext,
    index: LinkIndex,
    *,
    workers: int,
    cache: BookCache | None,
) -> list[ConvertEntry | BookmakerError]:
    """Each post's chapter (or the error converting it gave), in order; NAMES are the posts'
    read entries, INDEX the link index CTX finds chapters with."""
    setting = keys.name(*((f.name, getattr(ctx, f.name)) for f in _ctx_fields(ctx)))
    index_digest = digest_index(index)
    results: list[ConvertEntry | BookmakerError | None] = [None] * len(posts)
    jobs: list[tuple[int, _ConvertJob]] = []
    for i, (post, read_name) in enumerate(zip(posts, names, strict=True)):
        key = keys.name(
            cache.environment if cache else "", read_name, ids.chapter_id(post.slug), setting
        )
        found = cache.chapters.get(key) if cache else None
        if isinstance(found, ConvertEntry) and found.lookups.still_hold(
            index_digest, ctx.find_chapter, _for_post(ctx.resolve_asset, post)
        ):
            results[i] = found
        else:
            jobs.append(
                (i, _ConvertJob(post, ctx, key, index_digest, cache.chapters if cache else None))
            )
        if cache is not None:
            cache.used["chapters"].add(key)
    for (i, _), result in zip(jobs, run_all(_convert, [j for _, j in jobs], workers), strict=True):
        results[i] = result
    return [r for r in results if r is not None]


def _ctx_fields(ctx: ConvertContext) -> Iterable:
    """The context's settings: all but the link finder, whose answers the entries record."""
    return (f for f in fields(ctx) if f.name != "find_chapter")


def _for_post(
    resolve: Callable[[Post, str], Asset | None], post: Post
) -> Callable[[str], Asset | None]:
    return lambda src: resolve(post, src)


def digest_index(index: LinkIndex) -> str:
    """The link index's digest, the same for the same posts in any process."""
    parts = (getattr(index, f.name) for f in fields(index))
    return keys.name(*(sorted(p.items()) if isinstance(p, Mapping) else sorted(p) for p in parts))


def chapters_of(
    results: list[ConvertEntry | BookmakerError], keep_going: bool
) -> tuple[list[Chapter], list[Diagnostic], list[BookmakerError]]:
    """The chapters, their warnings in order, and (with KEEP_GOING) the posts that failed;
    without it the first failure stops the run."""
    chapters, warnings, failed = [], [], []
    for result in results:
        if isinstance(result, BookmakerError):
            if not keep_going:
                raise result
            failed.append(result)
            continue
        chapters.append(result.chapter)
        warnings.extend(result.warnings)
    return chapters, warnings, failed
