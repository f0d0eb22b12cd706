"""Image files on their own: what the probe accepts, how an SVG is cleaned, and what each
edition ships (upright, fitted, stripped, converted, the same bytes every time)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from helpers.images import image_bytes
from PIL import Image

from bookmaker.images.probe import ImageProblem, probe
from bookmaker.images.render import Box, render
from bookmaker.images.svg import NotSvg, clean_svg

LIMIT = 64_000_000

#: A 1×1 PNG, base64.
DOT = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
HOSTILE_SVG = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/hostname"><!ENTITY word "lol">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="20" height="20" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(http://example.org/a.css); rect { fill: url(http://example.org/p#x) }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
  <text>&xxe; &word;</text>
  <image xlink:href="http://example.org/track.png" width="1" height="1"/>
  <image href="data:image/png;base64,{DOT}" width="1" height="1"/>
  <a href="javascript:alert(3)"><rect width="10" height="10" fill="url(#g)" stroke="url('#g')" onclick="x()"/></a>
  <set attributeName="href" to="javascript:alert(4)"/>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
</svg>""".replace(b"{DOT}", DOT.encode())


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG that says it is WIDTH×HEIGHT and holds almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )


def test_the_probe_names_what_it_refuses():
    with pytest.raises(ImageProblem, match="far more pixels than images.max_pixels"):
        probe(bomb_png(), LIMIT)  # Pillow itself refuses to open it
    with pytest.raises(ImageProblem, match="9000×9000 pixels, more than images.max_pixels"):
        probe(bomb_png(9000, 9000), LIMIT)  # under Pillow's own limits, over ours
    photo = image_bytes((400, 300), kind="JPEG", quality=90)
    with pytest.raises(ImageProblem, match="is a damaged JPEG file .*truncated"):
        probe(photo[: len(photo) // 2], LIMIT)
    with pytest.raises(ImageProblem, match="is not an image bookmaker can read"):
        probe(b"<html><body>Not found</body></html>", LIMIT)
    with pytest.raises(ImageProblem, match="not well-formed"):
        probe(b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", LIMIT)


@pytest.mark.parametrize(
    ("kind", "mode", "shipped"),
    [
        ("JPEG", "RGB", "image/jpeg"),
        ("PNG", "RGBA", "image/png"),
        ("GIF", "P", "image/gif"),
        ("WEBP", "RGB", "image/jpeg"),
        ("WEBP", "RGBA", "image/png"),
        ("AVIF", "RGB", "image/jpeg"),
        ("TIFF", "RGB", "image/jpeg"),
        ("BMP", "RGB", "image/jpeg"),
    ],
)
def test_formats_e_readers_may_not_show_ship_as_jpeg_or_png(kind: str, mode: str, shipped: str):
    colour = (10, 120, 200, 128)[: len(mode)] if mode != "P" else 3
    data = image_bytes((32, 24), colour, kind, mode)
    found = probe(data, LIMIT)
    assert (found.kind, found.width, found.height, found.media_type) == (kind, 32, 24, shipped)
    out = render(data, found.media_type, Box(1600, 1600))
    if shipped.endswith(kind.lower()) or (kind == "JPEG"):
        assert out is None  # already what e-readers show: shipped as it came
    else:
        with Image.open(io.BytesIO(out)) as image:
            assert image.format == shipped.split("/")[1].upper() and image.size == (32, 24)


def test_heic_is_read_when_pillow_heif_is_installed():
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    data = image_bytes((32, 24), (200, 60, 20), "HEIF")
    found = probe(data, LIMIT)
    assert (found.kind, found.media_type) == ("HEIF", "image/jpeg")
    with Image.open(io.BytesIO(render(data, found.media_type, Box(1600, 1600)))) as image:
        assert image.format == "JPEG" and image.size == (32, 24)


def test_a_camera_photo_is_turned_upright_fitted_and_stripped():
    photo = Image.new("RGB", (4000, 3000), (90, 140, 60))
    photo.paste((250, 250, 250), (0, 0, 400, 300))  # a mark in the top-left corner, as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show it rotated 90° clockwise
    exif[0x010F] = "Camera Maker"
    out = io.BytesIO()
    photo.save(out, "JPEG", exif=exif, comment=b"taken at home", quality=90)
    data = out.getvalue()
    epub = render(data, "image/jpeg", Box(1600, 1600))
    pdf = render(data, "image/jpeg", Box(1346, 1908))
    with Image.open(io.BytesIO(epub)) as image:
        assert image.size == (1200, 1600)  # upright, long side 1600
        assert not image.getexif() and "comment" not in image.info and "exif" not in image.info
        assert image.convert("L").getpixel((1190, 10)) > 240  # the mark is now top-right
    with Image.open(io.BytesIO(pdf)) as image:
        assert image.size == (1346, 1795)
    assert render(data, "image/jpeg", Box(1600, 1600)) == epub  # the same bytes every time


def test_an_image_that_needs_nothing_is_shipped_as_it_came():
    plain = image_bytes((800, 600), kind="JPEG", quality=70)
    assert render(plain, "image/jpeg", Box(1600, 1600)) is None
    shrunk = render(plain, "image/jpeg", Box(400, 400))
    with Image.open(io.BytesIO(shrunk)) as image:
        assert image.size == (400, 300)


def test_an_animated_gif_is_kept_whole():
    frames = [Image.new("P", (30, 30), c) for c in (1, 2, 3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0)
    assert render(out.getvalue(), "image/gif", Box(1600, 1600)) is None


def test_an_svg_keeps_its_drawing_and_loses_what_runs_or_reaches_out():
    cleaned, removed = clean_svg(HOSTILE_SVG)
    text = cleaned.decode()
    for gone in (
        "<script",
        "onload",
        "onclick",
        "javascript:",
        "example.org",
        "DOCTYPE",
        "ENTITY",
        "xxe",
        "foreignObject",
        "<set",
    ):
        assert gone not in text, gone
    assert (
        'fill="url(#g)"' in text
        and 'stroke="url(#g)"' in text
        and "linearGradient" in text
        and "data:image/png" in text
    )
    assert text.count("<image") == 1  # the one whose picture is in the file
    assert set(removed) >= {"a DOCTYPE", "scripts", "event handlers", "external references"}
    assert probe(HOSTILE_SVG, LIMIT).removed == removed
    assert render(HOSTILE_SVG, "image/svg+xml", Box(10, 10)) == cleaned
    assert render(cleaned, "image/svg+xml", Box(10, 10)) is None
    with pytest.raises(NotSvg):
        clean_svg(b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>')
