"""What a book designer would not let through, made impossible before the layout (issue 12):
note numbers kept with their words, paragraphs never ending in one word, addresses in the
text never hyphenated, American hyphenation for plain English, and smart typography for
Markdown posts.  (The laid-out books are checked in test_builtin_themes.py.)"""

from __future__ import annotations

import lxml.html
import pytest

from bookmaker.builders.pdf.keeps import keep_together
from bookmaker.read.markup import to_html


def kept(html: str) -> lxml.html.HtmlElement:
    doc = lxml.html.fragment_fromstring(f'<div lang="en">{html}</div>')
    keep_together(doc)
    return doc


def test_a_note_number_is_joined_to_its_word_and_a_paragraph_ends_in_two_words():
    doc = kept(
        '<p>The long fight over lending<a class="noteref" href="#n-2">2</a> shows.</p>'
        "<p>It was replaced by one two three four</p>"
        '<p>A <em>word</em><a class="noteref" href="#n-3">3</a> and a space <a class="noteref" '
        'href="#n-4">4</a> before one, then more words to end the paragraph with.</p>'
    )
    first, second, third = doc.findall("p")
    # a word joiner (no line break on either side), not a styled span: see join_note
    assert first.text.endswith("lending") and not first.find_class("keep")
    assert first.text_content().endswith("lending\u20602\xa0shows.")  # (the last two words)
    (last,) = second.find_class("keep")
    assert last.text == "three\xa0four"  # together, and never hyphenated (CSS: .keep)
    assert not third.find("em").tail
    assert third.text_content().startswith("A word\u20603 and a space 4 before")


def test_the_word_before_a_note_ends_where_its_text_does():
    """ "classics" broke as "classic-" / "s⁸" (default sample, page 10): the word joiner after
    the word counted as one of its letters for `hyphenate-limit-chars`; inside the reference
    it is no letter of the word."""
    doc = kept('<p>Even the classics<a class="noteref" href="#n-8">8</a> that are free.</p>')
    (ref,) = doc.find_class("noteref")
    assert ref.getparent().text == "Even the classics" and ref.text == "\u20608"
    keep_together(doc)  # twice: joined once
    assert ref.text == "\u20608"


def test_a_line_may_break_after_a_note_number():
    """Issue 12: a no-break space tied the word after a note to its number, and "timetable:⁷
    family" went to the next line whole, leaving wide gaps in "a 1962 bus" (default sample,
    page 10).  The engine fault it worked round is fixed (test_line_breaks.py)."""
    doc = kept(
        '<p>A 1962 bus timetable:<a class="noteref" href="#n-7">7</a> family historians use it to work out how.</p>'
    )
    (ref,) = doc.find_class("noteref")
    assert ref.getparent().tag == "p" and ref.getparent().text.endswith("timetable:")
    assert ref.text == "\u20607"
    assert ref.tail.startswith(" family historians use it")


def test_an_index_entry_is_no_paragraph_to_join():
    """Issue 12, item 10: a no-break space between the name and the title (both blocks)
    printed an empty line in the contributors index."""
    doc = kept(
        '<ul class="contributors-index"><li><span class="contributor-name">Kenji Watanabe</span>'
        ' <a class="index-ref" href="#x">Who Owns a Repair?</a></li></ul>'
    )
    assert "\xa0" not in doc.text_content() and doc.find_class("keep") == []


def test_a_long_last_phrase_is_left_to_break():
    doc = kept("<p>Words and then incomprehensibilities antidisestablishmentarianism</p>")
    assert doc.find_class("keep") == [] and "\xa0" not in doc.text_content()


def test_addresses_in_running_text_break_only_after_slash_and_dot():
    doc = kept(
        "<p>See dev.craft.wordpress.com/2020/notes and more text after it.</p><pre>a.b/c</pre>"
    )
    (url,) = doc.find_class("url-text")
    assert url.text == "dev.\u200bcraft.\u200bwordpress.\u200bcom/\u200b2020/\u200bnotes"
    assert doc.find("pre").text == "a.b/c"


@pytest.mark.parametrize(("lang", "patterns"), [("en", "en-US"), ("en-GB", "en-GB"), ("fr", "fr")])
def test_plain_english_hyphenates_with_american_patterns(lang, patterns):
    doc = lxml.html.fragment_fromstring(f'<section lang="{lang}"><p>capabilities</p></section>')
    keep_together(doc)
    assert doc.get("lang") == patterns


def test_american_and_british_patterns_differ_where_the_designer_saw_it():
    pyphen = pytest.importorskip("pyphen")
    assert pyphen.Pyphen(lang="en_US").inserted("capabilities") != pyphen.Pyphen(
        lang="en_GB"
    ).inserted("capabilities")


@pytest.mark.parametrize(
    ("lang", "quoted"),
    [
        (None, "“Keep” it’s"),
        ("en-GB", "“Keep” it’s"),
        ("de", "„Keep“ it’s"),
        ("fr", "«\u202fKeep\u202f» it’s"),
    ],
)
def test_markdown_gets_curly_quotes_in_the_posts_language(lang, quoted):
    html = to_html('"Keep" it\'s', "markdown", "post.md", language=lang)
    assert quoted in html


def test_markdown_gets_dashes_and_ellipses_but_never_in_code_or_addresses():
    html = to_html(
        'A -- B --- C - D... `"x" -- y` <https://a.org/x--y> [l](https://a.org/--z)\n\n'
        '    "block" -- code\n',
        "markdown",
        "post.md",
    )
    assert "A – B — C – D…" in html
    assert "<code>&quot;x&quot; -- y</code>" in html
    assert 'href="https://a.org/x--y">https://a.org/x--y</a>' in html
    assert 'href="https://a.org/--z"' in html
    assert "&quot;block&quot; -- code" in html
