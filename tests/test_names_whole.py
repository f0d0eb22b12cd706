"""A person's name is never broken across lines where the book names its people (issue 12,
item 11: a book designer saw a name broken on the cover), read from the built books alone:
the lines of the PDF's title page and the EPUB title page a reading system lays out.  Only
bookmaker's build entry is imported, so this runs on the commits before the fix too
(test_labels.py has the unit test of the cover's own line breaking)."""

from __future__ import annotations

import pytest
from helpers.epub_package import read_package
from helpers.pdf import PdfBook

from bookmaker.pipeline import build

PEOPLE = (
    "Ines Okafor",
    "Tomas Lindqvist",
    "Mariam Haddad",
    "Kenji Watanabe",
    "Ada Lovelace",
    "Grace Hopper",
    "Katherine Johnson",
    "Radia Perlman",
)


@pytest.fixture(scope="module")
def books(tmp_path_factory, epub_registry) -> tuple[PdfBook, object]:
    src = tmp_path_factory.mktemp("names-whole")
    authors = ", ".join(f'"{name}"' for name in PEOPLE)
    (src / "book.toml").write_text(f'[book]\ntitle = "Repairs"\nauthors = [{authors}]\n')
    (src / "2024-05-01-kettle.md").write_text(
        "---\ntitle: The kettle\ndate: 2024-05-01\n---\n\nWe fixed a kettle today.\n"
    )
    report = build(src, ["pdf", "epub"], src / "_build")
    path = {r.builder: r.path for r in report.results}
    return PdfBook(path["pdf"]), read_package(epub_registry.register(path["epub"]))


def test_the_pdf_title_page_breaks_its_names_only_between_names(books):
    pdf, _ = books
    lines = [
        " ".join(line.text.split()).casefold() for line in pdf.lines(pdf.named_pages["titlepage"])
    ]
    assert sum(any(name.split()[0].casefold() in line for name in PEOPLE) for line in lines) > 1
    for name in PEOPLE:
        assert [line for line in lines if name.casefold() in line], (name, lines)


def test_the_epub_title_page_joins_each_name_with_no_break_spaces(books):
    """A reading system breaks the line wherever the page is narrow; a no-break space inside
    a name is the only way to keep it whole there."""
    _, epub = books
    said = "".join(epub.xhtml("titlepage.xhtml").itertext())
    for name in PEOPLE:
        assert name.replace(" ", "\xa0") in said, (name, said)
