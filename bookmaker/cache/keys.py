"""Build cache: an entry's name, a digest of everything its value depends on.

Every name starts from `environment()`: the entry format, Python's version, bookmaker's
version and its own source files (a checkout between releases changes them without changing
the version), and the versions of the libraries that shape what is cached.  So an entry made by
another bookmaker or another set of libraries is never found, only made again.  Files are
named by cheap facts, their paths, sizes and modification times (`file_facts`), not read: an
edit changes its file's time, and a rebuild must not read every source it did not change.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import io
import os
import pickle
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bookmaker

#: Bumped when what an entry holds changes shape or meaning.
FORMAT = 3
#: The libraries whose output is cached: parsers, Markdown, Textile, templates, XML, math,
#: the EPUB's package documents.
LIBRARIES = (
    "beautifulsoup4",
    "lxml",
    "soupsieve",
    "markdown-it-py",
    "mdit-py-plugins",
    "python-frontmatter",
    "PyYAML",
    "textile",
    "charset-normalizer",
    "Jinja2",
    "MarkupSafe",
    "latex2mathml",
    "ziamath",
    "EbookLib",
)


@functools.cache
def environment() -> str:
    """The digest every entry name starts from (computed once per process: a few milliseconds)."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{bookmaker.__version__}\0".encode())
    for name in LIBRARIES:
        digest.update(f"{name}={version(name)}\0".encode())
    digest.update(file_facts(Path(bookmaker.__file__).parent, "*.py").encode())
    return digest.hexdigest()


def version(name: str) -> str:
    """The version of the distribution NAME installed, as `importlib.metadata.version` gives
    it; "-" when there is none."""
    found = _installed().get(_normal(name), "-")
    if found is None:  # a metadata folder without the version in its name
        from importlib import metadata

        found = metadata.version(name)
    return found


@functools.cache
def _installed() -> dict[str, str | None]:
    """The version of each distribution on `sys.path`, the first found of a name, as its
    metadata folder's name gives it (`NAME-VERSION.dist-info`, `NAME-VERSION-pyX.egg-info`;
    None for `NAME.egg-info`): what `importlib.metadata.version` answers, without importing
    it and parsing each METADATA file (some 0.08 s of a rebuild's start)."""
    found: dict[str, str | None] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            stem, dot, kind = folder.rpartition(".")
            if dot and kind in ("dist-info", "egg-info"):
                name, _, version = stem.partition("-")
                found.setdefault(_normal(name), version.partition("-")[0] or None)
    return found


def _normal(name: str) -> str:
    """A distribution's name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def file_facts(folder: Path, pattern: str = "*") -> str:
    """A digest of the files under FOLDER matching PATTERN: each one's path, size and
    modification time (in nanoseconds), so that any edit, added or removed file changes it."""
    digest = hashlib.sha256()
    for rel, path in sorted(_matching(str(folder), pattern, ())):
        try:
            facts = os.stat(path)
        except OSError:
            continue
        if stat.S_ISREG(facts.st_mode):
            digest.update(
                f"{'/'.join(rel)}\0{facts.st_size}\0{facts.st_mtime_ns}\0".encode(
                    "utf-8", "surrogatepass"
                )
            )
    return digest.hexdigest()


def _matching(
    folder: str, pattern: str, rel: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], str]]:
    """What `Path(FOLDER).rglob(PATTERN)` finds, as (its parts below FOLDER, its path), in
    `os.scandir`'s entries rather than paths (the names of bookmaker's own files, worked out
    as every build starts, cost some 3 ms through pathlib): names matched case-sensitively,
    folders entered but not through links."""
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except OSError:
        return
    for entry in entries:
        if fnmatch.fnmatchcase(entry.name, pattern):
            yield (*rel, entry.name), entry.path
        try:
            inside = entry.is_dir() and not entry.is_symlink()
        except OSError:
            continue
        if inside:
            yield from _matching(entry.path, pattern, (*rel, entry.name))


def name(*parts: object) -> str:
    """An entry name from PARTS: strings and bytes as they are, anything else by its pickle
    (the model's frozen dataclasses, tuples and strings): values built alike get one name,
    different values never share one."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        elif isinstance(part, bytes):
            data = part
        else:
            data = _pickled(part)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:40]


#: The classes whose objects may carry a `cache_name`.
NAMED: set[type] = set()


def _pickled(value: object) -> bytes:
    """VALUE pickled for its name: an object that has a name of its own (a chapter the cache
    kept: its entry's signature, `cache/kept.py`) by that name, not whole.  Through the
    pickler's dispatch table, which it looks up in C, for the classes in NAMED alone: a
    Python `persistent_id` called for each of the value's objects cost a rebuild some 25 ms."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = dict.fromkeys(NAMED, _by_name)
    pickler.dump(value)
    return out.getvalue()


def _by_name(obj: Any) -> str | tuple:
    name = obj.cache_name
    return (named, (name,)) if name is not None else obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


def named(name: str) -> None:
    """What an object with a name of its own is pickled as a call of, in a value pickled for
    its name (`_pickled`): that value is digested, never unpickled."""
