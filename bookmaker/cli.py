"""The command line.  The only place that catches `BookmakerError`, prints it as one line and
chooses the exit code; Ctrl-C, SIGTERM and any other exception (a bug) end in one line too,
through the guard (`guard.py`), which saves a bug's traceback to a file."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from bookmaker import __version__, builders
from bookmaker.cli_book import (
    list_command,
    quickstart_command,
    serve_command,
    source_or_here,
    verbosity_options,
)
from bookmaker.cli_themes import themes_command
from bookmaker.console import EXIT_CODES, print_report, say, show_downloads
from bookmaker.console import fail as _fail
from bookmaker.errors import BookmakerError, CheckError
from bookmaker.guard import OUTDIR_KEY, GuardedGroup

# Each command imports what it needs when it runs: `bookmaker --help` and `bookmaker themes`
# must not wait for the parsers, Jinja and the EPUB and PDF libraries a build loads.


@click.group(
    cls=GuardedGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EXIT_CODES,
)
@click.version_option(
    __version__, "--version", prog_name="bookmaker", message="%(prog)s %(version)s"
)
def main() -> None:
    """Turn blog posts into books: an EPUB for e-readers and a PDF for print."""


class _BuilderOption(click.Option):
    """`-b`, whose help names the builders installed (looked up only when help is shown)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = (
            f"What to build: {', '.join(builders.builder_names())} (default: all = epub and "
            "pdf). Repeat or separate with commas."
        )
        return super().get_help_record(ctx)


def _split_names(values: tuple[str, ...]) -> list[str]:
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    return names or ["all"]


@main.command("build", epilog=EXIT_CODES)
@click.argument("source", type=click.Path(path_type=Path), required=False)
@click.option(
    "-b",
    "--builder",
    "builder_names",
    cls=_BuilderOption,
    multiple=True,
    metavar="NAME",
)
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(path_type=Path),
    default=Path("_build"),
    show_default=True,
    help="Folder the books are written to.",
)
@click.option(
    "-t",
    "--theme",
    "theme_name",
    metavar="NAME",
    help="Theme to use (default: from book.toml, else 'default').",
)
@click.option(
    "-D",
    "--define",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a book.toml setting, e.g. -D book.title='Letters'.",
)
@click.option(
    "-W",
    "--warnings-as-errors",
    "strict",
    is_flag=True,
    help="Stop with an error if anything warns.",
)
@click.option(
    "--keep-going", is_flag=True, help="Skip posts that cannot be read and report them at the end."
)
@click.option(
    "--offline",
    is_flag=True,
    help="Fetch nothing from the web: images come from the book's folder and the image cache.",
)
@verbosity_options
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes that read and convert posts (and lay the PDF out) side by side "
    "(default: one per core; 1: all in this process).",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Use nothing earlier builds left in OUTPUT/.bookmaker-cache but the images: read, "
    "convert and render every post and lay out every PDF page again.",
)
def build_command(
    source: Path | None,
    builder_names: tuple[str, ...],
    outdir: Path,
    theme_name: str | None,
    overrides: tuple[str, ...],
    strict: bool,
    keep_going: bool,
    offline: bool,
    quiet: bool,
    verbose: bool,
    jobs: int | None,
    fresh: bool,
) -> None:
    """Build SOURCE, a post file, a folder of posts or a blog (Jekyll, Hugo), into books under
    OUTPUT/<builder>/.  Without SOURCE, the current folder, when it has a book.toml or is a
    blog."""
    from bookmaker.early_standby import standby_for

    click.get_current_context().meta[OUTDIR_KEY] = outdir
    try:
        with standby_for(outdir, jobs, fresh):  # before the pipeline's imports: see there
            from bookmaker.pipeline import build

            report = build(
                source_or_here(source),
                _split_names(builder_names),
                outdir,
                overrides=overrides,
                theme_name=theme_name,
                keep_going=keep_going,
                strict=strict,
                offline=offline,
                progress=None if quiet else show_downloads,
                jobs=jobs,
                fresh=fresh,
            )
    except BookmakerError as exc:
        _fail(exc)
        return
    print_report(report, -1 if quiet else int(verbose))
    # The process ends now, and Python's last collection would walk every object the build
    # left (the book, the kept entries: 0.1 s or more) for no garbage worth collecting.
    gc.freeze()
    if report.failed:
        sys.exit(1)


@main.command("check")
@click.argument("book", type=click.Path(path_type=Path))
@click.option("--no-epubcheck", is_flag=True, help="Run only bookmaker's own structural checks.")
@click.option(
    "--epubcheck-jar",
    type=click.Path(path_type=Path),
    metavar="JAR",
    help="EPUBCheck's jar (default: $EPUBCHECK_JAR, the epubcheck Python package, "
    "/usr/share/java/epubcheck.jar).",
)
@click.option(
    "--fail-on-warnings", is_flag=True, help="Fail when anything warns, not only on errors."
)
def check_command(
    book: Path, no_epubcheck: bool, epubcheck_jar: Path | None, fail_on_warnings: bool
) -> None:
    """Check BOOK.  An EPUB: EPUBCheck when Java and its jar are here, and bookmaker's own fast
    structural checks always.  A PDF: the typesetting, page by page (spacing, note references,
    widows and orphans, headings at the foot, runts, the text block, lonely pages, page
    numbers in the contents and notes).  Prints each problem, then a one-line verdict; exit
    code 1 on failure."""
    from bookmaker.check import check_structure, verdict
    from bookmaker.check.epubcheck import NotRun, run_epubcheck

    if book.suffix.lower() == ".pdf":
        _check_pdf(book)
        return
    try:
        if epubcheck_jar is not None and not epubcheck_jar.is_file():
            raise CheckError("--epubcheck-jar: no such file", epubcheck_jar)
        problems = check_structure(book)
    except BookmakerError as exc:
        _fail(exc)
        return
    result = (
        NotRun("skipped (--no-epubcheck)") if no_epubcheck else run_epubcheck(book, epubcheck_jar)
    )
    for line in getattr(result, "messages", ()):
        say(line)
    for problem in problems:
        say(str(problem))
    line, passed = verdict(book, problems, result, fail_on_warnings)
    say(line)
    if not passed:
        sys.exit(1)


def _check_pdf(book: Path) -> None:
    from bookmaker.check.pdf_pages import read_pdf
    from bookmaker.check.typesetting import check_typesetting

    try:
        problems = check_typesetting(read_pdf(book))
    except BookmakerError as exc:
        _fail(exc)
        return
    for problem in problems:
        say(str(problem))
    verdict = "PASS" if not problems else "FAIL"
    say(f"{book}: {verdict} (typesetting: {len(problems)} problems)")
    if problems:
        sys.exit(1)


for _command in (list_command, quickstart_command, serve_command, themes_command):
    main.add_command(_command)
