"""convert: each transform's promise, on small posts written for the purpose."""

from __future__ import annotations

import re

from helpers.posts import make_post, parse_xhtml
from helpers.text import visible_text

from bookmaker.convert import ConvertContext, convert
from bookmaker.model import Person
from bookmaker.xhtml import XHTML

CTX = ConvertContext()


def chapter_of(body: str, **kw):
    chapter, diags = convert(make_post(body, **kw), CTX)
    return chapter, diags


def test_sanitize_removes_scripts_handlers_and_javascript_urls():
    body = (
        '<p onclick="x()" style="color:red">Hi <a href="javascript:alert(1)">there</a></p>'
        '<script>evil()</script><style>p{}</style><iframe src="https://x"></iframe>'
        '<form><input name=q><button>Go</button></form><p class="site">Kept</p>'
    )
    chapter, _ = chapter_of(body)
    html = chapter.intro
    for bad in (
        "script",
        "style",
        "onclick",
        "javascript",
        "iframe",
        "form",
        "input",
        "button",
        'class="site"',
    ):
        assert bad not in html
    # the iframe is not lost without a trace: a line names it, and its address is a note
    assert visible_text(html) == "Hi there Embedded content (x) Kept"
    assert [n.url for n in chapter.endnotes] == ["https://x"]


def test_leading_heading_that_repeats_the_title_is_dropped():
    chapter, _ = chapter_of("<h2><a href='https://x.org/p'>A  title!</a></h2><p>Text</p>")
    assert "<h2" not in chapter.intro and visible_text(chapter.intro) == "Text"


def test_site_cruft_goes_and_comments_heading_goes():
    body = (
        '<nav><ul><li><a href="/">Home</a></li></ul></nav><p>Body</p>'
        '<div class="sharedaddy"><h3>Share this:</h3><a href="https://t.co/x">Tweet</a></div>'
        '<h2>Comments</h2><a id="c1" href="https://x.org/undefined"></a>'
    )
    chapter, _ = chapter_of(body)
    assert visible_text(chapter.intro) == "Body"
    assert chapter.endnotes == ()


def test_every_external_link_gets_a_note_after_closing_punctuation():
    body = (
        '<p>He <a href="https://a.org/1">said</a>, then “<a href="https://b.org/2">left</a>.” '
        'And <a href="https://c.org/3">Harbin</a>s.</p>'
    )
    chapter, _ = chapter_of(body)
    text = visible_text(chapter.intro, drop_noterefs=False)
    assert text == "He said, 1 then “left.” 2 And Harbins. 3"
    assert [n.url for n in chapter.endnotes] == [
        "https://a.org/1",
        "https://b.org/2",
        "https://c.org/3",
    ]


def test_repeated_url_shares_one_note_with_a_backlink_per_reference():
    body = '<p><a href="https://a.org/x">one</a> and <a href="https://a.org/x">two</a></p>'
    chapter, _ = chapter_of(body)
    (note,) = chapter.endnotes
    assert note.texts == ("one", "two")
    assert len(note.refs) == 2 and len(set(note.refs)) == 2
    for ref in note.refs:
        assert f'id="{ref}"' in chapter.intro


def test_a_url_cited_again_after_another_note_gets_the_next_number_not_its_old_one():
    """Item 6 of issue 12: numbers never run backwards in the text ("1 … 2 … 1" was)."""
    body = (
        '<p><a href="https://a.org/x">one</a>, <a href="https://a.org/x">again</a>, '
        '<a href="https://b.org/y">other</a> and <a href="https://a.org/x">back</a>.</p>'
    )
    chapter, _ = chapter_of(body)
    numbers = re.findall(r'class="noteref"[^>]*>(\d+)<', chapter.intro)
    assert numbers == ["1", "1", "2", "3"]
    first, other, again = chapter.endnotes
    assert (first.url, other.url, again.url) == (
        "https://a.org/x",
        "https://b.org/y",
        "https://a.org/x",
    )
    assert first.texts == ("one", "again") and len(first.refs) == 2
    assert again.texts == ("back",) and len(again.refs) == 1


