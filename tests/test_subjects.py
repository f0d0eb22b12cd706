"""The book's subjects: the config's, else the posts' tags written in the book's script."""

from __future__ import annotations

from pathlib import Path

from helpers.epub_package import read_package

from bookmaker.pipeline import build


def test_tags_in_another_script_are_no_subject_of_the_book():
    """Imported here, not at the top, so that the built-book tests below also run on the
    commits before subjects.py (issue 12's proof that item 11 failed before its fix)."""
    from bookmaker.subjects import book_subjects

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


def test_a_book_without_book_toml_warns_of_its_folder_title_no_author_and_undated_posts(
    tmp_path: Path,
):
    """Octopress posts in a folder "octo": the title is the folder's name, nobody is the
    author, the undated post goes last; each said in one warning line."""
    book = tmp_path / "octo"
    book.mkdir()
    (book / "2012-02-28-first.md").write_text("---\ntitle: First\n---\n\nText one.\n")
    (book / "notes.md").write_text("---\ntitle: Undated\n---\n\nText two.\n")
    report = build(book, ["html"], tmp_path / "out")
    assert report.book.meta.title == "Octo"
    assert [c.title for c in report.book.chapters] == ["First", "Undated"]
    found = {w.code: w.message for w in report.warnings}
    assert "'Octo', made from the folder's name" in found["book.title"]
    assert "names no author" in found["book.author"]
    assert "placed after the dated posts" in found["read.undated"]
    assert all("\n" not in message for message in found.values())
