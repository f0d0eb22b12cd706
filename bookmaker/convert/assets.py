"""convert: images.  Local files become book assets (found through the context's resolver, so
this transform does no I/O); remote images, which a book can't carry offline, become a
bracketed label linked to their address, so the address ends up in an endnote."""

from __future__ import annotations

import re
from typing import Callable

from bs4 import BeautifulSoup, Tag

from bookmaker.errors import Diagnostics
from bookmaker.model import Asset

#: (post source path, src as written) -> the asset, or None when there is no such file.
AssetResolver = Callable[[str], "Asset | None"]

_REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)


def image_label(alt: str) -> str:
    return f"[Image: {alt}]" if alt else "[Image]"


def resolve_images(soup: BeautifulSoup, root: Tag, resolve: AssetResolver,
                   diags: Diagnostics) -> list[Asset]:
    assets: dict[str, Asset] = {}
    for img in list(root.find_all("img")):
        src = img.get("src")
        alt = " ".join(str(img.get("alt") or "").split())
        if not isinstance(src, str) or not src.strip() or src.startswith("data:"):
            _replace_with_text(soup, img, alt)
            continue
        src = src.strip()
        if _REMOTE.match(src):
            url = "https:" + src if src.startswith("//") else src
            label = soup.new_tag("span", attrs={"class": "image-remote"})
            label.string = image_label(alt)
            if img.find_parent("a") is not None:
                img.replace_with(label)
            else:
                link = soup.new_tag("a", attrs={"href": url})
                link.append(label)
                img.replace_with(link)
            continue
        asset = resolve(src)
        if asset is None:
            diags.warn(f"image {src!r} not found; kept its description", "image.missing")
            _replace_with_text(soup, img, alt)
            continue
        assets[asset.href] = asset
        img.attrs = {"src": asset.href, "alt": alt}
    return list(assets.values())


def _replace_with_text(soup: BeautifulSoup, img: Tag, alt: str) -> None:
    if alt:
        span = soup.new_tag("span", attrs={"class": "image-missing"})
        span.string = image_label(alt)
        img.replace_with(span)
    else:
        img.decompose()
