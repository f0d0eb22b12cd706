"""The run as a whole: `-W` over every stage's warnings (the builders' included), and what
`--keep-going` and drafts do to a build."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookmaker.errors import BookmakerError
from bookmaker.pipeline import build


def test_a_builders_warning_fails_a_strict_build_and_writes_nothing(root, tmp_path: Path):
    """The only warning of this book comes from the EPUB builder (a cover too small)."""
    book = root("small-cover")
    out = tmp_path / "out"
    report = build(book, ["epub"], out)
    assert [w.code for w in report.warnings] == ["epub.cover"]
    before = report.results[0].path.read_bytes()
    (book / "2024-05-01-a-short-note.md").write_text(
        (book / "2024-05-01-a-short-note.md").read_text().replace("Nothing", "Still nothing")
    )
    with pytest.raises(
        BookmakerError, match=r"-W turns warnings into errors; first: .*\[epub\.cover\]"
    ):
        build(book, ["epub", "html"], out, strict=True)
    assert report.results[0].path.read_bytes() == before  # the old book stays, unchanged
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "epub",
        report.results[0].path.relative_to(out).as_posix(),
    ]  # no html, no staging folder left behind


def test_a_strict_build_without_a_warning_writes_its_books(root, tmp_path: Path):
    report = build(root("parts"), ["html"], tmp_path / "out", strict=True)
    assert report.warnings == [] and report.results[0].path.is_file()
