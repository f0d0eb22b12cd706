"""build: registry, atomic writes, the URL policy, and one document for two editions."""

from __future__ import annotations

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

    monkeypatch.setattr(epub_builder, "normalise_zip", explode)
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
