"""The whole run: read → convert → assemble → build, with the bookkeeping the CLI reports.

The stages stay separate; this module only wires them, collects warnings, and decides what a
bad post does to the run (stop, or with `keep_going`, skip it and report it at the end).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from bookmaker import builders
from bookmaker.assemble import assemble
from bookmaker.builders import BuildResult
from bookmaker.builders.output import staged_outputs
from bookmaker.config import Config, load
from bookmaker.convert import ConvertContext, convert
from bookmaker.errors import BookmakerError, BuildError, Diagnostic, ReadError
from bookmaker.model import Book, Chapter
from bookmaker.read import discover, read_post, unique_slugs
from bookmaker.read.assets import make_resolver
from bookmaker.theming import load_theme


@dataclass
class Report:
    book: Book | None = None
    results: list[BuildResult] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    failed: list[BookmakerError] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds; got {value!r}")
    return int(value)


def book_root(source: Path) -> Path:
    return source if source.is_dir() else source.parent


def build(source: Path, names: list[str], outdir: Path, overrides: tuple[str, ...] = (),
          theme_name: str | None = None, keep_going: bool = False, strict: bool = False) -> Report:
    """Build SOURCE (a post or a folder of posts) with the named builders into OUTDIR."""
    selected = builders.expand(names)
    if not source.exists():
        raise ReadError("no such file or folder", source)
    root = book_root(source)
    config = load(root, overrides)
    epoch = source_date_epoch()
    report = Report()
    chapters = convert_all(source, outdir, config, report, keep_going)
    if strict and report.warnings:
        raise BookmakerError(f"{len(report.warnings)} warning(s) and -W turns warnings into errors; "
                             f"first: {report.warnings[0]}")
    if not chapters:
        detail = f" ({len(report.drafts)} draft(s) skipped; set book.include_drafts = true)" if report.drafts else ""
        raise ReadError(f"nothing to build: no post converted{detail}", source)
    book = assemble(chapters, config, source, epoch)
    report.book = book
    theme = load_theme(theme_name or config.theme.name, config.theme.dirs(root), config.theme.options,
                       theme_origins(config, overrides, theme_name))
    with staged_outputs(outdir) as stage:
        for name in selected:
            result = builders.get_builder(name)(config).build(book, theme, stage.folder)
            report.results.append(result)
            report.warnings.extend(result.diagnostics)
    report.results = [replace(r, path=stage.final(r.path)) for r in report.results]
    return report


def theme_origins(config: Config, overrides: tuple[str, ...], theme_name: str | None) -> dict[str, Path | str | None]:
    """Where each `[theme]` setting came from, so a theme error points at book.toml or at the flag."""
    flags = {item.partition("=")[0].strip() for item in overrides}
    origins: dict[str, Path | str | None] = {
        "theme.name": "-t" if theme_name else ("-D" if "theme.name" in flags else config.path)}
    for key in config.theme.options:
        dotted = f"theme.options.{key}"
        origins[dotted] = "-D" if dotted in flags or "theme.options" in flags else config.path
    return origins


def convert_all(source: Path, outdir: Path, config: Config, report: Report, keep_going: bool) -> list[Chapter]:
    root = book_root(source)
    paths = [p for p in discover(source) if not _inside(p, outdir)]
    posts = []
    for path in paths:
        try:
            post, diags = read_post(path)
        except BookmakerError as exc:
            if not keep_going:
                raise
            report.failed.append(exc)
            continue
        report.warnings.extend(diags.items)
        if post.draft and not config.book.include_drafts:
            report.drafts.append(post.display_path)
            continue
        posts.append((post, diags))
    ctx = ConvertContext(
        resolve_asset=make_resolver(root),
        share_repeated_urls=config.endnotes.share_repeated,
        language=config.book.language or "en",
    )
    chapters = []
    for post, _ in unique_slugs(posts):
        chapter, diags = convert(post, ctx)
        report.warnings.extend(diags.items)
        chapters.append(chapter)
    return chapters


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False
