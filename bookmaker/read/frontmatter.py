"""read, step 3: split YAML front matter (`---`, Jekyll, Eleventy, Hexo) or TOML front matter
(`+++`, Hugo and Zola) from the body and load it.

python-frontmatter finds the YAML delimiters; we keep line numbers (so errors say `path:line`),
refuse an unclosed block instead of reading it as body, and load with a safe loader that
keeps Ruby-specific tags (`!ruby/object:…`, common in WordPress exports) as plain data, reads
an impossible date (`2024-02-31`) as the text it is, and removes the control characters a
YAML escape can make (`"\\e[31m"`), with a warning.  Front matter nested deeper than the
limit, or whose aliases would expand past `MAX_VALUES`, is refused before it is built.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator
from typing import Any

import yaml
from frontmatter import YAMLHandler

from bookmaker.errors import Diagnostics, ReadError
from bookmaker.limits import DEFAULT_LIMITS, Limits
from bookmaker.read.decode import clean_text

_HANDLER = YAMLHandler()
#: Values (scalars, lists, maps) front matter may hold once its aliases are expanded: far more
#: than any real post has, far fewer than a "billion laughs" of nested aliases makes.
MAX_VALUES = 100_000


class _PostLoader(yaml.SafeLoader):
    """SafeLoader that reads unknown tags as the data under them (recorded for a warning)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.unknown_tags: list[tuple[str, int]] = []
        self.duplicates: list[tuple[str, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append((key_node.value, key_node.start_mark.line))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


def _construct_unknown(loader: _PostLoader, tag_suffix: str, node: yaml.Node) -> Any:
    loader.unknown_tags.append((node.tag, node.start_mark.line))
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


def _construct_timestamp(loader: _PostLoader, node: yaml.ScalarNode) -> Any:
    """A date YAML recognises by its shape; one that does not exist stays text (read warns)."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_PostLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_PostLoader.add_multi_constructor("!", _construct_unknown)
_PostLoader.add_multi_constructor("tag:", _construct_unknown)


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
    loader = _PostLoader(fm_text)
    try:
        _check_size(fm_text, path, line_offset, depth)
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = line_offset + mark.line if mark else line_offset
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if "\t" in fm_text and "tab" in problem.lower() or "found character '\\t'" in problem:
            problem += " (YAML does not allow tabs for indentation)"
        raise ReadError(f"front matter is not valid YAML: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise ReadError(f"front matter is not valid YAML: {exc}", path, line_offset) from None
    finally:
        loader.dispose()
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


def _check_size(fm_text: str, path: str, line_offset: int, limit: int) -> None:
    """Refuse front matter nested deeper than LIMIT, or that expands to more than MAX_VALUES
    values, reading only its events (building it would recurse, or fill the memory)."""
    sizes: dict[str, int] = {}
    open_: list[list[Any]] = [[None, 0]]  # (anchor, values so far) of each open collection
    for event in _events(fm_text, path, line_offset):
        if isinstance(event, yaml.CollectionStartEvent):
            open_.append([event.anchor, 1])
            if len(open_) - 1 > limit:
                raise ReadError(
                    f"front matter is nested more than {limit} deep (limits.nesting_depth)",
                    path,
                    line_offset + event.start_mark.line,
                )
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, size = open_.pop()
        elif isinstance(event, yaml.AliasEvent):
            anchor, size = None, sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        else:
            continue
        if anchor:
            sizes[anchor] = size
        open_[-1][1] += size
        if open_[-1][1] > MAX_VALUES:
            raise ReadError(
                f"front matter holds more than {MAX_VALUES:,} values (its aliases expanded)",
                path,
                line_offset + event.start_mark.line,
            )


def _events(fm_text: str, path: str, line_offset: int) -> Iterator[yaml.Event]:
    """FM_TEXT's YAML events.  PyYAML's scanner raises a bare ValueError on an escape past the
    last character (`"\\U00110000"`): that is invalid YAML, said with its line."""
    loader = yaml.SafeLoader(fm_text)
    try:
        while loader.check_event():
            yield loader.get_event()
    except ValueError as exc:
        if "chr()" not in str(exc):
            raise
        line = line_offset + loader.get_mark().line
        problem = "an escape names a character past U+10FFFF"
        raise ReadError(f"front matter is not valid YAML: {problem}", path, line) from None
    finally:
        loader.dispose()


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
