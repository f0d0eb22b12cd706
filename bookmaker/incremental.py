"""Stages 1 and 2 for a whole book (post files → `Reading` → chapters): each post read and
converted once, in worker processes (`-j`), and never again while it and what its conversion
asked of the book stay the same (the cache, `cache/`).

Reading a post depends on its bytes and the settings in its entry's name (the site and its
authors, the post's people table), so a post whose bytes are unchanged is taken from the cache
as read.  Converting it also depends on the book: its slug (slugs are made unique across
posts), the link index (other posts' file names, permalinks and addresses) and its images (the
images stage's assets, each with its content digest, or why the book has none); the chapter's
entry records what the conversion asked and is used only while the book gives the same answers.  What depends on the whole book
(the index itself, unique slugs, the numbering of notes, the contributors index) is worked out
again on every build, from the posts and chapters; it is cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from bookmaker.cache import Store, compiled_css, keys, open_store, rebase
from bookmaker.cache.collector import loading
from bookmaker.cache.entries import ConvertEntry, Lookups
from bookmaker.cache.heads import Heads
from bookmaker.cache.kept import ChapterHead, KeptChapter, head_of
from bookmaker.cache.stats import FileIndex
from bookmaker.cache.store import Written
from bookmaker.convert import ConvertContext, convert
from bookmaker.convert.xrefs import LinkIndex
from bookmaker.converted import Converted
from bookmaker.errors import BookmakerError, BuildError, Diagnostic
from bookmaker.meanwhile import awaited
from bookmaker.model import Asset, Chapter, Post
from bookmaker.workers import Handed, Standby, Workers, count_of, run_all, started


@dataclass
class BookCache:
    """The posts' and chapters' entries of one output folder, and the names this build used
    (the others are removed when it succeeds)."""

    posts: Store
    chapters: Store
    environment: str = field(default_factory=keys.environment)
    used: dict[str, set[str]] = field(default_factory=lambda: {"posts": set(), "chapters": set()})
    #: The post files known unchanged (`cache/stats.py`), kept among the posts' entries.
    files: FileIndex = field(init=False)
    #: The chapters' heads (`cache/heads.py`), kept among the chapters' entries.
    heads: Heads = field(init=False)
    #: The entry of the compiled CSS selectors (`cache/compiled_css.py`); None: it is not
    #: to be trusted, and is neither read nor written (it goes when the build ends).
    css: str | None = field(init=False)
    #: The worker that read a rebuild's edited posts and converts them (`post_reader.py`).
    standby: Standby | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.files = FileIndex(self.posts, self.environment)
        self.heads = Heads(self.chapters, self.environment)
        # Loaded in workers only: checked here, where a warning reaches the report.
        css = compiled_css.name(self.environment)
        self.css = css if self.chapters.check(css) else None
        if self.css is not None:
            self.used["chapters"].add(css)

    @classmethod
    def open(cls, outdir: Path, *, fresh: bool = False) -> BookCache | None:
        posts = open_store(outdir, "posts", fresh=fresh)
        chapters = open_store(outdir, "chapters", fresh=fresh)
        return None if posts is None or chapters is None else cls(posts, chapters)

    @property
    def ignored(self) -> list[Diagnostic]:
        return self.posts.ignored + self.chapters.ignored

    def finish(self) -> None:
        self.used["posts"].add(self.files.finish())
        self.used["chapters"].add(self.heads.finish())
        self.posts.keep_only(self.used["posts"])
        self.chapters.keep_only(self.used["chapters"])


# --- converting ----------------------------------------------------------------------------


class _Asking:
    """A conversion's questions to the book, each answer written down."""

    def __init__(self, ctx: ConvertContext):
        self.ctx = ctx
        self.links: dict[str, str | None] = {}
        self.assets: dict[str, Asset | str | None] = {}

    def find_chapter(self, href: str) -> str | None:
        self.links[href] = found = self.ctx.find_chapter(href)
        return found

    def resolve_asset(self, post: Post, src: str) -> Asset | str | None:
        self.assets[src] = found = self.ctx.resolve_asset(post, src)
        return found


