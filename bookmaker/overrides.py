"""config: settings made elsewhere than in book.toml: `-D KEY=VALUE` on the command line, and
a blog's own config file (Jekyll's `_config.yml`, Hugo's `hugo.toml`), whose settings are the
book's defaults.  Each is recorded as its origin, so a mistake names where it was made.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from bookmaker.errors import ConfigError
from bookmaker.schema import Origins

if TYPE_CHECKING:
    from bookmaker.blog import Blog


def apply_override(data: dict[str, Any], item: str) -> str:
    """Set the value `-D KEY=VALUE` gives in DATA; the key."""
    key, sep, raw = item.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"-D {item!r}: expected KEY=VALUE, e.g. -D book.title='My book'")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    except RecursionError:
        raise ConfigError(
            f"-D {key.strip()}: not valid TOML: tables or arrays nested too deeply"
        ) from None
    key = key.strip()
    *parents, last = key.split(".")
    node = data
    for name in parents:
        node = node.setdefault(name, {})
        if not isinstance(node, dict):
            raise ConfigError(f"-D {key}: {name} is not a table")
    node[last] = value
    return key


def site_defaults(data: dict[str, Any], blog: Blog, origins: Origins) -> Origins:
    """DATA with the blog's settings where book.toml gives none; their origin is the blog's
    config file."""
    for table, values in blog.defaults().items():
        section = data.setdefault(table, {})
        if not isinstance(section, dict):
            continue  # book.toml's own mistake, reported as such
        for key, value in values.items():
            if key not in section:
                section[key] = value
                origins = origins.given(f"{table}.{key}", blog.config_file)
    return origins


def as_overrides(given: Mapping[str, Any] | Iterable[str]) -> tuple[str, ...]:
    """`-D`-style "KEY=VALUE" strings from a mapping of Python values (`{"book.title": "X",
    "pdf.crop_marks": True}`), whose values are written as TOML (JSON's strings, numbers,
    lists and true/false are TOML too); strings pass as they are."""
    if not isinstance(given, Mapping):
        return tuple(given)
    return tuple(f"{key}={_toml(value)}" for key, value in given.items())


def _toml(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)
