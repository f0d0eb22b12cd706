"""read: one post file → `Post` (decoded, front matter split and normalised, body as HTML)."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookmaker.errors import Diagnostics, ReadError
from bookmaker.limits import DEFAULT_LIMITS, LimitError, Limits, over, read_at_most, size_text
from bookmaker.model import Post
from bookmaker.path_safety import outside
from bookmaker.read import metadata as md
from bookmaker.read.discover import body_format, post_name
from bookmaker.read.liquid import NO_SITE, Site
from bookmaker.read.people import People
from bookmaker.read.people import people as people_of
from bookmaker.read.warnings import Tally
from bookmaker.slugs import slugify


def display_path(path: Path) -> str:
    """The path as the user gave it, relative to the working folder when it is below it."""
    cwd = os.getcwd()
    if path.name in ("", ".", "..") or path.is_symlink():
        try:
            return str(path.resolve().relative_to(_resolved(cwd, cwd)))
        except ValueError:
            return str(path)
    shown = _shown(str(path.parent), cwd)
    if shown is None:
        return str(path)
    return os.path.join(shown, path.name) if shown != "." else path.name


def real_place(path: Path) -> str:
    """Where PATH is, its folder's links followed: the same wherever the build runs and however
    the path is spelled (relative or absolute), so the cache names a post's entry by it."""
    return os.path.join(str(_resolved(str(path.parent), os.getcwd())), path.name)


def real_folder(folder: Path) -> str:
    """FOLDER with its links followed: where it is, however spelled (as `real_place`)."""
    return str(_resolved(str(folder), os.getcwd()))


@functools.lru_cache(maxsize=64)
def _shown(folder: str, cwd: str) -> str | None:
    """FOLDER, its links followed, relative to CWD (the working folder; "." for itself), or
    None when it is not below it: worked out once for all the posts in it (a rebuild names
    every post by its display path: resolving each whole was a sixth of its reading)."""
    try:
        return str(_resolved(folder, cwd).relative_to(_resolved(cwd, cwd)))
    except ValueError:
        return None


@functools.lru_cache(maxsize=64)
def _resolved(folder: str, cwd: str) -> Path:
    """FOLDER, relative to CWD (the working folder), with its links followed."""
    return Path(folder).resolve()


def _body_html(render: bool, body: str, fmt: str, *args: Any, language: str | None) -> str:
    """The body as HTML (none when it is not RENDERed); `markup.to_html` with ARGS."""
    if not render:
        return ""
    from bookmaker.read.markup import to_html

    return to_html(body, fmt, *args, language=language)


def read_post(
    path: Path,
    site: Site = NO_SITE,
    root: Path | None = None,
    people: People | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    render: bool = True,
    data: bytes | None = None,
) -> tuple[Post, Diagnostics]:
    """Read one post.  With ROOT (the book's folder), a post that is a link to a file outside
    it is refused rather than read: a scraped folder must not print `/etc/passwd`; so is a
    file bigger than LIMITS allow, before it is read.  PEOPLE resolves authors named by id.
    Without RENDER only the front matter is read (to choose posts by it): the body stays
    empty.  DATA is the file's bytes when the caller has read them already (`read_bytes`)."""
    # The parsers are imported by the first post read: a rebuild takes its posts from the cache.
    from bookmaker.read.decode import decode
    from bookmaker.read.frontmatter import split

    shown = display_path(path)
    diags = Diagnostics(shown)
    text = decode(read_bytes(path, root, limits) if data is None else data, diags, shown)
    meta, body, body_line = split(text, shown, diags, limits)
    fmt = body_format(path) or "markdown"
    meta = md.engine_keys(meta)
    name_date, name_slug = md.filename_date_and_slug(post_name(path))
    date = md.parse_date(meta.get("date"), diags, _key_line(text, "date")) or name_date
    title = _title(meta, name_slug, path, diags)
    tally = Tally()
    page = {**meta, "title": title}
    body_html = _body_html(
        render, body, fmt, shown, page, site, tally.warn, body_line, language=_language(meta)
    )
    tally.report(diags)
    post = _post(
        meta,
        diags,
        _Named(
            people or {}, lambda message: diags.warn(message, "read.author", _author_line(text))
        ),
        path=path,
        display_path=shown,
        slug=_slug(title, name_slug, path),
        title=title,
        date=date,
        body_html=body_html,
        body_format=fmt,
        body_line=body_line,
    )
    return post, diags


def _slug(title: str, name_slug: str, path: Path) -> str:
    """The title names a chapter better than a file name does (feed bots name files by hash)."""
    return slugify(title, 40) or slugify(name_slug, 40) or "post-" + _short_hash(path.name)


def _language(meta: dict) -> str | None:
    """The language the front matter gives (for the typographer's quotes), if any."""
    language = meta.get("lang") or meta.get("language")
    return language if isinstance(language, str) else None


def read_bytes(path: Path, root: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The post file's bytes; with ROOT, refused when the file links outside it, and past
    LIMITS refused before it is read."""
    try:
        target = outside(path, root) if root is not None else None
        if target is not None:
            raise ReadError(
                f"links to {target}, outside the book's folder; not read", display_path(path)
            )
        data = read_at_most(path, limits.post_bytes)
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ReadError(f"cannot read file: {reason}", display_path(path)) from None
    if data is None:
        found = f"the file is {size_text(path.stat().st_size)}"
        raise LimitError(over(found, "post_megabytes", limits.post_megabytes), display_path(path))
    return data


def _title(meta: dict, name_slug: str, path: Path, diags: Diagnostics) -> str:
    """The front matter's title, else one made from the file name, with a warning."""
    title = md.text_value(meta.get("title"))
    if not title:
        title = name_slug.replace("-", " ").replace("_", " ").strip().capitalize() or path.stem
        diags.warn(
            f"no title in the front matter; using {title!r} from the file name", "read.title"
        )
    return title


@dataclass(frozen=True)
class _Named:
    """How a post's people are read: the site's table of ids, and where a warning goes."""

    table: People
    warn: Callable[[str], None]


def _post(meta: dict, diags: Diagnostics, named: _Named, **known: Any) -> Post:
    """A post: what KNOWN says, and the rest of its metadata from the front matter META."""
    authors, more = people_of(meta, table=named.table, warn=named.warn)
    contributors = people_of(meta, "contributors", named.table, named.warn)[0]
    return Post(
        **known,
        subtitle=md.text_value(meta.get("subtitle")),
        authors=authors,
        more_authors=more,
        source_url=md.source_url(meta, diags),
        tags=md.string_list(meta.get("tags") or meta.get("tag"), split_spaces=True),
        categories=md.string_list(
            meta.get("categories") or meta.get("category"), split_spaces=True
        ),
        language=md.language(meta),
        draft=md.is_draft(meta),
        contributors=tuple(p.name for p in contributors),
        contributor_details=contributors,
        extra=meta,
    )


def _key_line(text: str, key: str) -> int | None:
    m = re.search(rf"^{re.escape(key)}\s*[:=]", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _author_line(text: str) -> int | None:
    return next((n for k in ("author", "authors") if (n := _key_line(text, k))), None)


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
