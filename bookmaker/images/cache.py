"""images: the persistent cache under the output folder (`OUTDIR/.bookmaker-cache/images/`, or
`[images] cache`): downloads keyed by URL, and each edition's version of an image keyed by the
image's content and the edition's box.

A rebuild then downloads nothing and renders nothing, and an offline rebuild still has every
picture the last online one had.  Files are written under a temporary name and renamed, so a
build killed mid-write never leaves half an image to be trusted later; a cached file that is
not an image after all is found by the probe like any other, and dropped.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bookmaker.config import Config

#: Below the output folder, where the caches of all stages live.
CACHE_DIR = ".bookmaker-cache"


def cache_folder(config: Config, outdir: Path) -> Path:
    """Where this book's images are cached: `[images] cache` (relative to the book's folder),
    else under OUTDIR."""
    if config.images.cache:
        return config.root / config.images.cache
    return outdir / CACHE_DIR / "images"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ImageCache:
    folder: Path

    @property
    def downloads(self) -> Path:
        return self.folder / "web"

    @property
    def editions(self) -> Path:
        return self.folder / "editions"

    def download(self, url: str) -> Path | None:
        """The file downloaded from URL by an earlier build, if there is one."""
        key = _url_key(url)
        try:
            found = sorted(self.downloads.glob(key + ".*"))
        except OSError:
            return None
        return next((p for p in found if p.is_file()), None)

    def keep_download(self, url: str, data: bytes, extension: str) -> Path:
        return _write(self.downloads / f"{_url_key(url)}.{extension}", data)

    def edition_file(self, content: str, box: str, extension: str) -> Path:
        """Where an edition's version of the image with digest CONTENT, fitted to BOX, lives."""
        return self.editions / f"{content[:32]}-{box}.{extension}"

    def keep_edition_file(self, path: Path, data: bytes) -> Path:
        return _write(path, data)


def _url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]


def _write(path: Path, data: bytes) -> Path:
    """DATA at PATH, all of it or nothing (written under a temporary name, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
