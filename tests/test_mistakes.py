"""Each user mistake issue 16 found ending in a traceback: now one line naming the file and the
key or line, exit code 1 (2 for book.toml and `-D`), nothing written; or, where the value can
be repaired without losing its meaning, a warning and the clean value in the book."""

from __future__ import annotations

import os
import threading
import time
import zipfile
from pathlib import Path

import pytest
from helpers.epub_package import read_package
from helpers.hostile import bomb_png, build_cli, one_error_line, written
from helpers.text import epub_documents, pdf_text

POST = "---\ntitle: Plain\ndate: 2024-01-01\n---\nSome text with a [link](https://example.org/).\n"


def _book(tmp_path: Path, post: str | bytes = POST, toml: str = "", name: str = "p.md") -> Path:
    book = tmp_path / "book"
    book.mkdir()
    target = book / name
    target.write_bytes(post) if isinstance(post, bytes) else target.write_text(post)
    if toml:
        (book / "book.toml").write_text(toml)
    return book


@pytest.mark.parametrize(
    ("toml", "code", "expected"),
    [
        (
            "[book]\ntitle = " + "[" * 2000 + "]" * 2000 + "\n",
            2,
            "book.toml: not valid TOML: tables or arrays nested too deeply",
        ),
        (
            '[parts]\nby = "list"\n[[parts.part]]\nposts = ["*"]\n',
            2,
            "book.toml: parts.part[0].title: missing (required)",
        ),
        (
            '[parts]\nby = "list"\n[[parts.part]]\ntitle = 3\nposts = ["*"]\n',
            2,
            "book.toml: parts.part[0].title: expected a string; got 3",
        ),
        ("[pdf]\ntime_limit = inf\n", 2, "pdf.time_limit: expected a number of seconds above 0"),
        ("[pdf]\ntime_limit = nan\n", 2, "pdf.time_limit: expected a number of seconds above 0"),
        (
            '[book]\ntitle = "Two\\u2029paragraphs"\n',
            2,
            "book.title: holds a paragraph separator (U+2029); remove it",
        ),
        ('[book]\nauthors = ["Ada\\u001b"]\n', 2, "book.authors: holds a control character"),
        ("[limits]\npost_megabytes = inf\n", 2, "limits.post_megabytes: expected a number"),
    ],
)
def test_a_config_mistake_is_one_line_exit_2(tmp_path: Path, toml, code, expected):
    book = _book(tmp_path, toml=toml)
    result = build_cli(str(book), "-b", "epub,pdf", "-o", str(tmp_path / "out"))
    line = one_error_line(result)
    assert result.exit_code == code and expected in line, line
    assert "needs [[parts.part]]" not in line  # one mistake, said once
    assert written(tmp_path / "out") == []


def test_a_cover_that_declares_a_billion_pixels_is_refused_unread(tmp_path: Path):
    book = _book(tmp_path, toml='[epub]\ncover = "cover.png"\n')
    (book / "cover.png").write_bytes(bomb_png())
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"))
    line = one_error_line(result)
    assert result.exit_code == 2
    assert "epub.cover: cover.png has far more pixels than images.max_pixels" in line
    assert "it declares 900 million" in line


def test_a_cover_that_never_ends_is_not_read(tmp_path: Path):
    """A named pipe (or a device) where the cover should be: refused, never read."""
    book = _book(tmp_path, toml='[epub]\ncover = "cover.jpg"\n')
    os.mkfifo(book / "cover.jpg")
    threading.Thread(target=_end_a_reader, args=(book / "cover.jpg",), daemon=True).start()
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "epub.cover: cover.jpg is not a file" in one_error_line(result)


def _end_a_reader(fifo: Path) -> None:
    """Give whoever opens FIFO to read it an end of file within 20 s, so a build that reads
    it fails this test rather than hang it."""
    for _ in range(200):
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            return
        except OSError:  # no reader yet
            time.sleep(0.1)


