"""[parts]: chapters grouped by year, by category or by a list, in both editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.text import epub_documents
from pypdf import PdfReader

from bookmaker.errors import ConfigError
from bookmaker.pipeline import build


def titles(book):
    return [(p.title, [c.title for c in p.chapters]) for p in book.parts]


def test_parts_by_year_and_by_category(root, tmp_path: Path):
    book = root("parts")
    by_year = build(book, ["html"], tmp_path / "oy", overrides=('parts.by="year"',)).book
    assert titles(by_year) == [
        ("2022", ["First", "Second"]),
        ("2023", ["Third"]),
        (None, ["Undated"]),
    ]
    by_cat = build(book, ["html"], tmp_path / "oc", overrides=('parts.by="category"',)).book
    assert titles(by_cat) == [
        ("essays", ["First", "Third"]),
        ("notes", ["Second"]),
        (None, ["Undated"]),
    ]


def test_parts_from_a_list_in_both_editions(root, tmp_path: Path, epub_registry):
    report = build(root("parts"), ["epub", "pdf"], tmp_path / "ol")
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


def test_a_list_without_parts_is_a_config_error(root, tmp_path: Path):
    with pytest.raises(ConfigError, match=r"parts.by: \"list\" needs \[\[parts.part\]\]"):
        build(root("parts"), ["html"], tmp_path / "oe", overrides=("parts.part=[]",))
