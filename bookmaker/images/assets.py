"""images: an image file made a book asset: checked (`probe`), named inside the book, and
identified by its content hash, so whatever caches a chapter knows when its images changed."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bookmaker.images.cache import digest
from bookmaker.images.probe import ImageProblem, Probe, probe
from bookmaker.limits import read_at_most
from bookmaker.model import Asset


@dataclass
class AssetMaker:
    """Makes each file an asset once, however many posts show it."""

    #: The book's folder, resolved: local images are named by their path in it.
    book: Path
    max_pixels: int
    #: The largest file read, in bytes (downloads are held to it too).
    max_bytes: int
    _made: dict[Path, tuple[Asset, Probe] | str] = field(default_factory=dict)

    def local(self, path: Path) -> tuple[Asset, Probe] | str:
        """The asset for a file of the book, or why it cannot be one."""
        return self._make(path, "images/" + _safe_path(path.relative_to(self.book).as_posix()))

    def web(self, path: Path, url: str) -> tuple[Asset, Probe] | str:
        """The asset for a file downloaded from URL; its name in the book tells where it came
        from and, by its content hash, what it is."""
        stem = Path(unquote(urlsplit(url).path)).stem or "image"
        return self._make(path, "images/web/" + _safe_path(stem)[:60] + "-{digest}")

    def _make(self, path: Path, href: str) -> tuple[Asset, Probe] | str:
        if path not in self._made:
            self._made[path] = self._probe(path, href)
        return self._made[path]

    def _probe(self, path: Path, href: str) -> tuple[Asset, Probe] | str:
        try:  # never more than the limit read: a file may grow, or be a device
            data = read_at_most(path, self.max_bytes)
        except OSError as exc:
            return f"cannot be read ({exc.strerror or exc})"
        if data is None:
            return f"is larger than images.max_mb ({self.max_bytes / 2**20:g} MB)"
        try:
            found = probe(data, self.max_pixels)
        except ImageProblem as exc:
            return str(exc)
        content = digest(data)
        href = href.replace("{digest}", content[:12])
        if mimetypes.guess_type(href)[0] != found.media_type:
            href = f"{href}.{found.extension}"  # photo.webp shipped as photo.webp.jpg
        return Asset(href=href, source=path, media_type=found.media_type, digest=content), found


def _safe_path(path: str) -> str:
    """PATH with only characters every reading system takes in a file name."""
    return "/".join(re.sub(r"[^A-Za-z0-9._-]+", "-", part) for part in path.split("/"))
