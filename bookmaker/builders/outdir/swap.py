"""build, output folder: the commit, which makes a run's generation the one the folder shows.

With links (`commit_linked`) every step before the last rename is invisible or leaves the
folder showing the same books, so a run killed at any instant leaves the earlier books or the
new ones, never a mix.  Without links (`commit_direct`) files are moved one by one, and a
failed move (not a kill) puts back what was already replaced.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from bookmaker.builders.outdir.files import (
    carry_over,
    exchange,
    link_or_copy,
    new_folder,
    place_link,
    remove,
    sync_path,
    sync_tree,
    temp_name,
)
from bookmaker.builders.outdir.names import CURRENT, GENERATION
from bookmaker.errors import BuildError

#: What bookmaker writes in its folders: books, and the html preview's pages, CSS, images, fonts.
BOOK_SUFFIXES = frozenset(
    {".epub", ".pdf", ".html", ".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
    | {".woff", ".woff2", ".ttf", ".otf"}
)

if TYPE_CHECKING:
    from bookmaker.builders.outdir.folder import OutputFolder


def commit_linked(folder: OutputFolder, staged: Path) -> None:
    """Carry the current books into STAGED, link its top-level folders from OUTDIR, and swap
    `current` to it in one rename; then drop the generation it replaced."""
    names = sorted(n for n in os.listdir(staged) if not n.startswith("."))
    kinds = {name: _kind(folder, name) for name in names}
    old_folders = [name for name, kind in kinds.items() if kind == "folder"]
    if not all(_only_books(folder.outdir / name) for name in old_folders):
        commit_direct(folder, staged)  # someone's own folder: write into it, as bookmaker did
        return
    if old_folders:
        adopt(folder, old_folders)
    old = folder.current()
    if old is not None:
        carry_over(old, staged)
    sync_tree(staged)
    for name in names:
        if kinds[name] == "missing":
            place_link(folder.link_target(name), folder.outdir / name, folder.builds)
            sync_path(folder.outdir)
    place_link(staged.name, folder.builds / CURRENT, folder.builds)
    sync_path(folder.builds)
    if old is not None:
        remove(old)


def _kind(folder: OutputFolder, name: str) -> str:
    """What OUTDIR/NAME is now: "missing", "link" (bookmaker's), or "folder" (a real folder
    from bookmaker before generations, or the user's); anything else is in the way."""
    path = folder.outdir / name
    if not os.path.lexists(path):
        return "missing"
    if path.is_symlink():
        target = os.readlink(path)
        if target == folder.link_target(name):
            return "link"
        raise BuildError(
            f"is a link bookmaker did not make (to {target}); remove it or choose another -o",
            path,
        )
    if path.is_dir():
        return "folder"
    raise BuildError(f"is a file where bookmaker puts its {name}/ folder; move it away", path)


def _only_books(path: Path) -> bool:
    """True when the folder holds only files bookmaker writes (books, the preview's files), so
    it can become a link; a folder with anything else (`-o ~` and its `pdf/`) stays a folder."""
    return all(
        p.suffix.lower() in BOOK_SUFFIXES or (p.name.startswith(".") and p.suffix == ".tmp")
        for p in path.rglob("*")
        if not p.is_dir()
    )


def adopt(folder: OutputFolder, names: list[str]) -> None:
    """Turn the real folders OUTDIR/NAMES into links to a generation holding the same files.
    Each step shows the same books: a generation with their files becomes current, then each
    folder is swapped with its link in one step (or, where the system cannot swap, renamed
    away and replaced at once)."""
    old = folder.current()
    gen = new_folder(folder.builds, GENERATION)
    for name in names:
        carry_over(folder.outdir / name, gen / name)
    if old is not None:
        carry_over(old, gen)
    place_link(gen.name, folder.builds / CURRENT, folder.builds)
    if old is not None:
        remove(old)
    for name in names:
        link = temp_name(folder.builds, "link")
        os.symlink(folder.link_target(name), link, target_is_directory=True)
        if not exchange(link, folder.outdir / name):
            aside = temp_name(folder.builds, "old")
            os.rename(folder.outdir / name, aside)
            os.replace(link, folder.outdir / name)
            link = aside
        remove(link)


def commit_direct(folder: OutputFolder, staged: Path) -> None:
    """Move STAGED's files into OUTDIR one by one, keeping a copy of each file replaced; if a
    move fails, the replaced files are put back and the new ones removed."""
    backups = staged / ".replaced"
    done: list[tuple[Path, Path | None]] = []
    try:
        for source in sorted(staged.rglob("*")):
            rel = source.relative_to(staged)
            if rel.parts[0].startswith(".") or not source.is_file():
                continue
            target = folder.outdir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            sync_path(source)
            backup = None
            if target.is_file():
                backup = backups / rel
                backup.parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(target, backup)
            os.replace(source, target)
            done.append((target, backup))
    except BaseException:
        for target, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink()
        raise
    for parent in sorted({target.parent for target, _ in done}):
        sync_path(parent)
    remove(staged)
