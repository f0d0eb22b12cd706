"""Deliberately awful posts (tests/roots/test-awful): none gives a traceback; each converts with
warnings or is refused in one line naming the file, and --keep-going builds the rest."""

from __future__ import annotations

import pytest
from helpers.cli import run_cli
from helpers.paths import ROOTS
from helpers.text import epub_documents, visible_text

from bookmaker.errors import BookmakerError
from bookmaker.pipeline import build

AWFUL = ROOTS / "test-awful"
REFUSED = {
    "2024-01-03-unclosed-front-matter.md": "front matter is not closed",
    "2024-01-05-front-matter-list.md": "front matter is not a mapping",
    "2024-01-08-binary.md": "binary file",
}


@pytest.mark.parametrize("name", sorted(p.name for p in AWFUL.iterdir()))
def test_each_awful_post_converts_or_is_refused_in_one_line(name, project, tmp_path, epub_registry):
    root = project(AWFUL / name)
    try:
        report = build(root / name, ["epub"], tmp_path / "out")
    except BookmakerError as exc:
        assert name in REFUSED, f"{name} refused: {exc}"
        assert REFUSED[name] in str(exc) and "\n" not in str(exc) and name in str(exc)
        return
    assert name not in REFUSED
    epub_registry.register(report.results[0].path)
    for warning in report.warnings:
        assert "\n" not in str(warning) and name in str(warning)


def test_keep_going_builds_the_rest_and_reports_each_failure(project, epub_registry):
    root = project(AWFUL, "awful")
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    result = run_cli("build", str(root), "-b", "epub", "--keep-going", "-o", str(root / "_build"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("bookmaker: error: ")]
    assert sorted(e.split(": ")[2].split(":")[0].rsplit("/", 1)[-1] for e in errors) == sorted(
        REFUSED
    )
    assert "Built 7 chapters" in result.stdout and "3 posts failed" in result.stdout
    epub = next((root / "_build" / "epub").glob("*.epub"))
    epub_registry.register(epub)
    text = " ".join(
        visible_text(t) for n, t in epub_documents(epub).items() if n.endswith(".xhtml")
    )
    for words in (
        "bold and italic mis-nested",
        "a stray list item",
        "paragraph in a heading",
        "bold around",
        "two paragraphs",
        "deep text",
        "Café naïve, then “smart quotes” from Word",
        "ルビーのリリースです",
        "{{ kept.literally }}",
        "Shown",
        "Elixir code stays",
    ):
        assert words in text, words
    for gone in ("Hidden", "{%", "javascript", "captured", "{:toc}", "{: .note}"):
        assert gone not in text, gone
    assert {p.name: p.read_bytes() for p in root.iterdir() if p.name != "_build"} == before
