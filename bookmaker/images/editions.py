"""images: the file each edition ships for each of the book's images, made once and cached.

The EPUB fits its images in `images.epub_max` pixels; the PDF keeps them at `images.print_dpi`
across the text block (300 dpi at the text width, by default).  What `render` makes is kept in
the cache by the image's content hash and the box, so a rebuild renders nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from bookmaker.config import Config
from bookmaker.errors import BuildError
from bookmaker.geometry import Geometry
from bookmaker.images.cache import ImageCache, cache_folder
from bookmaker.images.render import RENDER_VERSION, Box, render
from bookmaker.model import Asset

_MM_PER_INCH = 25.4


def epub_box(config: Config) -> Box:
    side = config.images.epub_max
    return Box(side, side)


def print_box(config: Config, geometry: Geometry) -> Box:
    """The text block at the print resolution: an image never needs more pixels than that."""
    dpi = config.images.print_dpi
    width = geometry.width - geometry.inner - geometry.outer
    height = geometry.height - geometry.top - geometry.bottom
    return Box(round(width / _MM_PER_INCH * dpi), round(height / _MM_PER_INCH * dpi))


def edition_files(
    assets: Iterable[Asset], box: Box, config: Config, outdir: Path
) -> dict[str, Path]:
    """href → the file to ship for each asset, fitted to BOX (OUTDIR: the output folder the
    cache is under)."""
    cache = ImageCache(cache_folder(config, outdir))
    assets = list(assets)
    workers = min(4, os.cpu_count() or 1, max(1, len(assets)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        files = list(pool.map(lambda asset: _edition_file(asset, box, cache), assets))
    return {asset.href: path for asset, path in zip(assets, files)}


def _edition_file(asset: Asset, box: Box, cache: ImageCache) -> Path:
    extension = asset.href.rsplit(".", 1)[-1]
    target = cache.edition_file(asset.digest, f"{box.name}-r{RENDER_VERSION}", extension)
    if target.is_file():
        return target
    try:
        source = asset.source.read_bytes()
    except OSError as exc:
        raise BuildError(f"cannot read image: {exc.strerror or exc}", asset.source) from None
    try:
        data = render(source, asset.media_type, box)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        # the file changed since the images stage checked it
        raise BuildError(f"cannot prepare the image: {exc}", asset.source) from None
    if data is None:
        return asset.source
    try:
        return cache.keep_edition_file(target, data)
    except OSError as exc:
        raise BuildError(f"cannot write: {exc.strerror or exc}", target) from None
