"""Blogs made by the tests, as their engines lay them out: a Jekyll site of 30 posts over three
years and a small Hugo site with page bundles.  Each returns what it wrote about its posts
(`Made`), so a test can say which posts a book should have without asking bookmaker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

#: Author id → full name, as the sites' authors data gives them.
AUTHORS = {"ann": "Ann Lee", "bo": "Bo Stone", "cy": "Cy Twombly"}
TAG = "中参馆"


@dataclass(frozen=True)
class Made:
    """One generated post: where it is and what its front matter says."""

    path: Path
    title: str
    date: dt.date
    author: str
    tags: tuple[str, ...]

    @property
    def sentence(self) -> str:
        """A sentence only this post has, to find it in a book."""
        return f"This is the text of {self.title.lower()}."


def _image(path: Path, colour: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), colour).save(path)


def _post(path: Path, made: Made, front: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tags = ", ".join(f'"{t}"' for t in made.tags)
    path.write_text(
        f"---\ntitle: {made.title}\ndate: {made.date.isoformat()}\nauthor: {made.author}\n"
        f"tags: [{tags}]\n{front}---\n\n{made.sentence}\n\n{body}\n",
        encoding="utf-8",
    )


def jekyll_site(root: Path) -> list[Made]:
    """30 posts from 2022 to 2024 by three authors (ids in `_data/authors.yml`), every third
    tagged 中参馆; `_config.yml`, a layout, pages that are not posts, a draft, images under
    `/assets/` (the site's baseurl is `/blog`) and a collection that is not output."""
    (root / "_layouts").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Field Notes Quarterly\nauthor: Site Owner\nurl: https://notes.example.org\n"
        "baseurl: /blog\nlang: en-GB\ncollections:\n  staff:\n    output: false\n",
        encoding="utf-8",
    )
    (root / "_data").mkdir()
    (root / "_data" / "authors.yml").write_text(
        "".join(f"{key}:\n  name: {name}\n  bio: Writes.\n" for key, name in AUTHORS.items()),
        encoding="utf-8",
    )
    (root / "_layouts" / "post.html").write_text("<article>{{ content }}</article>\n")
    (root / "index.md").write_text("---\nlayout: home\ntitle: Home\n---\nWelcome.\n")
    (root / "about.md").write_text("---\ntitle: About\n---\nAbout this site.\n")
    (root / "_staff").mkdir()
    (root / "_staff" / "ann.md").write_text("---\ntitle: Ann\n---\nStaff page.\n")
    (root / "_drafts").mkdir()
    (root / "_drafts" / "unfinished.md").write_text(
        f"---\ntitle: Unfinished\ntags: [{TAG}]\n---\nNot yet.\n"
    )
    _image(root / "assets" / "img" / "square.png", "#336699")
    made = []
    first = dt.date(2022, 1, 10)
    for i in range(30):
        date = first + dt.timedelta(days=37 * i)
        tags = (TAG, "conversations") if i % 3 == 0 else ("essays",) if i % 2 else ("notes",)
        post = Made(
            root / "_posts" / f"{date.isoformat()}-post-{i:02d}.md",
            f"Post {i:02d}",
            date,
            list(AUTHORS)[i // 3 % 3],
            tags,
        )
        body = (
            f"A [source](https://example.org/source/{i}) and a figure:\n\n"
            "![A square](/blog/assets/img/square.png)\n"
        )
        _post(post.path, post, "", body)
        made.append(post)
    return made


def hugo_site(root: Path) -> list[Made]:
    """Six posts in `content/posts/` over 2023–2024, four of them page bundles (a folder with
    `index.md`, its image and a resource that is no post), a section page, a page outside
    the posts section, `hugo.toml`, `data/authors.yaml` and an image under `static/`."""
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://hugo.example.org/"\ntitle = "Trail Journal"\n'
        'languageCode = "en-us"\n[params]\nauthor = "ann"\n',
        encoding="utf-8",
    )
    (root / "data").mkdir()
    (root / "data" / "authors.yaml").write_text(
        "".join(f"{key}:\n  name: {name}\n" for key, name in AUTHORS.items()), encoding="utf-8"
    )
    (root / "content" / "posts" / "_index.md").write_text("---\ntitle: Posts\n---\nAll posts.\n")
    (root / "content" / "about.md").write_text("---\ntitle: About\n---\nAbout.\n")
    _image(root / "static" / "images" / "logo.png", "#993300")
    made = []
    for i in range(6):
        date = dt.date(2023, 3, 1) + dt.timedelta(days=120 * i)
        tags = (TAG,) if i % 2 == 0 else ("gear",)
        bundle = i % 3 != 2
        folder = root / "content" / "posts" / f"trip-{i}"
        path = folder / "index.md" if bundle else folder.with_suffix(".md")
        post = Made(path, f"Trip {i}", date, list(AUTHORS)[i % 3], tags)
        if bundle:
            _image(folder / "photo.png", "#228833")
            (folder / "packing.md").write_text("---\ntitle: Packing list\n---\nA resource.\n")
            body = f"![The trail](photo.png)\n\nSee [the map](https://example.org/map/{i})."
        else:
            body = f"![Logo](/images/logo.png)\n\nSee [the map](https://example.org/map/{i})."
        _post(path, post, "", body)
        made.append(post)
    return made
