"""Endnote rules: placement, cross-references, archive copies, numbering through the book,
user contributor profiles from book.toml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers.posts import make_post
from helpers.text import visible_text

from bookmaker.config import load
from bookmaker.convert import ConvertContext, convert
from bookmaker.convert.xrefs import LinkIndex
from bookmaker.pipeline import build


def refs_text(body: str, **kw) -> str:
    chapter, _ = convert(make_post(body, **kw), ConvertContext())
    return visible_text(chapter.intro, drop_noterefs=False)


def test_reference_goes_after_closing_punctuation_and_never_inside_a_word():
    assert refs_text("<p><em><a href='https://a.org'>said</a></em>, then</p>") == "said, 1 then"
    assert refs_text("<p><a href='https://a.org'>Harbin</a>'s port.</p>") == "Harbin's 1 port."
    assert refs_text("<p>(<a href='https://a.org'>see</a>).</p>") == "(see). 1"
    assert refs_text("<p>「<a href='https://a.org'>東京</a>」へ行く</p>") == "「東京」 1へ行く"
    assert refs_text("<p><a href='https://a.org'>東京</a>へ行く</p>") == "東京 1へ行く"


def test_cross_references_by_post_url_permalink_and_source_url():
    target = make_post(
        "",
        slug="target",
        path=Path("2017-01-08-na12878-nanopore.md"),
        source_url="https://blog.example/2017/01/08/na12878-nanopore/",
        extra={"redirect_from": ["/old/path/"]},
    )
    index = LinkIndex.build([(target, "target")])
    for href in (
        "bookmaker-post:2017-01-08-NA12878-nanopore",
        "/2017/01/08/na12878-nanopore/",
        "https://blog.example/2017/01/08/na12878-nanopore/",
        "http://www.blog.example/2017/01/08/na12878-nanopore",
        "/blog/2017/01/08/na12878-nanopore.html",
        "/old/path",
        "2017-01-08-na12878-nanopore.md",
    ):
        assert index.find(href) == "target", href
    assert index.find("https://elsewhere.example/2017/01/08/na12878-nanopore/") is None
    chapter, _ = convert(
        make_post("<p>See <a href='/2017/01/08/na12878-nanopore/'>the assembly</a>.</p>"),
        ConvertContext(find_chapter=index.find),
    )
    assert (
        '<a class="xref" href="#target">the assembly</a>' in chapter.intro
        and chapter.endnotes == ()
    )


def test_root_relative_links_resolve_against_the_site_url():
    chapter, diags = convert(
        make_post("<p><a href='/about/'>About</a></p>"),
        ConvertContext(site_url="https://blog.example/"),
    )
    assert [n.url for n in chapter.endnotes] == [
        "https://blog.example/about/"
    ] and diags.items == []


def test_archive_links_are_dated_by_the_post_and_off_by_default():
    post = make_post(
        "<p><a href='https://a.org/x?utm_campaign=y'>x</a></p>", date=dt.datetime(2019, 3, 4)
    )
    (note,) = convert(post, ConvertContext())[0].endnotes
    assert note.archive_url is None
    (note,) = convert(post, ConvertContext(archive_links=True))[0].endnotes
    assert note.archive_url == "https://web.archive.org/web/20190304/https://a.org/x"


def test_numbering_through_the_book_has_no_gaps(root, tmp_path):
    overrides = ('endnotes.numbering="book"',)
    report = build(root("notes"), ["html"], tmp_path / "_build", overrides=overrides)
    numbers = [n.number for c in report.book.chapters for n in c.endnotes]
    # (the first chapter cites a URL again after other notes: a note of its own)
    assert numbers == list(range(1, 9))
    reply = report.book.chapters[1]
    # a footnote stays where its author put it, and links to other chapters are not notes
    assert visible_text(reply.intro, drop_noterefs=False) == (
        "Back to the letters, and to the top of this one. A note 7 and an emphasised link. 8"
    )


def test_user_contributor_profile_from_book_toml(tmp_path):
    (tmp_path / "book.toml").write_text(
        '[[contributors.profiles]]\nsection = "div.voice"\nname = ".who"\nbio = ".about"\n'
    )
    (tmp_path / "2024-01-01-round-table.html").write_text(
        "---\ntitle: Round table\n---\n<p>Intro.</p>"
        '<div class="voice"><p class="who">Ada Lovelace</p><p class="about">Wrote notes.</p><p>Engines!</p></div>'
        '<div class="voice"><p class="who">Alan Turing</p><p>Machines!</p></div>'
    )
    report = build(tmp_path, ["html"], tmp_path / "_build")
    (chapter,) = report.book.chapters
    assert [s.person.name for s in chapter.sections] == ["Ada Lovelace", "Alan Turing"]
    assert "Wrote notes." in chapter.sections[0].person.bio
    assert visible_text(chapter.sections[1].html) == "Machines!"
    assert [e.person.name for e in report.book.contributors] == ["Ada Lovelace", "Alan Turing"]


def test_a_bad_selector_in_a_profile_is_a_config_error(tmp_path):
    (tmp_path / "book.toml").write_text(
        '[[contributors.profiles]]\nsection = "div[[["\nname = "h3"\n'
    )
    try:
        load(tmp_path)
    except Exception as exc:  # noqa: BLE001 - the type is what we check
        assert type(exc).__name__ == "ConfigError"
        assert "contributors.profiles[0].section: not a CSS selector" in str(exc)
    else:
        raise AssertionError("a bad selector was accepted")


def test_markdown_contributors_with_details_from_front_matter(tmp_path):
    (tmp_path / "2024-01-01-panel.md").write_text(
        "---\ntitle: Panel\nauthor: Desk & more\ncontributors:\n  - name: Ada Lovelace\n    url: https://ada.example\n"
        "    bio: Mathematician.\n  - Alan Turing\n---\nIntro.\n\n## Ada Lovelace\n\nFirst.\n\n## Alan Turing\n\nSecond.\n"
    )
    (chapter,) = build(tmp_path, ["html"], tmp_path / "_build").book.chapters
    ada, alan = (s.person for s in chapter.sections)
    assert (ada.url, ada.bio, alan.url) == ("https://ada.example", "Mathematician.", None)
    assert [a.name for a in chapter.authors] == ["Desk", "Ada Lovelace", "Alan Turing"]
