"""Hang guards for the posts issue 16 timed (item 3, bounded work): each is built by the command
line in a fresh interpreter with the default settings, as a user would, and must end within a
minute, either with one line naming the post and the limit it passes (exit 1, nothing written)
or with a finished book.  Before the limits and the linear decoding, these builds ran for
minutes (a post of 20,000 links: convert alone 226 s) or never ended while a test waited.

A guard, not a speed target: each takes seconds; `benchmarks/bounded.py` measures the work."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers.cli import run_cli_within
from helpers.hostile import written
from helpers.text import epub_documents

#: Far past what each build takes now, far short of what it took before.
GUARD = 60
HEAD = b"---\ntitle: Big\ndate: 2024-01-01\n---\n"


def mixed_post(megabytes: float, stray: int) -> bytes:
    """MEGABYTES of UTF-8 prose with STRAY Windows-1252 bytes pasted in (curly quotes from a
    word processor, `\\x93quoted\\x94`), in paragraphs of 100 lines."""
    lines = stray // 2
    start, end = "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 ".encode(), b"\x93quoted\x94"
    length = int(megabytes * 1_000_000 / lines) - 1  # a line and its line break
    line = start + (b"word " * length)[: length - len(start + end)] + end
    return HEAD + b"\n\n".join(b"\n".join([line] * 100) for _ in range(lines // 100))


def plain_post(megabytes: float) -> bytes:
    paragraph = b"Paragraph of some plain words to lay out on the page. " * 10
    return HEAD + b"\n\n".join([paragraph] * int(megabytes * 1_000_000 / (len(paragraph) + 2)))


def links_post(count: int) -> bytes:
    return HEAD + " ".join(f"[w{i}](https://example.org/{i})" for i in range(count)).encode()


def notes_post(count: int) -> bytes:
    refs = " ".join(f"w{i}[^{i}]" for i in range(count))
    return (
        HEAD
        + f"{refs}\n\n".encode()
        + "\n".join(f"[^{i}]: Note {i}." for i in range(count)).encode()
    )


def table_post(columns: int, rows: int) -> bytes:
    row = "<tr>" + "".join(f"<td>c{i}</td>" for i in range(columns)) + "</tr>"
    return HEAD + f"<table>{row * rows}</table>\n".encode()


def _build(tmp_path: Path, name: str, post: bytes, *args: str):
    book = tmp_path / "book"
    book.mkdir()
    (book / name).write_bytes(post)
    return run_cli_within(GUARD, "build", "book", "-o", "out", *args, cwd=tmp_path)


@pytest.mark.parametrize(
    ("name", "post", "expected"),
    [
        pytest.param(
            "links.md",
            lambda: links_post(20_000),
            "the post has 20,000 links, more than limits.links_per_chapter = 5000 allows",
            id="20000-links",
        ),
        pytest.param(
            "mixed.md",
            lambda: mixed_post(11, 61_000),
            "the file is 11.0 MB, more than limits.post_megabytes = 5 allows",
            id="11MB-with-cp1252-bytes",
        ),
        pytest.param(
            "long.md",
            lambda: plain_post(20),
            "the file is 20.0 MB, more than limits.post_megabytes = 5 allows",
            id="20MB",
        ),
        pytest.param(
            "notes.md",
            lambda: notes_post(5_000),
            "the chapter has 5,000 notes, more than limits.notes_per_chapter = 2000 allows",
            id="5000-footnotes",
        ),
        pytest.param(
            "table.md",
            lambda: table_post(200, 500),
            "the post has 100,000 table cells, more than limits.table_cells_per_chapter = 20000 "
            "allows",
            id="200x500-table",
        ),
    ],
)
def test_a_post_past_a_default_limit_stops_in_seconds_naming_it(
    tmp_path: Path, name, post, expected
):
    result = _build(tmp_path, name, post())
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr == f"bookmaker: error: book/{name}: {expected} (raise it in book.toml)\n"
    assert written(tmp_path / "out") == []


def test_twenty_thousand_stray_windows_1252_bytes_in_a_long_post_are_decoded_in_seconds(
    tmp_path: Path, epub_registry
):
    """The issue's 3.6 MB post (decoding it alone took 171 s): the book is built, every curly
    quote decoded as one."""
    post = mixed_post(3.6, 20_000)
    assert 3_500_000 < len(post) < 3_700_000 and post.count(b"\x93") == 10_000
    result = _build(tmp_path, "mixed.md", post, "-b", "epub")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (
        "mixed.md:5: warning: mixed encodings: UTF-8 with 20000 byte(s) of Windows-1252"
        in result.stderr
    )
    epub = epub_registry.register(next((tmp_path / "out" / "epub").glob("*.epub")))
    chapter = "".join(text for name, text in epub_documents(epub).items() if "chapter" in name)
    assert chapter.count("\u201cquoted\u201d") == 10_000
    assert chapter.count("Caf\u00e9 na\u00efve r\u00e9sum\u00e9") == 10_000
    assert "\ufffd" not in chapter and not zipfile.ZipFile(epub).testzip()
