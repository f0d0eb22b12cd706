"""Stage 1½, images: the pictures the posts name, had before anything is converted.

posts → `Gathered`: every image a post shows (its `<img>`s, its contributors' photos) and a
cover given as a web address, each found among the book's files or fetched from the web into
the cache, checked to be a whole, sane image, and made an `Asset`.  Convert then only looks
them up (`BookImages`), so it stays pure, and the builders only ever see local files, which
they fit to their edition (`editions`).

Each problem is one warning naming the post and the image: not found, outside the book's
folder, not fetched (and why), not an image, damaged, too many pixels, an SVG that had to be
cleaned.  An image that is not had leaves its caption, credit and address to convert.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bookmaker.addresses import is_web_address
from bookmaker.config import Config
from bookmaker.errors import Diagnostic
from bookmaker.images.sources import Place, Site, image_sources, place_of
from bookmaker.model import Asset, Post

if TYPE_CHECKING:
    from bookmaker.images.assets import AssetMaker
    from bookmaker.images.fetch import Fetched, Progress
    from bookmaker.images.probe import Probe

__all__ = ["BookImages", "Gathered", "gather", "is_web_address"]


@dataclass(frozen=True)
class BookImages:
    """What the images stage found for each image a post names; convert's asset resolver.

    For (post, src): the `Asset`; or a string, the reason it is not in the book, already
    reported as a warning; or None, when nobody looked (offline and not in the cache).
    A value rather than a closure, so conversions can run in other processes."""

    found: Mapping[tuple[str, str], Asset | str] = field(default_factory=dict)

    def __call__(self, post: Post, src: str) -> Asset | str | None:
        return self.found.get((str(post.path), src.strip()))


@dataclass
class Gathered:
    images: BookImages
    warnings: list[Diagnostic]
    #: The cover `[epub] cover` gives as a web address, fetched; None otherwise.
    cover: Asset | None = None
    downloaded: int = 0


def gather(
    posts: list[Post],
    config: Config,
    outdir: Path,
    *,
    site_url: str | None = None,
    offline: bool = False,
    progress: Progress | None = None,
) -> Gathered:
    """The images of POSTS (and a web cover), fetched into OUTDIR's cache unless OFFLINE."""
    book = config.root.resolve()
    roots = tuple(r.resolve() for r in config.blog.asset_roots) if config.blog else ()
    site = Site(book, roots, config.site.baseurl, site_url)
    places = {
        (post, src): place_of(src, post, site) for post in posts for src in image_sources(post)
    }
    cover_url = config.epub.cover if is_web_address(config.epub.cover) else None
    if not places and cover_url is None:
        return Gathered(BookImages({}), [])  # no image library, no HTTP client imported
    # Imported here: a book without images (or a rebuild's parent) never needs them.
    from bookmaker.images.assets import AssetMaker
    from bookmaker.images.cache import ImageCache, cache_folder
    from bookmaker.images.fetch import FetchOptions, fetch_all
    from bookmaker.images.http import Limits

    urls = [p.url for p in places.values() if p.url] + ([cover_url] if cover_url else [])
    settings = config.images
    options = FetchOptions(
        online=settings.fetch and not offline,
        limits=Limits(
            timeout=settings.timeout,
            max_bytes=int(settings.max_mb * 1024 * 1024),
            allow_private=settings.allow_private,
        ),
        connections=settings.connections,
    )
    fetched = fetch_all(urls, ImageCache(cache_folder(config, outdir)), options, progress)
    maker = AssetMaker(book, settings.max_pixels, options.limits.max_bytes)
    return _made(places, cover_url, fetched, maker)


def _made(
    places: Mapping[tuple[Post, str], Place],
    cover_url: str | None,
    fetched: Fetched,
    maker: AssetMaker,
) -> Gathered:
    """What PLACES (and the cover at COVER_URL) became: assets, or warnings."""
    found: dict[tuple[str, str], Asset | str] = {}
    warnings: list[Diagnostic] = []
    for (post, src), place in places.items():
        result = _asset(src, place, fetched, maker)
        if result is None:
            continue
        key = (str(post.path), src)
        if isinstance(result, _Problem):
            found[key] = result.message
            warnings.append(Diagnostic(result.message, result.code, post.display_path))
            continue
        asset, checked = result
        found[key] = asset
        if checked.removed:
            message = f"image {src!r}: removed {', '.join(checked.removed)} from the SVG"
            warnings.append(Diagnostic(message, "image.svg", post.display_path))
    cover = _cover(cover_url, fetched, maker, warnings) if cover_url else None
    return Gathered(BookImages(found), warnings, cover, fetched.downloaded)


@dataclass(frozen=True)
class _Problem:
    code: str
    message: str


def _asset(
    src: str, place: Place, fetched: Fetched, maker: AssetMaker
) -> tuple[Asset, Probe] | _Problem | None:
    """The asset SRC becomes, or the problem to warn of, or None when it was not asked for."""
    if place.problem is not None:
        code = "image.missing" if place.problem == "not found" else "image.refused"
        return _Problem(code, f"image {src!r} {place.problem}; left out")
    if place.file is not None:
        made = maker.local(place.file)
    else:
        assert place.url is not None
        if place.url in fetched.failures:
            reason = fetched.failures[place.url]
            return _Problem("image.fetch", f"image {place.url!r} not fetched: {reason}")
        path = fetched.files.get(place.url)
        if path is None:
            return None
        made = maker.web(path, place.url)
        if isinstance(made, str):
            path.unlink(missing_ok=True)  # a damaged download is fetched again next time
    if isinstance(made, str):
        return _Problem("image.invalid", f"image {src!r} {made}; left out")
    return made


def _cover(
    url: str, fetched: Fetched, maker: AssetMaker, warnings: list[Diagnostic]
) -> Asset | None:
    result = _asset(url, Place(url=url), fetched, maker)
    if result is not None and not isinstance(result, _Problem):
        return result[0]
    why = result.message if result is not None else "not in the cache, and fetching is off"
    warnings.append(Diagnostic(f"epub.cover: {why}; a cover is drawn instead", "epub.cover"))
    return None