def test_a_cover_that_is_a_device_is_refused_unread(tmp_path: Path):
    """`/dev/zero` never ends: the build once read it until memory ran out."""
    book = _book(tmp_path, toml='[epub]\ncover = "/dev/zero"\n')
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "epub.cover: '/dev/zero' is outside the book's folder" in one_error_line(result)
    assert written(tmp_path / "out") == []


def test_a_cover_bigger_than_the_limit_is_refused(tmp_path: Path):
    book = _book(tmp_path, toml='[epub]\ncover = "cover.png"\n[images]\nmax_mb = 0.01\n')
    (book / "cover.png").write_bytes(bomb_png(100, 100) + b"\x00" * 20_000)
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"))
    line = one_error_line(result)
    assert "epub.cover: cover.png is 20.1 kB, more than images.max_mb = 0.01 allows" in line


def test_source_date_epoch_past_9999_is_one_line(tmp_path: Path):
    book = _book(tmp_path)
    env = {"SOURCE_DATE_EPOCH": "253402300800"}
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"), env=env)
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH 253402300800 is after the year 9999" in one_error_line(result)


def test_front_matter_nested_past_the_limit_is_one_line_naming_the_post(tmp_path: Path):
    post = "---\ntitle: Deep\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nText.\n"
    book = _book(tmp_path, post)
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"))
    line = one_error_line(result)
    assert result.exit_code == 1
    assert "p.md:3: front matter is nested more than 32 deep (limits.nesting_depth)" in line
    assert written(tmp_path / "out") == []


def test_a_yaml_escape_past_the_last_character_is_one_line_naming_the_post(tmp_path: Path):
    """Found by fuzzing (tests/helpers/fuzzing.py's strategies, 1,000 cases): PyYAML's
    scanner raises a bare ValueError on it, which bookmaker reported as its own bug."""
    book = _book(tmp_path, '---\ntitle: Far\nsummary: "a \\U00110000 b"\n---\nText.\n')
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"))
    expected = "p.md:3: front matter is not valid YAML: an escape names a character past U+10FFFF"
    assert result.exit_code == 1 and expected in one_error_line(result)
    assert written(tmp_path / "out") == []


def test_front_matter_aliases_that_expand_without_end_are_refused(tmp_path: Path):
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 10)}]\n" for a, b in zip("abcdefgh", "bcdefghi")
    )
    book = _book(tmp_path, f"---\ntitle: Laughs\n{laughs}---\nText.\n")
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"))
    assert "front matter holds more than 100,000 values" in one_error_line(result)


def _warned_build(tmp_path: Path, epub_registry, post, *args: str, name: str = "p.md"):
    """Build POST as an EPUB; (its warnings, its documents' text)."""
    book = _book(tmp_path, post, name=name)
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"), *args)
    assert result.exit_code == 0, result.stderr
    epub = next((tmp_path / "out" / "epub").glob("*.epub"))
    epub_registry.register(epub)
    return result.stderr, epub


@pytest.mark.parametrize(
    ("post", "warning", "title"),
    [
        ('---\ntitle: "A\x7fB\x9bC"\n---\nText.\n', "p.md:2: warning: removed 2", "ABC"),
        ('---\ntitle: "\\e[31mRed"\n---\nText.\n', "'title': removed control", "[31mRed"),
        ('---\ntitle: "Bell\\a \\u2029Book"\n---\nText.\n', "U+0007", "Bell Book"),
    ],
)
def test_control_characters_in_front_matter_are_removed_with_a_warning(
    tmp_path: Path, epub_registry, post, warning, title
):
    stderr, epub = _warned_build(tmp_path, epub_registry, post.encode())
    assert warning in stderr and "[read.control]" in stderr
    assert read_package(epub).dc("title") == [title]


