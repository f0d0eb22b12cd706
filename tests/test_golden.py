"""The chapter XHTML and the print HTML of a few roots, compared with tests/golden/ (see
helpers/golden.py for what is normalised and how to refresh them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import golden
from helpers.paths import GOLDEN

from bookmaker.pipeline import build

#: Roots whose output is kept: links and notes, parts, a conversation with images and German.
ROOTS = ("notes", "parts", "pdf")


@pytest.mark.parametrize("name", ROOTS)
def test_chapters_and_print_document_match_the_golden_files(
    name: str, root, tmp_path: Path, monkeypatch, epub_registry, request
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    report = build(root(name), ["epub", "html"], tmp_path / "out")
    epub, html = (
        epub_registry.register(r.path) if r.builder == "epub" else r.path for r in report.results
    )
    produced = golden.outputs(epub, html)
    assert len(produced) == len(report.book.chapters) + 1
    golden.check(GOLDEN / f"test-{name}", produced, request.config.getoption("--update-goldens"))
