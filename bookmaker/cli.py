"""The command line.  The only place that catches `BookmakerError`, prints it as one line and
chooses the exit code; Ctrl-C, SIGTERM and any other exception (a bug) end in one line too,
through the guard (`guard.py`), which saves a bug's traceback to a file."""

from __future__ import annotations

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
from bookmaker.console import EXIT_CODES, print_report, say, show_downloads
from bookmaker.console import fail as _fail
from bookmaker.errors import BookmakerError, CheckError, ReadError
from bookmaker.guard import OUTDIR_KEY, GuardedGroup


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


def _split_names(values: tuple[str, ...]) -> list[str]:
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    return names or ["all"]


@main.command("build", epilog=EXIT_CODES)
@click.argument("source", type=click.Path(path_type=Path), required=False)
@click.option(
    "-b",
    "--builder",
    "builder_names",
    multiple=True,
    metavar="NAME",
    help=f"What to build: {', '.join(builders.builder_names())} (default: all = epub and pdf). "
    "Repeat or separate with commas.",
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
    help="Worker processes that lay the PDF out side by side (default: one per core).",
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
) -> None:
    """Build SOURCE, a post file, a folder of posts or a blog (Jekyll, Hugo), into books under
    OUTPUT/<builder>/.  Without SOURCE, the current folder, when it has a book.toml or is a
    blog."""
    from bookmaker.pipeline import build

    click.get_current_context().meta[OUTDIR_KEY] = outdir
    try:
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
        )
    except BookmakerError as exc:
        _fail(exc)
        return
    print_report(report, -1 if quiet else int(verbose))
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
    """Check BOOK, an EPUB: EPUBCheck when Java and its jar are here, and bookmaker's own fast
    structural checks always.  Prints each problem, then a one-line verdict; exit code 1 on failure."""
    from bookmaker.check import check_structure, verdict
    from bookmaker.check.epubcheck import NotRun, run_epubcheck

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


# --- bookmaker themes: list, show, new ---------------------------------------------------------

_project_option = click.option(
    "-p",
    "--project",
    type=click.Path(path_type=Path),
    default=None,
    help="The book's folder (its book.toml names the theme folders, `_themes` by default). [default: .]",
)


def _theme_dirs(project: Path | None) -> tuple[Path, ...]:
    from bookmaker.config import load as load_config

    project = (
        project
        or click.get_current_context().find_root().meta.get("bookmaker.project")
        or Path(".")
    )
    if not project.is_dir():
        raise ReadError("no such folder", project)
    return load_config(project).theme.dirs(project)


@main.group("themes", invoke_without_command=True)
@_project_option
@click.pass_context
def themes_command(ctx: click.Context, project: Path | None) -> None:
    """List the themes a book can use: name, origin, parent and description."""
    if project is not None:
        ctx.meta["bookmaker.project"] = project
    if ctx.invoked_subcommand is not None:
        return
    from bookmaker.theming.catalog import theme_rows

    try:
        rows = theme_rows(_theme_dirs(project))
    except BookmakerError as exc:
        _fail(exc)
        return
    width = max(len(r.name) for r in rows)
    say(f"{'NAME':<{width}}  {'ORIGIN':<9}  {'INHERITS':<12}  DESCRIPTION")
    for row in rows:
        line = f"{row.name:<{width}}  {row.origin:<9}  {row.parent:<12}  {row.description}"
        say(line.rstrip() + (f"  ({row.note})" if row.note else ""))


@themes_command.command("show")
@click.argument("name")
@_project_option
def themes_show_command(name: str, project: Path | None) -> None:
    """Show theme NAME: its folder, inheritance, stylesheets, fonts and options."""
    from bookmaker.theming.catalog import theme_details

    try:
        lines = theme_details(name, _theme_dirs(project))
    except BookmakerError as exc:
        _fail(exc)
        return
    for line in lines:
        say(line)


@themes_command.command("new")
@click.argument("name")
@click.option(
    "--from",
    "parent",
    default="default",
    show_default=True,
    metavar="THEME",
    help="The theme the new one inherits from.",
)
@_project_option
def themes_new_command(name: str, parent: str, project: Path | None) -> None:
    """Create _themes/NAME in the project, inheriting THEME, ready to customize."""
    from bookmaker.theming.scaffold import new_theme

    try:
        dirs = _theme_dirs(project)
        folder = new_theme(dirs, name, parent)
    except BookmakerError as exc:
        _fail(exc)
        return
    book = folder.parent.parent if folder.parent.name == "_themes" else Path(".")
    say(f"created {folder}/ (inherits {parent}); build with: bookmaker build {book} -t {name}")


for _command in (list_command, quickstart_command, serve_command):
    main.add_command(_command)
