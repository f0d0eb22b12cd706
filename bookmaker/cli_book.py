"""The command line for a book project: `list` (the posts a book will hold, in order),
`quickstart` (a new project) and `serve` (a live preview), and what `build` shares with them:
the SOURCE that may be left out, `-q`/`-v`, `-D`.  Heavy modules are imported when a command
runs, so `bookmaker --help` stays quick."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from bookmaker.console import EXIT_CODES, fail, say
from bookmaker.errors import BookmakerError

_source_argument = click.argument("source", type=click.Path(path_type=Path), required=False)
_define_option = click.option(
    "-D",
    "--define",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a book.toml setting, e.g. -D book.title='Letters'.",
)


def source_or_here(source: Path | None) -> Path:
    """SOURCE, or the current folder when it is a book (a book.toml) or a blog."""
    from bookmaker.project import is_project

    if source is not None:
        return source
    if is_project(Path(".")):
        return Path(".")
    raise click.UsageError(
        "no SOURCE given, and this folder has no book.toml and is no blog "
        "(_config.yml, hugo.toml); name a post or a folder of posts"
    )


def verbosity_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`-q` (only errors and the files written) and `-v` (also how the book was made)."""
    command = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        help="Also say how the book was put together and what each post's conversion found and "
        "removed (voices, comments, forms).",
    )(command)
    return click.option(
        "-q", "--quiet", is_flag=True, help="Print only errors and the written files."
    )(command)


@click.command("list", epilog=EXIT_CODES)
@_source_argument
@_define_option
def list_command(source: Path | None, overrides: tuple[str, ...]) -> None:
    """List the posts a book of SOURCE will hold, in the book's order: date, title, authors,
    tags and file.  Check a choice made in [posts] and [order] before building."""
    from bookmaker.listing import post_table
    from bookmaker.project import book_root, configure, read

    try:
        where = source_or_here(source)
        config = configure(where, overrides)
        reading = read(where, config, book_root(where) / "_build", keep_going=False, render=False)
    except BookmakerError as exc:
        fail(exc)
    for warning in reading.warnings:
        say(str(warning), to_err=True)
    for line in post_table(reading.posts, config.root):
        say(line)
    left = f"; {len(reading.drafts)} drafts left out" if reading.drafts else ""
    say(f"{len(reading.posts)} posts (of {reading.found} post files{left})")


@click.command("quickstart", epilog=EXIT_CODES)
@click.argument("folder", type=click.Path(path_type=Path), default=Path("."))
@click.option("--title", help="The book's title.")
@click.option("--author", help="Who wrote or edited it.")
@click.option("--language", help="Its language, e.g. en, fr, pt-BR.")
@click.option("--defaults", is_flag=True, help="Ask nothing: the options given, else defaults.")
@click.option("--force", is_flag=True, help="Replace files of the same name already there.")
def quickstart_command(
    folder: Path,
    title: str | None,
    author: str | None,
    language: str | None,
    defaults: bool,
    force: bool,
) -> None:
    """Start a book in FOLDER (default: here): a commented book.toml, a posts/ folder with an
    example post, and a .gitignore for _build/.  Asks for what the options do not give,
    unless --defaults or the input is not a terminal."""
    from bookmaker.quickstart import DEFAULTS, Answers, create

    ask = not defaults and sys.stdin.isatty()
    given = {"title": title, "author": author, "language": language}
    answers = {
        key: value
        if value is not None
        else (click.prompt(f"Book {key}", default=DEFAULTS[key]) if ask else DEFAULTS[key])
        for key, value in given.items()
    }
    try:
        written = create(folder, Answers(**answers), force=force)
    except BookmakerError as exc:
        fail(exc)
    for path in written:
        say(f"created {path}")
    say(f"Now build it: bookmaker build {folder}")


@click.command("serve", epilog=EXIT_CODES)
@_source_argument
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free one).",
)
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(path_type=Path),
    default=Path("_build"),
    show_default=True,
    help="Folder the previews are written to.",
)
@click.option("-t", "--theme", "theme_name", metavar="NAME", help="Theme to use.")
@_define_option
def serve_command(
    source: Path | None,
    port: int,
    outdir: Path,
    theme_name: str | None,
    overrides: tuple[str, ...],
) -> None:
    """Preview SOURCE in a browser: the print edition as one page and the EPUB's documents,
    on 127.0.0.1, rebuilt when a post, book.toml or the theme changes; the page reloads by
    itself, or shows the error of a broken edit.  Ctrl-C stops it."""
    from bookmaker.serve import serve

    try:
        serve(source_or_here(source), outdir, port, overrides, theme_name)
    except BookmakerError as exc:
        fail(exc)
