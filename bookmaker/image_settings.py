"""config: `[images]`, the settings of the pictures posts show (a module of its own so that the
config and the images stage can both read it without importing each other)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated


def offline_by_environment() -> bool:
    """BOOKMAKER_OFFLINE=1 (or true, yes): `--offline` for every build, e.g. on a CI machine."""
    return os.environ.get("BOOKMAKER_OFFLINE", "").strip().lower() in ("1", "true", "yes")


def _at_least_one(value: int) -> int:
    if value < 1:
        raise ValueError(f"expected a whole number of at least 1; got {value!r}")
    return value


def _above_zero(value: float) -> float:
    if not value > 0 or value == float("inf"):
        raise ValueError(f"expected a number above 0; got {value!r}")
    return value


@dataclass(frozen=True)
class ImagesSection:
    """`[images]`: the pictures posts show, fetched from the web and fitted to each edition."""

    #: Fetch the images posts show from the web (http and https, public addresses only).  Off
    #: (or `--offline`): only the book's files and what the cache already holds.
    fetch: bool = True
    #: Let the fetcher reach loopback, private and link-local addresses (an intranet blog, tests).
    allow_private: bool = False
    #: The cache folder, relative to the book's folder; else OUTDIR/.bookmaker-cache/images.
    cache: str | None = None
    #: Seconds one image may take to download, redirects included.
    timeout: Annotated[float, _above_zero] = 20.0
    #: The largest download accepted, in megabytes.
    max_mb: Annotated[float, _above_zero] = 20.0
    #: Downloads at once.
    connections: Annotated[int, _at_least_one] = 4
    #: An image with more pixels is left out, unread (a decompression bomb).
    max_pixels: Annotated[int, _at_least_one] = 64_000_000
    #: The longest side of an image in the EPUB, in pixels.
    epub_max: Annotated[int, _at_least_one] = 1600
    #: The print edition keeps images at this resolution across the text block.
    print_dpi: Annotated[int, _at_least_one] = 300
