"""read: find the local image files posts refer to (I/O), for convert's asset transform.

A file counts only when it is a real file inside the book's folder: no `..` or symlink escapes;
and only when it is the image its name says, with no more pixels than the limit and, for an SVG,
nothing active in it (`images.AssetRefused` says why not).
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from bookmaker.addresses import split_url
from bookmaker.images import check_image_file
from bookmaker.limits import DEFAULT_LIMITS
from bookmaker.model import Asset, Post

#: Image types every EPUB 3 reading system must support.
CORE_IMAGE_TYPES = {"image/gif", "image/jpeg", "image/png", "image/svg+xml", "image/webp"}


@dataclass(frozen=True)
class BookFiles:
    """Finds the image a post names among the book's files (ROOT, resolved), for convert.
    A root-relative path (`/assets/x.png`, or `/blog/assets/x.png` under the site's BASEURL)
    is looked up where the blog serves such files from (SITE_ROOTS: Hugo's `static/`), then
    in ROOT.

    A picklable value rather than a closure, so conversions can run in other processes."""

    root: Path
    site_roots: tuple[Path, ...] = ()
    baseurl: str = ""
    max_pixels: int = DEFAULT_LIMITS.image_pixels

    def __call__(self, post: Post, src: str) -> Asset | None:
        parts = split_url(src)
        path = unquote(parts.path) if parts else ""
        if not path:
            return None
        candidates = [] if path.startswith("/") else [post.path.parent / path]
        base = "/" + self.baseurl.strip("/")
        if path.startswith("/") and base != "/" and path.startswith(base + "/"):
            path = path[len(base) :]
        candidates.extend(folder / path.lstrip("/") for folder in self.site_roots)
        candidates.append(self.root / path.lstrip("/"))
        for candidate in candidates:
            try:
                real = candidate.resolve(strict=True)
            except (OSError, RuntimeError):
                continue
            if not real.is_file() or not real.is_relative_to(self.root):
                continue
            media_type = mimetypes.guess_type(real.name)[0]
            if media_type not in CORE_IMAGE_TYPES:
                continue
            check_image_file(real, media_type, self.max_pixels)
            rel = real.relative_to(self.root).as_posix()
            href = "/".join(re.sub(r"[^A-Za-z0-9._-]+", "-", part) for part in rel.split("/"))
            return Asset(href="images/" + href, source=real, media_type=media_type)
        return None
