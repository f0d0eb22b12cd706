"""A book project: SOURCE → its config (book.toml over a blog's own settings) and its posts,
chosen and ordered.  What `build`, `list` and `serve` all start from.

SOURCE is a post, a folder of posts, or a blog (a Jekyll or Hugo site, see `read/blog.py`):
a blog's posts are found where its engine keeps them, its authors data names the people
behind author ids, and its root-relative images are found where it serves them from.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bookmaker.blog import find_blog
from bookmaker.config import CONFIG_NAME, Config, config_error, load
from bookmaker.errors import ConfigError, Diagnostic, ReadError
from bookmaker.model import Post
from bookmaker.read import Choice, Reader, Reading, Site, discover, read_book, read_each
from bookmaker.read.matter import read_matter
from bookmaker.read.site_people import PeopleFinder, site_people, table_of


def book_root(source: Path) -> Path:
    return source if source.is_dir() else source.parent


def is_project(folder: Path) -> bool:
    """Whether FOLDER is a book on its own: it has a book.toml, or it is a blog."""
    return (folder / CONFIG_NAME).is_file() or find_blog(folder) is not None


def configure(source: Path, overrides: tuple[str, ...] = ()) -> Config:
    """The config of the book SOURCE is; a blog's settings only when SOURCE is the blog (a
    single post is its own book, titled by the post)."""
    if not source.exists():
        raise ReadError("no such file or folder", source)
    return load(book_root(source), overrides, find_blog(source))


def site(config: Config) -> Site:
    """The blog the posts come from, as they see it (`{{ site.url }}`, authors data)."""
    blog = config.blog
    root = blog.root if blog else config.root
    return Site(
        url=config.site.url or "",
        baseurl=config.site.baseurl,
        author=blog.author if blog else None,
        authors=site_people(root, confine=root),
    )


def post_paths(source: Path, config: Config) -> list[Path]:
    """The post files of the book, before `[posts]` chooses among them: where the blog keeps
    them, else every post under SOURCE; never a file `[matter]` names."""
    blog = config.blog
    if blog is not None:
        from bookmaker.read.discover import discover_blog

        found = discover_blog(blog, config.book.include_drafts)
    else:
        found = discover(source)
    matter = {p.resolve() for p in config.matter.files(config.root).values()}
    return [p for p in found if p.resolve() not in matter] if matter else found


def read(
    source: Path,
    config: Config,
    outdir: Path,
    *,
    keep_going: bool,
    render: bool = True,
    reader: Reader = read_each,
) -> Reading:
    """The book's posts, as its config chooses and orders them (never from the output
    folder); without RENDER, only their front matter (enough to list them).  READER reads the
    post files (`post_reader.PostReader`: in worker processes, through the cache)."""
    try:
        return read_book(
            source,
            site=site(config),
            include_drafts=config.book.include_drafts,
            keep_going=keep_going,
            skip=outdir,
            root=config.root,
            paths=post_paths(source, config),
            choice=Choice(config.posts, config.order, config.root),
            render=render,
            limits=config.limits,
            people=PeopleFinder(config.root, table_of(config.authors)),
            reader=reader,
        )
    except ConfigError as exc:
        if exc.path is not None:
            raise
        raise config_error(exc.message, config.origins.get("posts.list")) from None


def matter_texts(
    config: Config, posts: list[Post]
) -> tuple[list[tuple[str, Post]], list[Diagnostic]]:
    """The texts `[matter]` names, by kind, read like posts (a mistake in one stops the build:
    it is the editors' own text), each with a slug none of the POSTS has; their warnings."""
    files = config.matter.files(config.root)
    if not files:
        return [], []
    blog_site = site(config)
    taken = [p.slug for p in posts]
    texts, warnings = [], []
    for kind, path in files.items():
        post, diags = read_matter(kind, path, blog_site, config.root)
        slug, n = post.slug, 1
        while slug in taken:
            n += 1
            slug = f"{post.slug}-{n}"
        taken.append(slug)
        warnings.extend(diags.items)
        texts.append((kind, replace(post, slug=slug)))
    return texts, warnings


def notes(config: Config, reading: Reading) -> list[str]:
    """How the book was put together, for `-v`: the blog found and what the book took from
    it, and how many posts `[posts]` chose."""
    lines = []
    blog = config.blog
    if blog is not None:
        taken = [key for key, origin in config.origins.items() if origin == blog.config_file]
        lines.append(blog.described)
        if taken:
            lines.append(f"from {blog.config_file.name}: {', '.join(sorted(taken))}")
    chosen = len(reading.posts) + len(reading.drafts) + len(reading.failed)
    rules = config.posts != type(config.posts)()
    how = " by [posts]" if rules else ""
    lines.append(
        f"{chosen} of {reading.found} post files chosen{how}, ordered by {config.order.key(config.posts)}"
    )
    return lines
