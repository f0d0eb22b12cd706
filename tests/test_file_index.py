"""A rebuild names an unchanged post's entry by its file's facts (`cache/stats.py`) and does
not read it; any change the facts could miss is read again: an edit that keeps the size and
the modification time, a file written just before the build, a post that became a link.  The
index is signed like every entry: a damaged one is ignored with a warning."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from bookmaker import post_reader
from bookmaker.cache import FOLDER, keys
from bookmaker.cache import stats as file_stats
from bookmaker.errors import BookmakerError
from bookmaker.pipeline import build

FIRST = "---\ntitle: First\ndate: 2024-01-01\n---\nThe first post, with [a link](https://example.org/a).\n"
SECOND = "---\ntitle: Second\ndate: 2024-01-02\n---\nBack to [the first](/2024/01/01/first/).\n"


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "2024-01-01-first.md").write_text(FIRST)
    (folder / "2024-01-02-second.md").write_text(SECOND)
    return folder


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once (else one written in the last 2 s is read again)."""
    monkeypatch.setattr(file_stats, "RECENT_NS", 0)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The post files whose bytes the build's own process read to name their entries."""
    seen: list[str] = []
    read_bytes = post_reader.read_bytes

    def counted(path, *args, **kwargs):
        seen.append(path.name)
        return read_bytes(path, *args, **kwargs)

    monkeypatch.setattr(post_reader, "read_bytes", counted)
    return seen


def epub_of(source: Path, out: Path, registry, **options) -> tuple[bytes, list[str]]:
    report = build(source, ["epub"], out, jobs=1, **options)
    registry.register(report.results[0].path)
    return report.results[0].path.read_bytes(), [str(w) for w in report.warnings]


def text_of(epub: bytes, tmp_path: Path) -> str:
    (tmp_path / "book.epub").write_bytes(epub)
    with zipfile.ZipFile(tmp_path / "book.epub") as book:
        return "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))


def test_a_post_whose_file_is_as_it_was_is_not_read_again(
    book: Path, tmp_path: Path, epub_registry, settled, reads: list[str]
):
    out = tmp_path / "out"
    first = epub_of(book, out, epub_registry)
    assert set(reads) == {"2024-01-01-first.md", "2024-01-02-second.md"}
    reads.clear()
    assert epub_of(book, out, epub_registry) == first
    assert reads == []


def test_an_edit_that_keeps_the_size_and_the_time_is_read(
    book: Path, tmp_path: Path, epub_registry, settled
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    post = book / "2024-01-02-second.md"
    before = post.stat()
    post.write_text(SECOND.replace("Back to", "Over to"))
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert post.stat().st_size == before.st_size and post.stat().st_mtime_ns == before.st_mtime_ns

    again, _ = epub_of(book, out, epub_registry)

    assert "Over to" in text_of(again, tmp_path)
    assert again == epub_of(book, tmp_path / "fresh", epub_registry, fresh=True)[0]


def test_a_file_written_just_before_the_build_is_read_again(
    book: Path, tmp_path: Path, epub_registry, reads: list[str]
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    reads.clear()
    epub_of(book, out, epub_registry)
    assert sorted(reads) == ["2024-01-01-first.md", "2024-01-02-second.md"]


def test_a_post_that_became_a_link_outside_the_book_is_refused(
    book: Path, tmp_path: Path, epub_registry, settled
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text(FIRST)
    post = book / "2024-01-01-first.md"
    post.unlink()
    post.symlink_to(elsewhere)
    with pytest.raises(BookmakerError, match="outside the book's folder"):
        build(book, ["epub"], out, jobs=1)


def test_a_damaged_index_is_ignored_with_a_warning(
    book: Path, tmp_path: Path, epub_registry, settled, reads: list[str]
):
    out = tmp_path / "out"
    first, _ = epub_of(book, out, epub_registry)
    index = out / FOLDER / "posts" / keys.name(keys.environment(), "file-index")
    assert index.is_file()
    index.write_bytes(index.read_bytes()[:-8] + b"tampered")
    reads.clear()

    again, warnings = epub_of(book, out, epub_registry)

    assert again == first
    assert any(index.name in w and "ignored" in w for w in warnings)
    assert sorted(reads) == ["2024-01-01-first.md", "2024-01-02-second.md"]
