"""read: the authors a blog describes once for all its posts (Jekyll's `_data/authors.yml`,
Hugo's `data/authors.*`), so a post that says `author: jdoe` is by "Jane Doe", with her page
and bio.  A name that is no id stays as written.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from bookmaker.errors import ConfigError
from bookmaker.model import Person, Post
from bookmaker.read.liquid import Site
from bookmaker.read.people import people

#: Where each engine keeps its authors data, relative to the site's folder.
AUTHOR_FILES = tuple(
    f"{folder}/authors.{ext}"
    for folder in ("_data", "data")
    for ext in ("yml", "yaml", "toml", "json")
)


def load_authors(root: Path) -> dict[str, Person]:
    """Author id → person, from the first authors data file under ROOT (none: empty)."""
    path = next((root / rel for rel in AUTHOR_FILES if (root / rel).is_file()), None)
    if path is None:
        return {}
    data = _load(path)
    if not isinstance(data, dict):
        raise ConfigError("expected a table of author ids, each with a name", path)
    table = {}
    for key, entry in data.items():
        found = people({"author": entry if isinstance(entry, dict) else str(entry)})[0]
        table[str(key)] = found[0] if found else Person(str(key))
    return table


def _load(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            return tomllib.loads(text)
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError(f"not valid YAML: {exc.problem}", path, line) from None
    except (yaml.YAMLError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot be read: {exc}", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path) from None


def resolve(person: Person, table: Mapping[str, Person]) -> Person:
    """PERSON, or the person the authors data gives when their name is an author id."""
    found = table.get(person.name) or table.get(person.name.casefold())
    return found if found is not None else person


def with_site_people(post: Post, site: Site) -> Post:
    """POST with its author ids resolved through the site's authors data, and by the site's
    author when it names nobody (as Jekyll's `site.author` stands in for `page.author`)."""
    authors, more = post.authors, post.more_authors
    if not authors and site.author:
        authors, more = people({"author": site.author})
    authors = tuple(resolve(p, site.authors) for p in authors)
    contributors = tuple(resolve(p, site.authors) for p in post.contributor_details)
    if (authors, more, contributors) == (post.authors, post.more_authors, post.contributor_details):
        return post
    return replace(
        post,
        authors=authors,
        more_authors=more,
        contributor_details=contributors,
        contributors=tuple(p.name for p in contributors),
    )
