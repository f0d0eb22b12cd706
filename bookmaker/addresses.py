"""Web addresses as posts write them, read once and safely by every stage.

`urllib.parse.urlsplit` raises on an address such as `http://[::1` (an IPv6 host left open)
and `.port` on `http://x.org:99999`; posts from scrapers carry both.  `split_url` is the one
place that reads an address, and says None for one that is not an address at all, so a
stage can keep the link's text instead of stopping the build.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit


def split_url(url: str) -> SplitResult | None:
    """The parts of URL, or None when it cannot be read as an address."""
    try:
        parts = urlsplit(url)
        parts.hostname, parts.port  # noqa: B018 - each raises ValueError on a broken host
    except ValueError:
        return None
    return parts


def is_web_address(url: str) -> bool:
    """An http(s) address with a host that can be read."""
    parts = split_url(url)
    return parts is not None and parts.scheme in {"http", "https"} and bool(parts.hostname)
