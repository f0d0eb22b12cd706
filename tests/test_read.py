"""read: front matter variants become the same normalised metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bookmaker import ids
from bookmaker.errors import ReadError
from bookmaker.read import discover, read_book, read_post


def post(tmp_path: Path, text: str, name: str = "2020-01-02-a-post.md", raw: bytes | None = None):
    path = tmp_path / name
    path.write_bytes(raw if raw is not None else text.encode("utf-8"))
    return read_post(path)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-05-28T16:47:00.000Z", dt.datetime(2024, 5, 28, 16, 47, tzinfo=dt.UTC)),
        ("2014-03-07 19:48:24 +0000", dt.datetime(2014, 3, 7, 19, 48, 24, tzinfo=dt.UTC)),
        ("2016-03-04", dt.datetime(2016, 3, 4)),
        (
            "'2012-10-21 12:00:00 -0200'",
            dt.datetime(2012, 10, 21, 12, tzinfo=dt.timezone(dt.timedelta(hours=-2))),
        ),
        ("2024-03-21 4:00:00 +0000", dt.datetime(2024, 3, 21, 4, tzinfo=dt.UTC)),
        (
            "2021-5-6 08:00:00 -0800",
            dt.datetime(2021, 5, 6, 8, tzinfo=dt.timezone(dt.timedelta(hours=-8))),
        ),
        (
            "2009-12-09 10:00:00.000000000 +01:00",
            dt.datetime(2009, 12, 9, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
    ],
)
def test_dates_in_jekyll_forms(tmp_path, value, expected):
    p, diags = post(tmp_path, f"---\ntitle: T\ndate: {value}\n---\nBody\n")
    assert p.date == expected
    assert diags.items == []


def test_impossible_offset_keeps_the_date_and_warns(tmp_path):
    p, diags = post(tmp_path, "---\ntitle: T\ndate: 2023-06-11 10:14:00 +8000\n---\nx\n")
    assert p.date == dt.datetime(2023, 6, 11, 10, 14)
    assert [d.code for d in diags.items] == ["read.date"]
    assert diags.items[0].line == 3


def test_date_from_file_name_when_front_matter_has_none(tmp_path):
    p, _ = post(tmp_path, "---\ntitle: T\n---\nx\n", name="2011-06-11-jvm-langs.markdown")
    assert p.date == dt.datetime(2011, 6, 11)


def test_authors_string_with_entity_and_more(tmp_path):
    p, _ = post(
        tmp_path, "---\ntitle: T\nauthor: Maria Repnikova, Evan Medeiros &#38; more\n---\nx\n"
    )
    assert [a.name for a in p.authors] == ["Maria Repnikova", "Evan Medeiros"]
    assert p.more_authors is True


def test_authors_as_list_and_as_map(tmp_path):
    p, _ = post(
        tmp_path, "---\ntitle: T\nauthors:\n  - Ada Lovelace\n  - Charles Babbage\n---\nx\n"
    )
    assert [a.name for a in p.authors] == ["Ada Lovelace", "Charles Babbage"]
    p, _ = post(tmp_path, "---\ntitle: T\nauthor:\n  login: pk\n  display_name: Peter K\n---\nx\n")
    assert [a.name for a in p.authors] == ["Peter K"]


@pytest.mark.parametrize("key", ["from", "source", "canonical_url", "link"])
def test_source_url_keys(tmp_path, key):
    p, _ = post(tmp_path, f"---\ntitle: T\n{key}: https://example.org/a\n---\nx\n")
    assert p.source_url == "https://example.org/a"


def test_tags_and_categories_as_list_or_string(tmp_path):
    p, _ = post(
        tmp_path,
        "---\ntitle: T\ntags: [ 中参馆 ]\ncategories: philosophy decision-theory bayesianism\n---\nx\n",
    )
    assert p.tags == ("中参馆",)
    assert p.categories == ("philosophy", "decision-theory", "bayesianism")


def test_language_and_draft(tmp_path):
    p, _ = post(tmp_path, "---\ntitle: T\nlang: pt_BR\npublished: false\n---\nx\n")
    assert p.language == "pt-BR"
    assert p.draft is True


def test_markdown_body_with_tables_strikethrough_footnotes(tmp_path):
    p, _ = post(
        tmp_path,
        "---\ntitle: T\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ and a note[^1].\n\n[^1]: The note.\n",
    )
    assert "<table>" in p.body_html and "<s>gone</s>" in p.body_html
    assert "footnote" in p.body_html and "The note." in p.body_html


def test_bom_crlf_and_bare_cr_are_normalised(tmp_path):
    raw = "\ufeff---\r\ntitle: Bom\r\n---\r\nline one\rline two\r\n".encode("utf-8")
    p, _ = post(tmp_path, "", raw=raw)
    assert p.title == "Bom"
    assert "\r" not in p.body_html and "line one" in p.body_html


def test_legacy_encoding_is_decoded_with_a_warning(tmp_path):
    raw = "---\ntitle: Seguridad en Ruby\n---\nLa versión española, señor.\n".encode("latin-1")
    p, diags = post(tmp_path, "", raw=raw)
    assert "versión española, señor" in p.body_html
    assert [d.code for d in diags.items] == ["read.encoding"]


def test_unclosed_front_matter_is_an_error_with_its_line(tmp_path):
    with pytest.raises(ReadError) as err:
        post(tmp_path, "---\ntitle: T\ndate: 2020-01-01\nbody text\n")
    assert err.value.line == 1
    assert "not closed" in str(err.value)


def test_invalid_yaml_names_file_and_line(tmp_path):
    with pytest.raises(ReadError) as err:
        post(tmp_path, "---\ntitle: T\ntags: [one, two\nx: y\n---\nx\n")
    assert "2020-01-02-a-post.md:4: front matter is not valid YAML" in str(err.value)


def test_tab_indented_front_matter_is_read_with_a_warning(tmp_path):
    p, diags = post(tmp_path, "---\ntitle: T\nexcerpt: >\n\tindented with a tab\n---\nx\n")
    assert p.title == "T" and p.extra["excerpt"].strip() == "indented with a tab"
    assert [(d.code, d.line) for d in diags.items] == [("read.front-matter", 4)]


def test_duplicate_key_warns_and_the_last_wins(tmp_path):
    p, diags = post(tmp_path, "---\ntitle: First\ntitle: Second\n---\nx\n")
    assert p.title == "Second"
    assert [(d.code, d.line) for d in diags.items] == [("read.front-matter", 3)]
    assert "'title' appears twice" in diags.items[0].message


def test_ruby_yaml_tags_are_read_as_data(tmp_path):
    p, diags = post(
        tmp_path, "---\ntitle: T\nexcerpt: !ruby/object:Hpricot::Doc\n  options: {}\n---\nx\n"
    )
    assert p.title == "T"
    assert [d.code for d in diags.items] == ["read.yaml-tag"]


def test_discover_is_sorted_and_skips_build_output(tmp_path):
    for name in ["b.md", "a.html", "_build/x.md", ".hidden/y.md", "notes.txt", "image.png"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: x\n---\n")
    assert [p.name for p in discover(tmp_path)] == ["a.html", "b.md", "notes.txt"]


def test_a_book_leaves_drafts_and_its_output_folder_out(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Kept\n---\nText.\n")
    (tmp_path / "b.md").write_text("---\ntitle: Draft\npublished: false\n---\nText.\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "c.md").write_text("---\ntitle: Output\n---\nText.\n")
    reading = read_book(tmp_path, skip=tmp_path / "out")
    assert [p.title for p in reading.posts] == ["Kept"]
    assert reading.drafts == [str(tmp_path / "b.md")] and reading.failed == []
    with_drafts = read_book(tmp_path, include_drafts=True, skip=tmp_path / "out")
    assert [p.title for p in with_drafts.posts] == ["Kept", "Draft"]


def test_keep_going_sets_a_post_that_cannot_be_read_aside(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Broken\n")
    (tmp_path / "b.md").write_text("---\ntitle: Fine\n---\nText, with a {% include x.html %}.\n")
    with pytest.raises(ReadError, match="a.md:1: front matter is not closed"):
        read_book(tmp_path)
    reading = read_book(tmp_path, keep_going=True)
    assert [p.title for p in reading.posts] == ["Fine"]
    (failure,) = reading.failed
    assert str(failure).startswith(f"{tmp_path / 'a.md'}:1: front matter is not closed")
    assert [w.code for w in reading.warnings] == ["liquid.include"]


def test_each_post_gets_a_chapter_id_no_other_id_of_the_book_can_have(tmp_path):
    titles = ["Travel notes", "Travel", "Travel", "1999", "P1999", "Travel title", "Travel 2"]
    for n, title in enumerate(titles):
        (tmp_path / f"{n}.md").write_text(f"---\ntitle: {title}\n---\nText.\n")
    chapters = [ids.chapter_id(p.slug) for p in read_book(tmp_path).posts]
    # "travel-notes" came first, so "travel" (whose notes are "travel-notes") moves aside
    assert chapters == [
        "travel-notes",
        "travel-2",
        "travel-3",
        "p1999",
        "p1999-2",
        "travel-title",
        "travel-2-2",
    ]


def test_toml_front_matter_is_bounded_and_cleaned_like_yaml(tmp_path: Path):
    """TOML front matter (Hugo, Zola) meets the nesting limit and loses control characters,
    as YAML front matter does; one nested past Python's recursion is refused too."""
    deep = tmp_path / "deep.md"
    deep.write_text("+++\ntitle = 'Deep'\nx = " + "[" * 40 + "]" * 40 + "\n+++\nText.\n")
    with pytest.raises(ReadError, match="nested more than 32 deep"):
        read_post(deep)
    deeper = tmp_path / "deeper.md"
    deeper.write_text("+++\nx = " + "[" * 5000 + "]" * 5000 + "\n+++\nText.\n")
    with pytest.raises(ReadError, match="nested more than 32 deep"):
        read_post(deeper)
    odd = tmp_path / "odd.md"
    odd.write_text('+++\ntitle = "Red\\u001b[31m"\n+++\nText.\n')
    post, diags = read_post(odd)
    assert post.title == "Red[31m"
    assert any("removed control character" in d.message for d in diags.items)


@pytest.mark.parametrize(
    "given",
    ["real/a.md", "linked/a.md", "linked/sub/../a.md", "real/to-b.md", "linked/sub/to-a.md"]
    + ["real/sub/b.md", "missing/x.md", "./real/./a.md"],
)
def test_a_post_is_shown_by_its_path_with_every_link_followed(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Its folder is resolved once for all the posts in it; a post that is itself a link is
    resolved whole, as `Path.resolve` resolves it."""
    from bookmaker.read.post import display_path

    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "a.md").write_text("a")
    (tmp_path / "real" / "sub" / "b.md").write_text("b")
    (tmp_path / "linked").symlink_to("real")
    (tmp_path / "real" / "to-b.md").symlink_to("sub/b.md")
    (tmp_path / "real" / "sub" / "to-a.md").symlink_to("../a.md")
    for cwd in (tmp_path, tmp_path / "real", tmp_path / "linked" / "sub"):
        monkeypatch.chdir(cwd)
        for path in (Path(given), tmp_path / given):
            try:
                expected = str(path.resolve().relative_to(cwd.resolve()))
            except ValueError:  # not below the working folder: as given
                expected = str(path)
            assert display_path(path) == expected