def test_a_control_character_through_a_yaml_escape_does_not_stop_keep_going(
    tmp_path: Path, epub_registry
):
    """It once stopped the whole book, blaming the theme's template, even with --keep-going."""
    book = _book(tmp_path, '---\ntitle: "\\e[31mRed"\n---\nRed text.\n', name="red.md")
    (book / "fine.md").write_text("---\ntitle: Fine\n---\nA short post.\n")
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"), "--keep-going")
    assert result.exit_code == 0, result.stderr
    assert "red.md:2: warning: front matter 'title': removed control" in result.stderr
    epub = epub_registry.register(next((tmp_path / "out" / "epub").glob("*.epub")))
    text = "".join(epub_documents(epub).values())
    assert "Red text." in text and "A short post." in text and "\x1b" not in text


@pytest.mark.parametrize(
    ("date", "warning"),
    [
        ("2024-02-31", "date '2024-02-31' is out of range; ignored"),
        (
            "0001-01-01 00:00:00 +05:00",
            "date '0001-01-01 00:00:00+05:00' is out of range once read in UTC; ignored",
        ),
        (
            "9999-12-31 23:00:00 -05:00",
            "date '9999-12-31 23:00:00-05:00' is out of range once read in UTC; ignored",
        ),
    ],
)
def test_dates_that_cannot_be_are_ignored_with_a_warning(
    tmp_path: Path, epub_registry, date, warning
):
    post = f"---\ntitle: Dated\ndate: {date}\n---\nText.\n"
    stderr, epub = _warned_build(tmp_path, epub_registry, post, name="2020-05-06-dated.md")
    assert f"2020-05-06-dated.md:3: warning: {warning} [read.date]" in stderr
    assert read_package(epub).meta("dcterms:modified") == ["2020-05-06T00:00:00Z"]


def test_a_date_after_2107_is_kept_though_a_zip_cannot_hold_it(tmp_path: Path, epub_registry):
    post = "---\ntitle: Future\ndate: 2150-06-01\n---\nText.\n"
    _, epub = _warned_build(tmp_path, epub_registry, post)
    assert read_package(epub).meta("dcterms:modified") == ["2150-06-01T00:00:00Z"]
    with zipfile.ZipFile(epub) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2107, 12, 31, 23, 59, 58)}


def test_an_empty_footnote_is_left_out_with_its_reference(tmp_path: Path, epub_registry):
    post = "---\ntitle: Notes\n---\nOne[^1] and two[^2].\n\n[^1]:\n[^2]: The second.\n"
    stderr, epub = _warned_build(tmp_path, epub_registry, post)
    assert "warning: footnote 'fn1' is empty; left out with its reference" in stderr
    chapter = epub_documents(epub)["EPUB/chapter-001.xhtml"]
    assert "The second." in chapter and chapter.count('epub:type="noteref"') == 1


def test_an_address_that_is_no_address_keeps_its_text(tmp_path: Path, epub_registry):
    post = (
        '---\ntitle: Odd\nfrom: "http://[::1"\n---\n'
        '<p><a href="http://[::1">one</a>, <a href="//[::1">two</a> and '
        '<a href="http://x.org:99999/">three</a>, <img src="http://[::1/x.png" alt="four"></p>\n'
    )
    stderr, epub = _warned_build(tmp_path, epub_registry, post, name="p.html")
    assert "warning: from: 'http://[::1' is not a web address; ignored" in stderr
    assert "link target 'http://[::1' and 3 more cannot be read as an address" in stderr
    chapter = epub_documents(epub)["EPUB/chapter-001.xhtml"]
    assert all(word in chapter for word in ("one", "two", "three", "four"))
    assert "[::1" not in chapter


def test_a_utf16_file_cut_short_is_read_with_a_warning(tmp_path: Path, epub_registry):
    data = b"\xff\xfe" + "---\ntitle: Wide\n---\nText.\n".encode("utf-16-le") + b"x"
    stderr, epub = _warned_build(tmp_path, epub_registry, data)
    assert "warning: UTF-16 file ends in the middle of a character" in stderr
    assert read_package(epub).dc("title") == ["Wide"]


