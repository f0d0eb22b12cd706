"""The run as a whole: `-W` over every stage's warnings (the builders' included), and a
conversion that could as well run in another process.  Reading's part (drafts, keep-going,
slugs) is in test_read.py; where settings came from, in test_config.py."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from helpers.outputs import generations, visible

from bookmaker import ids
from bookmaker.config import load
from bookmaker.convert import convert
from bookmaker.convert.xrefs import LinkIndex
from bookmaker.errors import BookmakerError
from bookmaker.pipeline import build, convert_context, read


def test_a_builders_warning_fails_a_strict_build_and_writes_nothing(root, tmp_path: Path):
    """The only warning of this book comes from the EPUB builder (a cover too small)."""
    book = root("small-cover")
    out = tmp_path / "out"
    report = build(book, ["epub"], out)
    assert [w.code for w in report.warnings] == ["epub.cover"]
    before, kept = visible(out), generations(out)
    assert list(before) == [report.results[0].path.relative_to(out).as_posix()]
    (book / "2024-05-01-a-short-note.md").write_text(
        (book / "2024-05-01-a-short-note.md").read_text().replace("Nothing", "Still nothing")
    )
    with pytest.raises(
        BookmakerError, match=r"-W turns warnings into errors; first: .*\[epub\.cover\]"
    ):
        build(book, ["epub", "html"], out, strict=True)
    assert visible(out) == before  # the old book, unchanged, and no html
    assert generations(out) == kept  # nothing of the failed run is left behind


def test_a_strict_build_without_a_warning_writes_its_books(root, tmp_path: Path):
    settled = ("book.authors=['The Desk']", "order.undated='last'")
    report = build(root("parts"), ["html"], tmp_path / "out", overrides=settled, strict=True)
    assert report.warnings == [] and report.results[0].path.is_file()


def test_a_conversion_can_be_sent_to_another_process(root):
    """Convert is pure and per post: its context pickles, and gives the same chapter there."""
    book = root("notes")
    config = load(book)
    posts = read(book, config, book / "_build", keep_going=False).posts
    index = LinkIndex.build((p, ids.chapter_id(p.slug)) for p in posts)
    ctx = convert_context(config, index)
    copy = pickle.loads(pickle.dumps(ctx))
    for post in posts:
        here, _ = convert(post, ctx)
        assert convert(pickle.loads(pickle.dumps(post)), copy)[0] == here
    assert any(c.endnotes for c in (convert(p, copy)[0] for p in posts))
