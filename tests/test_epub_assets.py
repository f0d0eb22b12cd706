"""What the EPUB carries besides text: the cover, the theme's fonts (subset), its CSS."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from helpers.books import DEJAVU, make_book
from helpers.cli import run_cli
from helpers.epub_package import read_package
from PIL import Image

from bookmaker.builders.epub import cover as cover_module
from bookmaker.errors import BuildError, ThemeError
from bookmaker.pipeline import build

FONT_CSS = """@font-face { font-family: "Ink Sans"; src: url(fonts/DejaVuSans.ttf) format("truetype"); }
@font-face { font-family: "Ink Sans"; font-weight: bold; src: url("fonts/DejaVuSans-Bold.ttf"); }
body { font-family: "Ink Sans", sans-serif; }
a.backref::after { content: "⁂"; }
"""


@pytest.fixture(scope="module")
def font_book(tmp_path_factory, epub_registry):
    if not (DEJAVU / "DejaVuSans.ttf").exists():
        pytest.skip("DejaVu fonts are not installed here")
    folder = make_book(
        tmp_path_factory.mktemp("fonts") / "book",
        css=FONT_CSS,
        fonts=("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    )
    report = build(folder, ["epub"], folder / "_build")
    epub_registry.register(report.results[0].path)
    return read_package(report.results[0].path)


def test_theme_fonts_are_embedded_subset_to_the_book(font_book):
    fonts = {i["href"]: i for i in font_book.manifest.values() if i["media-type"] == "font/ttf"}
    assert sorted(fonts) == ["styles/fonts/DejaVuSans-Bold.ttf", "styles/fonts/DejaVuSans.ttf"]
    used = set()
    for doc in font_book.documents().values():
        used.update("".join(doc.find("{http://www.w3.org/1999/xhtml}body").itertext()))
    data = font_book.item("styles/fonts/DejaVuSans.ttf")
    original = (DEJAVU / "DejaVuSans.ttf").read_bytes()
    assert len(data) < len(original) / 5
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    full = TTFont(DEJAVU / "DejaVuSans.ttf").getBestCmap()
    assert {ord(c) for c in used if ord(c) in full} <= set(cmap), (
        "every character of the book is kept"
    )
    assert ord("⁂") in cmap, "characters the CSS itself prints are kept"
    assert ord("é") in cmap and ord("É") in cmap, "both cases, for text-transform"
    assert ord("Ж") not in cmap, "characters the book does not use are dropped"
    css = font_book.item("styles/inked.css").decode()
    assert "url(fonts/DejaVuSans.ttf)" in css
    assert font_book.meta("ibooks:specified-fonts") == ["true"], "Apple Books uses the fonts"
    assert "ibooks: http://vocabulary.itunes.apple.com/" in font_book.opf.get("prefix")


def test_web_fonts_are_shipped_as_the_truetype_inside(tmp_path: Path, epub_registry):
    if not (DEJAVU / "DejaVuSerif.ttf").exists():
        pytest.skip("DejaVu fonts are not installed here")
    css = (
        '@font-face { font-family: "Web"; src: url("fonts/Serif.woff2") format("woff2"), local("Serif"); }\n'
        'body { font-family: "Web", serif; }\n'
    )
    folder = make_book(tmp_path / "book", css=css)
    font = TTFont(DEJAVU / "DejaVuSerif.ttf")
    font.flavor = "woff2"
    font.save(folder / "_themes" / "inked" / "static" / "fonts" / "Serif.woff2")
    report = build(folder, ["epub"], folder / "_build")
    epub_registry.register(report.results[0].path)
    package = read_package(report.results[0].path)
    fonts = [i for i in package.manifest.values() if i["media-type"].startswith("font/")]
    assert [(f["href"], f["media-type"]) for f in fonts] == [("styles/fonts/Serif.ttf", "font/ttf")]
    unwrapped = TTFont(io.BytesIO(package.item("styles/fonts/Serif.ttf")))
    assert unwrapped.flavor is None and ord("é") in unwrapped.getBestCmap()
    assert (
        'src: url("fonts/Serif.ttf") format("truetype"), local("Serif")'
        in package.item("styles/inked.css").decode()
    )


def test_css_variables_are_resolved_for_e_readers(tmp_path: Path, epub_registry):
    css = (
        ":root { --ink: #123456; --gap: 1.5em; }\np { color: var(--ink); margin: var(--gap) 0; }\n"
        "h1 { color: var(--missing, #abcdef); }\n"
    )
    folder = make_book(tmp_path / "book", css=css)
    report = build(folder, ["epub"], folder / "_build")
    epub_registry.register(report.results[0].path)
    text = read_package(report.results[0].path).item("styles/inked.css").decode()
    assert "var(" not in text and "--ink" not in text
    assert "color: #123456" in text and "margin: 1.5em 0" in text and "color: #abcdef" in text
    broken = make_book(tmp_path / "broken", css="p { color: var(--nowhere); }\n")
    with pytest.raises(ThemeError, match=r"var\(--nowhere\) is not declared"):
        build(broken, ["epub"], broken / "_build")


def test_layout_e_readers_break_on_is_a_warning(tmp_path: Path, epub_registry):
    folder = make_book(tmp_path / "book", css="nav ol { display: flex; }\n.wide { width: 80vw; }\n")
    report = build(folder, ["epub"], folder / "_build")
    epub_registry.register(report.results[0].path)
    messages = [str(w) for w in report.warnings if w.code == "epub.css"]
    assert (
        len(messages) == 2
        and "display: flex" in messages[0]
        and "viewport units (vw)" in messages[1]
    )
    assert all("inked.css" in m for m in messages)


def test_generated_cover_is_a_large_jpeg_registered_as_cover(sample_build):
    package = read_package(sample_build.results[0].path)
    (item,) = package.with_property("cover-image")
    assert item["media-type"] == "image/jpeg"
    with Image.open(io.BytesIO(package.item(item["href"]))) as image:
        assert image.format == "JPEG" and image.size == (1600, 2560)
        colours = image.convert("L").getextrema()
    assert colours[1] - colours[0] > 150, "there is text on it, not a blank page"


def test_cover_uses_the_theme_fonts_first():
    fonts = {
        "fonts/DejaVuSans.ttf": DEJAVU / "DejaVuSans.ttf",
        "fonts/DejaVuSans-Bold.ttf": DEJAVU / "DejaVuSans-Bold.ttf",
        "fonts/DejaVuSans-Oblique.ttf": DEJAVU / "DejaVuSans-Oblique.ttf",
    }
    if not all(p.exists() for p in fonts.values()):
        pytest.skip("DejaVu fonts are not installed here")
    chosen = cover_module._cover_fonts(fonts)
    assert chosen == {
        "title": fonts["fonts/DejaVuSans-Bold.ttf"],
        "regular": fonts["fonts/DejaVuSans.ttf"],
        "italic": fonts["fonts/DejaVuSans-Oblique.ttf"],
    }


def test_no_font_anywhere_is_a_clear_error(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(cover_module, "_fc_match", lambda pattern: None)
    folder = make_book(tmp_path / "book")
    with pytest.raises(BuildError, match="cannot draw the cover: the theme declares no fonts"):
        build(folder, ["epub"], folder / "_build")
    assert not (folder / "_build" / "epub").exists() or not any(
        (folder / "_build" / "epub").iterdir()
    )


def test_cover_from_config_is_packaged_as_it_is(tmp_path: Path, epub_registry):
    folder = make_book(tmp_path / "book", '[epub]\ncover = "art/front.png"\n')
    (folder / "art").mkdir()
    Image.new("RGB", (1600, 2560), "navy").save(folder / "art" / "front.png")
    report = build(folder, ["epub"], folder / "_build")
    epub_registry.register(report.results[0].path)
    package = read_package(report.results[0].path)
    (item,) = package.with_property("cover-image")
    assert item["media-type"] == "image/png" and item["href"] == "cover.png"
    assert package.item("cover.png") == (folder / "art" / "front.png").read_bytes()
    assert not [w for w in report.warnings if w.code == "epub.cover"]


def test_small_cover_warns_and_bad_covers_are_one_line_errors(tmp_path: Path, epub_registry):
    folder = make_book(tmp_path / "book", '[epub]\ncover = "small.jpg"\n')
    Image.new("RGB", (300, 480), "white").save(folder / "small.jpg")
    report = build(folder, ["epub"], folder / "_build")
    epub_registry.register(report.results[0].path)
    assert [w.code for w in report.warnings] == ["epub.cover"] and "300×480" in report.warnings[
        0
    ].message
    (folder / "book.toml").write_text('[epub]\ncover = "nope.jpg"\n')
    result = run_cli("build", str(folder), "-b", "epub", "-o", str(tmp_path / "out"))
    assert (
        result.returncode == 2  # a mistake in book.toml
        and result.stderr.count("\n") == 1
        and "Traceback" not in result.stderr
    )
    assert "book.toml: epub.cover: no such file: nope.jpg" in result.stderr
    (folder / "fake.jpg").write_text("not an image")
    result = run_cli(
        "build",
        str(folder),
        "-b",
        "epub",
        "-o",
        str(tmp_path / "out"),
        "-D",
        'epub.cover="fake.jpg"',
    )
    assert result.returncode == 2 and "epub.cover: fake.jpg is not an image" in result.stderr
    assert not (tmp_path / "out").exists()
