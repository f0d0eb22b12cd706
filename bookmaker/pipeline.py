"""The whole run, as a recipe: config → read → convert → assemble → theme → builders, with the
bookkeeping the CLI reports.  What the book is made from (its config, its posts, chosen and
ordered) is `project.py`'s, shared with `bookmaker list` and `bookmaker serve`.

The stages stay separate; this module only wires them, collects their warnings, and applies
the run's options: `keep_going` (a post that cannot be read or converted is skipped and
reported at the end), `strict` (`-W`: any warning stops the run before a file is written),
`jobs` (`-j`: the processes that read and convert posts, `incremental.py`) and `fresh`
(`--fresh`: nothing earlier builds left in the cache, posts or compiled templates, is used).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bookmaker import builders, ids, images, project
from bookmaker.assemble import assemble, unset_facts
from bookmaker.builders import BuildResult
from bookmaker.builders.ahead import write_ahead
from bookmaker.builders.epub.early import render_early, renders_every_chapter
from bookmaker.builders.output import Stage, staged_outputs
from bookmaker.cache.collector import build_scope
from bookmaker.cache.templates import TemplateCache, keep_compiled
from bookmaker.config import Config
from bookmaker.convert import ConvertContext, convert
from bookmaker.convert.context import AssetResolver, no_asset, no_chapter
from bookmaker.convert.profiles import BUILTIN_PROFILES, Profile
from bookmaker.convert.xrefs import LinkIndex
from bookmaker.converted import collect
from bookmaker.epoch import source_date_epoch
from bookmaker.errors import BookmakerError, ReadError
from bookmaker.image_settings import offline_by_environment
from bookmaker.incremental import BookCache, convert_posts
from bookmaker.model import Book, Chapter, Matter, Post
from bookmaker.post_reader import PostReader
from bookmaker.read import Reading
from bookmaker.report import Report
from bookmaker.theming import Theme
from bookmaker.workers import Workers, default_jobs

if TYPE_CHECKING:
    from bookmaker.images.fetch import Progress


def build(
    source: Path,
    names: list[str],
    outdir: Path,
    *,
    overrides: tuple[str, ...] = (),
    theme_name: str | None = None,
    keep_going: bool = False,
    strict: bool = False,
    offline: bool = False,
    progress: Progress | None = None,
    jobs: int | None = None,
    fresh: bool = False,
) -> Report:
    """Build SOURCE (a post, a folder of posts or a blog) with the builders NAMES into OUTDIR.

    OVERRIDES are `-D key=value` settings; THEME_NAME (`-t`) wins over the config's theme.
    OFFLINE (`--offline`, or BOOKMAKER_OFFLINE=1) fetches no image; PROGRESS hears how the
    downloads go; JOBS worker processes (default: one per core) read and convert the posts
    and lay the PDF out; FRESH ignores what earlier builds left in the cache."""
    selected = builders.expand(names)
    config = replace(project.configure(source, overrides), jobs=jobs, fresh=fresh)
    epoch = source_date_epoch()
    run = Run(source, config, outdir, keep_going, strict, offline, progress)
    # The whole run is staged: a failure at any step leaves the output folder as it was (and
    # removes it, cache and all, when this run made it).
    with staged_outputs(outdir) as stage, build_scope(), ExitStack() as rendering:
        cache = BookCache.open(outdir, fresh=fresh)
        early = rendering if renders_every_chapter(selected, config, outdir) else None
        ahead = write_ahead(selected, config, stage.folder, theme_name)
        report = make_book(run, cache, epoch, early)
        assert report.book is not None
        theme = ahead.get()
        report.theme_folders = tuple(info.path for info in theme.chain)
        compiled = keep_compiled(theme.env, outdir, fresh=fresh) if cache is not None else None
        books = (report.book, selected, config, theme, stage, report, strict, compiled)
        report.results = write_books(*books)
        for kept in (cache, compiled):
            if kept is not None:
                kept.finish()
    report.results = [replace(r, path=stage.final(r.path)) for r in report.results]
    return report


@dataclass(frozen=True)
class Run:
    """What a build is asked: the book, its config, the output folder, and the options."""

    source: Path
    config: Config
    outdir: Path
    keep_going: bool = False
    strict: bool = False
    offline: bool = False
    progress: Progress | None = None


def make_book(
    run: Run, cache: BookCache | None, epoch: int | None, rendering: ExitStack | None = None
) -> Report:
    """Read, the images, convert (posts through CACHE) and assemble: the report of RUN, its
    book made.  Reading and converting share their processes: forked before the posts are
    read, they hold none of them (`workers.Workers`).  The render workers start once
    converting ends, for RENDERING's block, if given (`early.py`)."""
    config, pool = run.config, Workers(workers(run.config))
    reader = PostReader(cache, pool)
    with pool:
        reading = read(run.source, config, run.outdir, keep_going=run.keep_going, reader=reader)
        report = Report(warnings=reading.warnings, failed=reading.failed, drafts=reading.drafts)
        report.notes = project.notes(config, reading)
        texts, matter_warnings = project.matter_texts(config, reading.posts)
        pictures = images.gather(
            [*reading.posts, *(post for _, post in texts)],
            config,
            run.outdir,
            site_url=site_url(config),
            offline=run.offline or offline_by_environment(),
            progress=run.progress,
        )
        report.warnings.extend(matter_warnings + pictures.warnings)
        chapters = convert_all(
            reading.posts,
            config,
            report,
            keep_going=run.keep_going,
            resolve_asset=pictures.images,
            names=reader.names,
            cache=cache,
            pool=pool,
        )
    if rendering is not None:
        render_early(rendering, workers(config), len(chapters))
    matter = (  # the link index built again only for a book with `[matter]`
        convert_matter(texts, book_context(config, reading.posts, pictures.images), report)
        if texts
        else ()
    )
    report.warnings.extend(cache.ignored if cache is not None else ())
    if run.strict:
        stop_on_warnings(report)
    if not chapters:
        raise _nothing_to_build(report, reading, run.source)
    report.book = assemble(chapters, config, run.source, epoch, matter, cover=pictures.cover)
    report.warnings.extend(unset_facts(report.book, config))
    return report


