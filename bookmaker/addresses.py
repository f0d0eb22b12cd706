"""Web addresses as posts write them, read once and safely by every stage.

`urllib.parse.urlsplit` raises on an address such as `http://[::1` (an IPv6 host left open)
and `.port` on `http://x.org:99999`; posts from scrapers carry both, and web addresses with
no host (`http://`) or a host no reader accepts (`https://xn--819f3474k`, which EPUBCheck
refuses).  `split_url` is the one place that reads an address, and says None for one that is
not an address at all, so a stage can keep the link's text instead of stopping the build or
shipping an invalid book.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

import idna

#: Characters no host name may hold (the URL Standard's forbidden host code points).
_FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")


@functools.lru_cache(maxsize=4096)
def split_url(url: str) -> SplitResult | None:
    """The parts of URL, or None when it cannot be read as an address.  Kept for the next
    call (the parts are a tuple, never changed): a post's links are read at several stages."""
    try:
        parts = urlsplit(url)
        parts.hostname, parts.port  # noqa: B018 - each raises ValueError on a broken host
    except ValueError:
        return None
    web = parts.scheme.lower() in {"http", "https"} or (not parts.scheme and url.startswith("//"))
    if web and not _valid_host(parts.hostname or ""):
        return None
    return parts


def _valid_host(host: str) -> bool:
    """Whether HOST is an IP address, or a name whose labels a browser would accept: ASCII
    without forbidden characters, or internationalised and valid under IDNA."""
    if not host:
        return False
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    labels = host.removesuffix(".").split(".")
    for label in labels:
        if not label or _FORBIDDEN_IN_HOST.search(label):
            return False
        if label.isascii() and not label.lower().startswith("xn--"):
            continue
        try:
            idna.encode(label, uts46=True)
            if label.lower().startswith("xn--"):
                idna.decode(label)
        except (idna.IDNAError, UnicodeError, ValueError):
            return False
    return True


def escaped(url: str) -> str:
    """URL as a link may carry it: the characters no address may hold (a space, `"`, `<`, a
    second `#`, a `%` that starts no escape) written as `%XX`, as browsers send them;
    EPUBCheck refuses them raw.  Letters of any script stay as they are."""
    head, sep, fragment = url.partition("#")
    return _ILLEGAL.sub(_percent, head) + sep + _ILLEGAL.sub(_percent, fragment.replace("#", "%23"))


#: Characters no part of an address may hold raw, and a `%` that starts no `%XX` escape.
_ILLEGAL = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]|%(?![0-9A-Fa-f]{2})')


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match[0].encode("utf-8"))


def is_web_address(url: str | None) -> bool:
    """An http(s) address with a host that can be read: an image or a cover given so is
    fetched, not read from the book."""
    if not url:
        return False
    parts = split_url(url)
    return parts is not None and parts.scheme in {"http", "https"} and bool(parts.hostname)
