"""build: registry, atomic writes, the URL policy, and one document for two editions."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bookmaker.builders import expand
from bookmaker.errors import BuildError
from bookmaker.pipeline import build

POST = "---\ntitle: Plain\ndate: 2024-01-01\n---\nText with a [link](https://example.org/x).\n"


def test_all_means_epub_and_pdf_and_unknown_names_are_refused():
    assert expand(["all"]) == ["epub", "pdf"]
    assert expand(["epub", "all", "html"]) == ["epub", "pdf", "html"]
    with pytest.raises(BuildError, match="unknown builder 'docx'"):
        expand(["docx"])


def test_epub_only_build_never_imports_weasyprint(tmp_path: Path):
    (tmp_path / "p.md").write_text(POST)
    code = (
        "import sys; from pathlib import Path; from bookmaker.pipeline import build; "
        f"build(Path({str(tmp_path / 'p.md')!r}), ['epub'], Path({str(tmp_path / 'out')!r})); "
        "print('weasyprint' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == "False"


def test_a_failed_build_leaves_the_previous_book_and_no_temp_file(tmp_path: Path, monkeypatch):
    (tmp_path / "p.md").write_text(POST)
    out = tmp_path / "out"
    first = build(tmp_path / "p.md", ["epub"], out).results[0].path
    before = first.read_bytes()

    import bookmaker.builders.epub.builder as epub_builder

    def explode(*args, **kwargs):
        raise OSError("disk full")

    # The zip is half written (the package documents are written last, kept or not).
    monkeypatch.setattr(epub_builder, "_package_documents", explode)
    (tmp_path / "p.md").write_text(POST.replace("Plain", "Plain") + "\nMore text.\n")
    with pytest.raises(BuildError, match="cannot write the EPUB: disk full") as caught:
        build(tmp_path / "p.md", ["epub"], out)
    assert caught.value.path == first  # where the book goes, not where it was being written
    assert first.read_bytes() == before
    assert [p.name for p in first.parent.iterdir()] == [first.name]


def test_pdf_fetcher_refuses_files_outside_the_book_and_the_network():
    from bookmaker.builders.pdf.fetcher import ROOT, BookFetcher

    fetcher = BookFetcher({"images/a.png": Path(__file__)})
    assert fetcher.fetch(ROOT + "images/a.png").read() == Path(__file__).read_bytes()
    for url in (
        "file:///etc/hostname",
        "http://127.0.0.1:9/x.css",
        ROOT + "../../etc/hostname",
        ROOT + "other.png",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 4


def test_print_html_is_the_document_the_pdf_is_made_from(tmp_path: Path):
    (tmp_path / "p.md").write_text(POST)
    report = build(tmp_path / "p.md", ["html", "pdf"], tmp_path / "out")
    html = report.results[0].path.read_text()
    # URL break hints are zero-width spaces in the print document (no inline box each).
    assert '<a class="noteref"' in html and "https://example.org/x" in html.replace("\u200b", "")
    assert report.results[1].pages >= 2


def _logger_state(name: str) -> tuple:
    logger = logging.getLogger(name)
    return logger.level, logger.propagate, list(logger.handlers), list(logger.filters)


def test_weasyprint_warnings_become_the_builds_and_logging_is_left_as_it_was(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    """The layout runs in this process here: its warnings are collected, none reaches the
    process's handlers, and the `weasyprint` logger is as it was (no `propagate` flipped)."""
    from bookmaker.builders.pdf.layout import LayoutJob, layout

    before = _logger_state("weasyprint")
    job = LayoutJob(
        '<p id="start">Text.</p>', ("p { colour: red; }",), {}, "start", tmp_path / "x.pdf"
    )
    with caplog.at_level(logging.WARNING):
        result = layout(job)
    assert any("colour" in m for m in result.messages), result.messages
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
    assert _logger_state("weasyprint") == before
    logging.getLogger("weasyprint").warning("after the layout")
    assert [r.getMessage() for r in caplog.records] == ["after the layout"]


def _tiny_font(path: Path) -> Path:
    """A TrueType font of three empty glyphs, quick to subset."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", "T", "x"]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord("T"): "T", ord("x"): "x"})
    builder.setupGlyf({n: TTGlyphPen(None).glyph() for n in names})
    builder.setupHorizontalMetrics({n: (500, 0) for n in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    builder.setupOS2(fsType=0)
    builder.setupPost()
    builder.save(str(path))
    return path


def test_subsetting_fonts_leaves_fonttools_logging_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from bookmaker.builders.epub.fonts import resources

    monkeypatch.setattr(logging.getLogger("fontTools.subset"), "level", logging.NOTSET)
    before = _logger_state("fontTools.subset")
    font = _tiny_font(tmp_path / "tiny.ttf")
    (out,) = resources({"f.ttf": font}, "x", subset_fonts=True)
    assert out.media_type == "font/ttf" and out.data != font.read_bytes()
    assert _logger_state("fontTools.subset") == before
