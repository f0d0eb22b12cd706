"""A blog as the source: a Jekyll site and a Hugo site (made by the tests, `helpers/sites.py`)
give a book of one tag and one year, ordered by date, with a foreword, titled by the site and
credited to the authors' full names, in both editions; `bookmaker list` names exactly those
posts in that order."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import run_cli
from helpers.epub_package import read_package
from helpers.pdf import PdfBook, roman
from helpers.sites import AUTHORS, TAG, Made, hugo_site, jekyll_site
from helpers.text import pdf_text, visible_text

from bookmaker.pipeline import build

FOREWORD = (
    "---\ntitle: Foreword\nauthor: The Editors\n---\nWhy [these posts](https://example.org/why).\n"
)


def book_config(year: int) -> str:
    return (
        f'[posts]\ntags = ["{TAG}"]\nsince = {year}-01-01\nuntil = "{year}"\n\n'
        '[order]\nby = "date"\n\n[matter]\nforeword = "foreword.md"\n'
    )


def chosen(made: list[Made], year: int) -> list[Made]:
    """What the book should hold, worked out from what the site generator wrote."""
    return sorted((m for m in made if TAG in m.tags and m.date.year == year), key=lambda m: m.date)


@pytest.fixture(scope="module", params=["jekyll", "hugo"])
def site_book(request, tmp_path_factory: pytest.TempPathFactory, epub_registry):
    """(site folder, the posts expected, the build's report), built once per engine."""
    root = tmp_path_factory.mktemp(request.param) / "site"
    made, year, title = (
        (jekyll_site(root), 2024, "Field Notes Quarterly")
        if request.param == "jekyll"
        else (hugo_site(root), 2023, "Trail Journal")
    )
    (root / "book.toml").write_text(book_config(year), encoding="utf-8")
    (root / "foreword.md").write_text(FOREWORD, encoding="utf-8")
    report = build(root, ["epub", "pdf"], root / "_build")
    epub_registry.register(report.paths["epub"])
    expected = chosen(made, year)
    assert len(expected) >= 2  # the generators give the book more than one post to order
    return root, expected, title, report


def test_the_book_holds_the_chosen_posts_in_date_order(site_book):
    _, expected, _, report = site_book
    assert [c.title for c in report.book.chapters] == [m.title for m in expected]
    assert [c.date.date() for c in report.book.chapters] == [m.date for m in expected]


def test_the_epub_has_the_site_title_the_full_names_and_the_foreword(site_book):
    _, expected, title, report = site_book
    package = read_package(report.paths["epub"])
    assert package.dc("title") == [title]
    names = [name for name, _, role in package.people("creator") if role == "aut"]
    assert names == list(dict.fromkeys(AUTHORS[m.author] for m in expected))
    texts = [visible_text(package.item(href).decode()) for href in package.spine]
    foreword = next(i for i, t in enumerate(texts) if "Why these posts" in t)
    places = [next(i for i, t in enumerate(texts) if m.sentence in t) for m in expected]
    assert foreword < places[0] and places == sorted(places)
    assert ("foreword", "foreword.xhtml") in package.landmarks()
    assert [t for _, t, _ in package.toc()][2:4] == ["Foreword", expected[0].title]


def test_the_epub_carries_the_sites_images(site_book):
    _, _, _, report = site_book
    package = read_package(report.paths["epub"])
    images = sorted(i["href"] for i in package.manifest.values() if i["href"].startswith("images/"))
    assert images, "the posts' images, root-relative ones included, are in the book"
    for href in images:
        assert package.item(href)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_pdf_has_the_same_book_with_a_roman_numbered_foreword(site_book):
    _, expected, title, report = site_book
    pdf = PdfBook(report.paths["pdf"])
    assert pdf.reader.metadata.title == title
    text = pdf_text(report.paths["pdf"])
    at = [text.index(m.sentence) for m in expected]
    assert text.index("Why these posts") < at[0] and at == sorted(at)
    outline = {t: page for _, t, page in pdf.outline}
    assert pdf.labels[outline["Foreword"]] in {roman(n) for n in range(1, 40)}
    assert pdf.labels[outline[expected[0].title]] == "1"
    for name in {AUTHORS[m.author] for m in expected}:
        assert name in text


def test_list_names_exactly_those_posts_in_order(site_book):
    root, expected, _, _ = site_book
    result = run_cli("list", str(root))
    assert result.returncode == 0, result.stderr
    heading, *rows, total = result.stdout.splitlines()
    assert heading.split() == ["DATE", "TITLE", "AUTHORS", "TAGS", "FILE"]
    assert len(rows) == len(expected)
    for row, made in zip(rows, expected, strict=True):
        assert row.startswith(f"{made.date.isoformat()}  {made.title}  ")
        assert AUTHORS[made.author] in row and TAG in row
        assert made.path.relative_to(root).as_posix() in row
    assert total.startswith(f"{len(expected)} posts (of ")


def test_only_the_engines_posts_are_found(tmp_path: Path):
    """Pages, layouts, a collection that is not output, drafts (unless asked for), a Hugo
    section's own page and a bundle's resources are not posts."""
    jekyll = tmp_path / "j"
    made = jekyll_site(jekyll)
    listed = run_cli("list", str(jekyll)).stdout
    assert f"{len(made)} posts (of {len(made)} post files)" in listed
    assert "About" not in listed and "Staff" not in listed and "Unfinished" not in listed
    drafts = run_cli("list", str(jekyll), "-D", "book.include_drafts=true").stdout
    assert "Unfinished" in drafts and f"{len(made) + 1} posts" in drafts
    hugo = tmp_path / "h"
    made = hugo_site(hugo)
    listed = run_cli("list", str(hugo)).stdout
    assert f"{len(made)} posts (of {len(made)} post files)" in listed
    for not_a_post in ("packing.md", "_index.md", "about.md"):
        assert not_a_post not in listed
    bundle = next(m for m in made if m.path.name == "index.md")
    assert bundle.path.relative_to(hugo).as_posix() in listed


def test_book_toml_wins_over_the_site(tmp_path: Path):
    root = tmp_path / "site"
    jekyll_site(root)
    (root / "book.toml").write_text('[book]\ntitle = "Mine"\n[posts]\nlist = ["*-post-03.md"]\n')
    report = build(root, ["html"], tmp_path / "out")
    assert report.book.meta.title == "Mine" and report.book.meta.language == "en-GB"
    assert [c.title for c in report.book.chapters] == ["Post 03"]


def test_a_site_config_mistake_names_the_file_and_exits_2(tmp_path: Path):
    root = tmp_path / "site"
    jekyll_site(root)
    (root / "_config.yml").write_text("title: [unclosed\n")
    result = run_cli("build", str(root), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "_config.yml:" in result.stderr and "not valid YAML" in result.stderr
    assert not (tmp_path / "out").exists()


def test_undated_posts_warn_and_go_where_the_config_says(tmp_path: Path):
    (tmp_path / "b.md").write_text("---\ntitle: Dated\ndate: 2020-01-01\nauthor: A\n---\nx\n")
    (tmp_path / "a.md").write_text("---\ntitle: Undated\nauthor: A\n---\ny\n")
    report = build(tmp_path, ["html"], tmp_path / "out")
    assert [c.title for c in report.book.chapters] == ["Dated", "Undated"]
    (warning,) = [w for w in report.warnings if w.code == "read.undated"]
    assert warning.path.endswith("a.md") and "[order] undated" in warning.message
    first = build(tmp_path, ["html"], tmp_path / "out", overrides=("order.undated='first'",))
    assert [c.title for c in first.book.chapters] == ["Undated", "Dated"]
    assert not [w for w in first.warnings if w.code == "read.undated"]
    left_out = build(tmp_path, ["html"], tmp_path / "out", overrides=('order.undated="leave-out"',))
    assert [c.title for c in left_out.book.chapters] == ["Dated"]


def test_output_collections_and_main_sections_hold_posts(tmp_path: Path):
    jekyll = tmp_path / "j"
    (jekyll / "_recipes").mkdir(parents=True)
    (jekyll / "_posts").mkdir()
    (jekyll / "_config.yml").write_text("collections:\n  recipes:\n    output: true\n")
    (jekyll / "_recipes" / "bread.md").write_text("---\ntitle: Bread\ndate: 2024-01-02\n---\nx\n")
    (jekyll / "_posts" / "2024-01-01-hello.md").write_text("---\ntitle: Hello\n---\nx\n")
    listed = run_cli("list", str(jekyll)).stdout
    assert "_recipes/bread.md" in listed and "_posts/2024-01-01-hello.md" in listed
    hugo = tmp_path / "h"
    for section in ("notes", "posts"):
        (hugo / "content" / section).mkdir(parents=True)
        (hugo / "content" / section / "a.md").write_text(f"---\ntitle: In {section}\n---\nx\n")
    (hugo / "config.toml").write_text('title = "Old Hugo"\n[params]\nmainSections = ["notes"]\n')
    listed = run_cli("list", str(hugo)).stdout
    assert "In notes" in listed and "In posts" not in listed
