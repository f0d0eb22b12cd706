"""images: one image downloaded over http(s), within limits, from checked addresses only.

urllib3 speaks HTTP; what it would decide on its own is decided here: the address it connects
to (checked by `addresses`, then used as is, while TLS still checks the certificate against
the host's name), every redirect (followed by hand, each new address checked again), and the
limits (one deadline for the whole download, a size cap, a content type that can be an image).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from http.client import HTTPException
from urllib.parse import urljoin, urlunsplit

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from bookmaker import __version__
from bookmaker.addresses import split_url
from bookmaker.images.addresses import FetchError, checked_addresses

_REDIRECTS = {301, 302, 303, 307, 308}
#: Content types an image may be served as: images, and servers that do not say.
_IMAGE_TYPES = ("image/", "application/octet-stream", "binary/octet-stream")
_CHUNK = 64 * 1024
#: What a request may fail with, besides FetchError: urllib3's errors, and what the standard
#: library raises under it (a reset connection, a header it cannot parse).
_FAILURES = (Urllib3Error, OSError, HTTPException, ValueError)


@dataclass(frozen=True)
class Limits:
    #: Seconds for the whole download, redirects included.
    timeout: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    allow_private: bool = False
    max_redirects: int = 5


@dataclass(frozen=True)
class Download:
    url: str
    data: bytes
    content_type: str


def download(url: str, limits: Limits) -> Download:
    """URL's body; FetchError saying why not."""
    deadline = time.monotonic() + limits.timeout
    for _ in range(limits.max_redirects + 1):
        response = _get(url, limits, deadline)
        try:
            if response.status in _REDIRECTS and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"].strip())
                continue
            if response.status != 200:
                answer = f"{response.status} {response.reason or ''}".rstrip()
                raise FetchError(f"the server answered {answer}")
            content_type = _content_type(response)
            data = _body(response, limits, deadline)
            return Download(url, data, content_type)
        finally:
            response.close()
    raise FetchError(f"more than {limits.max_redirects} redirects")


def _get(url: str, limits: Limits, deadline: float) -> urllib3.BaseHTTPResponse:
    """One request to the checked address of URL's host, without following redirects."""
    scheme, host, port, host_header, target = _parts(url)
    address = checked_addresses(host, port, limits.allow_private)[0]
    timeout = urllib3.Timeout(connect=_left(deadline, limits), read=_left(deadline, limits))
    options = {"port": port, "timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            address,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, **options)
    headers = {
        "Host": host_header,
        "User-Agent": f"bookmaker/{__version__}",
        "Accept": "image/*",
        "Accept-Encoding": "identity",
    }
    try:
        return pool.urlopen(
            "GET",
            target,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
    except _FAILURES as exc:
        raise FetchError(_failure(exc, limits)) from None


def _parts(url: str) -> tuple[str, str, int, str, str]:
    """Scheme, host (its ASCII form, to look up), port, the Host header and the request target
    (percent-encoded) of URL."""
    try:
        parts = split_url(url)  # the one reading of an address, hosts checked (IDNA)
        if parts is None:
            raise ValueError("its host cannot be read")
        scheme, host = parts.scheme.lower(), parts.hostname
        if scheme not in ("http", "https") or not host:
            raise FetchError(f"refused: {url!r} is not an http or https address")
        host = host if host.isascii() else host.encode("idna").decode("ascii")
        port = parts.port or (443 if scheme == "https" else 80)
        netloc = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port else "")
        parsed = parse_url(urlunsplit((scheme, netloc, parts.path, parts.query, "")))
    except (ValueError, UnicodeError, LocationParseError) as exc:
        raise FetchError(f"not a valid address ({exc})") from None
    return scheme, host, port, netloc, parsed.request_uri


def _content_type(response: urllib3.BaseHTTPResponse) -> str:
    value = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if value and not value.startswith(_IMAGE_TYPES):
        raise FetchError(f"the server sent {value}, not an image")
    return value


def _body(response: urllib3.BaseHTTPResponse, limits: Limits, deadline: float) -> bytes:
    """The body, read as it comes, stopped at the size cap or the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"larger than {_megabytes(limits.max_bytes)}")
    chunks, size = [], 0
    try:
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > limits.max_bytes:
                raise FetchError(f"larger than {_megabytes(limits.max_bytes)}")
            if time.monotonic() > deadline:
                raise FetchError(f"took longer than {limits.timeout:g} s")
            chunks.append(chunk)
    except _FAILURES as exc:
        raise FetchError(_failure(exc, limits)) from None
    return b"".join(chunks)


def _left(deadline: float, limits: Limits) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"took longer than {limits.timeout:g} s")
    return left


def _failure(exc: Exception, limits: Limits) -> str:
    """What went wrong, in a few words rather than urllib3's nested reprs."""
    name = type(exc).__name__
    if "Timeout" in name:
        return f"took longer than {limits.timeout:g} s"
    if name == "SSLError":
        return f"the secure connection failed ({exc.__context__ or exc})"
    if name == "NewConnectionError":
        reason = getattr(exc.__context__, "strerror", None) or "no connection"
        return f"cannot connect ({reason})"
    return f"the connection failed ({name}: {exc})"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
