"""images: an image as one edition ships it: turned upright, fitted to the edition's box,
stripped of its metadata, in a format every reader shows.  Same bytes in, same bytes out.

A photo straight from a camera is 4000 pixels wide, lies on its side until its EXIF orientation
is applied, and carries the camera's serial number and the place it was taken.  The EPUB wants
it no bigger than a screen (`images.epub_max`); the PDF wants the text width at print
resolution (`images.print_dpi`).  An image that needs none of this is shipped as it came, so a
JPEG is never re-compressed for nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps

from bookmaker.images.svg import clean_svg

#: Raised whenever what `render` makes for the same input changes, so derived files are redone.
RENDER_VERSION = 1
JPEG_QUALITY = 85
#: Metadata keys Pillow reads that a shipped image should not carry.
_METADATA = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc")
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF"}


@dataclass(frozen=True)
class Box:
    """The largest an edition shows an image, in pixels."""

    width: int
    height: int

    @property
    def name(self) -> str:
        return f"{self.width}x{self.height}"


def render(data: bytes, media_type: str, box: Box) -> bytes | None:
    """DATA as the edition ships it, in MEDIA_TYPE and within BOX; None when DATA already is."""
    if media_type == "image/svg+xml":
        cleaned, _ = clean_svg(data)
        return None if cleaned == data else cleaned
    with Image.open(io.BytesIO(data)) as image:
        target = _FORMATS[media_type]
        if getattr(image, "is_animated", False) and image.format == target == "GIF":
            return None  # an animation is kept whole; the stylesheet scales it
        if not _needs_work(image, target, box):
            return None
        if image.format == "JPEG":
            image.draft("RGB" if image.mode == "CMYK" else image.mode, (box.width, box.height))
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((box.width, box.height), Image.Resampling.LANCZOS)
        upright.info = {}  # Pillow writes some of it back (a JPEG comment) unless told
        return _encode(upright, target, image.info.get("icc_profile"))


def _needs_work(image: Image.Image, target: str, box: Box) -> bool:
    orientation = image.getexif().get(0x0112, 1) if "exif" in image.info else 1
    metadata = any(key in image.info for key in _METADATA) or bool(getattr(image, "text", None))
    too_big = image.width > box.width or image.height > box.height
    return image.format != target or orientation != 1 or metadata or too_big or image.mode == "CMYK"


def _encode(image: Image.Image, target: str, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if target == "JPEG":
        image = _opaque(image)
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **extra)
    elif target == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(out, "PNG", optimize=False, **extra)
    else:
        image.save(out, target)
    return out.getvalue()


def _opaque(image: Image.Image) -> Image.Image:
    """IMAGE as JPEG can hold it: RGB or grey, transparency laid on white."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode == "P" or "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")
