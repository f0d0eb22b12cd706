"""Writing the EPUB: byte-identical builds, safe replacement, and languages and directions."""

from __future__ import annotations

import hashlib
import time
import zipfile
from pathlib import Path

import pytest
from helpers.books import DEJAVU, make_book
from helpers.epub_package import NS, XML_LANG, read_package

from bookmaker.builders.epub import ocf
from bookmaker.errors import BuildError
from bookmaker.pipeline import build

X = "{http://www.w3.org/1999/xhtml}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_input_and_source_date_epoch_give_the_same_bytes(
    tmp_path: Path, monkeypatch, epub_registry
):
    fonts = ("DejaVuSans.ttf",) if (DEJAVU / "DejaVuSans.ttf").exists() else ()
    css = '@font-face { font-family: "Ink"; src: url(fonts/DejaVuSans.ttf); }\nbody { font-family: "Ink"; }\n'
    folder = make_book(tmp_path / "book", css=css if fonts else "", fonts=fonts)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(folder, ["epub"], tmp_path / "one").results[0].path
    time.sleep(1.1)  # a clock that leaks in would now differ
    second = build(folder, ["epub"], tmp_path / "two").results[0].path
    epub_registry.register(first)
    assert sha256(first) == sha256(second)
    with zipfile.ZipFile(first) as z:
        infos = z.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    # The documents in reading order (written as they are rendered), then the other files.
    spine = [f"EPUB/{href}" for href in read_package(first).spine]
    assert [i.filename for i in infos[1 : len(spine) + 1]] == spine
    assert infos[-3].filename == "META-INF/container.xml"
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert read_package(first).meta("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")
    third = build(folder, ["epub"], tmp_path / "three").results[0].path
    assert sha256(third) != sha256(first)
    assert read_package(third).meta("dcterms:modified") == ["2024-03-09T16:00:00Z"]


def test_a_build_failing_half_way_leaves_the_old_book_and_no_temp_file(tmp_path: Path, monkeypatch):
    folder = make_book(tmp_path / "book")
    out = tmp_path / "out"
    first = build(folder, ["epub"], out).results[0].path
    before = first.read_bytes()
    (folder / "2024-04-01-ink.md").write_text(
        (folder / "2024-04-01-ink.md").read_text() + "\nA new line.\n"
    )
    calls = []
    add = ocf.Container.add_deflated

    def failing(self, name, entry):
        calls.append(name)
        if len(calls) == 3:  # the zip is half written when the third document fails
            raise OSError(28, "No space left on device")
        return add(self, name, entry)

    monkeypatch.setattr(ocf.Container, "add_deflated", failing)
    with pytest.raises(BuildError, match="cannot write the EPUB: No space left on device"):
        build(folder, ["epub"], out)
    assert len(calls) == 3
    assert first.read_bytes() == before
    assert sorted(p.name for p in first.parent.iterdir()) == [first.name]


def test_languages_and_directions(tmp_path: Path, epub_registry):
    (tmp_path / "2024-01-01-en.md").write_text(
        '---\ntitle: Greetings\n---\n\nWe say <span lang="fr">bonjour</span> here.\n'
    )
    (tmp_path / "2024-01-02-he.md").write_text(
        "---\ntitle: שלום\nlang: he\n---\n\nשלום עולם, זה פוסט.\n"
    )
    path = (
        build(tmp_path, ["epub"], tmp_path / "out", overrides=('book.language="en"',))
        .results[0]
        .path
    )
    epub_registry.register(path)
    package = read_package(path)
    assert package.dc("language") == ["en", "he"]
    assert package.opf.find("opf:spine", NS).get("page-progression-direction") is None
    english, hebrew = package.xhtml("chapter-001.xhtml"), package.xhtml("chapter-002.xhtml")
    assert (hebrew.get("lang"), hebrew.get(XML_LANG), hebrew.get("dir")) == ("he", "he", "rtl")
    assert english.get("dir") is None
    span = english.find(f".//{X}span[@lang='fr']")
    assert span is not None and span.get(XML_LANG) == "fr"
    assert "שלום" in {t: h for _, t, h in package.toc()}


def test_a_right_to_left_book_turns_its_pages_right_to_left(tmp_path: Path, epub_registry):
    (tmp_path / "2024-01-02-ar.md").write_text(
        "---\ntitle: مرحبا\nlang: ar\n---\n\nمرحبا بالعالم.\n"
    )
    path = build(tmp_path, ["epub"], tmp_path / "out").results[0].path
    epub_registry.register(path)
    package = read_package(path)
    assert package.opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
    assert package.opf.get("dir") == "rtl" and package.opf.get(XML_LANG) == "ar"
    for doc in package.documents().values():
        assert doc.get("dir") == "rtl" and doc.get("lang") == "ar"
