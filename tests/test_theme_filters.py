"""Theme filters: monograms, pull quotes and CSS strings, on examples and as properties."""

from __future__ import annotations

import tinycss2
from hypothesis import given, settings
from hypothesis import strategies as st

from bookmaker.theming.filters import css_string, initials, lead_sentence, pull_quote


def test_initials_take_the_first_and_last_names():
    assert initials("Una Aleksandra Bērziņa-Čerenkova") == "UB"
    assert initials("Maria Repnikova") == "MR"
    assert initials("Madonna") == "M"
    assert initials("  ") == ""


def test_lead_sentence_skips_note_references_and_abbreviations():
    html = (
        '<p>Both officials <a href="https://x.org">complained</a><a class="noteref" href="#n7">7</a> to the '
        "U.S. Secretary and Dr. Wu. Then they left.</p><p>Next.</p>"
    )
    assert lead_sentence(html) == "Both officials complained to the U.S. Secretary and Dr. Wu."
    assert lead_sentence("<p>" + "word " * 80 + "</p>", max_chars=40).endswith("word…")
    assert lead_sentence("<div></div>") == ""


def test_pull_quote_is_taken_from_far_enough_into_the_section_never_its_opening_lines():
    opening = (
        "Keep what nobody else will. The national libraries will keep every one of the bestsellers."
    )
    later = (
        "A vertical file of local ephemera costs almost nothing to keep, and it is irreplaceable."
    )
    html = f"<p>{opening}</p><p>Short one. {later}</p>"
    # the reader meets the opening sentences a few lines below the quote: not those
    assert pull_quote(html, skip_chars=len(opening) + 2) == later
    assert (
        pull_quote(html, skip_chars=0)
        == "The national libraries will keep every one of the bestsellers."
    )
    # a short section (what the reader is about to read anyway) gets no pull quote
    assert pull_quote(html) == ""
    long = "<p>" + "Words that fill the section. " * 25 + "</p>"
    assert pull_quote(long + f"<p>{later}</p>") == later


WORDS = st.sampled_from(
    [
        "library",
        "keeps",
        "the",
        "U.S.",
        "Dr.",
        "archive",
        "of",
        "everything",
        "Ines",
        "“local”",
        "ephemera",
        "1962",
        "bus",
        "timetable",
    ]
)
SENTENCE = st.builds(
    lambda words, end: " ".join(words).capitalize() + end,
    st.lists(WORDS, min_size=3, max_size=25),
    st.sampled_from([".", "?", "!", "…"]),
)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=5).map(" ".join)


@settings(max_examples=60)
@given(st.lists(PARAGRAPH, min_size=1, max_size=4))
def test_pull_quotes_and_lead_sentences_only_ever_quote_the_text(paragraphs):
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    quote = pull_quote(html)
    assert quote == "" or any(quote in p for p in paragraphs)
    assert quote == "" or 50 <= len(quote) <= 200
    lead = lead_sentence(html, max_chars=10_000)
    assert paragraphs[0].startswith(lead) and lead


@given(st.text(max_size=40))
def test_css_string_is_always_one_css_string_token_with_the_same_value(text):
    tokens = [
        t for t in tinycss2.parse_component_value_list(css_string(text)) if t.type != "whitespace"
    ]
    assert len(tokens) == 1 and tokens[0].type == "string"
    assert tokens[0].value == text.replace("\0", "\ufffd")


def test_an_address_breaks_after_its_slashes_and_before_punctuation_and_is_escaped_once():
    from bookmaker.theming.markup import breakable_url

    assert breakable_url("https://ex.org/a-b?q=1&r=2/") == (
        "https://ex<wbr/>.org/<wbr/>a<wbr/>-b<wbr/>?q<wbr/>=1<wbr/>&amp;r<wbr/>=2/"
    )
    assert breakable_url('.x/"<y>') == ".x/<wbr/>&#34;&lt;y&gt;"  # no break at either end


@given(st.text(alphabet="ab/:.?&=#_-<>\"'é%\0 ", max_size=30))
@settings(max_examples=300)
def test_an_address_with_its_breaks_holds_the_address_escaped(url: str):
    from markupsafe import escape

    from bookmaker.theming.markup import breakable_url

    marked = str(breakable_url(url))
    assert marked.replace("<wbr/>", "") == str(escape(url))
    assert not marked.startswith("<wbr/>") and not marked.endswith("<wbr/>")


def test_a_link_note_says_its_texts_its_address_and_the_archived_copy_escaped():
    from types import SimpleNamespace

    from bookmaker.theming.markup import link_note

    note = SimpleNamespace(
        texts=("Tom & Jerry", "<b>"),
        url="https://ex.org/a",
        archive_url="https://web.archive.org/x",
    )
    assert str(link_note(note, "archived at")) == (
        '<span class="link-text">Tom &amp; Jerry</span>; <span class="link-text">&lt;b&gt;</span>:'
        '\n <a class="url" href="https://ex.org/a" dir="ltr">https://ex<wbr/>.org/<wbr/>a</a>'
        ' (archived at <a class="archive" href="https://web.archive.org/x" dir="ltr">'
        "https://web<wbr/>.archive<wbr/>.org/<wbr/>x</a>)"
    )
    bare = SimpleNamespace(texts=(), url="https://ex.org/", archive_url=None)
    assert str(link_note(bare, "archived")) == (
        '\n <a class="url" href="https://ex.org/" dir="ltr">https://ex<wbr/>.org/</a>'
    )


def test_book_text_is_set_apart_only_in_a_chapter_of_the_other_direction():
    from types import SimpleNamespace

    import jinja2

    from bookmaker.theming.markup import set_apart

    meta = SimpleNamespace(language="en", direction=None)
    rtl, ltr = SimpleNamespace(direction="rtl"), SimpleNamespace(direction=None)
    assert str(set_apart("1 & 2", rtl, meta)) == (
        '<span class="book-text" lang="en" dir="ltr">1 &amp; 2</span>'
    )
    assert str(set_apart("1 & 2", ltr, meta)) == "1 &amp; 2"
    assert str(set_apart("x", jinja2.StrictUndefined(name="chapter"), meta)) == "x"
