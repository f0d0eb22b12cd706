"""convert: images.  Local files become book assets (found through the context's resolver, so
this transform does no I/O); remote images that were not fetched become a bracketed label
linked to their address, so the address ends up in an endnote, set apart from the words
around it; a figure keeps its caption and credit.  One warning per post says how many."""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import BeautifulSoup, NavigableString, Tag

from bookmaker.errors import Diagnostics
from bookmaker.model import Asset

#: (post source path, src as written) -> the asset, or None when there is no such file.
AssetResolver = Callable[[str], "Asset | None"]

_REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)


def image_label(alt: str) -> str:
    return f"[Image: {alt}]" if alt else "[Image]"


def resolve_images(
    soup: BeautifulSoup,
    root: Tag,
    resolve: AssetResolver,
    diags: Diagnostics,
    absolute: Callable[[str], str | None] = lambda src: None,
) -> list[Asset]:
    """Local images become assets; the rest a label linked to where the image lives online
    (for a missing local file, its address on the post's site, when that is known)."""
    assets: dict[str, Asset] = {}
    missing: list[str] = []
    remote = 0
    for img in list(root.find_all("img")):
        src = img.get("src")
        alt = " ".join(str(img.get("alt") or "").split())
        if not isinstance(src, str) or not src.strip() or src.startswith("data:"):
            _replace_with_text(soup, img, alt)
            continue
        src = src.strip()
        asset = None if _REMOTE.match(src) else resolve(src)
        online = src if _REMOTE.match(src) else (absolute(src) if asset is None else None)
        if online is not None and online.startswith(("http:", "https:", "//")):
            _online_label(soup, img, alt, "https:" + online if online.startswith("//") else online)
            if _REMOTE.match(src):
                remote += 1
            continue
        if asset is None:
            missing.append(src)
            _replace_with_text(soup, img, alt)
            continue
        assets[asset.href] = asset
        img.attrs = {"src": asset.href, "alt": alt}
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        diags.warn(f"image {missing[0]!r}{more} not found; kept the description", "image.missing")
    if remote:
        diags.warn(
            f"{remote} remote image(s) not fetched; each is a linked label, captions and "
            "credits kept",
            "image.remote",
        )
    return list(assets.values())


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
