"""convert: whether an image in a contributor's block is their portrait, or content.

A site's markup says where a portrait may be (a profile's photo selector), not that the image
found there is one: a diagram, a figure or a captioned image is content even beside a voice's
name.  The evidence is general, never one site's class: a portrait is no figure and has no
caption, comes before the voice's text, and is about as tall as it is wide (a head-and-shoulders
crop, 1:1 to 3:2 either way), read from its `width` and `height` or from the book's file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bs4 import NavigableString, PageElement, Tag

from bookmaker.model import Asset

#: Widest and tallest a portrait is, as width over height (3:2 landscape, 1:2 upright).
WIDEST = 1.5
TALLEST = 0.5

#: src → the image's asset when the book has its file (see `ConvertContext.resolve_asset`).
Finder = Callable[[str], "Asset | str | None"]


def is_portrait(img: Tag, find: Finder) -> bool:
    """Whether IMG can stand for a person: not a figure (a scraped caption has made one by
    now), and portrait-shaped where its size is known (an unknown size gets the doubt's
    benefit: a remote photo the book does not have becomes a monogram anyway)."""
    if img.find_parent("figure") is not None:
        return False
    size = _declared_size(img) or _file_size(img, find)
    if size is None:
        return True
    width, height = size
    return height > 0 and TALLEST <= width / height <= WIDEST


def text_before(img: Tag, block: Tag, skip: tuple[Tag, ...]) -> bool:
    """Whether any of BLOCK's text, outside the elements in SKIP (the name, the bio), comes
    before IMG: an image after the voice has begun speaking is part of what they say."""
    for piece in img.previous_elements:
        if piece is block:
            return False  # what comes before the block is not the voice's
        if type(piece) is NavigableString and piece.strip() and not within(piece, skip):
            return True
    return False


def within(node: PageElement, tags: tuple[Tag, ...]) -> bool:
    """Whether NODE lies inside one of TAGS (the same elements, not equal-looking ones)."""
    return any(parent is tag for parent in node.parents for tag in tags)


def _declared_size(img: Tag) -> tuple[int, int] | None:
    """`width` and `height` as plain pixel numbers, when the markup gives both."""
    values = [str(img.get(key) or "").strip().removesuffix("px") for key in ("width", "height")]
    if all(v.isdigit() and int(v) > 0 for v in values):
        return int(values[0]), int(values[1])
    return None


def _file_size(img: Tag, find: Finder) -> tuple[int, int] | None:
    """The pixel size of the book's copy of IMG, read from the file's header."""
    src = img.get("src")
    found = find(src) if isinstance(src, str) and src.strip() else None
    if not isinstance(found, Asset):
        return None
    return _header_size(found.source)


def _header_size(path: Path) -> tuple[int, int] | None:
    # Imported here: only a post with an image of the book's own needs Pillow (some 7 ms to
    # import, which every conversion worker paid).
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None  # an SVG, or a file the images stage has already spoken about
