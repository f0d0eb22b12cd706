"""read: a site's table of people, for posts that name their authors by id (I/O).

Jekyll sites keep it in `_data/authors.yml` (or `.yaml`, `.json`), Hugo sites in
`data/authors.*` (TOML too): a map of id → person (a name, or a map with `name`, `url`,
`bio`…) or a list of people with an `id`; book.toml's `[authors]` table says the same in TOML
and wins. `site_people` reads one site root's file, so a whole-site reader can point it at the
root; `PeopleFinder` looks beside each post and in every folder above it, up to the book's
folder. This module is the one reader of those files.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bookmaker.errors import ReadError
from bookmaker.model import Person
from bookmaker.path_safety import outside
from bookmaker.read.people import People, from_map, from_text

#: Where each engine keeps its authors data, relative to the site's folder, first found wins.
DATA_FILES = tuple(
    f"{folder}/authors.{ext}"
    for folder in ("_data", "data")
    for ext in ("yml", "yaml", "toml", "json")
)
_ID_KEYS = ("id", "key", "slug", "username")


def table_of(data: Any) -> dict[str, Person]:
    """id → person, from a map of ids (values a name, a Markdown or HTML link, or a map) or a
    list of maps with an id; an entry that names nobody is the person its id says."""
    if isinstance(data, Mapping):
        items = list(data.items())
    elif isinstance(data, list):
        items = [
            (next((e[k] for k in _ID_KEYS if e.get(k)), None), e)
            for e in data
            if isinstance(e, Mapping)
        ]
    else:
        return {}
    out: dict[str, Person] = {}
    for key, value in items:
        if key is None:
            continue
        if isinstance(value, Mapping):
            person = from_map(value) or from_map({**value, "name": str(key)})
        else:
            person = next(iter(from_text(str(value), split=False)[0]), None) if value else None
        out[str(key)] = person or Person(str(key))
    return out


def site_people(site_root: Path, confine: Path | None = None) -> dict[str, Person]:
    """The people of the site whose root is SITE_ROOT (its first authors data file), or none;
    with CONFINE, a file that links outside that folder is not read."""
    for name in DATA_FILES:
        path = site_root / name
        if not path.is_file() or confine is not None and outside(path, confine) is not None:
            continue
        data = _load(path)
        if data is not None and not isinstance(data, (Mapping, list)):
            raise ReadError("expected a table of author ids, each with a name", path)
        return table_of(data)
    return {}


def _load(path: Path) -> Any:
    import yaml  # only a blog with a people file needs it

    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            return tomllib.loads(text)
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ReadError(f"cannot read the site's people: {exc.problem}", path, line) from None
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReadError(f"cannot read the site's people: {reason}", path) from None


@dataclass
class PeopleFinder:
    """The people table for each post: book.toml's `[authors]` over the nearest authors data
    file found from the post's folder up to ROOT (never above it: nothing outside the book is
    read)."""

    root: Path
    configured: People = field(default_factory=dict)
    _cache: dict[Path, People] = field(default_factory=dict)

    def __call__(self, post_path: Path) -> People:
        folder = post_path.parent
        if folder not in self._cache:
            self._cache[folder] = {**self._found(folder), **self.configured}
        return self._cache[folder]

    def _found(self, folder: Path) -> People:
        root = self.root.resolve()
        here = folder.resolve()
        while True:
            found = site_people(here, root)
            if found or here == root or not here.is_relative_to(root) or here.parent == here:
                return found
            here = here.parent
