"""read, step 1: find the post files under a source path, or where a blog's engine keeps
them (I/O), in a deterministic order."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bookmaker.errors import ReadError

if TYPE_CHECKING:
    from bookmaker.blog import Blog

#: Suffixes read as posts.  A file without a suffix is read as Markdown, as Jekyll would.
POST_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mkd": "markdown",
    ".mdown": "markdown",
    ".txt": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".textile": "textile",
}

#: Folder names never searched: build output, themes, VCS and tool caches.
SKIPPED_DIRS = {"_build", "_themes", "_site", "node_modules", "__pycache__"}


def body_format(path: Path) -> str | None:
    """The body format a file is read as, or None when it is not a post."""
    if path.suffix == "" and not path.name.startswith("."):
        return "markdown"
    return POST_SUFFIXES.get(path.suffix.lower())


#: The file of a Hugo page bundle: the folder is the post, its other files are its resources.
BUNDLE_INDEX = "index"


def post_name(path: Path) -> str:
    """The name a post goes by: its file's stem, or its folder's name for a page bundle
    (`2024-05-01-trip/index.md` is the post `2024-05-01-trip`)."""
    stem = path.stem if path.suffix else path.name
    if stem.lower() in {BUNDLE_INDEX, "_index"} and path.parent.name:
        return path.parent.name
    return stem


def _in_bundle(path: Path, bundles: set[Path]) -> bool:
    """True for a Markdown file that is a resource of a page bundle, not a post of its own."""
    return path.parent in bundles and path.stem.lower() != BUNDLE_INDEX


def discover(source: Path) -> list[Path]:
    """The post files of SOURCE: the file itself, or every post below the folder, sorted."""
    if not source.exists():
        raise ReadError("no such file or folder", source)
    if source.is_file():
        if body_format(source) is None:
            known = ", ".join(sorted(POST_SUFFIXES))
            raise ReadError(f"not a post file (expected one of {known})", source)
        return [source]
    files = sorted(_files(str(source), ""))  # by their paths inside SOURCE, as POSIX paths
    found = [source / rel for rel, name in files if body_format(Path(name)) is not None]
    bundles = {p.parent for p in found if p.stem.lower() == BUNDLE_INDEX}
    found = [p for p in found if not _in_bundle(p, bundles)]
    if not found:
        raise ReadError("no posts found (looked for .md, .markdown, .txt, .html files)", source)
    return found


def _files(folder: str, rel: str) -> Iterator[tuple[str, str]]:
    """The files below FOLDER that may be posts, as (their path below it, their name): not
    hidden, not a book's own files, in no hidden or skipped folder, nor in one with a
    book.toml of its own (another book); folders entered but not through links, as
    `Path.rglob` does.  Walked through `os.scandir`'s entries: a 500-post book's paths made
    and taken apart by pathlib cost its every build some 5 ms."""
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except OSError:
        return
    if rel and any(entry.name == "book.toml" for entry in entries):
        return  # a folder with its own book.toml is another book
    for entry in entries:
        name = entry.name
        try:
            if entry.is_dir() and not entry.is_symlink():
                if not name.startswith(".") and name not in SKIPPED_DIRS:
                    yield from _files(entry.path, f"{rel}{name}/")
                continue
            is_file = entry.is_file()
        except OSError:
            continue
        if is_file and not name.startswith(".") and name not in _NO_POSTS:
            yield f"{rel}{name}", name


#: Files of a book's folder that are never posts.
_NO_POSTS = {"book.toml", "README", "LICENSE"}


def discover_blog(blog: Blog, drafts: bool) -> list[Path]:
    """The posts of BLOG where its engine keeps them (`_drafts/` only with DRAFTS); in a Hugo
    page bundle (a folder with an `index.md`) the `index` file is the post and the rest are
    its resources, and a section's own page (`_index.md`) is no post."""
    found: set[Path] = set()
    for folder in blog.post_dirs + (blog.draft_dirs if drafts else ()):
        for path in discover(folder) if _has_posts(folder) else ():
            if blog.engine == "hugo" and not _hugo_post(path, folder):
                continue
            found.add(path)
    if not found:
        where = blog.described.split("; ")[-1]
        raise ReadError(f"no posts found ({where})", blog.root)
    return sorted(found, key=lambda p: p.relative_to(blog.root).as_posix())


def _has_posts(folder: Path) -> bool:
    return any(body_format(p) for p in folder.rglob("*") if p.is_file())


def _hugo_post(path: Path, section: Path) -> bool:
    if path.stem == "_index":
        return False
    for folder in path.parents:
        if folder == section:
            return True
        if any(body_format(f) and f.stem == "index" for f in folder.iterdir() if f.is_file()):
            return path.parent == folder and path.stem == "index"
    return True