@dataclass(frozen=True)
class _ConvertJob:
    post: Post
    ctx: ConvertContext
    #: The entry's name; None: nothing is kept.
    key: str | None
    index: str
    store: Store | None
    #: The entry of the compiled CSS selectors (`cache/compiled_css.py`); None: nothing is kept.
    selectors: str | None = None


def _convert(job: _ConvertJob) -> Converted | BookmakerError:
    """Convert one post (in a worker) and keep its chapter with what it asked the book."""
    asking = _Asking(job.ctx)
    ctx = replace(job.ctx, find_chapter=asking.find_chapter, resolve_asset=asking.resolve_asset)
    if job.store is not None and job.selectors is not None:
        compiled_css.take(job.store, job.selectors)
    try:
        chapter, diags = convert(job.post, ctx)
    except BookmakerError as exc:
        return exc
    if job.store is not None and job.selectors is not None:
        compiled_css.keep(job.store, job.selectors)
    warnings, notes = tuple(diags.items), tuple(diags.notes)
    head = None
    if job.store is not None and job.key is not None:
        lookups = Lookups(job.index, tuple(asking.links.items()), tuple(asking.assets.items()))
        written = job.store.put(job.key, ConvertEntry(chapter, warnings, lookups, notes))
        if written is not None:
            head = head_of(chapter, warnings, notes, lookups, *_signed(written))
    return Converted(chapter, warnings, notes, head)


def convert_posts(
    posts: list[Post],
    names: Mapping[Path, str],
    ctx: ConvertContext,
    index: LinkIndex,
    *,
    workers: int | Workers,
    cache: BookCache | None,
) -> list[Converted | BookmakerError]:
    """Each post's chapter (or the error converting it gave), in order; NAMES are the posts'
    read entries by path (a post without one is converted and not kept), INDEX the link index
    CTX finds chapters with.  Its images are looked up in CTX's asset resolver; an entry keeps
    the assets it was given, content digests and all, and holds only while they are the same.
    Each post in POSTS is left without its body, which only its job holds, until it is sent.

    The posts with no entry (a rebuild's edited post) are converted in workers begun before
    the other entries are loaded, so that on two cores the one waits for the other no more."""
    index_digest = digest_index(index)
    kept, new_at, new = _jobs(posts, names, ctx, index_digest, cache)
    results: list[Converted | BookmakerError | None] = [None] * len(posts)
    jobs = dict(kept) | dict(zip(new_at, new, strict=True))
    stale: list[tuple[int, _ConvertJob]] = []
    # One post alone is worth a worker of its own only while entries are loaded here.
    alone = len(new) == 1 and not kept
    with _converting(new, cache, 1 if alone else workers) as converting:
        with loading():
            for i, job in kept:
                results[i] = _kept(job, cache, index_digest, ctx) if cache is not None else None
                if results[i] is None:
                    stale.append((i, job))
        for i, result in zip(new_at, converting, strict=True):
            results[i] = result
    for (i, _), result in zip(
        stale, run_all(_convert, [j for _, j in stale], workers), strict=True
    ):
        results[i] = result
    return [_with_head(r, jobs[i], cache) for i, r in enumerate(results) if r is not None]


def _kept(job: _ConvertJob, cache: BookCache, index: str, ctx: ConvertContext) -> Converted | None:
    """JOB's chapter as the cache kept it, while what its conversion asked the book gets the
    same answers: from its head in the summary, its body loaded when read, if the head is of
    the entry there now; else from its entry; None: converted again."""
    assert job.key is not None
    store, head = cache.chapters, cache.heads.get(job.key)
    if head is not None:
        if not _holds(head.lookups, job, index, ctx):
            return None
        chapter = KeptChapter.from_head(head, _loader(store, job.key, head))
        return Converted(chapter, head.warnings, head.notes, head)
    loaded = store.load(job.key)
    found, written = loaded if loaded is not None else (None, None)
    if isinstance(found, ConvertEntry) and _holds(found.lookups, job, index, ctx):
        assert written is not None
        head = head_of(found.chapter, found.warnings, found.notes, found.lookups, *_signed(written))
        return Converted(found.chapter, found.warnings, found.notes, head)
    return None


