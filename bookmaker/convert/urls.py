"""convert: URL hygiene for notes: tracking parameters and text fragments removed, and the
test for a link whose text is its own address."""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, urlencode, urlunsplit

from bookmaker.addresses import split_url

#: Query parameters that only track the reader.
TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi"
    r"|mkt_tok|oly_anon_id|oly_enc_id|vero_id|ref_src|s_cid|__s)$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def clean_url(url: str) -> str:
    """The URL a reader should type: no tracking parameters, no `#:~:text=` fragment."""
    parts = split_url(url)
    if parts is None:
        return url
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not TRACKING.match(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept, doseq=True, safe=":/@!$'()*,;")
    fragment = parts.fragment
    if ":~:" in fragment:
        fragment = fragment.split(":~:", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://")


def _bare(url: str) -> str:
    url = _SCHEME.sub("", url.strip().lower(), count=1).removeprefix("www.")
    return url.rstrip("/")


def text_is_url(text: str, url: str) -> bool:
    """True for `<a href="https://x.org/a">x.org/a</a>`: the address is already on the page."""
    text = " ".join(text.split())
    return bool(text) and " " not in text and _bare(text) == _bare(url)
