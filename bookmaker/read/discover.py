"""read, step 1: find the post files under a source path, or where a blog's engine keeps
them (I/O), in a deterministic order."""

from __future__ import annotations

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
    found = []
    nested = {p.parent for p in source.rglob("book.toml") if p.parent != source}
    for path in source.rglob("*"):
        rel = path.relative_to(source)
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in rel.parts[:-1]):
            continue
        if any(path.is_relative_to(book) for book in nested):
            continue  # a folder with its own book.toml is another book
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.name in {"book.toml", "README", "LICENSE"} or body_format(path) is None:
            continue
        found.append(path)
    bundles = {p.parent for p in found if p.stem.lower() == BUNDLE_INDEX}
    found = [p for p in found if not _in_bundle(p, bundles)]
    found.sort(key=lambda p: p.relative_to(source).as_posix())
    if not found:
        raise ReadError("no posts found (looked for .md, .markdown, .txt, .html files)", source)
    return found


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
