"""convert: images.  An image the images stage had (a file of the book, or one fetched from the
web) becomes the book's asset, found through the context's resolver, so this transform does no
I/O; one it did not have becomes a bracketed label linked to its address, so the address ends
up in an endnote, set apart from the words around it; a figure keeps its caption and credit.
One warning per post counts the web images nobody fetched (offline); the images stage has
already said why of any other.

An image in the book keeps its text alternative, or takes its figure's caption as one; one with
neither is left without `alt`, so the accessibility metadata counts it, and the post warns.  A
link around an image that only leads to a bigger copy of the picture goes: the picture is on
the page, and a note with the copy's address would say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from bookmaker.errors import Diagnostics
from bookmaker.model import Asset

#: src as written -> the asset; or why the book does not have it (already reported); or None.
AssetResolver = Callable[[str], "Asset | str | None"]

_REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|heic|tiff?|bmp|svg)$", re.IGNORECASE)


def image_label(alt: str) -> str:
    return f"[Image: {alt}]" if alt else "[Image]"


def resolve_images(
    soup: BeautifulSoup,
    root: Tag,
    resolve: AssetResolver,
    diags: Diagnostics,
    absolute: Callable[[str], str | None] = lambda src: None,
) -> list[Asset]:
    """Images the book has become assets; the rest a label linked to where the image lives
    online (for a missing local file, its address on the post's site, when that is known)."""
    assets: dict[str, Asset] = {}
    missing: list[str] = []
    remote = 0
    without_alt = 0
    for img in list(root.find_all("img")):
        src = img.get("src")
        alt = " ".join(str(img.get("alt") or "").split())
        if not isinstance(src, str) or not src.strip() or src.startswith("data:"):
            _replace_with_text(soup, img, alt)
            continue
        src = src.strip()
        found = resolve(src)
        if isinstance(found, Asset):
            assets[found.href] = found
            alt = alt or _caption(img)
            img.attrs = {"src": found.href, **({"alt": alt} if alt else {})}
            without_alt += not alt
            _unlink_copy(img)
            continue
        online = src if _REMOTE.match(src) else absolute(src)
        if online is not None and online.startswith(("http:", "https:", "//")):
            _online_label(soup, img, alt, "https:" + online if online[:2] == "//" else online)
            if found is None and _REMOTE.match(src):
                remote += 1
            continue
        if found is None:  # else the images stage said why
            missing.append(src)
        _replace_with_text(soup, img, alt)
    _warn(diags, missing, remote, without_alt)
    return list(assets.values())


def _warn(diags: Diagnostics, missing: list[str], remote: int, without_alt: int) -> None:
    """One warning of each kind per post, not one per image."""
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        diags.warn(f"image {missing[0]!r}{more} not found; kept the description", "image.missing")
    if remote:
        diags.warn(
            f"{remote} remote image(s) not fetched; each is a linked label, captions and "
            "credits kept",
            "image.remote",
        )
    if without_alt:
        what = "an image has" if without_alt == 1 else f"{without_alt} images have"
        diags.warn(
            f"{what} no text alternative (alt) and no caption; the EPUB's accessibility "
            "metadata says so",
            "image.alt",
        )


def _caption(img: Tag) -> str:
    """The caption of IMG's figure (its credit left out), as a text alternative."""
    figure = img.find_parent("figure")
    caption = figure.find("figcaption") if figure is not None else None
    if caption is None:
        return ""
    words = [
        p.get_text(" ") for p in caption.find_all("p") if "credit" not in (p.get("class") or [])
    ]
    if not caption.find("p"):
        words = [caption.get_text(" ")]
    return " ".join(" ".join(words).split())


def _unlink_copy(img: Tag) -> None:
    """A link around IMG alone that leads to an image file (the full-size copy) goes."""
    link = img.parent
    if link is None or link.name != "a" or link.get_text(strip=True):
        return
    href = link.get("href")
    if not isinstance(href, str) or not _IMAGE_FILE.search(urlsplit(href.strip()).path):
        return
    if len(link.find_all(True)) == 1:
        link.unwrap()


def _online_label(soup: BeautifulSoup, img: Tag, alt: str, url: str) -> None:
    """IMG as a label linked to URL (its link's, when it is in one), apart from the words."""
    label = soup.new_tag("span", attrs={"class": "image-remote"})
    label.string = image_label("" if _captioned(img) else alt)
    if img.find_parent("a") is not None:
        img.replace_with(label)
    else:
        link = soup.new_tag("a", attrs={"href": url})
        link.append(label)
        img.replace_with(link)
        label = link
    _set_apart(label)


def _captioned(img: Tag) -> bool:
    """True when the image's figure has a caption, which says what the image is."""
    figure = img.find_parent("figure")
    return figure is not None and bool(figure.find("figcaption"))


def _set_apart(label: Tag) -> None:
    """A space between the label and a word it would otherwise touch: `see[Image]` never."""
    before, after = label.previous_sibling, label.next_sibling
    if isinstance(before, NavigableString) and before and not before[-1].isspace():
        before.replace_with(str(before) + " ")
    if isinstance(after, NavigableString) and after and after[0].isalnum():
        after.replace_with(" " + str(after))


def _replace_with_text(soup: BeautifulSoup, img: Tag, alt: str) -> None:
    if alt:
        span = soup.new_tag("span", attrs={"class": "image-missing"})
        span.string = image_label(alt)
        img.replace_with(span)
    else:
        img.decompose()
