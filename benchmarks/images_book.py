"""A book of big photos: how large the EPUB gets, whether EPUBCheck passes, and what the image
cache saves on a rebuild.

    python benchmarks/images_book.py [N] [--pdf] [--keep DIR]

Makes N posts (default 50), each showing one 4000×3000 camera-like JPEG (photo-like content,
EXIF orientation and metadata, made here from a fixed seed), served from a web server on
127.0.0.1 as a blog's images would be.  Builds the EPUB (and the PDF with --pdf) twice into one
output folder: the first build downloads and fits every photo, the second finds all of it in
the cache.  Prints the times, the requests the server saw, the EPUB's size (the acceptance:
under 25 MB) and EPUBCheck's verdict (0 errors).
"""

from __future__ import annotations

import http.server
import io
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from PIL import Image, ImageFilter

from bookmaker.check.epubcheck import NotRun, run_epubcheck
from bookmaker.pipeline import build


def film_grain() -> Image.Image:
    """The grain every photo gets (made once: blurring 12 megapixels is slow)."""
    grain = Image.effect_noise((4000, 3000), 24).filter(ImageFilter.GaussianBlur(1))
    return Image.merge("RGB", (grain, grain, grain))


def camera_photo(n: int, grain: Image.Image) -> bytes:
    """A 4000×3000 JPEG that compresses like a photo: soft shapes, some grain, EXIF."""
    rng = random.Random(n)
    small = Image.new("RGB", (40, 30))
    small.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(40 * 30)])
    photo = Image.blend(small.resize((4000, 3000), Image.Resampling.BICUBIC), grain, 0.15)
    exif = Image.Exif()
    exif[0x0112] = 1 if n % 3 else 6  # every third one was taken upright
    exif[0x010F] = "Benchmark Camera"
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def serve(photos: dict[str, bytes]) -> tuple[http.server.ThreadingHTTPServer, list[str]]:
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = photos.get(self.path, b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, requests


def main() -> None:
    args = sys.argv[1:]
    count = int(next((a for a in args if a.isdigit()), "50"))
    builders = ["epub", "pdf"] if "--pdf" in args else ["epub"]
    keep = Path(args[args.index("--keep") + 1]) if "--keep" in args else None
    work = keep or Path(tempfile.mkdtemp(prefix="images-book-"))
    os.environ.pop("BOOKMAKER_OFFLINE", None)
    started = time.perf_counter()
    grain = film_grain()
    photos = {f"/photos/{n:03d}.jpg": camera_photo(n, grain) for n in range(count)}
    made = time.perf_counter() - started
    httpd, requests = serve(photos)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    book = work / "book"
    shutil.rmtree(book, ignore_errors=True)
    book.mkdir(parents=True)
    (book / "book.toml").write_text(
        '[book]\ntitle = "Photographs"\n[images]\nallow_private = true\n'
    )
    for n, path in enumerate(photos):
        (book / f"2024-01-{n % 28 + 1:02d}-photo-{n:03d}.md").write_text(
            f"---\ntitle: Photograph {n}\n---\n\n![Photograph number {n}]({base}{path})\n\n"
            "A few words about the picture.\n"
        )
    size_in = sum(len(p) for p in photos.values())
    print(
        f"{count} photos of 4000×3000, {size_in / 1e6:.1f} MB in all, made in {made:.1f} s",
        flush=True,
    )
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    for run in ("first build", "rebuild"):
        seen = len(requests)
        t = time.perf_counter()
        report = build(book, builders, out)
        took = time.perf_counter() - t
        warnings = [str(w) for w in report.warnings]
        print(
            f"{run}: {took:.1f} s, {len(requests) - seen} requests, {len(warnings)} warnings",
            flush=True,
        )
        for line in warnings[:5]:
            print("  ", line)
    httpd.shutdown()
    epub = report.results[0].path
    with zipfile.ZipFile(epub) as z:
        images = [i for i in z.infolist() if "/images/" in i.filename]
        sizes = sorted({Image.open(io.BytesIO(z.read(i))).size for i in images})
    print(
        f"EPUB: {epub.stat().st_size / 1e6:.1f} MB, {len(images)} images, "
        f"{sum(i.file_size for i in images) / len(images) / 1e3:.0f} kB each on average, "
        f"sizes {sizes}"
    )
    if len(report.results) > 1:
        print(f"PDF: {report.results[1].path.stat().st_size / 1e6:.1f} MB")
    verdict = run_epubcheck(epub)
    if isinstance(verdict, NotRun):
        print("EPUBCheck did not run:", verdict.reason)
    else:
        print(
            f"EPUBCheck {verdict.version}: {verdict.fatals} fatal, {verdict.errors} errors, "
            f"{verdict.warnings} warnings"
        )
        for line in verdict.messages[:10]:
            print("  ", line)
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
