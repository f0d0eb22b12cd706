"""build: the EPUB's documents kept between builds (`OUTDIR/.bookmaker-cache/epub/`), so a
rebuild writes a page whose content is unchanged as the last build rendered, finished and
compressed it: the chapters, and the whole-book pages (contents, title page, colophon,
contributors index, notes) too, and the package documents (`builder.py`).

An entry is named by everything its page is made from: the theme (every file of its chain, by
path, size and time, and its options), bookmaker and its libraries (`cache.keys.environment`),
the page's template and file name, and the value of each name the template and everything it
includes use (found in the templates themselves, with Jinja's `meta`): the chapter, its title
and language, the labels, the stylesheets, where notes go...  A chapter the cache kept is in
the name by its entry's signature (`cache/kept.py`), not pickled whole.  Of `book`, a page
whose templates read only some of its attributes (`book.dates`, `book.sources`) is named by
those; one that uses `book` otherwise gets the whole book in the name (any change renders it
again).  Likewise of `chapter_of`, a page that reads only some attributes of the chapters it
looks up there (the contributors index: their titles) is named by those (`item_reads.py`), not
made again for an edited chapter body.  The links the page makes to other documents are part
of the entry and must lead to the same files now."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError, meta, nodes

from bookmaker.builders.epub.item_reads import item_reads
from bookmaker.builders.epub.ocf import Deflated
from bookmaker.builders.epub.xhtml import PageFacts
from bookmaker.cache import Store, keys
from bookmaker.theming import Theme

#: The template of the pages kept: chapters are nearly all of a book.
TEMPLATE = "epub/chapter.xhtml"
#: The mapping of ids to chapters a page may look chapters up in (`builders/context.py`).
LOOKUP = "chapter_of"
#: Names of attributes read (None: we cannot tell, all of it).
Reads = tuple[str, ...] | None


@dataclass(frozen=True)
class DocumentEntry:
    """A chapter's finished document, compressed, and its facts."""

    document: Deflated
    facts: PageFacts


class Reuse:
    """The documents of STORE for pages rendered with THEME and BASE (what every page sees);
    None as STORE keeps nothing."""

    def __init__(self, store: Store | None, theme: Theme, base: Mapping[str, Any]):
        self.store, self.theme, self.shared = store, theme, base
        self.used: set[str] = set()
        if store is not None:
            self.digest = theme_digest(theme)
        #: Per template: the names its pages' entries are named by (None: all), and the
        #: name of the part every page of it shares.
        self.templates: dict[str, tuple[tuple[str, ...] | None, str]] = {}

    def _template(self, template: str) -> tuple[tuple[str, ...] | None, str]:
        if template not in self.templates:
            names, reads, looked_up = self._used_names(template)
            shared = dict(
                self.shared
                if names is None
                else {n: self.shared[n] for n in names if n in self.shared}
            )
            if reads is not None and "book" in shared:
                # Only what it reads of the book: a page that shows its dates is not made
                # again because a chapter changed.
                shared["book"] = [(a, getattr(shared["book"], a, None)) for a in reads]
            if looked_up is not None and LOOKUP in shared:
                # Only what it reads of the chapters it looks up: the contributors index
                # shows their titles, not their bodies.
                shared[LOOKUP] = _item_facts(shared[LOOKUP], looked_up)
            base = keys.name(keys.environment(), self.digest, template, *sorted(shared.items()))
            self.templates[template] = names, base
        return self.templates[template]

    def _used_names(self, template: str) -> tuple[tuple[str, ...] | None, Reads, Reads]:
        """`used_names`, `book_reads` and the `item_reads` of `chapter_of` of TEMPLATE, kept
        for the theme as it is: parsing the templates again is some 0.03 s of every rebuild."""
        assert self.store is not None
        key = keys.name(keys.environment(), "names", self.digest, template)
        self.used.add(key)
        kept = self.store.get(key) if self.store.has(key) else None
        if (
            isinstance(kept, tuple)
            and len(kept) == 3
            and all(isinstance(k, tuple | None) for k in kept)
        ):
            return kept  # type: ignore[return-value]
        parsed = _parsed(self.theme, template)
        found = used_names(self.theme, template, parsed)
        names = tuple(sorted(found)) if found is not None else None
        reads = book_reads(self.theme, template, parsed)
        looked_up = item_reads(parsed, LOOKUP) if parsed is not None else None
        self.store.put(key, (names, reads, looked_up))
        return names, reads, looked_up

    def key(self, template: str, file_name: str, context: Mapping[str, Any]) -> str | None:
        """The entry name of a page of TEMPLATE in FILE_NAME, rendered with CONTEXT besides
        the base (None when nothing is kept)."""
        if self.store is None:
            return None
        names, base = self._template(template)
        own = (
            sorted(context.items())
            if names is None
            else [(n, context[n]) for n in names if n in context]
        )
        return keys.name(base, file_name, own)  # pickled at once: one pickler a page

    def name(self, *parts: object) -> str | None:
        """The entry name of what else the EPUB keeps, made from PARTS alone."""
        return None if self.store is None else keys.name(keys.environment(), *parts)

    def files(self, key: str | None) -> tuple[tuple[str, bytes], ...] | None:
        """The files kept as KEY (the package documents), if it holds files."""
        if key is None or self.store is None or not self.store.has(key):
            return None
        self.used.add(key)
        kept = self.store.get(key)
        if isinstance(kept, tuple) and all(
            isinstance(f, tuple) and [type(p) for p in f] == [str, bytes] for f in kept
        ):
            return kept
        return None

    def has(self, key: str | None) -> bool:
        """Whether an entry of that name is there (not yet whether it can be trusted)."""
        return key is not None and self.store is not None and self.store.has(key)

    def get(self, key: str | None) -> DocumentEntry | None:
        if key is None or self.store is None:
            return None
        self.used.add(key)
        entry = self.store.get(key)
        return entry if isinstance(entry, DocumentEntry) else None

    def put(self, key: str | None, entry: object) -> None:
        if key is not None and self.store is not None:
            self.used.add(key)
            self.store.put(key, entry)

    def finish(self) -> None:
        if self.store is not None:
            self.store.keep_only(self.used)


