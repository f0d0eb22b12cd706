"""Configuration: `book.toml` beside the posts, plus `-D key=value` overrides, validated into
frozen dataclasses.  A folder of posts builds with no config at all, on these defaults.

Every problem is reported at once with its key path and where it was set, e.g.
`book.toml: pdf.page_size: expected one of A5, A4, …; got 'A55'`, or
`-D pdf.page_size: …` for the same mistake on the command line.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from bookmaker.addresses import is_web_address
from bookmaker.blog import Blog
from bookmaker.errors import ConfigError
from bookmaker.image_settings import ImagesSection
from bookmaker.limits import DEFAULT_LIMITS, Limits
from bookmaker.overrides import apply_override, site_defaults
from bookmaker.path_safety import check_file_name, is_inside
from bookmaker.pdf_settings import PdfSection
from bookmaker.schema import Origins, Problem, build
from bookmaker.sections import (
    MatterSection,
    OrderSection,
    PostsSection,
    author_problems,
    section_problems,
)

CONFIG_NAME = "book.toml"
TOO_DEEP = "not valid TOML: tables or arrays nested too deeply"


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
    #: What the book is about (`dc:subject`, the PDF's keywords); else the posts' tags in the
    #: book's script (subjects.py).
    subjects: tuple[str, ...] = ()
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
    #: Find the voices of a multi-voice post without a profile (repeated blocks, headings that
    #: are names, speaker labels); profiles still win where they match.
    detect: bool = True


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


@dataclass(frozen=True)
class EpubSection:
    #: An image for the cover, relative to the book folder, or an http(s) address (fetched
    #: like the posts' images); without it one is generated.
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
    posts: PostsSection = PostsSection()  # noqa: RUF009 - frozen, so one default is safe
    order: OrderSection = OrderSection()  # noqa: RUF009
    matter: MatterSection = MatterSection()  # noqa: RUF009
    parts: PartsSection = PartsSection()
    endnotes: EndnotesSection = EndnotesSection()
    site: SiteSection = SiteSection()
    contributors: ContributorsSection = ContributorsSection()
    #: `[authors]`: the people posts name by id (`lauren-frohlich = "Lauren Frohlich"`, or a
    #: table with name, url, affiliation, bio, photo).
    authors: Mapping[str, Any] = field(default_factory=dict)
    theme: ThemeSection = ThemeSection()
    pdf: PdfSection = field(default_factory=PdfSection)
    epub: EpubSection = EpubSection()
    limits: Limits = DEFAULT_LIMITS
    images: ImagesSection = field(default_factory=ImagesSection)
    #: The folder the config's relative paths are read from (the posts' folder).
    root: Path = Path(".")
    path: Path | None = None
    #: Where each setting was made, so a mistake found later still names the right place.
    origins: Origins = field(default_factory=Origins)
    #: The blog the book's folder is (Jekyll, Hugo), whose settings are the defaults above.
    blog: Blog | None = None
    #: Worker processes (`-j`): posts are read and converted, and the PDF laid out, side by
    #: side; None: one per core.
    jobs: int | None = None
    #: `--fresh`: what earlier builds left in the cache is not used (it is written anew).
    fresh: bool = False


def load(root: Path, overrides: tuple[str, ...] = (), blog: Blog | None = None) -> Config:
    """The config of the book whose posts are under ROOT (a folder, or a post's folder), with
    OVERRIDES (`-D key=value`) applied, and BLOG's settings where neither gives one; an error
    names where each wrong setting was made."""
    path = root / CONFIG_NAME
    data: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"not valid TOML: {exc}", str(path)) from None
        except RecursionError:
            raise ConfigError(TOO_DEEP, str(path)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read: {exc}", str(path)) from None
    origins = Origins.of(data, path)
    if blog is not None:
        origins = site_defaults(data, blog, origins)
    for item in overrides:
        key = apply_override(data, item)
        origins = origins.given(key, "-D")
    problems: list[Problem] = []
    config = build(Config, data, problems)
    problems.extend(_selector_problems(config))
    problems.extend(section_problems(config.posts, config.order, config.matter, root))
    if config.parts.by == "list" and not _given(data, "parts", "part"):
        problems.append(("parts.by", '"list" needs [[parts.part]] tables (title, posts)'))
    _check_theme(config.theme, root, problems)
    problems.extend(author_problems(config.authors))
    if (
        config.epub.cover
        and not is_web_address(config.epub.cover)
        and not is_inside(root / config.epub.cover, root)
    ):
        outside = f"{config.epub.cover!r} is outside the book's folder; put the image in it"
        problems.append(("epub.cover", outside))
    if problems:
        raise _error(problems, origins)
    found = path if path.is_file() else None
    return replace(config, root=root, path=found, origins=origins, blog=blog)


def _given(data: dict[str, Any], table: str, key: str) -> bool:
    """Whether DATA gives TABLE.KEY a value that is not empty (one that is wrong is reported
    on its own)."""
    section = data.get(table)
    return isinstance(section, dict) and bool(section.get(key))


def config_error(message: str, origin: Path | str | None) -> ConfigError:
    """MESSAGE (`key: what is wrong`) as the error of the place ORIGIN that set the key: the
    book.toml, or the `-D` flag."""
    if isinstance(origin, Path):
        return ConfigError(message, origin)
    return ConfigError(f"{origin} {message}" if origin else message)


def _error(problems: list[Problem], origins: Origins) -> ConfigError:
    """One error for every problem: those in book.toml first, under its name, then those of
    a blog's config file, each after its name, then those of the command line, each after
    its `-D`."""
    in_file, elsewhere, flags = [], [], []
    for key, message in problems:
        origin = origins.get(key)
        if origin == "-D":
            flags.append(f"-D {key}: {message}")
        elif isinstance(origin, Path) and origin != origins.file:
            elsewhere.append(f"{origin}: {key}: {message}")
        else:
            in_file.append(f"{key}: {message}")
    return ConfigError("; ".join(in_file + elsewhere + flags), origins.file if in_file else None)


def _selector_problems(config: Config) -> list[Problem]:
    """A profile's selectors must be CSS that soupsieve can read, or convert would fail later."""
    if not config.contributors.profiles:
        return []  # soupsieve is slow to import, and `bookmaker themes` loads the config too
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
                problems.append(
                    (f"contributors.profiles[{i}].{key}", f"not a CSS selector: {reason}")
                )
    return problems


def _check_theme(theme: ThemeSection, root: Path, problems: list[Problem]) -> None:
    """What can be checked before the theme is loaded: option values are plain TOML values,
    and a theme folder named in `theme.paths` (other than the default `_themes`) exists."""
    for key, value in theme.options.items():
        if not isinstance(value, (str, int, float, bool)):
            message = f"expected a string, number or true/false; got {value!r}"
            problems.append((f"theme.options.{key}", message))
    for rel, folder in zip(theme.paths, theme.dirs(root)):
        if rel not in ThemeSection.paths and not folder.is_dir():
            problems.append(("theme.paths", f"no such folder {rel!r} (relative to {root})"))
    if not theme.name.strip():
        problems.append(("theme.name", "expected a theme name; got ''"))
