"""read: what Hugo, Zola and Eleventy leave in posts, and the people a post names."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookmaker import project
from bookmaker.errors import Diagnostics, ReadError
from bookmaker.read import discover, read_post
from bookmaker.read.frontmatter import split
from bookmaker.read.markup import to_html
from bookmaker.read.people import people
from bookmaker.read.site_people import PeopleFinder, site_people, table_of


def render(body: str, first_line: int = 1) -> tuple[str, list[tuple[str, str, int]]]:
    warnings: list[tuple[str, str, int]] = []
    html = to_html(body, "markdown", "p.md", {"title": "T"}, warn=lambda *w: warnings.append(w),
                   first_line=first_line)  # fmt: skip
    return html, warnings


def test_toml_front_matter_is_read_and_its_errors_name_the_line():
    meta, body, line = split('+++\ntitle = "Hi"\ntags = ["a"]\n+++\nBody\n', "p.md", Diagnostics())
    assert meta == {"title": "Hi", "tags": ["a"]} and body == "Body\n" and line == 5
    with pytest.raises(ReadError, match=r"p.md:3: front matter is not valid TOML"):
        split('+++\ntitle = "Hi"\ntags = nope\n+++\n', "p.md", Diagnostics())
    with pytest.raises(ReadError, match=r"no '\+\+\+' line"):
        split('+++\ntitle = "Hi"\n', "p.md", Diagnostics())


def test_a_hugo_page_bundle_is_one_post_named_by_its_folder(tmp_path: Path):
    bundle = tmp_path / "2023-05-06-walk"
    bundle.mkdir()
    (bundle / "index.md").write_text("No title here.\n")
    (bundle / "notes.md").write_text("A resource of the bundle, not a post.\n")
    (tmp_path / "other.md").write_text("---\ntitle: Other\n---\nx\n")
    found = discover(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "2023-05-06-walk/index.md",
        "other.md",
    ]
    post, _ = read_post(bundle / "index.md")
    assert (post.title, post.slug, post.date.day) == ("Walk", "walk", 6)


def test_hugo_shortcodes_render_like_their_liquid_equivalents():
    html, warnings = render(
        '{{< figure src="a.png" title="Map" caption="Of *it*" attr="Ann" attrlink="https://a.org" >}}\n\n'
        '{{< gist octo 123 >}}\n\n{{% quote author="Bo" %}}\nTo *be*.\n{{% /quote %}}\n\n'
        'Look at [that]({{< relref "posts/x-y/index.md#part" >}}).\n\n'
        "Literal {{</* youtube 1 */>}} here.\n"
    )
    assert '<img src="a.png" alt="Map"/>' in html
    assert '<figcaption><strong>Map</strong> Of <em>it</em> <span class="credit">' in html
    assert 'data-bm-embed="https://gist.github.com/octo/123"' in html
    assert "<p>To <em>be</em>.</p>\n<footer>— Bo</footer></blockquote>" in html
    assert 'href="bookmaker-post:x-y#part"' in html
    assert "Literal {{&lt; youtube 1 &gt;}} here." in html
    assert warnings == []


def test_an_unknown_shortcode_keeps_its_text_and_warns_with_its_line():
    html, warnings = render("Intro.\n\n{{< callout kind=info >}}\nKeep *me*.\n{{< /callout >}}\n\n"
                            "{{< spacer >}}\n", first_line=4)  # fmt: skip
    assert "<p>Keep <em>me</em>.</p>" in html and "callout" not in html
    assert [(w[1], w[2]) for w in warnings] == [("hugo.shortcode", 6), ("hugo.shortcode", 10)]
    assert "{{< callout >}}" in warnings[0][0] and "kept the text" in warnings[0][0]


def test_an_eleventy_image_keeps_its_description():
    html, _ = render('{% image "./cat.jpg" "A cat asleep on a keyboard" %}\n')
    assert '<img src="./cat.jpg" alt="A cat asleep on a keyboard"/>' in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "[Junya Okabe](https://j.example/) (University of Tsukuba)",
            [("Junya Okabe", "https://j.example/", "University of Tsukuba")],
        ),
        (
            '<a href="https://a.example/">Ann <b>Lee</b></a> and Bo Ng (MIT, CSAIL)',
            [("Ann Lee", "https://a.example/", None), ("Bo Ng", None, "MIT, CSAIL")],
        ),
        (
            {"name": "Cy Wu", "affiliation": "ACME", "url": "https://c.example/"},
            [("Cy Wu", "https://c.example/", "ACME")],
        ),
    ],
)
def test_authors_in_markdown_html_or_maps_are_people(value, expected):
    found, _ = people({"author": value})
    assert [(p.name, p.url, p.affiliation) for p in found] == expected


def test_author_ids_resolve_through_the_table_else_warn(tmp_path: Path):
    warned: list[str] = []
    table = table_of({"lauren-frohlich": {"name": "Lauren Frohlich"}, "bo": "Bo Ng"})
    found, _ = people({"authors": ["lauren-frohlich", "sam-ito"]}, table=table, warn=warned.append)
    assert [p.name for p in found] == ["Lauren Frohlich", "sam-ito"]
    assert len(warned) == 1 and "'sam-ito'" in warned[0]
    site = tmp_path / "site"
    (site / "_data").mkdir(parents=True)
    (site / "_data" / "authors.yml").write_text("- id: kim\n  name: Kim Oh\n")
    (site / "_posts").mkdir()
    finder = PeopleFinder(tmp_path, {"bo": table["bo"]})
    assert set(finder(site / "_posts" / "x.md")) == {"kim", "bo"}


def test_a_broken_people_file_is_a_read_error_naming_it(tmp_path: Path):
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data" / "authors.yml").write_text("a: [\n")
    with pytest.raises(ReadError, match=r"authors.yml:2: cannot read the site's people"):
        PeopleFinder(tmp_path)(tmp_path / "x.md")


def test_every_engines_people_file_is_read_by_one_reader_the_same_way(tmp_path: Path):
    """Hugo's `data/authors.toml` as well as Jekyll's `_data/authors.yml`; a name written as a
    Markdown link keeps its page; an entry naming nobody is the person its id says."""
    hugo = tmp_path / "hugo"
    (hugo / "data").mkdir(parents=True)
    (hugo / "data" / "authors.toml").write_text(
        'ann = "[Ann Lee](https://ann.example/)"\n'
        '[kim]\nname = "Kim Oh"\nbio = "Editor."\n[bo]\nurl = "https://bo.example/"\n'
    )
    (hugo / "content").mkdir()
    table = PeopleFinder(hugo)(hugo / "content" / "x.md")
    assert [(k, p.name, p.url) for k, p in sorted(table.items())] == [
        ("ann", "Ann Lee", "https://ann.example/"),
        ("bo", "bo", "https://bo.example/"),
        ("kim", "Kim Oh", None),
    ]
    assert table["kim"].bio == "Editor."
    assert site_people(hugo) == table


def test_a_people_file_that_links_outside_the_book_is_not_read(tmp_path: Path):
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("kim: Kim Oh\n")
    book = tmp_path / "book"
    (book / "_data").mkdir(parents=True)
    (book / "_data" / "authors.yml").symlink_to(outside)
    (book / "x.md").write_text("---\ntitle: X\n---\nText.\n")
    assert site_people(book, confine=book) == {}
    assert PeopleFinder(book)(book / "x.md") == {}
    assert project.site(project.configure(book)).authors == {}
