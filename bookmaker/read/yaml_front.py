"""read: YAML front matter parsed into Python values, with libyaml where PyYAML was built with
it (its wheels are).

libyaml, PyYAML's C parser, reads a post's few lines of front matter some ten times faster than
PyYAML's parser in Python, which was half the cost of reading a post; the values are built by
the same Python constructors either way.  Front matter the C parser refuses, or that is past
the limits, is parsed again by the Python parser: errors say what they always said, with the
same lines.

The loader keeps Ruby-specific tags (`!ruby/object:…`, common in WordPress exports) as plain
data and reads an impossible date (`2024-02-31`) as the text it is; front matter nested deeper
than the limit, or whose aliases would expand past `MAX_VALUES`, is refused before it is built.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from bookmaker.errors import ReadError

#: Values (scalars, lists, maps) front matter may hold once its aliases are expanded: far more
#: than any real post has, far fewer than a "billion laughs" of nested aliases makes.
MAX_VALUES = 100_000


class _Recording:
    """A loader that reads unknown tags as the data under them and notes repeated keys (each
    recorded with its line, for a warning)."""

    def __init__(self, stream: str):
        super().__init__(stream)  # type: ignore[call-arg]
        self.unknown_tags: list[tuple[str, int]] = []
        self.duplicates: list[tuple[str, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append((key_node.value, key_node.start_mark.line))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


class PostLoader(_Recording, yaml.SafeLoader):
    """PyYAML's parser in Python."""


_C_LOADER = getattr(yaml, "CSafeLoader", None)
if _C_LOADER is not None:

    class FastPostLoader(_Recording, _C_LOADER):  # type: ignore[misc, valid-type]
        """libyaml's parser."""

    LOADERS: tuple[type, ...] = (FastPostLoader, PostLoader)
else:  # pragma: no cover - PyYAML built without libyaml
    LOADERS = (PostLoader,)


def _construct_unknown(loader: Any, tag_suffix: str, node: yaml.Node) -> Any:
    loader.unknown_tags.append((node.tag, node.start_mark.line))
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date YAML recognises by its shape; one that does not exist stays text (read warns)."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


for _loader in LOADERS:
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    _loader.add_multi_constructor("!", _construct_unknown)
    _loader.add_multi_constructor("tag:", _construct_unknown)


def parse(fm_text: str, path: str, line_offset: int, depth: int) -> tuple[Any, _Recording]:
    """FM_TEXT's value and the loader that read it (its repeated keys, its unknown tags); YAML
    errors become one-line ReadErrors with the file's line (LINE_OFFSET is the text's first)."""
    for fast in LOADERS[:-1]:
        try:
            return _parse(fast, fm_text, path, line_offset, depth)
        except (ReadError, yaml.YAMLError, ValueError):
            pass  # said as the Python parser says it, below
    return _parse(LOADERS[-1], fm_text, path, line_offset, depth)


def _parse(
    kind: type, fm_text: str, path: str, line_offset: int, depth: int
) -> tuple[Any, _Recording]:
    loader = kind(fm_text)
    try:
        _check_size(kind, fm_text, path, line_offset, depth)
        return loader.get_single_data(), loader
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


def _check_size(kind: type, fm_text: str, path: str, line_offset: int, limit: int) -> None:
    """Refuse front matter nested deeper than LIMIT, or that expands to more than MAX_VALUES
    values, reading only its events (building it would recurse, or fill the memory)."""
    sizes: dict[str, int] = {}
    open_: list[list[Any]] = [[None, 0]]  # (anchor, values so far) of each open collection
    for event in _events(kind, fm_text, path, line_offset):
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


def _events(kind: type, fm_text: str, path: str, line_offset: int) -> Iterator[yaml.Event]:
    """FM_TEXT's YAML events.  PyYAML's scanner raises a bare ValueError on an escape past the
    last character (`"\\U00110000"`): that is invalid YAML, said with its line."""
    loader = kind(fm_text)
    try:
        while loader.check_event():
            yield loader.get_event()
    except ValueError as exc:
        if kind is not PostLoader or "chr()" not in str(exc):
            raise
        line = line_offset + loader.get_mark().line
        problem = "an escape names a character past U+10FFFF"
        raise ReadError(f"front matter is not valid YAML: {problem}", path, line) from None
    finally:
        loader.dispose()
