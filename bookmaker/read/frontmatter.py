"""read, step 3: split YAML front matter (`---`, Jekyll, Eleventy, Hexo) or TOML front matter
(`+++`, Hugo and Zola) from the body and load it.

python-frontmatter finds the YAML delimiters; we keep line numbers (so errors say `path:line`),
refuse an unclosed block instead of reading it as body, load it with a safe loader
(`yaml_front.py`: unknown tags kept as plain data, impossible dates as text, limits on depth
and size) and remove the control characters a YAML escape can make (`"\\e[31m"`), with a
warning.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

from frontmatter import YAMLHandler

from bookmaker.errors import Diagnostics, ReadError
from bookmaker.limits import DEFAULT_LIMITS, Limits
from bookmaker.read import yaml_front
from bookmaker.read.decode import clean_text

_HANDLER = YAMLHandler()


def split(
    text: str, path: str, diags: Diagnostics, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], str, int]:
    """(metadata, body, line where the body starts) of a post's text."""
    lines = text.split("\n")
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first < len(lines) and lines[first].rstrip() == "+++":
        return _split_toml(lines, first, path, diags, limits.nesting_depth)
    if first >= len(lines) or not _HANDLER.FM_BOUNDARY.fullmatch(lines[first]):
        return {}, text, 1
    if first:
        diags.warn(
            "blank line before the front matter (Jekyll would ignore it); read it anyway",
            "read.front-matter",
            1,
        )
    end = next(
        (i for i in range(first + 1, len(lines)) if _HANDLER.FM_BOUNDARY.fullmatch(lines[i])), None
    )
    if end is None:
        raise ReadError(
            "front matter is not closed: no '---' line after the one here", path, first + 1
        )
    fm_text = "\n".join(lines[first + 1 : end])
    body = "\n".join(lines[end + 1 :])
    try:
        meta = load_yaml(fm_text, path, first + 2, diags, limits.nesting_depth)
    except ReadError:
        if "\t" not in fm_text:
            raise
        # YAML forbids tabs for indentation; every YAML reader refuses them, but the intent is
        # plain, so read them as spaces and say so.
        spaced = re.sub(r"(?m)^[ \t]+", lambda m: m[0].replace("\t", "  "), fm_text)
        meta = load_yaml(spaced, path, first + 2, diags, limits.nesting_depth)
        line = next(i for i, text in enumerate(fm_text.split("\n")) if re.match(r"^ *\t", text))
        diags.warn(
            "front matter indented with tabs, which YAML forbids; read them as spaces",
            "read.front-matter",
            first + 2 + line,
        )
    return meta, body, end + 2


def _split_toml(
    lines: list[str], first: int, path: str, diags: Diagnostics, depth: int
) -> tuple[dict[str, Any], str, int]:
    """Hugo's and Zola's `+++` front matter, read as TOML: no deeper than DEPTH, its strings
    cleaned of control characters as YAML's are."""
    end = next((i for i in range(first + 1, len(lines)) if lines[i].rstrip() == "+++"), None)
    if end is None:
        raise ReadError(
            "front matter is not closed: no '+++' line after the one here", path, first + 1
        )
    try:
        data = tomllib.loads("\n".join(lines[first + 1 : end]))
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = first + 1 + int(m[1]) if m else first + 1
        problem = re.sub(r"\s*\(at line.*\)$", "", str(exc)) or "invalid TOML"
        raise ReadError(f"front matter is not valid TOML: {problem}", path, line) from None
    except RecursionError:
        data = None  # deeper than Python's recursion allows, so than any limit
    if data is None or _depth(data) > depth:
        message = f"front matter is nested more than {depth} deep (limits.nesting_depth)"
        raise ReadError(message, path, first + 1)
    meta = _clean_keys(_plain_dates(data), "\n".join(lines[first + 1 : end]), first + 2, diags)
    return meta, "\n".join(lines[end + 1 :]), end + 2


def _depth(value: Any) -> int:
    """How deep VALUE's lists and tables nest (0 for a plain value), without recursing."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level + 1)
            stack.extend(
                (x, level + 1) for x in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


def _plain_dates(data: dict[str, Any]) -> dict[str, Any]:
    """TOML's time-only values (`12:00:00`) are not dates a post can have: keep them as text."""
    return {k: str(v) if isinstance(v, dt.time) else v for k, v in data.items()}


def load_yaml(
    fm_text: str, path: str, line_offset: int, diags: Diagnostics, depth: int = 32
) -> dict[str, Any]:
    """The front matter as a dict; YAML errors become one-line ReadErrors with the file line."""
    data, loader = yaml_front.parse(fm_text, path, line_offset, depth)
    for key, line in loader.duplicates:
        diags.warn(
            f"front matter key {key!r} appears twice; the last one wins",
            "read.front-matter",
            line_offset + line,
        )
    for tag, line in loader.unknown_tags:
        diags.warn(
            f"front matter tag {tag} read as plain data", "read.yaml-tag", line_offset + line
        )
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReadError("front matter is not a mapping of keys to values", path, line_offset)
    return _clean_keys(data, fm_text, line_offset, diags)


def _clean_keys(
    data: dict[Any, Any], fm_text: str, line_offset: int, diags: Diagnostics
) -> dict[str, Any]:
    """DATA with text keys, every string in it cleaned of control characters (a warning for
    each key that had some)."""
    meta = {}
    for key, value in data.items():
        meta[str(key)], removed = _cleaned(value)
        if removed:
            line = line_offset + _line_of_key(fm_text, str(key))
            diags.warn(
                f"front matter {str(key)!r}: removed control character(s) "
                f"{', '.join(f'U+{ord(c):04X}' for c in sorted(removed)[:4])}",
                "read.control",
                line,
            )
    return meta


def _cleaned(value: Any) -> tuple[Any, set[str]]:
    """VALUE with every string in it cleaned of control characters, and those removed."""
    if isinstance(value, str):
        return clean_text(value)
    removed: set[str] = set()
    if isinstance(value, list):
        items = []
        for item in value:
            item, gone = _cleaned(item)
            items.append(item)
            removed |= gone
        return items, removed
    if isinstance(value, dict):
        table = {}
        for key, item in value.items():
            table[key], gone = _cleaned(item)
            removed |= gone
        return table, removed
    return value, removed


def _line_of_key(fm_text: str, key: str) -> int:
    m = re.search(rf"^{re.escape(key)}\s*[:=]", fm_text, re.MULTILINE)
    return fm_text.count("\n", 0, m.start()) if m else 0