def test_a_footnote_cited_again_after_another_note_is_printed_again_under_a_new_number():
    body = (
        '<p>A<sup><a href="#fn1" id="r1">1</a></sup>, <a href="https://b.org/y">b</a>, '
        'A again<sup><a href="#fn1" id="r2">1</a></sup>.</p>'
        '<div class="footnotes"><ol><li id="fn1"><p>The <span id="k">note</span>.</p></li></ol></div>'
    )
    chapter, _ = chapter_of(body)
    numbers = re.findall(r'class="noteref"[^>]*>(\d+)<', chapter.intro)
    assert numbers == ["1", "2", "3"]
    first, _, again = chapter.endnotes
    assert visible_text(first.html) == visible_text(again.html) == "The note."
    assert "id=" not in again.html


def test_not_notes_fragments_mailto_and_links_whose_text_is_the_url():
    body = (
        '<p id="top">See <a href="#top">above</a>, write to <a href="mailto:a@b.org">a@b.org</a>, '
        'visit <a href="https://www.openstreetmap.org/">https://www.openstreetmap.org/</a>.</p>'
    )
    chapter, _ = chapter_of(body)
    assert chapter.endnotes == ()
    assert "mailto" not in chapter.intro and "a@b.org" in chapter.intro
    assert 'href="#a-title_top"' in chapter.intro and 'id="a-title_top"' in chapter.intro


def test_tracking_parameters_and_text_fragments_leave_the_note_url():
    body = (
        '<p><a href="https://x.org/a?utm_source=n&amp;id=7&amp;fbclid=abc">a</a> '
        '<a href="https://y.org/b#:~:text=hello">b</a></p>'
    )
    chapter, _ = chapter_of(body)
    assert [n.url for n in chapter.endnotes] == ["https://x.org/a?id=7", "https://y.org/b"]


def test_post_footnotes_join_the_link_notes_in_reading_order():
    body = (
        '<p>First <a href="https://a.org">link</a> then a note'
        '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>.</p>'
        '<hr class="footnotes-sep"><section class="footnotes"><ol class="footnotes-list">'
        '<li id="fn1" class="footnote-item"><p>The note, with <a href="https://n.org">a link</a>. '
        '<a href="#fnref1" class="footnote-backref">↩</a></p></li></ol></section>'
    )
    chapter, _ = chapter_of(body)
    first, second = chapter.endnotes
    assert (first.number, first.url) == (1, "https://a.org")
    assert second.number == 2 and second.url is None
    assert "The note, with" in second.html and "↩" not in second.html
    assert 'href="https://n.org"' in second.html  # a link inside a note is not itself a note
    assert len(chapter.endnotes) == 2
    assert "footnotes" not in chapter.intro and "<hr" not in chapter.intro


def test_output_is_well_formed_and_ids_are_unique():
    body = '<p id="a">x</p><p id="a">dup</p><div><p>broken <b><i>nesting</b></i></div><p>&nbsp;&amp; 1 < 2</p>'
    chapter, _ = chapter_of(body)
    root = parse_xhtml(chapter.intro)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_headings_are_demoted_under_the_chapter_title_and_never_skip():
    chapter, _ = chapter_of("<h1>One</h1><p>a</p><h4>Deep</h4><p>b</p><h2>Two</h2>")
    root = parse_xhtml(chapter.intro)
    levels = [e.tag.split("}")[1] for e in root.iter() if e.tag.split("}")[1].startswith("h")]
    assert levels == ["h2", "h3", "h3"]


