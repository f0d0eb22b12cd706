"""Images a book may carry: what an image file is, read from its header only, and whether it
is one a book can ship.

A post's folder may hold a "decompression bomb" (a small file that declares 30,000×30,000
pixels), a `.png` that is a text file, or an SVG with a script in it.  Each is found here
before a builder opens it: a raster image's size is read from its header (Pillow does not
decode the pixels until asked), and an SVG is parsed without its DTD, entities or network.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

from lxml import etree
from PIL import Image

from bookmaker.limits import MEGA
from bookmaker.xhtml import SVG

#: Pillow's names of the formats each media type may hold.
RASTER_FORMATS = {
    "image/jpeg": {"JPEG", "MPO"},
    "image/png": {"PNG"},
    "image/gif": {"GIF"},
    "image/webp": {"WEBP"},
}
#: A CSS `url(…)` and what it points to.
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
#: SVG elements that run code or pull in other documents.
_SVG_ACTIVE = {"script", "foreignObject", "iframe", "handler", "listener"}


class ImageTooBig(Exception):
    """An image of more pixels than the limit allows."""


class AssetRefused(Exception):
    """A file a post names that the book will not carry; the message says why."""


def image_header(data: bytes | Path, max_pixels: int) -> tuple[str, tuple[int, int]]:
    """(Pillow's format name, (width, height)) of the image DATA (bytes, or a file), read from
    its header; ImageTooBig past MAX_PIXELS, OSError when it is no image Pillow knows."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(source) as image:
                kind, size = str(image.format), image.size
        except Image.DecompressionBombError as exc:
            declared = re.search(r"\((\d+) pixels\)", str(exc))
            pixels = int(declared[1]) if declared else 0
            raise ImageTooBig(
                _too_big(f"it declares {pixels / MEGA:.0f} million pixels", max_pixels)
            ) from None
    pixels = size[0] * size[1]
    if pixels > max_pixels:
        raise ImageTooBig(
            _too_big(f"{size[0]}×{size[1]} is {pixels / MEGA:.0f} million pixels", max_pixels)
        )
    return kind, size


def _too_big(what: str, max_pixels: int) -> str:
    return f"{what}, more than limits.image_megapixels = {max_pixels / MEGA:g} allows"


def is_animated(data: bytes) -> bool:
    """Whether the image DATA moves (an animated GIF, PNG or WebP); False for no image."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                return bool(getattr(image, "is_animated", False))
        except (OSError, Image.DecompressionBombError):
            return False


def check_image_file(path: Path, media_type: str, max_pixels: int) -> None:
    """AssetRefused when the file at PATH is not an image of MEDIA_TYPE a book can ship."""
    if media_type == "image/svg+xml":
        check_svg(path)
        return
    try:
        kind, _ = image_header(path, max_pixels)
    except ImageTooBig as exc:
        raise AssetRefused(str(exc)) from None
    except OSError:
        raise AssetRefused(f"not a {media_type.split('/')[1].upper()} image") from None
    if kind not in RASTER_FORMATS.get(media_type, set()):
        raise AssetRefused(f"a {kind} image under the name of a {media_type} one")


def check_svg(path: Path) -> None:
    """AssetRefused for an SVG that is not plain, self-contained XML: a DOCTYPE (entities can
    read other files), scripts, event handlers or references to other files."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError):
        raise AssetRefused("not a well-formed SVG file") from None
    if root.getroottree().docinfo.doctype or root.tag != f"{{{SVG}}}svg":
        raise AssetRefused("an SVG must be an <svg> element without a DOCTYPE")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname in _SVG_ACTIVE:
            raise AssetRefused(f"the SVG has a <{etree.QName(element).localname}> element")
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if local.lower().startswith("on"):
                raise AssetRefused(f"the SVG has an event handler ({local})")
            if local == "href" and not value.strip().startswith("#") or _outside(value):
                raise AssetRefused(f"the SVG refers to another file ({value[:60]!r})")
        if etree.QName(element).localname == "style" and _outside(element.text or ""):
            raise AssetRefused("the SVG's style sheet refers to another file")


def _outside(css: str) -> bool:
    """Whether CSS (a style sheet, or an attribute's value) loads anything but a part of the
    same SVG (`url(#gradient)`)."""
    if "@import" in css.lower() or "\\" in css:  # a CSS escape can spell `url(` another way
        return True
    return any(not target.startswith("#") for target in _CSS_URL.findall(css))
