"""Stage 1, read: files on disk → `Post`s (front matter normalised, body as HTML).

The only stage that reads post files.  Errors are `ReadError`s that name the file and line.
`read_book` decides which posts a book has and in what order: the post files under the
source (or where a blog keeps them), as `[posts]` chooses them (`select.py`), drafts left out
unless asked for, ordered as `[order]` says, each with a slug no other post has; with
`keep_going`, a post that cannot be read is set aside and reported instead of stopping the
build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from bookmaker import ids
from bookmaker.errors import BookmakerError, Diagnostic
from bookmaker.limits import DEFAULT_LIMITS, Limits
from bookmaker.model import Post
from bookmaker.path_safety import not_inside
from bookmaker.read import select
from bookmaker.read.authors import with_site_people
from bookmaker.read.discover import discover
from bookmaker.read.liquid import NO_SITE, Site
from bookmaker.read.people import People
from bookmaker.read.post import read_post
from bookmaker.sections import OrderSection, PostsSection

__all__ = [
    "Choice",
    "ReadJob",
    "Reader",
    "Reading",
    "Site",
    "discover",
    "read_book",
    "read_each",
    "read_post",
    "unique_slugs",
]


@dataclass
class Reading:
    """What reading a book's sources gave."""

    posts: list[Post] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    #: Posts that could not be read (with `keep_going`; without it the first one stops the run).
    failed: list[BookmakerError] = field(default_factory=list)
    #: The display paths of the drafts left out.
    drafts: list[str] = field(default_factory=list)
    #: How many post files there were to choose from.
    found: int = 0


@dataclass(frozen=True)
class Choice:
    """What `[posts]` and `[order]` ask for, and the folder their paths are relative to."""

    posts: PostsSection = PostsSection()  # noqa: RUF009 - frozen, so one default is safe
    order: OrderSection = OrderSection()  # noqa: RUF009
    root: Path | None = None


@dataclass(frozen=True)
class ReadJob:
    """One post file to read, with what reading it depends on besides its bytes."""

    path: Path
    site: Site
    root: Path | None
    #: The people table for the post's folder (`site_people.PeopleFinder`).
    people: Callable[[Path], People] | None
    render: bool
    limits: Limits = DEFAULT_LIMITS

    def run(self, data: bytes | None = None) -> tuple[Post, tuple[Diagnostic, ...]]:
        """The post and its warnings (DATA: its bytes, when read already)."""
        table = self.people(self.path) if self.people else None
        post, diags = read_post(
            self.path, self.site, self.root, table, self.limits, render=self.render, data=data
        )
        return post, tuple(diags.items)


#: What reading one post file gave: the post and its warnings, or the error.
Outcome = tuple[Post, tuple[Diagnostic, ...]] | BookmakerError
#: Reads post files: each job's outcome, in the jobs' order (`incremental.py` has one that
#: reads in worker processes and keeps what it read).
Reader = Callable[[list[ReadJob]], Iterable[Outcome]]


def read_each(jobs: list[ReadJob]) -> Iterator[Outcome]:
    """Each job read here, one after the other (the caller may stop at an error)."""
    for job in jobs:
        try:
            yield job.run()
        except BookmakerError as exc:
            yield exc


def read_book(
    source: Path,
    *,
    site: Site = NO_SITE,
    include_drafts: bool = False,
    keep_going: bool = False,
    skip: Path | None = None,
    root: Path | None = None,
    paths: list[Path] | None = None,
    choice: Choice = Choice(),
    render: bool = True,
    people: Callable[[Path], People] | None = None,
    reader: Reader = read_each,
    limits: Limits = DEFAULT_LIMITS,
) -> Reading:
    """The posts of SOURCE (a post, or a folder of posts; or PATHS, found by the caller),
    chosen and ordered as CHOICE says, leaving out any under SKIP (the build's output folder);
    with ROOT (the book's folder), a post that links to a file outside it is refused, and
    so is a post past LIMITS.
    Without RENDER the bodies are left empty (enough to list the posts).  PEOPLE gives the
    table that resolves a post's author ids; READER reads the files (`read_each`: here, in
    turn)."""
    reading = Reading()
    given = paths if paths is not None else discover(source)
    found = list(given) if skip is None else not_inside(given, skip)
    reading.found = len(found)
    base = choice.root or (source if source.is_dir() else source.parent)
    listed = select.by_path(found, choice.posts, base)
    if choice.posts.filters_by_metadata:
        heads = _read_all(
            reader,
            [ReadJob(p, site, root, people, False, limits) for p in listed],
            reading,
            keep_going,
        )
        keep = {p.path for p in heads if select.by_metadata(p, choice.posts)}
        listed = [p for p in listed if p in keep]
        reading.warnings.clear()  # the posts chosen are read again, with their warnings
    jobs = [ReadJob(p, site, root, people, render, limits) for p in listed]
    posts = _read_all(reader, jobs, reading, keep_going)
    for post in posts:
        if post.draft and not include_drafts:
            reading.drafts.append(post.display_path)
        else:
            reading.posts.append(post)
    reading.posts, undated = select.in_order(reading.posts, choice.order, choice.posts, listed)
    reading.warnings.extend(undated)
    reading.posts = unique_slugs(reading.posts)
    return reading


def _read_all(
    reader: Reader, jobs: list[ReadJob], reading: Reading, keep_going: bool
) -> list[Post]:
    """The posts JOBS read, their warnings and (with KEEP_GOING) failures in READING."""
    posts = []
    for job, outcome in zip(jobs, reader(jobs), strict=True):
        if isinstance(outcome, BookmakerError):
            if not keep_going:
                raise outcome
            reading.failed.append(outcome)
            continue
        post, warnings = outcome
        reading.warnings.extend(warnings)
        posts.append(with_site_people(post, job.site))
    return posts


def unique_slugs(posts: list[Post]) -> list[Post]:
    """POSTS with slugs made unique in their order (`-2`, `-3`, …), so each chapter id is one
    no other chapter has, nor any id given inside another chapter (`travel` has `travel-notes`:
    a post titled "Travel notes" becomes `travel-notes-2`)."""
    taken: set[str] = set()
    held: set[str] = set()  # the chapters inside which the taken ids could have been given
    out = []
    for post in posts:
        slug, n = post.slug, 1
        while _clashes(chapter := ids.chapter_id(slug), taken, held):
            n += 1
            slug = f"{post.slug}-{n}"
        taken.add(chapter)
        held |= ids.holders(chapter)
        out.append(post if slug == post.slug else replace(post, slug=slug))
    return out


def _clashes(chapter: str, taken: set[str], held: set[str]) -> bool:
    return chapter in taken or chapter in held or bool(ids.holders(chapter) & taken)
