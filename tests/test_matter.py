"""Front and back matter from Markdown files named in `[matter]`: in both editions, in the
contents, with EPUB landmarks and roles, roman folios before the chapters and arabic after."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.epub_package import EPUB_TYPE, NS, read_package
from helpers.pdf import PdfBook, roman

from bookmaker.pipeline import build

TEXTS = {
    "dedication": "For the readers who wrote back.\n",
    "foreword": "---\ntitle: Foreword\nauthor: Dr Fore Word\n---\nA foreword [citing](https://example.org/f).\n",
    "preface": "# Why this book\n\nThe preface, its title taken from its heading.\n",
    "introduction": "---\ntitle: Introduction\n---\nThe introduction.\n",
    "afterword": "---\ntitle: Afterword\n---\nThe afterword.\n",
    "acknowledgements": "---\ntitle: Thanks\n---\nThe acknowledgements.\n",
    "about_the_editors": "---\ntitle: About the editors\n---\nThe editors.\n",
}
POSTS = {
    "2024-01-01-first.md": "---\ntitle: First Post\nauthor: Ann\n---\nThe first post.\n",
    "2024-02-01-second.md": "---\ntitle: Second Post\nauthor: Ann\n---\nThe second post.\n",
}


@pytest.fixture(scope="module")
def matter_book(tmp_path_factory: pytest.TempPathFactory, epub_registry):
    root = tmp_path_factory.mktemp("matter") / "book"
    (root / "texts").mkdir(parents=True)
    for name, text in POSTS.items():
        (root / name).write_text(text)
    lines = ['[book]\ntitle = "With Matter"\n[matter]']
    for kind, text in TEXTS.items():
        (root / "texts" / f"{kind}.md").write_text(text)
        lines.append(f'{kind} = "texts/{kind}.md"')
    (root / "book.toml").write_text("\n".join(lines) + "\n")
    report = build(root, ["epub", "pdf"], root / "_build")
    epub_registry.register(report.paths["epub"])
    return report


def test_the_texts_are_not_posts(matter_book):
    assert [c.title for c in matter_book.book.chapters] == ["First Post", "Second Post"]
    assert [m.kind for m in matter_book.book.front] == [
        "dedication", "foreword", "preface", "introduction"
    ]  # fmt: skip
    assert [m.kind for m in matter_book.book.back] == [
        "afterword", "acknowledgements", "about_the_editors"
    ]  # fmt: skip
    assert not [w for w in matter_book.warnings if w.code == "read.title"]


def test_epub_reading_order_landmarks_and_roles(matter_book):
    package = read_package(matter_book.paths["epub"])
    order = [href.removesuffix(".xhtml") for href in package.spine]
    assert order == [
        "cover", "titlepage", "colophon", "dedication", "nav", "foreword", "preface",
        "introduction", "chapter-001", "chapter-002", "afterword", "acknowledgements",
        "about-the-editors",
    ]  # fmt: skip
    marks = dict(package.landmarks())
    for kind in ("dedication", "foreword", "preface", "introduction", "afterword"):
        assert marks[kind] == f"{kind}.xhtml"
    assert marks["acknowledgments"] == "acknowledgements.xhtml"
    assert marks["bodymatter"] == "chapter-001.xhtml"
    foreword = package.xhtml("foreword.xhtml")
    (section,) = foreword.iterfind(".//x:section[@role='doc-foreword']", NS)
    assert section.get(EPUB_TYPE) == "foreword"
    assert foreword.find("x:body", NS).get(EPUB_TYPE) == "frontmatter"
    assert package.xhtml("afterword.xhtml").find("x:body", NS).get(EPUB_TYPE) == "backmatter"
    assert "Dr Fore Word" in "".join(foreword.itertext())
    notes = foreword.findall(".//x:li[@class='endnote']", NS)
    assert len(notes) == 1 and "https://example.org/f" in "".join(notes[0].itertext())
    dedication = package.xhtml("dedication.xhtml")
    assert dedication.find(".//x:h1", NS) is None  # a dedication prints no heading
    assert "For the readers who wrote back." in "".join(dedication.itertext())


def test_the_contents_list_them_in_both_editions(matter_book):
    titles = [e.title for e in matter_book.book.contents]
    assert titles == [
        "Dedication", "Foreword", "Why this book", "Introduction", "First Post", "Second Post",
        "Afterword", "Thanks", "About the editors",
    ]  # fmt: skip
    toc = [t for _, t, _ in read_package(matter_book.paths["epub"]).toc()]
    assert toc[2:] == titles
    pdf = PdfBook(matter_book.paths["pdf"])
    contents_page = next(i for i in range(len(pdf.pages)) if "Contents" in pdf.text(i))
    listed = pdf.text(contents_page)
    assert all(t in listed for t in titles)
    # Each entry's page is the folio of the page the text opens on (roman in the front matter),
    # though the front matter and each chapter are laid out apart (issue 10's pieces).
    page = {title: index for _, title, index in pdf.outline}
    dedication = next(i for i in range(len(pdf.pages)) if "wrote back" in pdf.text(i))
    for title in titles:
        opens = dedication if title == "Dedication" else page[title]
        assert re.search(rf"\b{re.escape(title)}[ .]+{pdf.labels[opens]}\b", listed), title
    assert "p. " + pdf.labels[page["Foreword"]] in pdf.text(page["Foreword"])  # its note's page


def test_print_folios_roman_before_the_chapters_arabic_after(matter_book):
    pdf = PdfBook(matter_book.paths["pdf"])
    page = {title: index for _, title, index in pdf.outline}
    romans = {roman(n) for n in range(1, 40)}
    for title in ("Foreword", "Why this book", "Introduction"):
        assert pdf.labels[page[title]] in romans
    assert pdf.labels[page["First Post"]] == "1"
    for title in ("Afterword", "Thanks", "About the editors"):
        assert pdf.labels[page[title]].isdigit() and page[title] > page["Second Post"]
    dedication = next(i for i in range(len(pdf.pages)) if "wrote back" in pdf.text(i))
    assert dedication < page["Foreword"] and pdf.labels[dedication] in romans
    assert " ".join(pdf.text(dedication).split()) == "For the readers who wrote back."  # no folio
    foreword_text = pdf.text(page["Foreword"])
    assert pdf.labels[page["Foreword"]] in foreword_text.split()  # its roman folio is printed


def test_a_text_read_twice_is_one_error(tmp_path: Path):
    """A matter file is never also a post, even when it sits among the posts."""
    (tmp_path / "p.md").write_text(POSTS["2024-01-01-first.md"])
    (tmp_path / "foreword.md").write_text(TEXTS["foreword"])
    (tmp_path / "book.toml").write_text('[matter]\nforeword = "foreword.md"\n')
    report = build(tmp_path, ["html"], tmp_path / "out")
    assert [c.title for c in report.book.chapters] == ["First Post"]
    assert [m.chapter.title for m in report.book.front] == ["Foreword"]
    html = report.paths["html"].read_text()
    assert html.index("A foreword") < html.index("The first post.")
    assert 'class="matter foreword matter-front"' in html and 'role="doc-foreword"' in html
