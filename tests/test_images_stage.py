"""The images stage's own steps: which images a post names, where each is to be had, and the
asset a file becomes (its name in the book, its hash, the limits it is held to)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from helpers.images import image_bytes

from bookmaker.images.assets import AssetMaker
from bookmaker.images.sources import Place, Site, image_sources, place_of
from bookmaker.model import Person, Post


def post_at(path: Path, body: str, source_url: str | None = None, photos: tuple = ()) -> Post:
    return Post(
        path=path,
        display_path=path.name,
        slug="p",
        title="P",
        date=None,
        authors=(),
        more_authors=False,
        source_url=source_url,
        tags=(),
        categories=(),
        language=None,
        draft=False,
        contributors=(),
        body_html=body,
        body_format="html",
        body_line=1,
        contributor_details=tuple(Person(f"P{n}", photo=p) for n, p in enumerate(photos)),
    )


def test_the_images_a_post_names_each_once_as_convert_will_ask_for_them(tmp_path: Path):
    body = (
        '<?xml version="1.0" encoding="utf-8"?><p><img src=" a.png "><img src="a.png">'
        '<!-- <img src="hidden.png"> --><img src="data:image/png;base64,AAAA"><img>'
        '<img src="caf&eacute;.png"></p>'
    )
    post = post_at(tmp_path / "p.html", body, photos=("https://x.org/ada.jpg", "a.png"))
    assert image_sources(post) == ["a.png", "café.png", "https://x.org/ada.jpg"]
    assert image_sources(post_at(tmp_path / "q.html", "   ")) == []


def test_where_each_image_is_to_be_had(tmp_path: Path):
    book = tmp_path / "book"
    (book / "posts" / "img").mkdir(parents=True)
    (book / "assets").mkdir()
    (book / "posts" / "img" / "here.png").write_bytes(b"x")
    (book / "assets" / "site.png").write_bytes(b"x")
    (tmp_path / "secret.png").write_bytes(b"x")
    (book / "posts" / "img" / "link.png").symlink_to(tmp_path / "secret.png")
    post = post_at(book / "posts" / "p.md", "", source_url="https://blog.example/2020/p/")
    bare = post_at(book / "posts" / "q.md", "")
    root = book.resolve()
    here, site = Site(root), Site(root, url="https://site.example/")
    assert place_of("img/here.png", post, here) == Place(file=root / "posts/img/here.png")
    assert place_of("/assets/site.png", post, here) == Place(file=root / "assets/site.png")
    assert place_of("//cdn.example/a.jpg", post, here) == Place(url="https://cdn.example/a.jpg")
    assert place_of("img/gone.png", post, here) == Place(
        url="https://blog.example/2020/p/img/gone.png"
    )
    assert place_of("/up/gone.png", bare, site) == Place(url="https://site.example/up/gone.png")
    assert place_of("img/gone.png", bare, here) == Place(problem="not found")
    outside = Place(problem="is outside the book's folder")
    assert place_of("img/link.png", post, here) == outside
    assert place_of("../../secret.png", post, here) == outside
    assert place_of("file:///etc/hostname", post, here).problem.startswith("is a file:")
    assert place_of("javascript:alert(1)", post, here).problem.startswith("is a javascript:")


def test_a_file_becomes_an_asset_named_by_its_path_or_its_address_and_hash(tmp_path: Path):
    book = tmp_path.resolve()
    (book / "My Photos").mkdir()
    jpeg, webp = image_bytes(kind="JPEG"), image_bytes(kind="WEBP")
    (book / "My Photos" / "a b.jpg").write_bytes(jpeg)
    (book / "My Photos" / "c.webp").write_bytes(webp)
    (book / "big.png").write_bytes(image_bytes((300, 300), kind="PNG", compress_level=0))
    maker = AssetMaker(book, max_pixels=10**8, max_bytes=100_000)
    asset, found = maker.local(book / "My Photos" / "a b.jpg")
    assert (asset.href, asset.media_type) == ("images/My-Photos/a-b.jpg", "image/jpeg")
    assert asset.digest == hashlib.sha256(jpeg).hexdigest() and found.kind == "JPEG"
    assert maker.local(book / "My Photos" / "a b.jpg")[0] is asset  # made once
    converted, _ = maker.local(book / "My Photos" / "c.webp")
    assert (converted.href, converted.media_type) == ("images/My-Photos/c.webp.jpg", "image/jpeg")
    (book / "cache").mkdir()
    (book / "cache" / "0f3a").write_bytes(webp)  # a download, as the cache names it
    web, _ = maker.web(book / "cache" / "0f3a", "https://x.org/p/Harbour%20view.webp?w=2")
    digest = hashlib.sha256(webp).hexdigest()
    assert web.href == f"images/web/Harbour-view-{digest[:12]}.jpg"
    assert maker.local(book / "big.png") == "is larger than images.max_mb (0.0953674 MB)"
