"""build: the one URL policy for WeasyPrint.  It fetches only the book's own files (theme
static files and the assets convert collected, all under the theme's or the book's folder),
by their href under a virtual root, and `data:` URLs (which carry their content and need no
I/O); the network, `file:` URLs and everything else are refused and recorded."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

#: Base URL of the print document; hrefs resolve under it to the book's files.
ROOT = "file:///__bookmaker__/"


class BookFetcher(URLFetcher):
    def __init__(self, files: Mapping[str, Path]):
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.files = dict(files)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith(ROOT):
            rel = unquote(urlsplit(url).path)[len(urlsplit(ROOT).path) :]
            path = self.files.get(rel)
            if path is not None:
                media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})
        elif url[:5].lower() == "data:":
            return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(
            f"bookmaker does not fetch {url}: only the book's and the theme's own files"
        )
