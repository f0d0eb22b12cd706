"""Configuration: `book.toml` beside the posts, plus `-D key=value` overrides, validated into
frozen dataclasses.  A folder of posts builds with no config at all, on these defaults.

Every problem is reported at once with its key path, e.g.
`book.toml: pdf.page_size: expected one of A5, A4, …; got 'A55'`.
"""

from __future__ import annotations

import difflib
import tomllib
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping

from bookmaker.errors import ConfigError
from bookmaker.geometry import check_length, check_page_size

CONFIG_NAME = "book.toml"


@dataclass(frozen=True)
class BookSection:
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    identifier: str | None = None
    publisher: str | None = None
    rights: str | None = None
    description: str | None = None
    slug: str | None = None
    include_drafts: bool = False


@dataclass(frozen=True)
class EndnotesSection:
    numbering: Literal["chapter", "book"] = "chapter"
    share_repeated: bool = True


@dataclass(frozen=True)
class ThemeSection:
    name: str = "default"
    paths: tuple[str, ...] = ("_themes",)
    options: Mapping[str, Any] = field(default_factory=dict)


def _positive(value: float) -> float:
    if value <= 0:
        raise ValueError(f"expected a number of seconds above 0; got {value!r}")
    return value


@dataclass(frozen=True)
class PdfMargins:
    """Margins of the print page; one left out is a proportion of the trim size."""

    top: Annotated[str, check_length] | None = None
    bottom: Annotated[str, check_length] | None = None
    inner: Annotated[str, check_length] | None = None
    outer: Annotated[str, check_length] | None = None


@dataclass(frozen=True)
class PdfSection:
    #: A5, A4, letter, 6x9in, 5.5x8.5in, or WIDTHxHEIGHT with a unit.
    page_size: Annotated[str, check_page_size] = "A5"
    margins: PdfMargins = PdfMargins()
    #: Bleed around the trim box for the print shop, e.g. "3mm"; 0 for none.
    bleed: Annotated[str, check_length] = "0"
    crop_marks: bool = False
    #: "chapter": notes at the end of each chapter; "footnote": at the foot of the page.
    notes: Literal["chapter", "footnote"] = "chapter"
    #: "print": chapters open on a right-hand page, links printed; "screen": live, coloured links.
    edition: Literal["print", "screen"] = "print"
    variant: Literal["pdf/a-3b", "pdf/ua-1"] | None = None
    #: Seconds WeasyPrint may take to lay out and write the book before the build gives up.
    time_limit: Annotated[float, _positive] = 600.0


@dataclass(frozen=True)
class Config:
    book: BookSection = BookSection()
    endnotes: EndnotesSection = EndnotesSection()
    theme: ThemeSection = ThemeSection()
    pdf: PdfSection = PdfSection()
    #: The folder the config's relative paths are read from (the posts' folder).
    root: Path = Path(".")
    path: Path | None = None


_SECTIONS = {f.name: f.type for f in fields(Config) if f.name not in {"root", "path"}}


def load(root: Path, overrides: tuple[str, ...] = ()) -> Config:
    """The config of the book whose posts are under ROOT (a folder, or a post's folder)."""
    path = root / CONFIG_NAME
    data: dict[str, Any] = {}
    shown = str(path)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"not valid TOML: {exc}", shown) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read: {exc}", shown) from None
    for item in overrides:
        _apply_override(data, item)
    problems: list[str] = []
    config = _build(Config, data, "", problems)
    if problems:
        raise ConfigError("; ".join(problems), shown if path.is_file() else None)
    return replace(config, root=root, path=path if path.is_file() else None)


def _apply_override(data: dict[str, Any], item: str) -> None:
    key, sep, raw = item.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"-D {item!r}: expected KEY=VALUE, e.g. -D book.title='My book'")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    *parents, last = key.strip().split(".")
    node = data
    for name in parents:
        node = node.setdefault(name, {})
        if not isinstance(node, dict):
            raise ConfigError(f"-D {key}: {name} is not a table")
    node[last] = value


def _build(cls: type, data: Any, prefix: str, problems: list[str]) -> Any:
    if not isinstance(data, dict):
        problems.append(f"{prefix.rstrip('.') or 'config'}: expected a table")
        return cls()
    hints = typing.get_type_hints(cls, include_extras=True)
    known = [f.name for f in fields(cls) if f.name not in {"root", "path"}]
    values: dict[str, Any] = {}
    for key, value in data.items():
        where = f"{prefix}{key}"
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            extra = f" (did you mean {prefix}{hint[0]}?)" if hint else f" (known: {', '.join(known)})"
            problems.append(f"{where}: unknown key{extra}")
            continue
        values[key] = _coerce(hints[key], value, where, problems)
    return cls(**{k: v for k, v in values.items() if v is not _INVALID})


_INVALID = object()


def _coerce(kind: Any, value: Any, where: str, problems: list[str]) -> Any:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if is_dataclass(kind):
        return _build(kind, value, where + ".", problems)
    if origin is Annotated:
        if args[0] is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # `bleed = 0` in TOML
        value = _coerce(args[0], value, where, problems)
        for check in kind.__metadata__:
            if value is _INVALID:
                break
            try:
                value = check(value)
            except ValueError as exc:
                problems.append(f"{where}: {exc}")
                return _INVALID
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _coerce(inner[0], value, where, problems)
    if origin is Literal:
        if value in args:
            return value
        problems.append(f"{where}: expected one of {', '.join(map(str, args))}; got {value!r}")
        return _INVALID
    if origin is tuple:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        problems.append(f"{where}: expected a list of strings; got {value!r}")
        return _INVALID
    if origin in (Mapping, dict) or kind is Mapping:
        if isinstance(value, dict):
            return dict(value)
        problems.append(f"{where}: expected a table; got {value!r}")
        return _INVALID
    if kind is bool:
        if isinstance(value, bool):
            return value
        problems.append(f"{where}: expected true or false; got {value!r}")
        return _INVALID
    if kind is str:
        if isinstance(value, str):
            return value
        problems.append(f"{where}: expected a string; got {value!r}")
        return _INVALID
    if kind in (int, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return kind(value)
        problems.append(f"{where}: expected a number; got {value!r}")
        return _INVALID
    return value


def section_names() -> list[str]:
    return list(_SECTIONS)