def test_contributor_sections_from_headings_named_in_front_matter():
    body = "<p>Intro.</p><h2>Ada Lovelace</h2><p>Her part.</p><h2>Alan Turing</h2><p>His part.</p>"
    chapter, _ = chapter_of(body, contributors=("Ada Lovelace", "Alan Turing"))
    assert [s.person.name for s in chapter.sections] == ["Ada Lovelace", "Alan Turing"]
    assert visible_text(chapter.sections[1].html) == "His part."
    assert visible_text(chapter.intro) == "Intro."


def test_relative_link_without_source_url_keeps_text_and_warns():
    chapter, diags = chapter_of('<p><a href="/about/">About us</a></p>')
    assert visible_text(chapter.intro) == "About us" and chapter.endnotes == ()
    assert [d.code for d in diags.items] == ["link.relative"]


def test_relative_link_resolves_against_the_source_url():
    chapter, _ = chapter_of(
        '<p><a href="/about/">About</a></p>', source_url="https://site.org/2020/post/"
    )
    assert [n.url for n in chapter.endnotes] == ["https://site.org/about/"]


def test_remote_image_becomes_a_label_whose_address_is_a_note():
    chapter, _ = chapter_of('<p><img src="https://x.org/p.jpg" alt="A dam"></p>')
    assert "<img" not in chapter.intro and "[Image: A dam]" in chapter.intro
    assert [n.url for n in chapter.endnotes] == ["https://x.org/p.jpg"]


def test_scraped_photo_caption_and_credit_become_one_figure():
    body = (
        '<div class="view-featured-photo"><div class="row"><div class="field-content">'
        '<a href="https://x.org/big.jpg"><img src="https://x.org/small.jpg" alt=""></a></div>'
        '<div><div class="photo-credit">Jane Roe—Agency</div></div>'
        '<div><div class="photo-caption"><p>Two leaders shake hands.</p></div></div></div></div>'
        "<p>The article begins here and goes on.</p>"
    )
    chapter, _ = chapter_of(body)
    root = parse_xhtml(chapter.intro)
    ns = f"{{{XHTML}}}"
    (figure,) = root.iter(ns + "figure")
    caption = figure.find(ns + "figcaption")
    assert [p.text for p in caption] == ["Two leaders shake hands.", "Jane Roe—Agency"]
    assert caption[1].get("class") == "credit"
    assert [n.url for n in chapter.endnotes] == ["https://x.org/big.jpg"]
    # the article's first paragraph follows the figure, not the caption
    assert root.find(ns + "p").text == "The article begins here and goes on."


def test_a_caption_beside_running_text_is_not_made_a_figure():
    body = (
        '<div><img src="https://x.org/a.jpg" alt="A"><p>Plenty of article text that is not a caption.</p>'
        '<p class="wp-caption-text">Caption</p></div>'
    )
    chapter, _ = chapter_of(body)
    assert "<figure" not in chapter.intro
    assert "Plenty of article text" in chapter.intro and "Caption" in chapter.intro


def test_and_more_in_the_byline_survives_when_the_text_names_nobody_else():
    chapter, _ = chapter_of("<p>Text.</p>", authors=(Person("Ada Lovelace"),), more_authors=True)
    assert chapter.more_authors is True
    body = "<p>Intro.</p><h2>Alan Turing</h2><p>His part.</p>"
    found, _ = chapter_of(
        body, authors=(Person("Ada Lovelace"),), more_authors=True, contributors=("Alan Turing",)
    )
    assert found.more_authors is False  # the "more" are named: Alan Turing
    assert [p.name for p in found.authors] == ["Ada Lovelace", "Alan Turing"]


def test_an_empty_table_header_cell_becomes_a_data_cell():
    body = "<table><tr><th></th><th>Price</th></tr><tr><th>2021</th><td>7</td></tr></table>"
    chapter, _ = chapter_of(body)
    assert "<th></th>" not in chapter.intro and "<td></td>" in chapter.intro
    assert "<th>Price</th>" in chapter.intro and "<th>2021</th>" in chapter.intro
