"""[parts]: chapters grouped by year, by category or by a list, in both editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.text import epub_documents
from pypdf import PdfReader

from bookmaker.errors import ConfigError
from bookmaker.pipeline import build

POSTS = {
    "2022-03-01-first.md": ("First", "2022-03-01", "essays"),
    "2022-09-09-second.md": ("Second", "2022-09-09", "notes"),
    "2023-01-02-third.md": ("Third", "2023-01-02", "essays"),
    "undated.md": ("Undated", None, None),
}


def write_book(root: Path, toml: str) -> Path:
    root.mkdir()
    for name, (title, date, category) in POSTS.items():
        lines = (
            [f"title: {title}"]
            + ([f"date: {date}"] if date else [])
            + ([f"categories: {category}"] if category else [])
        )
        (root / name).write_text(
            "---\n"
            + "\n".join(lines)
            + f"\n---\n{title} text, [a link](https://example.org/{title}).\n"
        )
    (root / "book.toml").write_text('[book]\ntitle = "Parts"\n' + toml)
    return root


def titles(book):
    return [(p.title, [c.title for c in p.chapters]) for p in book.parts]


def test_parts_by_year_and_by_category(tmp_path: Path):
    by_year = build(
        write_book(tmp_path / "y", '[parts]\nby = "year"\n'), ["html"], tmp_path / "oy"
    ).book
    assert titles(by_year) == [
        ("2022", ["First", "Second"]),
        ("2023", ["Third"]),
        (None, ["Undated"]),
    ]
    by_cat = build(
        write_book(tmp_path / "c", '[parts]\nby = "category"\n'), ["html"], tmp_path / "oc"
    ).book
    assert titles(by_cat) == [
        ("essays", ["First", "Third"]),
        ("notes", ["Second"]),
        (None, ["Undated"]),
    ]


def test_parts_from_a_list_in_both_editions(tmp_path: Path, epub_registry):
    toml = (
        '[parts]\nby = "list"\n'
        '[[parts.part]]\ntitle = "Later"\nposts = ["2023-*.md", "undated.md"]\n'
        '[[parts.part]]\ntitle = "Earlier"\nposts = ["2022-*"]\n'
        '[endnotes]\nnumbering = "book"\n'
    )
    report = build(write_book(tmp_path / "l", toml), ["epub", "pdf"], tmp_path / "ol")
    book = report.book
    assert titles(book) == [("Later", ["Third", "Undated"]), ("Earlier", ["First", "Second"])]
    # book-wide note numbers follow the reading order the parts give
    assert [n.number for c in book.chapters for n in c.endnotes] == [1, 2, 3, 4]
    epub = epub_registry.register(report.results[0].path)
    docs = epub_documents(epub)
    nav = docs["EPUB/nav.xhtml"]
    assert nav.index("Later") < nav.index("Third") < nav.index("Earlier") < nav.index("First")
    assert sum(1 for n in docs if n.startswith("EPUB/part-")) == 2
    outline = [
        item.title
        for item in PdfReader(str(report.results[1].path)).outline
        if not isinstance(item, list)
    ]
    assert outline.index("Later") < outline.index("Earlier")


def test_a_list_without_parts_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match=r"parts.by: \"list\" needs \[\[parts.part\]\]"):
        build(write_book(tmp_path / "e", '[parts]\nby = "list"\n'), ["html"], tmp_path / "oe")
