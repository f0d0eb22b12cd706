"""A person's name is never broken across lines where the book names its people (issue 12,
item 11: a book designer saw a name broken on the cover), read from the built books alone:
the words on each line of the EPUB's cover image, the lines of the PDF's title page, and the
EPUB title page a reading system lays out.  Only bookmaker's build entry is imported, so this
runs on the commits before the fix too (test_labels.py has the unit test of the cover's own
line breaking)."""

from __future__ import annotations

import io
import re

import pytest
from helpers.epub_package import read_package
from helpers.pdf import PdfBook
from PIL import Image

from bookmaker.pipeline import build

#: Four people, as many as a cover names; on the default theme's cover and title page their
#: names take two or three lines.
PEOPLE = ("Ines Okafor", "Tomas Lindqvist", "Mariam Haddad", "Kenji Watanabe")


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


def runs(marks: list[bool], bridge: int) -> list[tuple[int, int]]:
    """(first, last) of each run of true MARKS, joining runs at most BRIDGE apart."""
    found: list[tuple[int, int]] = []
    for i, mark in enumerate(marks):
        if not mark:
            continue
        if found and i - found[-1][1] <= bridge:
            found[-1] = (found[-1][0], i)
        else:
            found.append((i, i))
    return found


def words_per_line(cover: Image.Image) -> list[int]:
    """How many words each line of light text inside the cover's frame holds: lines are runs
    of rows with ink at least 20 px tall (a thin rule is no line of text), words are runs of
    columns with ink set apart by more than a sixth of the line's height (wider than any gap
    between two letters of a word, narrower than a word space)."""
    width, height = cover.size
    page = cover.convert("L").crop((width // 10, height // 20, width * 9 // 10, height * 19 // 20))
    ink = page.point(lambda v: 255 if v > 128 else 0).load()
    wide, tall = page.size
    rows = [any(ink[x, y] for x in range(0, wide, 2)) for y in range(tall)]
    counts = []
    for top, bottom in runs(rows, bridge=3):
        if bottom - top >= 20:
            columns = [any(ink[x, y] for y in range(top, bottom + 1)) for x in range(wide)]
            counts.append(len(runs(columns, bridge=(bottom - top) // 6)))
    return counts


def test_the_cover_breaks_its_names_only_between_names(books):
    _, epub = books
    (item,) = epub.with_property("cover-image")
    lines = words_per_line(Image.open(io.BytesIO(epub.item(item["href"]))))
    assert lines[0] == 1, lines  # the title
    names = lines[1:-1]  # the last line is the date
    said = (", ".join(PEOPLE[:-1]) + ", and " + PEOPLE[-1]).split()
    assert sum(names) == len(said) and len(names) > 1, lines
    first_names = {name.split()[0] for name in PEOPLE} | {"and"}
    between = {i for i, word in enumerate(said) if word in first_names}  # where a line may start
    starts = [sum(names[:i]) for i in range(len(names))]
    assert set(starts) <= between, [" ".join(said[a:]) for a in starts]


def test_the_pdf_title_page_breaks_its_names_only_between_names(books):
    pdf, _ = books
    lines = [
        " ".join(line.text.split()).casefold() for line in pdf.lines(pdf.named_pages["titlepage"])
    ]
    words = {word for name in PEOPLE for word in name.casefold().split()}
    assert sum(any(word in line for word in words) for line in lines) > 1  # names on two lines
    for name in PEOPLE:
        assert [line for line in lines if name.casefold() in line], (name, lines)


def test_the_epub_title_page_joins_each_name_with_no_break_spaces(books):
    """A reading system breaks the line wherever the page is narrow; a no-break space inside
    a name is the only way to keep it whole there."""
    _, epub = books
    said = "".join(epub.xhtml("titlepage.xhtml").itertext())
    for name in PEOPLE:
        assert name.replace(" ", "\xa0") in said, (name, re.sub(r"\s+", " ", said))
