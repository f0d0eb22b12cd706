"""serve: the web server's answers (a request → the preview's files, the live script, the
stream of build events).

Only what the preview built is served: the print document and the files beside it in
OUTDIR/html, the documents inside the EPUB (read from the zip by their exact names), and the
index page.  Every page gets the live script, which reloads it after the next build.
"""

from __future__ import annotations

import html
import json
import mimetypes
import zipfile
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from importlib import resources
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bookmaker.path_safety import is_inside
from bookmaker.serve.builds import Preview

LIVE = "/__bookmaker__/"
#: Seconds between keep-alive comments on the event stream.
KEEPALIVE = 15.0
_TYPES = {".xhtml": "application/xhtml+xml", ".css": "text/css", ".js": "text/javascript"}


def content_type(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    kind = _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return kind + ("; charset=utf-8" if kind.startswith("text/") or "xml" in kind else "")


def with_live_script(page: bytes, build: int) -> bytes:
    """PAGE with the live script before its `</body>`, well-formed for XHTML too."""
    tag = f'<script src="{LIVE}live.js" data-build="{build}"></script>'.encode()
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


class Handler(BaseHTTPRequestHandler):
    preview: Preview  # set on the class made for each server (see `handler_for`)
    server_version = "bookmaker"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal reports builds, not requests."""

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == f"{LIVE}events":
            self._events()
        elif path == f"{LIVE}live.js":
            script = resources.files("bookmaker.serve").joinpath("live.js").read_bytes()
            self._send(script, "live.js")
        elif path == "/":
            self._send(self._index(), "index.html", live=True)
        elif path.startswith("/html/"):
            self._html_file(path.removeprefix("/html/"))
        elif path.startswith("/epub/"):
            self._epub_entry(path.removeprefix("/epub/"))
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _send(self, data: bytes, name: str, *, live: bool = False) -> None:
        if live:
            data = with_live_script(data, int(self.preview.snapshot()["build"]))  # type: ignore[arg-type]
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type(name))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _html_file(self, rel: str) -> None:
        html_file = self.preview.html
        if html_file is None:
            self.send_error(HTTPStatus.NOT_FOUND, "no preview built yet")
            return
        folder = html_file.parent
        target = folder / rel
        if not rel or not is_inside(target, folder) or not target.is_file():
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        page = target.suffix in {".html", ".htm"}
        self._send(target.read_bytes(), target.name, live=page)

    def _epub_entry(self, name: str) -> None:
        epub = self.preview.epub
        if epub is None or not epub.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "no EPUB built yet")
            return
        if name == epub.name:
            self._send(epub.read_bytes(), epub.name)
            return
        with zipfile.ZipFile(epub) as book:
            entries = {n.removeprefix("EPUB/"): n for n in book.namelist()}
            if name not in entries:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            data = book.read(entries[name])
        self._send(data, name, live=name.endswith((".xhtml", ".html")))

    def _index(self) -> bytes:
        state = self.preview
        items = []
        if state.html is not None:
            items.append(f'<li><a href="/html/{state.html.name}">The print edition</a></li>')
        if state.epub is not None and state.epub.is_file():
            items.append(f'<li><a href="/epub/{state.epub.name}">The EPUB</a>, page by page:<ol>')
            items.extend(
                f'<li><a href="/epub/{html.escape(name)}">{html.escape(name)}</a></li>'
                for name in spine(state.epub)
            )
            items.append("</ol></li>")
        error = f'<p role="alert">{html.escape(state.error)}</p>' if state.error else ""
        body = "\n".join(items) or "<li>Nothing built yet.</li>"
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>bookmaker preview</title></head><body><h1>bookmaker preview</h1>"
            f"{error}<ul>\n{body}\n</ul></body></html>\n"
        ).encode()

    def _events(self) -> None:
        """Server-sent events: the state now, then after every build (and a comment now and
        then, so a closed page is noticed)."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.preview
        seen = -1
        try:
            while True:
                with state.changed:
                    if state.build == seen:
                        state.changed.wait(KEEPALIVE)
                    snapshot = {"build": state.build, "error": state.error}
                if snapshot["build"] != seen:
                    seen = int(snapshot["build"])  # type: ignore[arg-type]
                    self.wfile.write(f"data: {json.dumps(snapshot)}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def spine(epub: Path) -> list[str]:
    """The EPUB's documents in reading order, by their names inside its EPUB folder."""
    from lxml import etree

    with zipfile.ZipFile(epub) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    hrefs = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:manifest/opf:item", ns)}
    return [hrefs[ref.get("idref")] for ref in opf.iterfind(".//opf:spine/opf:itemref", ns)]


def handler_for(preview: Preview) -> type[Handler]:
    return type("PreviewHandler", (Handler,), {"preview": preview})
