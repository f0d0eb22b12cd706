"""Images for the tests, made here (tiny, of known colours and sizes), and a web server on
127.0.0.1 that serves them and counts every request: the fetcher's tests never reach the
network."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

#: The seed's five images: the lead photo and the four contributors' portraits, by their path
#: on the seed's site (served here under the same paths).
SEED_SITE = "https://www.chinafile.com"
SEED_IMAGES = {
    "/sites/default/files/styles/large/public/assets/images/article/featured/55396_sm.jpg": (
        (300, 200),
        (180, 60, 40),
    ),
    **{
        f"/sites/default/files/styles/epsacrop_220x220/public/assets/images/profile/{name}": (
            (110, 110),
            colour,
        )
        for name, colour in (
            ("maria_repnikova.jpg", (200, 40, 40)),
            ("medeiros_sm.jpg", (40, 160, 40)),
            ("berzina-cerenkova_sm.jpg", (40, 40, 200)),
            ("golod_sm.jpg", (200, 160, 40)),
        )
    },
}


def image_bytes(
    size: tuple[int, int] = (40, 30),
    colour: tuple[int, ...] = (30, 120, 200),
    kind: str = "JPEG",
    mode: str = "RGB",
    **save: object,
) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, kind, **save)
    return out.getvalue()


@dataclass
class Served:
    """What a path answers: a body and its type, or a redirect to `location`."""

    body: bytes = b""
    content_type: str = "image/jpeg"
    status: int = 200
    location: str | None = None


@dataclass
class ImageServer:
    base: str
    routes: dict[str, Served]
    #: Every path asked for, in order.
    requests: list[str] = field(default_factory=list)
    #: The Host header of each request.
    hosts: list[str] = field(default_factory=list)

    def add(self, path: str, body: bytes, content_type: str = "image/jpeg") -> str:
        self.routes[path] = Served(body, content_type)
        return self.base + path


@contextmanager
def image_server(host: str = "127.0.0.1") -> Iterator[ImageServer]:
    """A server on HOST (a loopback address) answering from its `routes`, 404 otherwise."""
    server = ImageServer("", {})

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append(self.path)
            server.hosts.append(self.headers.get("Host", ""))
            path = self.path.split("?", 1)[0]
            served = server.routes.get(path) or Served(b"not here", "text/plain", 404)
            self.send_response(served.status)
            if served.location:
                self.send_header("Location", served.location)
            self.send_header("Content-Type", served.content_type)
            self.send_header("Content-Length", str(len(served.body)))
            self.end_headers()
            self.wfile.write(served.body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer((host, 0), Handler)
    server.base = f"http://{host}:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()


def pdf_images(path: Path) -> list[tuple[int, int]]:
    """(width, height) of each distinct image the PDF draws, in page order."""
    from pypdf import PdfReader

    seen: dict[int, tuple[int, int]] = {}
    for page in PdfReader(str(path)).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                seen.setdefault(ref.idnum, (int(obj["/Width"]), int(obj["/Height"])))
    return list(seen.values())


def epub_images(path: Path) -> dict[str, tuple[str, tuple[int, int], bytes]]:
    """The images an EPUB holds besides its cover: href → (format, size, bytes)."""
    out = {}
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if "/images/" not in name:
                continue
            data = book.read(name)
            if data.lstrip().startswith(b"<"):
                out[name.split("/", 1)[1]] = ("SVG", (0, 0), data)
                continue
            with Image.open(io.BytesIO(data)) as image:
                out[name.split("/", 1)[1]] = (image.format or "", image.size, data)
    return out
