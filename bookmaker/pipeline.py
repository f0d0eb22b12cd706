"""The whole run, as a recipe: config → read → convert → assemble → theme → builders, with the
bookkeeping the CLI reports.  What the book is made from (its config, its posts, chosen and
ordered) is `project.py`'s, shared with `bookmaker list` and `bookmaker serve`.

The stages stay separate; this module only wires them, collects their warnings, and applies
the run's options: `keep_going` (a post that cannot be read or converted is skipped and
reported at the end) and `strict` (`-W`: any warning, a builder's included, stops the run
before a file is written).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from bookmaker import builders, ids, project
from bookmaker.assemble import assemble, unset_facts
from bookmaker.builders import BuildResult
from bookmaker.builders.output import staged_outputs
from bookmaker.config import Config
from bookmaker.convert import ConvertContext, convert
from bookmaker.convert.context import no_chapter
from bookmaker.convert.contributors import BUILTIN_PROFILES, Profile
from bookmaker.convert.xrefs import LinkIndex
from bookmaker.errors import BookmakerError, BuildError, Diagnostic, ReadError
from bookmaker.model import Book, Chapter, Matter, Post
from bookmaker.read.matter import read_matter
from bookmaker.theming import Theme, load_theme

#: 9999-12-31T23:59:59Z, the last instant a date can hold.
LAST_EPOCH = 253402300799


@dataclass
class Report:
    """What a build made and met: the book, each builder's output, the warnings, the posts
    that failed (with `keep_going`) and the drafts left out; and for `-v`, NOTES on how the
    book was put together (the blog found, how many posts were chosen)."""

    book: Book | None = None
    results: list[BuildResult] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    failed: list[BookmakerError] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The folders of the theme and the themes it inherits from, child first.
    theme_folders: tuple[Path, ...] = ()

    @property
    def paths(self) -> dict[str, Path]:
        """Builder name → the file it wrote."""
        return {r.builder: r.path for r in self.results}

    def warning_counts(self) -> dict[str, int]:
        """How many warnings of each code, most frequent first: the build summary's detail."""
        counts: dict[str, int] = {}
        for warning in self.warnings:
            counts[warning.code] = counts.get(warning.code, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def summary(self) -> str:
        """`Built 3 chapters, 3 contributors, 21 endnotes, 10 PDF pages, 0 warnings.`"""
        book = self.book
        counted = [
            (len(book.chapters) if book else 0, "chapter"),
            (len(book.contributors) if book else 0, "contributor"),
            (book.endnote_count if book else 0, "endnote"),
        ]
        parts = [_count(n, word) for n, word in counted]
        pages = [r.pages for r in self.results if r.pages is not None]
        if pages:
            parts.append(f"{pages[0]} PDF pages")
        if self.drafts:
            parts.append(_count(len(self.drafts), "draft") + " skipped")
        if self.failed:
            parts.append(_count(len(self.failed), "post") + " failed")
        counts = self.warning_counts()
        detail = f" ({', '.join(f'{n} {code}' for code, n in counts.items())})" if counts else ""
        parts.append(_count(len(self.warnings), "warning") + detail)
        return "Built " + ", ".join(parts) + "."


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def build(
    source: Path,
    names: list[str],
    outdir: Path,
    *,
    overrides: tuple[str, ...] = (),
    theme_name: str | None = None,
    keep_going: bool = False,
    strict: bool = False,
    jobs: int | None = None,
) -> Report:
    """Build SOURCE (a post, a folder of posts or a blog) with the builders NAMES into OUTDIR.

    OVERRIDES are `-D key=value` settings; THEME_NAME (`-t`) wins over the config's theme; JOBS
    worker processes lay the PDF out (default: one per core)."""
    selected = builders.expand(names)
    config = replace(project.configure(source, overrides), jobs=jobs)
    epoch = source_date_epoch()
    reading = read(source, config, outdir, keep_going=keep_going)
    report = Report(warnings=reading.warnings, failed=reading.failed, drafts=reading.drafts)
    report.notes = project.notes(config, reading)
    chapters = convert_all(reading.posts, config, report, keep_going=keep_going)
    matter = convert_matter(reading.posts, config, report)
    if strict:
        stop_on_warnings(report)
    if not chapters:
        chose = (
            ""
            if reading.posts or not reading.found
            else f"; [posts] chose none of the {reading.found} post files"
        )
        raise ReadError(f"nothing to build: no post converted{_drafts_note(report)}{chose}", source)
    report.book = assemble(chapters, config, source, epoch, matter)
    report.warnings.extend(unset_facts(report.book, config))
    theme = theme_of(config, theme_name)
    report.theme_folders = tuple(info.path for info in theme.chain)
    report.results = write_books(
        report.book, selected, config, theme, outdir, report, strict=strict
    )
    return report


#: The book's posts, as its config chooses and orders them (see `project.read`).
read = project.read


def book_context(config: Config, posts: list[Post]) -> ConvertContext:
    """The conversion context of a book of POSTS, which links between them resolve to."""
    index = LinkIndex.build(((post, ids.chapter_id(post.slug)) for post in posts), site_url(config))
    return convert_context(config, index)


def convert_all(
    posts: list[Post], config: Config, report: Report, *, keep_going: bool
) -> list[Chapter]:
    """Each post as a chapter; with KEEP_GOING one that fails is reported and skipped."""
    ctx = book_context(config, posts)
    chapters = []
    for post in posts:
        try:
            chapter, diags = convert(post, ctx)
        except BookmakerError as exc:
            if not keep_going:
                raise
            report.failed.append(exc)
            continue
        report.warnings.extend(diags.items)
        chapters.append(chapter)
    return chapters


def convert_matter(posts: list[Post], config: Config, report: Report) -> tuple[Matter, ...]:
    """The texts `[matter]` names, read and converted like posts (a mistake in one stops the
    build: it is the editors' own text), each with a slug none of the POSTS has."""
    files = config.matter.files(config.root)
    if not files:
        return ()
    site, ctx = project.site(config), book_context(config, posts)
    taken = [p.slug for p in posts]
    texts = []
    for kind, path in files.items():
        post, diags = read_matter(kind, path, site, config.root)
        slug, n = post.slug, 1
        while slug in taken:
            n += 1
            slug = f"{post.slug}-{n}"
        taken.append(slug)
        chapter, converted = convert(replace(post, slug=slug), ctx)
        report.warnings.extend(diags.items + converted.items)
        texts.append(Matter(kind, chapter))
    return tuple(texts)


def theme_of(config: Config, theme_name: str | None) -> Theme:
    """The theme `-t` names, else the config's, with the config's option values; an error
    names where the wrong name or value was given (book.toml, `-D` or `-t`)."""
    given = theme_name is not None  # `-t ''` is a mistake, not "no -t"
    origins = config.origins.given("theme.name", "-t") if given else config.origins
    return load_theme(
        theme_name if given else config.theme.name,
        config.theme.dirs(config.root),
        config.theme.options,
        origins,
    )


def write_books(
    book: Book,
    selected: list[str],
    config: Config,
    theme: Theme,
    outdir: Path,
    report: Report,
    *,
    strict: bool,
) -> list[BuildResult]:
    """Each selected edition of BOOK, moved into OUTDIR only when every builder succeeded
    (and, under `strict`, none warned); their warnings go to REPORT."""
    results = []
    with staged_outputs(outdir) as stage:
        for name in selected:
            result = builders.get_builder(name)(config).build(book, theme, stage.folder)
            results.append(result)
            report.warnings.extend(result.diagnostics)
        if strict:
            stop_on_warnings(report)  # inside the stage: nothing is moved into place
    return [replace(r, path=stage.final(r.path)) for r in results]


def stop_on_warnings(report: Report) -> None:
    """`-W`: any warning so far is an error."""
    if report.warnings:
        raise BookmakerError(
            f"{len(report.warnings)} warning(s) and -W turns warnings into errors; "
            f"first: {report.warnings[0]}"
        )


def convert_context(config: Config, index: LinkIndex | None = None) -> ConvertContext:
    """What every conversion of this book may know: the config's choices, the book's files
    (through the asset resolver) and the other posts (through the link index)."""
    user = tuple(
        Profile(
            name=p.label,
            section=p.section,
            name_selector=p.name,
            body=p.body,
            bio=p.bio,
            photo=p.photo,
        )
        for p in config.contributors.profiles
    )
    return ConvertContext(
        resolve_asset=project.book_files(config),
        find_chapter=index.find if index is not None else no_chapter,
        profiles=user + (BUILTIN_PROFILES if config.contributors.builtin_profiles else ()),
        share_repeated_urls=config.endnotes.share_repeated,
        language=config.book.language or "en",
        site_url=site_url(config),
        archive_links=config.endnotes.archive_links,
        limits=config.limits,
    )


def site_url(config: Config) -> str | None:
    """The blog's address with its base path, as `[site]` gives them."""
    if not config.site.url:
        return None
    base = config.site.baseurl.strip("/")
    return config.site.url.rstrip("/") + "/" + base + ("/" if base else "")


def source_date_epoch() -> int | None:
    """`SOURCE_DATE_EPOCH`: the time the book says it was made, in seconds since 1970."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds; got {value!r}")
    if int(value) > LAST_EPOCH:
        raise BuildError(f"SOURCE_DATE_EPOCH {value} is after the year 9999; no book can say so")
    return int(value)


def _drafts_note(report: Report) -> str:
    if not report.drafts:
        return ""
    return f" ({len(report.drafts)} draft(s) skipped; set book.include_drafts = true)"
