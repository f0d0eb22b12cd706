"""config: the blog a book's folder is, when it is one: a Jekyll site (`_config.yml`) or
a Hugo site (`hugo.toml`, or `config.toml` beside `content/`).

From its config file: the site's title, author, address and language, which the book takes
as defaults (book.toml wins), and where the engine keeps the posts (Jekyll's `_posts/`,
`_drafts/` and output collections; Hugo's main sections under `content/`), and where a
root-relative image (`/assets/x.png`) is found.  Nothing here reads a post.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml

from bookmaker.errors import ConfigError

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml")
#: Folders never searched for `_posts`: output, dependencies, caches.
_SKIP = {"_site", "_build", "node_modules", "vendor", "__pycache__", "public", "resources"}
#: Hugo sections that hold posts when the config names no `mainSections`.
_HUGO_SECTIONS = ("posts", "post", "blog", "articles")


@dataclass(frozen=True)
class Blog:
    engine: Literal["jekyll", "hugo"]
    root: Path
    #: The config file the settings come from, named in errors and as their origin.
    config_file: Path
    title: str | None = None
    #: The site's author: the author of every post that names none.
    author: str | None = None
    url: str | None = None
    baseurl: str = ""
    language: str | None = None
    post_dirs: tuple[Path, ...] = ()
    draft_dirs: tuple[Path, ...] = ()
    #: Where `/x.png` is looked up (Jekyll: the site; Hugo: `static/`).
    asset_roots: tuple[Path, ...] = ()

    def defaults(self) -> dict[str, dict[str, str]]:
        """The book.toml settings this site gives when book.toml does not."""
        book = {"title": self.title, "language": self.language}
        site = {"url": self.url, "baseurl": self.baseurl or None}
        return {
            "book": {k: v for k, v in book.items() if v},
            "site": {k: v for k, v in site.items() if v},
        }

    @property
    def described(self) -> str:
        """How `-v` names it: 'Jekyll site _config.yml: 30 posts in _posts'."""
        where = ", ".join(sorted({_rel(d, self.root) for d in self.post_dirs})) or "nowhere"
        return f"{self.engine.capitalize()} site ({self.config_file.name}); posts in {where}"


def find_blog(folder: Path) -> Blog | None:
    """The blog FOLDER is, or None for a plain folder of posts (or a post)."""
    if not folder.is_dir():
        return None
    for name in JEKYLL_CONFIGS:
        if (folder / name).is_file():
            return _jekyll(folder, folder / name)
    for name in HUGO_CONFIGS:
        path = folder / name
        if path.is_file() and (name.startswith("hugo.") or (folder / "content").is_dir()):
            return _hugo(folder, path)
    return None


def _jekyll(root: Path, path: Path) -> Blog:
    data = _read(path)
    base = _text(data.get("collections_dir")) or ""
    collections = data.get("collections") or {}
    if isinstance(collections, list):
        collections = {name: {} for name in collections}
    outputs = [
        root / base / f"_{name}"
        for name, spec in collections.items()
        if name != "posts" and isinstance(spec, dict) and spec.get("output")
    ]
    return Blog(
        "jekyll",
        root,
        path,
        title=_text(data.get("title")),
        author=_person(data.get("author")),
        url=_text(data.get("url")),
        baseurl=_text(data.get("baseurl")) or "",
        language=_text(data.get("lang") or data.get("language") or data.get("locale")),
        post_dirs=tuple(_named_dirs(root / base, "_posts"))
        + tuple(d for d in outputs if d.is_dir()),
        draft_dirs=tuple(_named_dirs(root / base, "_drafts")),
        asset_roots=(root,),
    )


def _hugo(root: Path, path: Path) -> Blog:
    data = _read(path)
    params = data.get("params") if isinstance(data.get("params"), dict) else {}
    content = root / (_text(data.get("contentDir")) or "content")
    sections = params.get("mainSections") or params.get("mainsections")
    if isinstance(sections, str):
        sections = [sections]
    names = [s for s in sections if isinstance(s, str)] if isinstance(sections, list) else []
    dirs = [content / n for n in names] or [content / n for n in _HUGO_SECTIONS]
    found = tuple(d for d in dirs if d.is_dir()) or ((content,) if content.is_dir() else ())
    base = urlsplit(_text(data.get("baseURL") or data.get("baseurl")) or "")
    return Blog(
        "hugo",
        root,
        path,
        title=_text(data.get("title")),
        author=_person(params.get("author") or data.get("author")),
        url=f"{base.scheme}://{base.netloc}" if base.scheme and base.netloc else None,
        baseurl=base.path.rstrip("/"),
        language=_text(data.get("languageCode") or data.get("defaultContentLanguage")),
        post_dirs=found,
        asset_roots=(root / (_text(data.get("staticDir")) or "static"),),
    )


def _read(path: Path) -> dict[str, Any]:
    """The site's config as a table; a mistake in it is the user's, named with its line."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError(f"not valid YAML: {exc.problem}", path, line) from None
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot be read: {' '.join(str(exc).split())}", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("expected a table of settings", path)
    return data


def _named_dirs(root: Path, name: str) -> list[Path]:
    """Every folder called NAME under ROOT (Jekyll keeps `_posts` in category folders too)."""
    found = []
    for folder, subdirs, _ in os.walk(root):
        subdirs[:] = sorted(
            d for d in subdirs if d not in _SKIP and not d.startswith(".") and d != name
        )
        if (Path(folder) / name).is_dir():
            found.append(Path(folder) / name)
    return found


def _text(value: Any) -> str | None:
    return str(value).strip() or None if isinstance(value, (str, int, float)) else None


def _person(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name"))
    if isinstance(value, list):
        return ", ".join(t for v in value if (t := _person(v))) or None
    return _text(value)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return str(path)
