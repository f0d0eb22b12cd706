"""Files a hostile or broken archive holds, made small: an image that declares a billion
pixels in a few bytes, a zip that expands a thousandfold; a local server that counts the
requests a build should never make; and the CLI run in-process."""

from __future__ import annotations

import contextlib
import http.server
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner, Result

from bookmaker.cli import main


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 30000, height: int = 30000) -> bytes:
    """A valid PNG header declaring WIDTH×HEIGHT grey pixels, with one row of data: Pillow
    reads its size without decoding a pixel, so the file is a "decompression bomb"."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1)))
        + _chunk(b"IEND", b"")
    )


@contextlib.contextmanager
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """(base URL, the paths requested so far) of an HTTP server on 127.0.0.1 that answers
    every GET with a style sheet that would show on the page; nothing should ever reach it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = b'body::after { content: "FETCHED FROM THE NETWORK"; }'
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def build_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    """`bookmaker build ARGS` in this process, as the command line ends it (the guard
    included), with its standard error apart."""
    return CliRunner().invoke(main, ["build", *args], env=env)


def one_error_line(result: Result) -> str:
    """The one line a failed run printed; fails the test on a traceback or a second line."""
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("bookmaker: error: "), lines[0]
    return lines[0]


def written(outdir: Path) -> list[Path]:
    """The files a run left in OUTDIR (none after a mistake)."""
    return [p for p in outdir.rglob("*") if p.is_file()] if outdir.exists() else []