def used_names(
    theme: Theme, template: str, parsed: list[nodes.Template] | None = None
) -> set[str] | None:
    """The context names TEMPLATE and the templates it extends, includes and imports use;
    None when one of them is chosen at render time (any name may then be used) or is missing
    or broken.  PARSED: those templates, parsed already."""
    found = parsed or _parsed(theme, template)
    return (
        None if found is None else {n for ast in found for n in meta.find_undeclared_variables(ast)}
    )


def book_reads(
    theme: Theme, template: str, parsed: list[nodes.Template] | None = None
) -> tuple[str, ...] | None:
    """The attributes of `book` TEMPLATE (and the templates it uses) reads, each as
    `book.NAME`; None when it uses `book` otherwise (whole, or we cannot tell)."""
    found = parsed or _parsed(theme, template)
    if found is None:
        return None
    reads: set[str] = set()
    for ast in found:
        dotted = [g for g in ast.find_all(nodes.Getattr) if _is_book(g.node)]
        covered = {id(g.node) for g in dotted}
        if any(_is_book(n) and id(n) not in covered for n in ast.find_all(nodes.Name)):
            return None
        reads |= {g.attr for g in dotted}
    return tuple(sorted(reads))


def _item_facts(mapping: Mapping[str, Any], reads: tuple[str, ...]) -> list:
    """MAPPING as a page that reads only READS of its values sees it, sorted by key."""
    return [
        (key, tuple(getattr(value, a, None) for a in reads))
        for key, value in sorted(mapping.items(), key=lambda item: item[0])
    ]


def _is_book(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "book"


def _parsed(theme: Theme, template: str) -> list[nodes.Template] | None:
    """TEMPLATE and the templates it extends, includes and imports, parsed; None when one of
    them is chosen at render time or is missing or broken."""
    env = theme.env
    parsed = []
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
        parsed.append(ast)
        for referenced in meta.find_referenced_templates(ast):
            if referenced is None:
                return None
            todo.append(referenced)
    return parsed


def theme_digest(theme: Theme) -> str:
    """Every file of the theme's chain (by its path, size and time: `keys.file_facts`), and
    its options."""
    files = [(str(info.path), keys.file_facts(info.path)) for info in theme.chain]
    return keys.name(*files, sorted(theme.options.items()))
