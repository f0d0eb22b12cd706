"""A build run from another working folder, or with its source spelled another way (relative
or absolute), makes the same book, and its messages name each file as *this* invocation shows
it, whether its posts come from the cache or are read again; and such a rebuild reads and
converts no post again: the cache names a post's entry by where its file is, not by its path
as given or as shown (`cache/rebase.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_incremental

from bookmaker.pipeline import build

POSTS = {
    "2024-01-01-first.md": (
        "---\ntitle: First\ndate: 2024-01-01\n---\nSee [a site](https://example.org/a) and "
        "[a page](notes/page.html)\n\n"  # relative, and the book has no address: converting warns
        "![A map](map.png)\n"  # not there: a warning of the images stage and one converting
    ),
    # `page.nothing` is not in the front matter: a warning that names the file and line.
    "2024-01-02-second.md": "---\ntitle: Second\ndate: 2024-01-02\n---\nHello {{ page.nothing }}.\n",
}
#: The warnings a build gives, each file named after PREFIX: reading one post, its images,
#: converting the other (one of a kept post's entry, one made anew, one of its chapter's entry).
WARNINGS = (
    (
        "{}2024-01-02-second.md:5: warning: {{{{ page.nothing }}}} is not in the front matter; "
        "removed [liquid.variable]"
    ),
    "{}2024-01-01-first.md: warning: image 'map.png' not found; left out [image.missing]",
    (
        "{}2024-01-01-first.md: warning: relative link 'notes/page.html' cannot be resolved "
        "(the post has no source URL; give [site] url in book.toml); kept the link text "
        "[link.relative]"
    ),
)


# The epoch fixed, and the posts each build reads and converts counted, as `test_incremental`'s.
_fixed_epoch = test_incremental._fixed_epoch
calls = test_incremental.calls


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    # A part by path: the chapters' source paths as this build shows them choose its posts.
    (folder / "book.toml").write_text(
        '[book]\ntitle = "Letters"\nauthors = ["Ann"]\n[parts]\nby = "list"\n'
        '[[parts.part]]\ntitle = "Second"\nposts = ["book/2024-01-02-*"]\n'
    )
    for name, text in POSTS.items():
        (folder / name).write_text(text)
    (tmp_path / "elsewhere").mkdir()
    return folder


def epub_of(source: Path, out: Path, registry, **options) -> tuple[bytes, list[str]]:
    """The EPUB's bytes and the warnings of an EPUB build of SOURCE into OUT (`-j 1`)."""
    report = build(source, ["epub"], out, jobs=1, **options)
    registry.register(report.results[0].path)
    return report.results[0].path.read_bytes(), [str(w) for w in report.warnings]


def invocations(tmp_path: Path) -> list[tuple[Path, Path, Path, str]]:
    """(working folder, source, output, how a post's file is shown) of one book built in
    four ways into one output folder."""
    here, book, out = tmp_path, tmp_path / "book", tmp_path / "out"
    return [
        (here, Path("book"), Path("out"), "book/"),
        (book, Path("."), Path("../out"), ""),
        (here, book, out, "book/"),
        (here / "elsewhere", book, out, f"{book}/"),
    ]


def test_each_invocation_makes_the_same_book_and_names_files_its_own_way(
    book: Path, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch
):
    """A rebuild (the cache kept from the invocation before) gives the bytes and the
    warnings of a fresh build run the same way; from the book's folder, the part by path
    takes no post."""
    for cwd, source, out, prefix in invocations(tmp_path):
        monkeypatch.chdir(cwd)
        again, warnings = epub_of(source, out, epub_registry)
        fresh, fresh_warnings = epub_of(source, tmp_path / "fresh", epub_registry, fresh=True)
        assert (again, warnings) == (fresh, fresh_warnings)
        assert warnings == [w.format(prefix) for w in WARNINGS]


def test_a_rebuild_run_another_way_reads_and_converts_nothing(
    book: Path, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch, calls
):
    ways = invocations(tmp_path)
    monkeypatch.chdir(ways[0][0])
    epub_of(*ways[0][1:3], epub_registry)
    for cwd, source, out, _ in ways[1:]:
        calls["read"].clear()
        calls["convert"].clear()
        monkeypatch.chdir(cwd)
        epub_of(source, out, epub_registry)
        assert calls == {"read": [], "convert": []}, (cwd, source)