def _signed(written: Written) -> tuple[str, tuple[int, int]]:
    return written.signature, written.facts


def _holds(lookups: Lookups, job: _ConvertJob, index: str, ctx: ConvertContext) -> bool:
    return lookups.still_hold(index, ctx.find_chapter, _for_post(ctx.resolve_asset, job.post))


def _loader(store: Store, key: str, head: ChapterHead) -> Callable[[], Chapter]:
    """What loads the body of the chapter HEAD stands for: the very entry it was made from."""

    def load() -> Chapter:
        found = store.get(key, signed=head.digest)
        if not isinstance(found, ConvertEntry):
            raise BuildError(
                "the build cache changed while the book was built; build again (or with --fresh)",
                store.folder / key,
            )
        return found.chapter

    return load


def _with_head(
    result: Converted | BookmakerError, job: _ConvertJob, cache: BookCache | None
) -> Converted | BookmakerError:
    """RESULT with its head noted in the summary, its chapter knowing its entry's signature,
    which names it in other entries' names (its document's), and its source shown as this
    build shows JOB's post (`cache/rebase.py`)."""
    if isinstance(result, BookmakerError) or result.head is None or not job.key or not cache:
        return result
    cache.heads.note(job.key, result.head)
    if not isinstance(result.chapter, KeptChapter):
        result = replace(result, chapter=KeptChapter.of(result.chapter, result.head.digest))
    return rebase.converted(result, job.post.display_path)


@contextmanager
def _converting(
    new: list[_ConvertJob], cache: BookCache | None, workers: int | Workers
) -> Iterator[Iterator[Converted | BookmakerError]]:
    """NEW converted in the worker that read them, ready (a rebuild's edited post), else in
    WORKERS, each job let go of once sent."""
    standby = cache.standby if cache is not None else None
    try:
        if standby is not None and new and count_of(workers) > 1:
            yield awaited(standby.run(_convert, Handed(new)))
        else:
            with started(_convert, Handed(new), workers) as converting:
                yield converting
    finally:
        if standby is not None:
            standby.close()


def _jobs(
    posts: list[Post],
    names: Mapping[Path, str],
    ctx: ConvertContext,
    index_digest: str,
    cache: BookCache | None,
) -> tuple[list[tuple[int, _ConvertJob]], list[int], list[_ConvertJob]]:
    """The posts' jobs: those whose entry is there to be loaded (whether it holds is seen on
    loading), by place, and the others, to convert, and their places.  In POSTS each post is
    left without its body, which only its job holds now."""
    setting = keys.name(*((f.name, getattr(ctx, f.name)) for f in _ctx_fields(ctx)))
    environment, store = (cache.environment, cache.chapters) if cache else ("", None)
    css = cache.css if cache else None
    kept, new_at, new = [], [], []
    for i, post in enumerate(posts):
        read_name = names.get(post.path) if cache else None
        key = keys.name(environment, read_name, post.slug, setting) if read_name else None
        job = _ConvertJob(post, ctx, key, index_digest, store, css)
        if store is not None and key is not None and store.has(key):
            kept.append((i, job))
        else:
            new_at.append(i)
            new.append(job)
        if "body_html" in vars(post):  # a kept post's body not loaded yet is held nowhere
            posts[i] = replace(post, body_html="")
        if cache is not None and key is not None:
            cache.used["chapters"].add(key)
    return kept, new_at, new


def _ctx_fields(ctx: ConvertContext) -> Iterable:
    """The context's settings: all but the link finder and the asset resolver, whose answers
    the entries record."""
    return (f for f in fields(ctx) if f.name not in {"find_chapter", "resolve_asset"})


def _for_post(
    resolve: Callable[[Post, str], Asset | str | None], post: Post
) -> Callable[[str], Asset | str | None]:
    return lambda src: resolve(post, src)


def digest_index(index: LinkIndex) -> str:
    """The link index's digest, the same for the same posts in any process."""
    parts = (getattr(index, f.name) for f in fields(index))
    return keys.name(*(sorted(p.items()) if isinstance(p, Mapping) else sorted(p) for p in parts))
