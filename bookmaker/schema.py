"""config: TOML tables checked against frozen dataclasses (their fields and type hints are the
schema), every problem collected with its key path rather than stopping at the first, and
`Origins`: where each key was set, so a problem can name book.toml or the `-D` flag.

`build(Config, data, problems)` gives the dataclass; each problem is a `(key, message)` pair,
e.g. `("pdf.page_size", "expected one of A5, A4, …; got 'A55'")`, so the caller can say where
that key was set.  A field annotated `Annotated[T, check]` is also passed through `check`,
whose `ValueError` becomes the problem's message.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import MISSING, fields, is_dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

#: (key path, what is wrong with it).
Problem = tuple[str, str]
#: Fields a dataclass may have that no TOML sets (where the config was read from).
NOT_SETTINGS = frozenset({"root", "path", "origins", "blog", "jobs", "fresh"})

_INVALID = object()


class Origins(Mapping[str, "Path | str"]):
    """Where each setting was made: in book.toml (its path) or on the command line ("-D").
    A key has the origin of the nearest table set as a whole: `pdf.margins.top` is "-D" after
    `-D 'pdf.margins={top="2cm"}'`."""

    def __init__(self, keys: Mapping[str, Path | str] | None = None, file: Path | None = None):
        self._keys = dict(keys or {})
        #: The book.toml, when there is one.
        self.file = file

    @classmethod
    def of(cls, data: Mapping[str, Any], path: Path) -> Origins:
        """Every key of the TOML tables DATA, read from PATH."""
        keys: dict[str, Path | str] = {}
        tables = [("", data)]
        while tables:
            prefix, table = tables.pop()
            for key, value in table.items():
                keys[prefix + key] = path
                if isinstance(value, dict):
                    tables.append((f"{prefix}{key}.", value))
        return cls(keys, path if path.is_file() else None)

    def given(self, key: str, origin: Path | str) -> Origins:
        """These origins after KEY was set (a table, or a value) by ORIGIN."""
        keys = {k: v for k, v in self._keys.items() if k != key and not k.startswith(key + ".")}
        return Origins({**keys, key: origin}, self.file)

    def __getitem__(self, key: str) -> Path | str:
        parts = re.sub(r"\[\d+\]", "", key).split(".")
        for n in range(len(parts), 0, -1):
            found = self._keys.get(".".join(parts[:n]))
            if found is not None:
                return found
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def build(cls: type, data: Any, problems: list[Problem], prefix: str = "") -> Any:
    """CLS from the TOML table DATA; what cannot be used is reported in PROBLEMS and left out
    (the field keeps its default), so one pass finds every mistake."""
    where = prefix.rstrip(".") or "config"
    settings = [f for f in fields(cls) if f.name not in NOT_SETTINGS]
    required = [f.name for f in settings if f.default is MISSING and f.default_factory is MISSING]
    if not isinstance(data, dict):
        problems.append((where, "expected a table"))
        return _INVALID if required else cls()
    hints = typing.get_type_hints(cls, include_extras=True)
    known = [f.name for f in settings]
    for key in required:
        if key not in data:
            problems.append((f"{prefix}{key}", "missing (required)"))
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            extra = f"did you mean {prefix}{hint[0]}?" if hint else f"known: {', '.join(known)}"
            problems.append((f"{prefix}{key}", f"unknown key ({extra})"))
            continue
        values[key] = coerce(hints[key], value, f"{prefix}{key}", problems)
    if any(values.get(key, _INVALID) is _INVALID for key in required):  # missing or refused
        return _INVALID
    return cls(**{k: v for k, v in values.items() if v is not _INVALID})


def coerce(kind: Any, value: Any, where: str, problems: list[Problem]) -> Any:
    """VALUE as type KIND, or `_INVALID` with a problem at key WHERE."""
    origin = typing.get_origin(kind)
    if is_dataclass(kind):
        return build(kind, value, problems, where + ".")
    if origin is Annotated:
        return _checked(kind, value, where, problems)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(kind)
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return coerce(inner[0], value, where, problems)
    if origin is Literal:
        args = typing.get_args(kind)
        if value in args:
            return value
        return _problem(
            problems, where, f"expected one of {', '.join(map(str, args))}; got {shown(value)}"
        )
    if origin is tuple:
        return _sequence(typing.get_args(kind), value, where, problems)
    if origin in (Mapping, dict) or kind is Mapping:
        if isinstance(value, dict):
            return dict(value)
        return _problem(problems, where, f"expected a table; got {shown(value)}")
    return _scalar(kind, value, where, problems)


def _checked(kind: Any, value: Any, where: str, problems: list[Problem]) -> Any:
    """An `Annotated[T, check, …]` value: T first, then each check in turn."""
    base = typing.get_args(kind)[0]
    if base is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # `bleed = 0` in TOML
    value = coerce(base, value, where, problems)
    for check in kind.__metadata__:
        if value is _INVALID:
            break
        try:
            value = check(value)
        except ValueError as exc:
            return _problem(problems, where, str(exc))
    return value


def _sequence(args: tuple, value: Any, where: str, problems: list[Problem]) -> Any:
    """A list of tables (one table is a list of one), or a list of strings (one string too)."""
    if args and is_dataclass(args[0]):
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            return _problem(problems, where, f"expected a list of tables; got {shown(value)}")
        items = [build(args[0], item, problems, f"{where}[{i}].") for i, item in enumerate(value)]
        return tuple(i for i in items if i is not _INVALID)
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        for item in value:
            if _control(item):
                return _problem(problems, where, _control(item))
        return tuple(value)
    return _problem(problems, where, f"expected a list of strings; got {shown(value)}")


def _scalar(kind: Any, value: Any, where: str, problems: list[Problem]) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        return _problem(problems, where, f"expected true or false; got {shown(value)}")
    if kind is str:
        if isinstance(value, str):
            return _problem(problems, where, _control(value)) if _control(value) else value
        return _problem(problems, where, f"expected a string; got {shown(value)}")
    if kind in (int, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return kind(value)
        return _problem(problems, where, f"expected a number; got {shown(value)}")
    return value


#: Characters no title, name or path should hold: C0 controls but tab and line breaks, DEL, C1
#: controls, and the Unicode line and paragraph separators (which stop the cover's text layout).
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _control(text: str) -> str | None:
    """Why TEXT cannot be used as a setting's value, when it holds a control character."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    kind = {"\u2028": "a line separator", "\u2029": "a paragraph separator"}.get(found[0])
    return f"holds {kind or 'a control character'} (U+{ord(found[0]):04X}); remove it"


def shown(value: Any, width: int = 60) -> str:
    """VALUE as Python writes it, cut to WIDTH characters, so an error stays one short line."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _problem(problems: list[Problem], where: str, message: str) -> Any:
    problems.append((where, message))
    return _INVALID