def test_a_bomb_image_in_a_post_is_left_out_with_a_warning(tmp_path: Path, epub_registry):
    book = _book(tmp_path, "---\ntitle: Pictures\n---\n![A bomb](bomb.png) and ![fake](f.jpg)\n")
    (book / "bomb.png").write_bytes(bomb_png())
    (book / "f.jpg").write_text("not a picture")
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "image 'bomb.png' has far more pixels than images.max_pixels" in result.stderr
    assert "it declares 900 million; left out" in result.stderr
    assert "image 'f.jpg' is not an image bookmaker can read; left out" in result.stderr
    epub = next((tmp_path / "out" / "epub").glob("*.epub"))
    epub_registry.register(epub)
    assert not [n for n in zipfile.ZipFile(epub).namelist() if n.endswith((".png", "f.jpg"))]


@pytest.mark.parametrize(
    ("name", "data"),
    [("empty.png", b""), ("empty.jpg", b""), ("page.png", b"<html><body>Not found</body></html>")],
    ids=["empty.png", "empty.jpg", "page.png"],
)
def test_an_empty_or_unreadable_image_file_is_left_out_with_a_warning(
    tmp_path: Path, epub_registry, name: str, data: bytes
):
    book = _book(tmp_path, f"---\ntitle: Pictures\n---\nText and ![a picture]({name}).\n")
    (book / name).write_bytes(data)
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert f"image '{name}' is not an image bookmaker can read; left out" in result.stderr
    epub = epub_registry.register(next((tmp_path / "out" / "epub").glob("*.epub")))
    shipped = zipfile.ZipFile(epub).namelist()
    assert not [n for n in shipped if n.endswith((".png", ".jpg")) and n != "EPUB/cover.jpg"]
    assert "Text and" in epub_documents(epub)["EPUB/chapter-001.xhtml"]


def test_paragraph_separators_do_not_stop_the_pdf(tmp_path: Path):
    words = ["a", "few", "words", "\u2029", "x\u2029y", "\u2028", "\x85"] * 60
    post = "---\ntitle: Separators\n---\n" + "\n\n".join(" ".join(words) for _ in range(4))
    book = _book(tmp_path, post)
    result = build_cli(str(book), "-b", "pdf", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    text = pdf_text(next((tmp_path / "out" / "pdf").glob("*.pdf")))
    assert "x y" in " ".join(text.split()) or "x\ny" in text


LIMITS = (
    "[limits]\npost_megabytes = 0.001\nlinks_per_chapter = 3\nnotes_per_chapter = 2\n"
    "table_cells_per_chapter = 3\n"
)


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        (
            "---\ntitle: Long\n---\n" + "words " * 300,
            "long.md: the file is 1.8 kB, more than limits.post_megabytes = 0.001 allows",
        ),
        (
            "---\ntitle: Links\n---\n" + " ".join(f"[w](https://e.org/{i})" for i in range(4)),
            "links.md: the post has 4 links, more than limits.links_per_chapter = 3 allows",
        ),
        (
            "---\ntitle: Notes\n---\n" + "a[^1] b[^2] c[^3]\n\n[^1]: x\n[^2]: y\n[^3]: z\n",
            "notes.md: the chapter has 3 notes, more than limits.notes_per_chapter = 2 allows",
        ),
        (
            "---\ntitle: Table\n---\n| a | b |\n|---|---|\n| c | d |\n",
            "table.md: the post has 4 table cells, more than limits.table_cells_per_chapter = 3",
        ),
    ],
)
def test_a_post_past_a_limit_is_one_line_naming_it_and_keep_going_skips_it(
    tmp_path: Path, epub_registry, post, expected
):
    name = expected.split(":")[0]
    book = _book(tmp_path, post, toml=LIMITS, name=name)
    (book / "fine.md").write_text("---\ntitle: Fine\n---\nA short post.\n")
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and expected in one_error_line(result)
    assert written(tmp_path / "out") == []
    result = build_cli(str(book), "-b", "epub", "-o", str(tmp_path / "out"), "--keep-going")
    assert result.exit_code == 1 and expected in result.stderr
    epub = next((tmp_path / "out" / "epub").glob("*.epub"))
    epub_registry.register(epub)
    assert list(epub_documents(epub)) and "A short post." in "".join(epub_documents(epub).values())
