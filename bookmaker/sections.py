"""config: the tables of book.toml that choose what the book holds: `[posts]` (which posts),
`[order]` (in what order) and `[matter]` (the editors' own texts before and after the posts).

They sit beside `config.py`, which reads them with the rest of book.toml; the checks here
turn a wrong value into a problem with its key path, like every other setting.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Literal

from bookmaker.path_safety import is_inside
from bookmaker.schema import Problem

_PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def _bound(value: object, last: bool) -> dt.date:
    """A TOML date, or "2024", "2024-05", "2024-05-31": the first day it names, or with LAST
    the last one, so `until = "2024"` takes in the whole year."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _PARTIAL_DATE.match(str(value)) if isinstance(value, (str, int)) else None
    if not m:
        raise ValueError(f"expected a date such as 2024-05-31, 2024-05 or 2024; got {value!r}")
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if day:
            return dt.date(year, month, day)
        if month:
            first = dt.date(year, month, 1)
            nxt = dt.date(year + month // 12, month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1) if last else first
        return dt.date(year, 12, 31) if last else dt.date(year, 1, 1)
    except ValueError:
        raise ValueError(f"no such date: {value!r}") from None


def _since(value: object) -> dt.date:
    return _bound(value, last=False)


def _until(value: object) -> dt.date:
    return _bound(value, last=True)


@dataclass(frozen=True)
class PostsSection:
    """Which posts are in the book.  Every rule given must hold (a post with one of the tags,
    and in the date range, …); none given: every post."""

    #: Globs on a post's path inside the book's folder, matched from the right ("2024-*",
    #: "_posts/essays/*"); a Hugo page bundle is also matched by its folder.
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: A post with any of these tags, categories or authors (names or author ids), any case.
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    #: First and last day, inclusive: a TOML date, or "2024-05" / "2024" (a whole month, year).
    since: Annotated[object, _since] | None = None
    until: Annotated[object, _until] | None = None
    #: Exactly these posts (paths or file names, as `include` matches them), and with
    #: `[order] by = "list"` (the default when a list is given) in this order.
    list: tuple[str, ...] = ()

    @property
    def filters_by_metadata(self) -> bool:
        """Whether choosing needs each post's front matter, not only its path."""
        return bool(self.tags or self.categories or self.authors or self.since or self.until)


@dataclass(frozen=True)
class OrderSection:
    #: "date": oldest first; "-date": newest first; "title"; "list": as `[posts] list` gives
    #: them.  Default: "list" when `[posts] list` is given, else "date".
    by: Literal["date", "-date", "title", "list"] | None = None
    #: Where posts without a date go when ordering by date; unset, they go last and each one
    #: is named in a warning.
    undated: Literal["last", "first", "leave-out"] | None = None

    def key(self, posts: PostsSection) -> str:
        return self.by or ("list" if posts.list else "date")


#: Texts before the posts, in the order a book prints them (the dedication before the contents).
FRONT = ("dedication", "foreword", "preface", "introduction")
#: Texts after the posts, before the contributors index.
BACK = ("afterword", "acknowledgements", "about_the_editors")
#: What each kind is, for reading systems: its `epub:type` (EPUB Structural Semantics, also
#: its landmark) and its ARIA role (DPUB-ARIA; none for "about the editors").
SEMANTICS = {
    "dedication": ("dedication", "doc-dedication"),
    "foreword": ("foreword", "doc-foreword"),
    "preface": ("preface", "doc-preface"),
    "introduction": ("introduction", "doc-introduction"),
    "afterword": ("afterword", "doc-afterword"),
    "acknowledgements": ("acknowledgments", "doc-acknowledgments"),
    "about_the_editors": ("contributors", None),
}


@dataclass(frozen=True)
class MatterSection:
    """The editors' own texts: each a Markdown (or HTML) file, relative to the book's folder."""

    dedication: str | None = None
    foreword: str | None = None
    preface: str | None = None
    introduction: str | None = None
    afterword: str | None = None
    acknowledgements: str | None = None
    about_the_editors: str | None = None

    def files(self, root: Path) -> dict[str, Path]:
        """Kind → file, for the kinds given, in reading order (front, then back)."""
        given = {f.name: getattr(self, f.name) for f in fields(self)}
        return {kind: root / given[kind] for kind in FRONT + BACK if given[kind]}


def section_problems(
    posts: PostsSection, order: OrderSection, matter: MatterSection, root: Path
) -> list[Problem]:
    """What only the three tables together, or the disk, can show is wrong."""
    problems: list[Problem] = []
    if order.by == "list" and not posts.list:
        problems.append(("order.by", '"list" needs [posts] list = ["…", …], the posts in order'))
    if posts.since and posts.until and posts.since > posts.until:
        problems.append(("posts.until", f"{posts.until} is before posts.since ({posts.since})"))
    from bookmaker.read.discover import body_format

    for kind, path in matter.files(root).items():
        rel = getattr(matter, kind)
        if not is_inside(path, root):
            problems.append((f"matter.{kind}", f"{rel!r} is outside the book's folder"))
        elif not path.is_file():
            problems.append((f"matter.{kind}", f"no such file {rel!r} (relative to {root})"))
        elif body_format(path) is None:
            problems.append((f"matter.{kind}", f"{rel!r} is not Markdown, HTML or Textile"))
    return problems
