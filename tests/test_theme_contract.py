"""What a theme and the builders agree on: every option a template, a stylesheet or a builder
reads is one a theme declares, with its default said once (in theme.toml); templates and
stylesheets read options by one name; the filters are the theme's, registered once, and a
build only hands the templates data."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from helpers.epub_package import read_package
from PIL import Image

from bookmaker.builders.epub.builder import EpubBuilder
from bookmaker.builders.pdf.preview import HtmlBuilder
from bookmaker.config import load
from bookmaker.pipeline import build
from bookmaker.theming import available_themes, load_chain, load_theme
from bookmaker.theming.spec import merge_options

PACKAGE = Path(__file__).resolve().parent.parent / "bookmaker"
EDITIONS = Path(__file__).parent / "roots" / "test-editions"
#: `options.NAME`, `options["NAME"]` and `options.get("NAME"…)`: how a template or a stylesheet
#: reads an option.
READS = re.compile(r"""options(?:\.get\(\s*|\[\s*)["'](\w+)["']|options\.(?!get\b)(\w+)""")
#: How Python reads one: `theme.options["NAME"]` or `theme.options.get("NAME"…)`.
PY_READS = re.compile(r"""\boptions(?:\.get\(|\[)\s*["'](\w+)["']""")


def theme_files(name: str) -> list[Path]:
    return [
        f
        for info in load_chain(name)
        for folder in ("templates", "static")
        for f in sorted((info.path / folder).rglob("*"))
        if f.suffix in {".html", ".xhtml", ".jinja"}
    ]


def options_read(text: str) -> set[str]:
    return {a or b for a, b in READS.findall(text)}


@pytest.mark.parametrize("name", sorted(available_themes()))
def test_every_option_a_theme_reads_is_declared_and_its_default_said_once(name: str):
    declared = set(merge_options(load_chain(name)))
    for path in theme_files(name):
        source = path.read_text(encoding="utf-8")
        assert "options.get(" not in source, f"{path}: a default repeated outside theme.toml"
        assert options_read(source) <= declared, path


def test_every_option_a_builder_reads_is_declared_by_the_default_theme():
    """Builders read options only through the theme every built-in inherits (the drawn EPUB
    cover once read `cover_background`, which no theme declared)."""
    declared = set(merge_options(load_chain("default")))
    read = {
        name: path
        for path in sorted((PACKAGE / "builders").rglob("*.py"))
        for name in PY_READS.findall(path.read_text(encoding="utf-8"))
    }
    assert "accent_color" in read and set(read) <= declared, read


def test_templates_and_stylesheets_read_an_option_by_one_name(tmp_path: Path):
    shutil.copytree(EDITIONS, tmp_path / "book")
    theme = tmp_path / "book" / "_themes" / "house"
    (theme / "templates" / "partials").mkdir(parents=True)
    (theme / "static").mkdir()
    (theme / "theme.toml").write_text(
        '[theme]\ninherit = "default"\n[theme.stylesheets]\npdf = ["house.css.jinja"]\n'
        '[options.rule_color]\ndefault = "#abcdef"\ntype = "color"\n'
    )
    (theme / "static" / "house.css.jinja").write_text(".rule { color: {{ options.rule_color }} }")
    (theme / "templates" / "partials" / "byline.html").write_text(
        '<p class="rule">{{ options.rule_color }}</p>\n'
    )
    report = build(tmp_path / "book", ["html"], tmp_path / "out", theme_name="house")
    html = report.results[0].path
    assert '<p class="rule">#abcdef</p>' in html.read_text()
    assert ".rule { color: #abcdef }" in (html.parent / "house.css").read_text()


def test_a_build_hands_the_templates_data_and_leaves_the_theme_as_theming_made_it(
    tmp_path: Path, epub_registry
):
    """Built straight from the model with one Theme: its filters and globals are what theming
    registered, before and after; and the drawn cover takes the theme's accent colour (it
    once read `cover_background`, which no theme declared)."""
    shutil.copytree(EDITIONS, tmp_path / "book")
    book = build(tmp_path / "book", ["html"], tmp_path / "first").book
    theme = load_theme("default", (), {"accent_color": "#1d5c63"})
    filters, globals_ = dict(theme.env.filters), dict(theme.env.globals)
    assert {"names", "long_date", "breakable_url", "note_body"} <= set(filters)
    config = load(tmp_path / "book")
    epub = read_package(
        epub_registry.register(EpubBuilder(config).build(book, theme, tmp_path / "out").path)
    )
    HtmlBuilder(config).build(book, theme, tmp_path / "out")
    assert dict(theme.env.filters) == filters and dict(theme.env.globals) == globals_
    (item,) = epub.with_property("cover-image")
    with Image.open(io.BytesIO(epub.item(item["href"]))) as cover:
        corner = cover.convert("RGB").getpixel((20, 20))
    assert all(abs(got - want) <= 3 for got, want in zip(corner, (0x1D, 0x5C, 0x63), strict=True))
