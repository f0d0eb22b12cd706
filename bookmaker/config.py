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
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from bookmaker.errors import ConfigError
from bookmaker.geometry import check_length, check_page_size
from bookmaker.path_safety import check_file_name, is_inside

CONFIG_NAME = "book.toml"


@dataclass(frozen=True)
class BookSection:
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    #: Editors of the book (MARC role `edt`), for collections edited rather than written.
    editors: tuple[str, ...] = ()
    language: str | None = None
    identifier: str | None = None
    publisher: str | None = None
    rights: str | None = None
    description: str | None = None
    #: The books' file name without its extension: one plain name, never a path.
    slug: Annotated[str, check_file_name] | None = None
    include_drafts: bool = False


@dataclass(frozen=True)
class EndnotesSection:
    #: Notes numbered from 1 in each chapter, or through the whole book.
    numbering: Literal["chapter", "book"] = "chapter"
    #: A URL used several times in a chapter gets one note, with a back-link per reference.
    share_repeated: bool = True
    #: Each link note also gives a Wayback Machine address dated by the post (built offline).
    archive_links: bool = False


@dataclass(frozen=True)
class SiteSection:
    """The blog the posts come from, as Jekyll's `_config.yml` names it."""

    #: `{{ site.url }}`, and the base that root-relative links (`/2020/01/02/x/`) resolve against.
    url: str | None = None
    #: `{{ site.baseurl }}`, e.g. "/blog".
    baseurl: str = ""


@dataclass(frozen=True)
class ContributorProfile:
    """CSS selectors that find contributor sections in the posts of one site."""

    section: str
    name: str
    body: str | None = None
    bio: str | None = None
    photo: str | None = None
    label: str = "user"


@dataclass(frozen=True)
class ContributorsSection:
    #: Tried in order, before the built-in profiles.
    profiles: tuple[ContributorProfile, ...] = ()
    #: The built-in profiles (a Drupal-style conversation, generic contribution markup).
    builtin_profiles: bool = True


@dataclass(frozen=True)
class ThemeSection:
    """`[theme]`: which theme, the project's own theme folders, and `[theme.options]` values
    (checked against the theme's declared options when the theme is loaded)."""

    name: str = "default"
    paths: tuple[str, ...] = ("_themes",)
    options: Mapping[str, Any] = field(default_factory=dict)

    def dirs(self, root: Path) -> tuple[Path, ...]:
        """The project's theme folders, relative paths read from ROOT (the posts' folder)."""
        return tuple(root / p for p in self.paths)


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
    #: Seconds WeasyPrint may take to lay out and write one chapter (the whole book for the
    #: PDF/A and PDF/UA variants, which are laid out as one document) before the build gives up.
    time_limit: Annotated[float, _positive] = 600.0


@dataclass(frozen=True)
class EpubSection:
    #: An image for the cover, relative to the book folder; without it one is generated.
    cover: str | None = None
    #: Where the notes go: at the end of each chapter's file, or all in one notes file.
    notes: Literal["chapter", "book"] = "chapter"
    #: Subset the theme's fonts to the characters the book uses (false: embed them whole).
    subset_fonts: bool = True


@dataclass(frozen=True)
class PartSpec:
    """One part of the book: its title and the posts in it (file names or glob patterns,
    matched against the end of each post's path, e.g. "2019-*.md" or "essays/*")."""

    title: str
    posts: tuple[str, ...]


@dataclass(frozen=True)
class PartsSection:
    #: "none": the chapters in one run; "year": a part per year; "category": a part per post
    #: category (its first); "list": the `[[parts.part]]` tables below, in their order.
    by: Literal["none", "year", "category", "list"] = "none"
    part: tuple[PartSpec, ...] = ()


@dataclass(frozen=True)
class Config:
    book: BookSection = BookSection()
    parts: PartsSection = PartsSection()
    endnotes: EndnotesSection = EndnotesSection()
    site: SiteSection = SiteSection()
    contributors: ContributorsSection = ContributorsSection()
    theme: ThemeSection = ThemeSection()
    pdf: PdfSection = PdfSection()
    epub: EpubSection = EpubSection()
    #: The folder the config's relative paths are read from (the posts' folder).
    root: Path = Path(".")
    path: Path | None = None
    #: Worker processes for the PDF layout (`-j`); None: one per core.
    jobs: int | None = None


_SECTIONS = {f.name: f.type for f in fields(Config) if f.name not in {"root", "path", "jobs"}}


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
    problems.extend(_selector_problems(config))
    if config.parts.by == "list" and not config.parts.part:
        problems.append('parts.by: "list" needs [[parts.part]] tables (title, posts)')
    _check_theme(config.theme, root, problems)
    if config.epub.cover and not is_inside(root / config.epub.cover, root):
        problems.append(
            f"epub.cover: {config.epub.cover!r} is outside the book's folder; put the image in it"
        )
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
        return (
            _INVALID
            if any(f.default is MISSING and f.default_factory is MISSING for f in fields(cls))
            else cls()
        )
    hints = typing.get_type_hints(cls, include_extras=True)
    known = [f.name for f in fields(cls) if f.name not in {"root", "path", "jobs"}]
    values: dict[str, Any] = {}
    required = [
        f.name
        for f in fields(cls)
        if f.default is MISSING and f.default_factory is MISSING and f.name not in {"root", "path"}
    ]
    for key in required:
        if key not in data:
            problems.append(f"{prefix}{key}: missing (required)")
    for key, value in data.items():
        where = f"{prefix}{key}"
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            extra = (
                f" (did you mean {prefix}{hint[0]}?)" if hint else f" (known: {', '.join(known)})"
            )
            problems.append(f"{where}: unknown key{extra}")
            continue
        values[key] = _coerce(hints[key], value, where, problems)
    if any(key not in data for key in required):
        return _INVALID
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
    if origin is tuple and args and is_dataclass(args[0]):
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            problems.append(f"{where}: expected a list of tables; got {value!r}")
            return _INVALID
        items = [_build(args[0], item, f"{where}[{i}].", problems) for i, item in enumerate(value)]
        return tuple(i for i in items if i is not _INVALID)
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


def _selector_problems(config: Config) -> list[str]:
    """A profile's selectors must be CSS that soupsieve can read, or convert would fail later."""
    import soupsieve

    problems = []
    for i, profile in enumerate(config.contributors.profiles):
        for key in ("section", "name", "body", "bio", "photo"):
            selector = getattr(profile, key)
            if selector is None:
                continue
            try:
                soupsieve.compile(selector)
            except soupsieve.SelectorSyntaxError as exc:
                reason = str(exc).splitlines()[0]
                problems.append(f"contributors.profiles[{i}].{key}: not a CSS selector: {reason}")
    return problems


def _check_theme(theme: ThemeSection, root: Path, problems: list[str]) -> None:
    """What can be checked before the theme is loaded: option values are plain TOML values,
    and a theme folder named in `theme.paths` (other than the default `_themes`) exists."""
    for key, value in theme.options.items():
        if not isinstance(value, (str, int, float, bool)):
            problems.append(
                f"theme.options.{key}: expected a string, number or true/false; got {value!r}"
            )
    for rel, folder in zip(theme.paths, theme.dirs(root)):
        if rel not in ThemeSection.paths and not folder.is_dir():
            problems.append(f"theme.paths: no such folder {rel!r} (relative to {root})")
    if not theme.name.strip():
        problems.append("theme.name: expected a theme name; got ''")


def section_names() -> list[str]:
    return list(_SECTIONS)
