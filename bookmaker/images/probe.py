"""images: what an image file really is, checked before any edition ships it.

An extension or a server's word is not enough: a `.jpg` may be an HTML error page, a PNG may
declare 100,000 × 100,000 pixels in a few hundred bytes (a decompression bomb), a JPEG may be
cut short.  Each file is identified by its content, its size read from its header and checked
against the pixel limit *before* it is decoded, then decoded once (small, where the format
allows) to be sure it is whole.  The result says what the book will ship it as: JPEG, PNG and
GIF as they are; SVG cleaned; WebP, AVIF, HEIC, TIFF, BMP and the rest converted to JPEG, or to
PNG when they have transparency, since not every e-reader shows them.
"""

from __future__ import annotations

import io
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageFile, UnidentifiedImageError

from bookmaker.images.svg import NotSvg, clean_svg, is_svg

#: Formats shipped as they are, by Pillow's name: (media type, extension).
KEPT = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "GIF": ("image/gif", "gif")}
SVG_TYPE = ("image/svg+xml", "svg")
#: Extensions of the formats images may come in, by Pillow's name (for cache files).
EXTENSIONS = {
    **{name: ext for name, (_, ext) in KEPT.items()},
    "SVG": "svg",
    "WEBP": "webp",
    "AVIF": "avif",
    "HEIF": "heic",
    "TIFF": "tif",
    "BMP": "bmp",
    "MPO": "jpg",
}

try:  # HEIC/HEIF, the iPhone's format, when the optional pillow-heif is installed
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - depends on what is installed
    pass
else:
    register_heif_opener()


_TRUNCATED_LOCK = threading.Lock()


class ImageProblem(ValueError):
    """Why a file cannot be an image of the book, in words for a warning."""


@dataclass(frozen=True)
class Probe:
    #: Pillow's name for the format ("JPEG", "WEBP"), or "SVG".
    kind: str
    width: int
    height: int
    #: What the book ships it as, and the extension that goes with it.
    media_type: str
    extension: str
    #: What cleaning an SVG removes ("scripts", "event handlers"), for a warning.
    removed: tuple[str, ...] = ()


def kind_of(data: bytes) -> str | None:
    """The format DATA is in, from its first bytes only, or None if it is no image."""
    if is_svg(data):
        return "SVG"
    try:
        with _quiet(), Image.open(io.BytesIO(data)) as image:
            return image.format
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def probe(data: bytes, max_pixels: int) -> Probe:
    """What DATA is and what it ships as; ImageProblem when it is not a whole, sane image."""
    if is_svg(data):
        try:
            _, removed = clean_svg(data)
        except NotSvg as exc:
            raise ImageProblem(f"is {exc}") from None
        return Probe("SVG", 0, 0, *SVG_TYPE, removed=removed)
    try:
        with _quiet(), Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = _within(image, max_pixels)
            _decode(image)
            media_type, extension = KEPT.get(kind) or _converted(image)
    except Image.DecompressionBombError as exc:
        raise ImageProblem(_bomb(exc, max_pixels)) from None
    except UnidentifiedImageError:
        raise ImageProblem("is not an image bookmaker can read") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageProblem(f"is a damaged {kind_of(data) or 'image'} file ({exc})") from None
    return Probe(kind, width, height, media_type, extension)


def header(data: bytes, max_pixels: int) -> tuple[str, tuple[int, int]]:
    """(Pillow's name for the format, (width, height)) of the raster image DATA, read from its
    header only, nothing decoded; ImageProblem past MAX_PIXELS or when it is no image."""
    try:
        with _quiet(), Image.open(io.BytesIO(data)) as image:
            return _within(image, max_pixels)
    except Image.DecompressionBombError as exc:
        raise ImageProblem(_bomb(exc, max_pixels)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise ImageProblem("is not an image bookmaker can read") from None


def is_animated(data: bytes) -> bool:
    """Whether the image DATA moves (an animated GIF, PNG or WebP); False for no image."""
    try:
        with _quiet(), Image.open(io.BytesIO(data)) as image:
            return bool(getattr(image, "is_animated", False))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return False


def _within(image: Image.Image, max_pixels: int) -> tuple[str, tuple[int, int]]:
    """IMAGE's format and size; ImageProblem when it has more than MAX_PIXELS pixels."""
    width, height = image.size
    if width * height > max_pixels:
        raise ImageProblem(
            f"is {width}×{height} pixels, more than images.max_pixels ({max_pixels:,})"
        )
    return image.format or "?", (width, height)


def _bomb(exc: Image.DecompressionBombError, max_pixels: int) -> str:
    """What Pillow refused to open (a decompression bomb) declares."""
    declared = re.search(r"\((\d+) pixels\)", str(exc))
    said = f": it declares {int(declared[1]) / 1e6:,.0f} million" if declared else ""
    return f"has far more pixels than images.max_pixels ({max_pixels:,}){said}"


def _decode(image: Image.Image) -> None:
    """Decode IMAGE (its first frame), at a fraction of its size where JPEG allows it: enough
    to find a file cut short, at little cost for a big photo.

    WeasyPrint, once imported, tells Pillow to pad truncated images rather than fail
    (`ImageFile.LOAD_TRUNCATED_IMAGES`, for the whole process); here a truncated file must
    fail, so the setting is off while the image is decoded, and put back after."""
    if image.format in ("JPEG", "MPO"):
        image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
    with _TRUNCATED_LOCK:
        padding, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = padding


def _converted(image: Image.Image) -> tuple[str, str]:
    """What a format e-readers may not show becomes: PNG when it has transparency (or a
    palette), else JPEG."""
    transparent = "A" in image.getbands() or "transparency" in image.info
    return KEPT["PNG"] if transparent or image.mode in ("P", "1") else KEPT["JPEG"]


@contextmanager
def _quiet() -> Iterator[None]:
    """Pillow warns (on stderr) about big images on open; the pixel limit is checked here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield
