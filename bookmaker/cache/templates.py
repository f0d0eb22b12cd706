"""Build cache: the theme's templates as Jinja compiled them (`OUTDIR/.bookmaker-cache/templates/`),
so a rebuild does not parse and compile every template it renders again.

An entry is Jinja's bytecode for one template, named by the template (its name and file),
the digest of its source text, and bookmaker's environment (`keys.environment`: bookmaker's
sources, Python's and Jinja's versions).  Any edit of a template changes its name, so the edited
theme is compiled again; Jinja checks the source's digest once more on load.  Entries are signed
like every other (`store.py`): bytecode is code, and only bytecode this user's bookmaker wrote
is ever loaded.
"""

from __future__ import annotations

import time
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from bookmaker.cache import keys, open_store
from bookmaker.cache.store import Store


class TemplateCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache, kept in STORE.

    A build renders only the pages that changed (a rebuild after one edit: a chapter and the
    pages about the whole book), so a template it did not load may well be needed by the
    next: `finish` drops the entries this build did not use only when it compiled some
    template (the theme changed), and never otherwise.  What the `-j` workers compiled (the
    chapters of a fresh build) is written in the workers: an entry written since the build
    began is one it used."""

    def __init__(self, store: Store):
        self.store = store
        self.used: set[str] = set()
        self.compiled = False
        self.began = time.time_ns()

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get(self._name(bucket))
        if isinstance(code, bytes):
            bucket.bytecode_from_string(code)  # Jinja resets it if it does not match

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled = True
        self.store.put(self._name(bucket), bucket.bytecode_to_string())

    def finish(self) -> None:
        if self.compiled:
            self.store.keep_only(self.used | self._written())

    def _written(self) -> set[str]:
        """The entries written since the build began, here or in a worker."""
        try:
            kept = list(self.store.folder.iterdir())
        except OSError:
            return set()
        return {path.name for path in kept if _mtime(path) >= self.began}

    def _name(self, bucket: Bucket) -> str:
        name = keys.name(keys.environment(), "template", bucket.key, bucket.checksum)
        self.used.add(name)
        return name


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def keep_compiled(env: jinja2.Environment, outdir: Path, *, fresh: bool) -> TemplateCache | None:
    """Keep ENV's compiled templates in OUTDIR's cache (None: this user has no key, nothing
    is kept)."""
    store = open_store(outdir, "templates", fresh=fresh)
    if store is None:
        return None
    env.bytecode_cache = cache = TemplateCache(store)
    return cache
