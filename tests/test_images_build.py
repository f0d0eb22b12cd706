"""Images through whole builds: fetched once and cached, refused where they must be, checked,
fitted to each edition, and the same bytes every time.  Remote images come from a server on
127.0.0.1; `online` lifts the test session's BOOKMAKER_OFFLINE for one test."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from helpers.cli import run_cli
from helpers.images import epub_images, image_bytes, image_server, pdf_images
from helpers.text import epub_documents
from PIL import Image
from test_images_files import HOSTILE_SVG, bomb_png

from bookmaker.pipeline import build

ALLOW = "[images]\nallow_private = true\n"


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOOKMAKER_OFFLINE", raising=False)


def make_book(folder: Path, body: str, config: str = "", name: str = "2024-03-01-harbour.md"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\ntitle: The Harbour\ndate: 2024-03-01\n---\n\n{body}\n")
    (folder / "book.toml").write_text(config)
    return folder


def image_warnings(report) -> list[tuple[str, str, str | None]]:
    return [(w.code, w.message, w.path) for w in report.warnings if w.code.startswith("image.")]


def test_fetched_on_the_first_build_then_from_the_cache_and_offline(
    tmp_path: Path, online, epub_registry
):
    with image_server() as server:
        url = server.add("/photos/harbour.jpg", image_bytes((64, 48), (20, 90, 160)))
        book = make_book(tmp_path / "book", f"![The harbour at dawn]({url})", ALLOW)
        out = tmp_path / "out"
        first = build(book, ["epub"], out)
        assert server.requests == ["/photos/harbour.jpg"] and image_warnings(first) == []
        second = build(book, ["epub"], out)
        offline = build(book, ["epub"], out, offline=True)
        assert server.requests == ["/photos/harbour.jpg"]  # none after the first build
        for report in (first, second, offline):
            epub_registry.register(report.results[0].path)
            ((href, (kind, size, data)),) = epub_images(report.results[0].path).items()
            assert href.startswith("images/web/harbour-") and (kind, size) == ("JPEG", (64, 48))
            assert data == server.routes["/photos/harbour.jpg"].body  # it needed no work
        (asset,) = first.book.assets
        assert asset.digest == hashlib.sha256(data).hexdigest()
        assert asset.source.parent == out / ".bookmaker-cache" / "images" / "web"
        chapter = next(iter(epub_documents(first.results[0].path).values()))
        assert f'alt="The harbour at dawn" src="{asset.href}"' in chapter or (
            f'src="{asset.href}"' in chapter and 'alt="The harbour at dawn"' in chapter
        )
        fresh = run_cli(
            "build", str(book), "-o", str(tmp_path / "fresh"), "--offline", "-b", "epub"
        )
        assert fresh.returncode == 0 and server.requests == ["/photos/harbour.jpg"]


def test_a_loopback_image_is_refused_by_default_and_named_in_one_warning(tmp_path: Path, online):
    with image_server() as server:
        url = server.add("/a.jpg", image_bytes())
        gone = server.base + "/gone.jpg"
        body = f"![A]({url}) and ![B]({gone}), and A again: ![A]({url})"
        report = build(make_book(tmp_path / "book", body), ["epub"], tmp_path / "out")
        assert server.requests == []
        warned = image_warnings(report)
        assert [code for code, _, _ in warned] == ["image.fetch", "image.fetch"]
        assert all(path.endswith("book/2024-03-01-harbour.md") for _, _, path in warned)
        assert (
            f"image '{url}' not fetched: refused: 127.0.0.1 is a loopback address" in warned[0][1]
        )
        allowed = build(make_book(tmp_path / "open", body, ALLOW), ["epub"], tmp_path / "o2")
        assert sorted(server.requests) == ["/a.jpg", "/gone.jpg"]
        assert [(code, message) for code, message, _ in image_warnings(allowed)] == [
            ("image.fetch", f"image '{gone}' not fetched: the server answered 404 Not Found")
        ]


def test_the_command_line_says_how_the_downloads_went_and_checks_the_settings(
    tmp_path: Path, online
):
    with image_server() as server:
        url = server.add("/a.jpg", image_bytes())
        gone = server.base + "/gone.jpg"
        book = make_book(tmp_path / "book", f"![A]({url}) and ![B]({gone})", ALLOW)
        result = run_cli("build", str(book), "-b", "html", "-o", str(tmp_path / "out"))
        assert result.returncode == 0, result.stderr
        assert "Fetched 1 of 2 images from the web, 1 failed." in result.stderr
        (warning,) = [line for line in result.stderr.splitlines() if "not fetched" in line]
        assert "2024-03-01-harbour.md" in warning and gone in warning
        quiet = run_cli("build", str(book), "-q", "-b", "html", "-o", str(tmp_path / "q"))
        assert quiet.returncode == 0 and "images from the web" not in quiet.stderr
    (book / "book.toml").write_text("[images]\nconnections = 0\n")
    bad = run_cli("build", str(book), "-b", "html", "-o", str(tmp_path / "bad"))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1  # a config mistake
    assert "images.connections: expected a whole number of at least 1; got 0" in bad.stderr
    assert not (tmp_path / "bad" / "html").exists()


def test_files_outside_the_book_are_never_read_into_it(tmp_path: Path, online, epub_registry):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = (13, 37, 99)
    Image.new("RGB", (20, 20), secret).save(outside / "secret.png")
    book = tmp_path / "shelf" / "book"
    (book / "images").mkdir(parents=True)
    (book / "images" / "leak.png").symlink_to(outside / "secret.png")
    (book / "images" / "real.png").write_bytes(image_bytes((20, 20), (200, 200, 0), "PNG"))
    body = (
        '<img src="file:///etc/hostname" alt="host"> ![up](../../outside/secret.png) '
        "![link](images/leak.png) ![real](images/real.png)"
    )
    report = build(make_book(book, body), ["epub", "pdf"], tmp_path / "out")
    assert [(code, message) for code, message, _ in image_warnings(report)] == [
        (
            "image.refused",
            (
                "image 'file:///etc/hostname' is a file: address; only the book's own "
                "files and http(s) images are used; left out"
            ),
        ),
        (
            "image.refused",
            "image '../../outside/secret.png' is outside the book's folder; left out",
        ),
        ("image.refused", "image 'images/leak.png' is outside the book's folder; left out"),
    ]
    epub, pdf = (r.path for r in report.results)
    epub_registry.register(epub)
    kept = epub_images(epub)
    assert list(kept) == ["images/images/real.png"]
    assert pdf_images(pdf) == [(20, 20)]
    hostname = Path("/etc/hostname").read_bytes().strip() if Path("/etc/hostname").exists() else b""
    with zipfile.ZipFile(epub) as z:
        everything = b"".join(z.read(n) for n in z.namelist())
    assert (outside / "secret.png").read_bytes() not in everything
    if len(hostname) > 3:
        assert hostname not in everything and hostname not in pdf.read_bytes()


def test_a_bomb_a_cut_jpeg_and_a_scripted_svg_are_handled_with_warnings(
    tmp_path: Path, epub_registry
):
    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    (book / "images" / "bomb.png").write_bytes(bomb_png())
    photo = image_bytes((400, 300), kind="JPEG", quality=90)
    (book / "images" / "cut.jpg").write_bytes(photo[: len(photo) // 2])
    (book / "images" / "chart.svg").write_bytes(HOSTILE_SVG)
    body = "![Bomb](images/bomb.png)\n\n![Cut](images/cut.jpg)\n\n![A chart](images/chart.svg)"
    report = build(make_book(book, body), ["epub", "pdf"], tmp_path / "out")
    warned = [(code, message.split(" ", 2)[1]) for code, message, _ in image_warnings(report)]
    assert warned == [
        ("image.invalid", "'images/bomb.png'"),
        ("image.invalid", "'images/cut.jpg'"),
        ("image.svg", "'images/chart.svg':"),
    ]
    epub = report.results[0].path
    epub_registry.register(epub)
    (svg,) = [data for kind, _, data in epub_images(epub).values() if kind == "SVG"]
    assert b"<script" not in svg and b"onload" not in svg and b"example.org" not in svg
    assert list(epub_images(epub)) == ["images/images/chart.svg"]


def test_each_edition_fits_a_photo_its_own_way_and_builds_are_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epub_registry
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    photo = Image.radial_gradient("L").resize((4000, 3000)).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    photo.save(out, "JPEG", exif=exif, quality=90)
    (book / "images" / "pier.jpg").write_bytes(out.getvalue())
    make_book(book, "![The pier from the water](images/pier.jpg)")
    first = build(book, ["epub", "pdf"], tmp_path / "one")
    second = build(book, ["epub", "pdf"], tmp_path / "two")  # another cache: rendered again
    epub, pdf = (r.path for r in first.results)
    epub_registry.register(epub)
    ((kind, size, _),) = epub_images(epub).values()
    assert (kind, size) == ("JPEG", (1200, 1600))  # upright, 1600 px on the long side
    # A5 with the default margins: 114 mm of text width at 300 dpi is 1346 px.
    assert pdf_images(pdf) == [(1346, 1795)]
    assert epub.read_bytes() == second.results[0].path.read_bytes()
    assert pdf.read_bytes() == second.results[1].path.read_bytes()
    wider = build(book, ["epub"], tmp_path / "three", overrides=("images.epub_max=800",))
    ((_, size, _),) = epub_images(wider.results[0].path).values()
    assert size == (600, 800)


def test_alt_text_is_kept_or_taken_from_the_caption_and_a_missing_one_is_said(
    tmp_path: Path, epub_registry
):
    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    for name in ("a.png", "b.png", "c.png"):
        (book / "images" / name).write_bytes(image_bytes((30, 20), kind="PNG"))
    body = (
        '![Boats](images/a.png)\n\n[caption id="x"]<img src="images/b.png" alt="" /> '
        "Nets drying on the quay[/caption]\n\nAnd then: ![](images/c.png)"
    )
    report = build(make_book(book, body), ["epub"], tmp_path / "out")
    epub = report.results[0].path
    epub_registry.register(epub)
    (chapter,) = [d for n, d in epub_documents(epub).items() if "chapter" in n]
    assert 'alt="Boats"' in chapter and 'alt="Nets drying on the quay"' in chapter
    assert '<img src="images/images/c.png"/>' in chapter
    assert [m for code, m, _ in image_warnings(report) if code == "image.alt"] == [
        (
            "an image has no text alternative (alt) and no caption; the EPUB's accessibility "
            "metadata says so"
        )
    ]
    with zipfile.ZipFile(epub) as z:
        opf = z.read("EPUB/content.opf").decode()
    assert "1 image(s) have no text alternative" in opf and "dcterms:conformsTo" not in opf


def test_a_cover_given_as_a_web_address_is_fetched(tmp_path: Path, online, epub_registry):
    with image_server() as server:
        url = server.add("/cover.jpg", image_bytes((1600, 2560), (120, 30, 30)))
        config = f'[epub]\ncover = "{url}"\n' + ALLOW
        book = make_book(tmp_path / "book", "Words.", config)
        report = build(book, ["epub"], tmp_path / "out")
        epub_registry.register(report.results[0].path)
        with zipfile.ZipFile(report.results[0].path) as z:
            assert z.read("EPUB/cover.jpg") == server.routes["/cover.jpg"].body
        drawn = build(book, ["epub"], tmp_path / "elsewhere", offline=True)
        assert [str(w) for w in drawn.warnings if w.code == "epub.cover"] == [
            (
                "warning: epub.cover: not in the cache, and fetching is off; a cover is drawn "
                "instead [epub.cover]"
            )
        ]
        assert server.requests == ["/cover.jpg"]
