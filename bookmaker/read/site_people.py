"""read: a site's table of people, for posts that name their authors by id (I/O).

Jekyll sites keep it in `_data/authors.yml` (or `.yaml`, `.json`), a map of id → person or a
list of people with an `id`; book.toml's `[authors]` table says the same in TOML and wins.
`site_people` reads one site root's file, so a whole-site reader can point it at the root;
`PeopleFinder` looks beside each post and in every folder above it, up to the book's folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bookmaker.errors import ReadError
from bookmaker.model import Person
from bookmaker.path_safety import outside
from bookmaker.read.people import People, from_map

DATA_FILES = ("_data/authors.yml", "_data/authors.yaml", "_data/authors.json")


def table_of(data: Any) -> dict[str, Person]:
    """id → person, from a map of ids (values a name or a map) or a list of maps with an id."""
    out: dict[str, Person] = {}
    if isinstance(data, Mapping):
        items = list(data.items())
    elif isinstance(data, list):
        items = [
            (next((e[k] for k in ("id", "key", "slug", "username") if e.get(k)), None), e)
            for e in data
            if isinstance(e, Mapping)
        ]
    else:
        return out
    for key, value in items:
        if key is None:
            continue
        person = from_map(value) if isinstance(value, Mapping) else from_map({"name": value})
        if person is not None:
            out[str(key)] = person
    return out


def site_people(site_root: Path, confine: Path | None = None) -> dict[str, Person]:
    """The people of the site whose root is SITE_ROOT (its `_data/authors.*`), or none; with
    CONFINE, a file that links outside that folder is not read."""
    for name in DATA_FILES:
        path = site_root / name
        if not path.is_file() or confine is not None and outside(path, confine) is not None:
            continue
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ReadError(f"cannot read the site's people: {reason}", path) from None
        return table_of(data)
    return {}


@dataclass
class PeopleFinder:
    """The people table for each post: book.toml's `[authors]` over the nearest `_data` file
    found from the post's folder up to ROOT (never above it: nothing outside the book is read)."""

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
