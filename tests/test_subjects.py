"""The book's subjects: the config's, else the posts' tags written in the book's script."""

from __future__ import annotations

from pathlib import Path

from helpers.epub_package import read_package

from bookmaker.pipeline import build
from bookmaker.subjects import book_subjects


def test_tags_in_another_script_are_no_subject_of_the_book():
    tags = ["中参馆", "repair", "Linux", "café", "repair", "ремонт", "2024"]
    assert book_subjects((), tags, "en") == ("repair", "Linux", "café", "2024")
    assert book_subjects((), tags, "zh-Hans") == ("中参馆", "repair", "Linux", "café", "2024")
    assert book_subjects((), tags, "ru") == ("repair", "Linux", "café", "ремонт", "2024")
    assert book_subjects(("Repair cafés",), tags, "en") == ("Repair cafés",)


def test_a_scrapers_channel_tag_is_not_the_subject_of_an_english_book(
    tmp_path: Path, epub_registry
):
    book = tmp_path / "book"
    book.mkdir()
    (book / "book.toml").write_text('[book]\ntitle = "Fixes"\nauthors = ["A. Writer"]\n')
    for day in ("01", "02"):
        (book / f"2024-05-{day}-post.md").write_text(
            f"---\ntitle: Post {day}\ntags: [中参馆, repair]\n---\n\nWe fixed a kettle today.\n"
        )
    report = build(book, ["epub"], tmp_path / "out")
    epub = read_package(epub_registry.register(report.results[0].path))
    assert epub.dc("subject") == ["repair"]
    report = build(book, ["epub"], tmp_path / "out2", overrides=["book.subjects=['Repair cafés']"])
    epub = read_package(epub_registry.register(report.results[0].path))
    assert epub.dc("subject") == ["Repair cafés"]
