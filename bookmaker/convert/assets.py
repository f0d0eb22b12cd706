"""convert: images.  Local files become book assets (found through the context's resolver, so
this transform does no I/O); remote images, which a book can't carry offline, become a
bracketed label linked to their address, so the address ends up in an endnote."""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag

from bookmaker.errors import Diagnostics
from bookmaker.images import AssetRefused
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
    refused: list[tuple[str, str]] = []
    for img in list(root.find_all("img")):
        src = img.get("src")
        alt = " ".join(str(img.get("alt") or "").split())
        if not isinstance(src, str) or not src.strip() or src.startswith("data:"):
            _replace_with_text(soup, img, alt)
            continue
        src = src.strip()
        try:
            asset = None if _REMOTE.match(src) else resolve(src)
        except AssetRefused as exc:
            refused.append((src, str(exc)))
            _replace_with_text(soup, img, alt)
            continue
        online = src if _REMOTE.match(src) else (absolute(src) if asset is None else None)
        if online is not None and online.startswith(("http:", "https:", "//")):
            url = "https:" + online if online.startswith("//") else online
            label = soup.new_tag("span", attrs={"class": "image-remote"})
            label.string = image_label(alt)
            if img.find_parent("a") is not None:
                img.replace_with(label)
            else:
                link = soup.new_tag("a", attrs={"href": url})
                link.append(label)
                img.replace_with(link)
            continue
        if asset is None:
            missing.append(src)
            _replace_with_text(soup, img, alt)
            continue
        assets[asset.href] = asset
        img.attrs = {"src": asset.href, "alt": alt}
    _warn(diags, refused, missing)
    return list(assets.values())


def _warn(diags: Diagnostics, refused: list[tuple[str, str]], missing: list[str]) -> None:
    """One warning for the images left out, one for those not found."""
    if refused:
        (src, why), more = refused[0], len(refused) - 1
        extra = f" ({more} more left out)" if more else ""
        diags.warn(f"image {src!r} left out: {why}; kept the description{extra}", "image.refused")
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        diags.warn(f"image {missing[0]!r}{more} not found; kept the description", "image.missing")


def _replace_with_text(soup: BeautifulSoup, img: Tag, alt: str) -> None:
    if alt:
        span = soup.new_tag("span", attrs={"class": "image-missing"})
        span.string = image_label(alt)
        img.replace_with(span)
    else:
        img.decompose()
