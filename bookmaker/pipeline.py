"""The whole run, as a recipe: config → read → convert → assemble → theme → builders, with the
bookkeeping the CLI reports.

The stages stay separate; this module only wires them, collects their warnings, and applies
the run's options: `keep_going` (a post that cannot be read or converted is skipped and
reported at the end) and `strict` (`-W`: any warning, a builder's included, stops the run
before a file is written).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from bookmaker import builders, ids
from bookmaker.assemble import assemble
from bookmaker.builders import BuildResult
from bookmaker.builders.output import staged_outputs
from bookmaker.config import Config, load
from bookmaker.convert import ConvertContext, convert
from bookmaker.convert.context import no_chapter
from bookmaker.convert.contributors import BUILTIN_PROFILES, Profile
from bookmaker.convert.xrefs import LinkIndex
from bookmaker.errors import BookmakerError, BuildError, Diagnostic, ReadError
from bookmaker.model import Book, Chapter, Post
from bookmaker.read import Reading, Site, read_book
from bookmaker.read.assets import BookFiles
from bookmaker.theming import Theme, load_theme

#: 9999-12-31T23:59:59Z, the last instant a date can hold.
LAST_EPOCH = 253402300799


@dataclass
class Report:
    book: Book | None = None
    results: list[BuildResult] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    failed: list[BookmakerError] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)

    def warning_counts(self) -> dict[str, int]:
        """How many warnings of each code, most frequent first: the build summary's detail."""
        counts: dict[str, int] = {}
        for warning in self.warnings:
            counts[warning.code] = counts.get(warning.code, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def build(
    source: Path,
    names: list[str],
    outdir: Path,
    *,
    overrides: tuple[str, ...] = (),
    theme_name: str | None = None,
    keep_going: bool = False,
    strict: bool = False,
) -> Report:
    """Build SOURCE (a post or a folder of posts) with the builders NAMES into OUTDIR.

    OVERRIDES are `-D key=value` settings; THEME_NAME (`-t`) wins over the config's theme."""
    selected = builders.expand(names)
    if not source.exists():
        raise ReadError("no such file or folder", source)
    config = load(book_root(source), overrides)
    epoch = source_date_epoch()
    reading = read(source, config, outdir, keep_going=keep_going)
    report = Report(warnings=reading.warnings, failed=reading.failed, drafts=reading.drafts)
    chapters = convert_all(reading.posts, config, report, keep_going=keep_going)
    if strict:
        stop_on_warnings(report)
    if not chapters:
        raise ReadError(f"nothing to build: no post converted{_drafts_note(report)}", source)
    report.book = assemble(chapters, config, source, epoch)
    theme = theme_of(config, theme_name)
    report.results = write_books(
        report.book, selected, config, theme, outdir, report, strict=strict
    )
    return report


def read(source: Path, config: Config, outdir: Path, *, keep_going: bool) -> Reading:
    """The book's posts, as its config chooses them (never from the output folder)."""
    return read_book(
        source,
        site=Site(url=config.site.url or "", baseurl=config.site.baseurl),
        include_drafts=config.book.include_drafts,
        keep_going=keep_going,
        skip=outdir,
        root=config.root,
        limits=config.limits,
    )


def convert_all(
    posts: list[Post], config: Config, report: Report, *, keep_going: bool
) -> list[Chapter]:
    """Each post as a chapter; with KEEP_GOING one that fails is reported and skipped."""
    index = LinkIndex.build(((post, ids.chapter_id(post.slug)) for post in posts), site_url(config))
    ctx = convert_context(config, index)
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
        resolve_asset=BookFiles(config.root.resolve(), config.limits.image_pixels),
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


def book_root(source: Path) -> Path:
    return source if source.is_dir() else source.parent


def _drafts_note(report: Report) -> str:
    if not report.drafts:
        return ""
    return f" ({len(report.drafts)} draft(s) skipped; set book.include_drafts = true)"
