"""The command line: `bookmaker themes` (list, show, new).  Each command imports the theming
code it needs when it runs."""

from __future__ import annotations

from pathlib import Path

import click

from bookmaker.console import fail as _fail
from bookmaker.console import say
from bookmaker.errors import BookmakerError, ReadError

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


@click.group("themes", invoke_without_command=True)
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