def workers(config: Config) -> int:
    """How many processes work side by side (`-j`)."""
    return config.jobs or default_jobs()


#: The book's posts, as its config chooses and orders them (see `project.read`).
read = project.read


def book_context(
    config: Config, posts: list[Post], resolve_asset: AssetResolver = no_asset
) -> ConvertContext:
    """The conversion context of a book of POSTS, which links between them resolve to, and
    whose images are looked up in RESOLVE_ASSET (what the images stage found)."""
    index = LinkIndex.build(((post, ids.chapter_id(post.slug)) for post in posts), site_url(config))
    return convert_context(config, index, resolve_asset)


def convert_all(
    posts: list[Post],
    config: Config,
    report: Report,
    *,
    keep_going: bool,
    resolve_asset: AssetResolver = no_asset,
    names: Mapping[Path, str] | None = None,
    cache: BookCache | None = None,
    pool: Workers | None = None,
) -> list[Chapter]:
    """Each post as a chapter, its images looked up in RESOLVE_ASSET, in worker processes
    (`-j`, or POOL's); with KEEP_GOING one that fails is reported and skipped.  NAMES are the
    posts' read entries by path (`post_reader.PostReader`), without which no chapter is taken
    from CACHE or kept in it.  POSTS are left without their bodies (`convert_posts`)."""
    index = LinkIndex.build(((post, ids.chapter_id(post.slug)) for post in posts), site_url(config))
    ctx = convert_context(config, index, resolve_asset)
    results = convert_posts(
        posts,
        names or {},
        ctx,
        index,
        workers=pool or workers(config),
        cache=cache if names is not None else None,
    )
    return collect(results, report, keep_going)


def convert_matter(
    texts: list[tuple[str, Post]], ctx: ConvertContext, report: Report
) -> tuple[Matter, ...]:
    """The `[matter]` TEXTS converted like posts, in the posts' context."""
    matter = []
    for kind, post in texts:
        chapter, converted = convert(post, ctx)
        report.warnings.extend(converted.items)
        matter.append(Matter(kind, chapter))
    return tuple(matter)


def write_books(
    book: Book,
    selected: list[str],
    config: Config,
    theme: Theme,
    stage: Stage,
    report: Report,
    strict: bool,
    compiled: TemplateCache | None = None,
) -> list[BuildResult]:
    """Each selected edition of BOOK, written into the run's STAGE (what the output folder
    shows once every builder succeeded and, under `strict`, none warned); their warnings, and
    the COMPILED templates' cache's, go to REPORT."""
    results = []
    for name in selected:
        result = builders.get_builder(name)(config).build(book, theme, stage.folder)
        results.append(result)
        report.warnings.extend(result.diagnostics)
    report.warnings.extend(compiled.store.ignored if compiled is not None else ())
    if strict:
        stop_on_warnings(report)  # inside the stage: nothing is moved into place
    return results


def stop_on_warnings(report: Report) -> None:
    """`-W`: any warning so far is an error."""
    if report.warnings:
        raise BookmakerError(
            f"{len(report.warnings)} warning(s) and -W turns warnings into errors; "
            f"first: {report.warnings[0]}"
        )


def convert_context(
    config: Config, index: LinkIndex | None = None, resolve_asset: AssetResolver = no_asset
) -> ConvertContext:
    """What every conversion of this book may know: the config's choices, the book's images
    (through the asset resolver the images stage gives) and the other posts (through the link
    index)."""
    given = config.contributors.profiles
    user = tuple(Profile(p.label, p.section, p.name, p.body, p.bio, p.photo) for p in given)
    return ConvertContext(
        resolve_asset=resolve_asset,
        find_chapter=index.find if index is not None else no_chapter,
        profiles=user + (BUILTIN_PROFILES if config.contributors.builtin_profiles else ()),
        share_repeated_urls=config.endnotes.share_repeated,
        language=config.book.language or "en",
        site_url=site_url(config),
        archive_links=config.endnotes.archive_links,
        limits=config.limits,
        detect_voices=config.contributors.detect,
    )


def site_url(config: Config) -> str | None:
    """The blog's address with its base path, as `[site]` gives them."""
    if not config.site.url:
        return None
    base = config.site.baseurl.strip("/")
    return config.site.url.rstrip("/") + "/" + base + ("/" if base else "")


def _nothing_to_build(report: Report, reading: Reading, source: Path) -> ReadError:
    chose = (
        ""
        if reading.posts or reading.drafts or reading.failed or not reading.found
        else f"; [posts] chose none of the {reading.found} post files"
    )
    return ReadError(f"nothing to build: no post converted{_drafts_note(report)}{chose}", source)


def _drafts_note(report: Report) -> str:
    if not report.drafts:
        return ""
    return f" ({len(report.drafts)} draft(s) skipped; set book.include_drafts = true)"
