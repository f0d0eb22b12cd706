"""build: chapter documents kept between builds (`OUTDIR/.bookmaker-cache/epub/`), so a rebuild
writes an unchanged chapter's document as the last build rendered, finished and compressed it.

An entry is named by everything the chapter's page is made from: the theme (every file of its
chain, by path, size and time, and its options), bookmaker and its libraries
(`cache.keys.environment`), the page's file name, and the value of each name the chapter template and everything it includes use (found
in the templates themselves, with Jinja's `meta`): the chapter, its title and language, the
labels, the stylesheets, where notes go...  A theme whose chapter page reads the whole `book`
gets the whole book in the name (any change renders every chapter again).  The links the
page makes to other documents are part of the entry and must lead to the same files now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError, meta

from bookmaker.builders.epub.ocf import Deflated
from bookmaker.builders.epub.xhtml import PageFacts
from bookmaker.cache import Store, keys
from bookmaker.cache.kept import digest_of
from bookmaker.model import Chapter
from bookmaker.theming import Theme

#: The template of the pages kept: chapters are nearly all of a book.
TEMPLATE = "epub/chapter.xhtml"


@dataclass(frozen=True)
class DocumentEntry:
    """A chapter's finished document, compressed, and its facts."""

    document: Deflated
    facts: PageFacts


class Reuse:
    """The chapter documents of STORE for pages rendered with THEME and BASE (what every page
    sees); None as STORE keeps nothing."""

    def __init__(self, store: Store | None, theme: Theme, base: Mapping[str, Any]):
        self.store = store
        self.used: set[str] = set()
        if store is None:
            return
        digest = theme_digest(theme)
        self.names = sorted(self._used_names(theme, digest) or base)
        shared = [(n, base[n]) for n in self.names if n in base]
        self.base = keys.name(keys.environment(), digest, *shared)

    def _used_names(self, theme: Theme, digest: str) -> tuple[str, ...] | None:
        """`used_names` of the chapter template, kept for the theme as it is (DIGEST): parsing
        the templates again is some 0.03 s of every rebuild."""
        assert self.store is not None
        key = keys.name(keys.environment(), "names", digest, TEMPLATE)
        self.used.add(key)
        kept = self.store.get(key) if self.store.has(key) else None
        if isinstance(kept, tuple) and len(kept) == 1 and isinstance(kept[0], tuple | None):
            return kept[0]
        found = used_names(theme, TEMPLATE)
        names = tuple(sorted(found)) if found is not None else None
        self.store.put(key, (names,))
        return names

    def key(self, file_name: str, context: Mapping[str, Any]) -> str | None:
        """The entry name of a chapter page in FILE_NAME, rendered with CONTEXT besides the
        base (None when nothing is kept)."""
        if self.store is None:
            return None
        own = [(n, _named(context[n])) for n in self.names if n in context]
        return keys.name(self.base, file_name, *own)

    def has(self, key: str | None) -> bool:
        """Whether an entry of that name is there (not yet whether it can be trusted)."""
        return key is not None and self.store is not None and self.store.has(key)

    def get(self, key: str | None) -> DocumentEntry | None:
        if key is None or self.store is None:
            return None
        self.used.add(key)
        entry = self.store.get(key)
        return entry if isinstance(entry, DocumentEntry) else None

    def put(self, key: str | None, entry: DocumentEntry) -> None:
        if key is not None and self.store is not None:
            self.used.add(key)
            self.store.put(key, entry)

    def finish(self) -> None:
        if self.store is not None:
            self.store.keep_only(self.used)


def _named(value: Any) -> Any:
    """VALUE as a document's name holds it: a chapter the cache kept by its entry's digest
    (the same digest, the same chapter: `cache/kept.py`), not pickled whole."""
    digest = digest_of(value) if isinstance(value, Chapter) else None
    return ("kept chapter", digest) if digest is not None else value


def used_names(theme: Theme, template: str) -> set[str] | None:
    """The context names TEMPLATE and the templates it extends, includes and imports use;
    None when one of them is chosen at render time (any name may then be used) or is missing
    or broken."""
    env = theme.env
    names: set[str] = set()
    seen: set[str] = set()
    todo = [template]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            ast = env.parse(env.loader.get_source(env, current)[0])  # type: ignore[union-attr]
        except TemplateError:
            return None  # the render reports it, naming the file and line
        names |= meta.find_undeclared_variables(ast)
        for referenced in meta.find_referenced_templates(ast):
            if referenced is None:
                return None
            todo.append(referenced)
    return names


def theme_digest(theme: Theme) -> str:
    """Every file of the theme's chain (by its path, size and time: `keys.file_facts`), and
    its options."""
    files = [(str(info.path), keys.file_facts(info.path)) for info in theme.chain]
    return keys.name(*files, sorted(theme.options.items()))
