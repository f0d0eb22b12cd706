"""images: the remote images of a book, each fetched once, a few at a time, into the cache.

What the cache holds is used without asking the network; offline (`--offline`, `[images]
fetch = false`) nothing else is asked for.  Each download is checked to be an image by its
content type and its first bytes before it is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from bookmaker.images.addresses import FetchError
from bookmaker.images.cache import ImageCache
from bookmaker.images.http import Limits, download
from bookmaker.images.probe import EXTENSIONS, kind_of

#: Called as downloads finish: (done, of how many, how many failed).
Progress = Callable[[int, int, int], None]


@dataclass(frozen=True)
class FetchOptions:
    online: bool = True
    limits: Limits = field(default_factory=Limits)
    #: Downloads at once.
    connections: int = 4


@dataclass
class Fetched:
    """Where each URL's image is (a file in the cache), or why it is not there; a URL that is
    in neither was not asked for (offline, and not in the cache)."""

    files: dict[str, Path]
    failures: dict[str, str]
    downloaded: int = 0


def fetch_all(
    urls: list[str], cache: ImageCache, options: FetchOptions, progress: Progress | None = None
) -> Fetched:
    fetched = Fetched({}, {})
    wanted = []
    for url in dict.fromkeys(urls):
        cached = cache.download(url)
        if cached is not None:
            fetched.files[url] = cached
        elif options.online:
            wanted.append(url)
    if not wanted:
        return fetched
    with ThreadPoolExecutor(max_workers=max(1, options.connections)) as pool:
        futures = {pool.submit(_fetch_one, url, cache, options.limits): url for url in wanted}
        for done, future in enumerate(as_completed(futures), start=1):
            url = futures[future]
            try:
                fetched.files[url] = future.result()
                fetched.downloaded += 1
            except FetchError as exc:
                fetched.failures[url] = exc.reason
            if progress is not None:
                progress(done, len(wanted), len(fetched.failures))
    return fetched


def _fetch_one(url: str, cache: ImageCache, limits: Limits) -> Path:
    got = download(url, limits)
    kind = kind_of(got.data)
    if kind is None or kind not in EXTENSIONS:
        sent = got.content_type or "no content type"
        raise FetchError(f"what the server sent ({sent}) is not an image")
    try:
        return cache.keep_download(url, got.data, EXTENSIONS[kind])
    except OSError as exc:
        raise FetchError(f"cannot keep it in the cache ({exc.strerror or exc})") from None
