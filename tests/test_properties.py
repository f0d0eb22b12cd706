"""Property tests: on generated HTML bodies, every qualifying link gets exactly one reference,
notes are numbered 1..n without gaps, every reference has its note and every note its
back-link, ids are unique and the output always parses as XML."""

from __future__ import annotations

import html
import re

from helpers.posts import make_post, parse_xhtml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookmaker.convert import ConvertContext, convert
from bookmaker.convert.urls import clean_url

URLS = [
    "https://a.example/x",
    "https://b.example/y?utm_source=feed&id=3",
    "http://c.example/z#:~:text=hi",
    "https://d.example/",
    "https://e.example/p?q=1",
]
WORDS = st.sampled_from(
    ["alpha", "beta", "gamma", "delta", "café", "naïve", "東京", "مرحبا", "x", "1987"]
)
PUNCT = st.sampled_from(["", ".", ",", "”", ")", "!", "’s", "s", " "])


@st.composite
def links(draw) -> tuple[str, str | None]:
    """(HTML, the URL of the note it must give, or None when it gives none)."""
    kind = draw(
        st.sampled_from(["note", "note", "note", "fragment", "mailto", "self", "empty", "bare"])
    )
    text = " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))
    url = draw(st.sampled_from(URLS))
    if kind == "note":
        return f'<a href="{html.escape(url)}">{html.escape(text)}</a>', clean_url(url)
    if kind == "fragment":
        return f'<a href="#nowhere">{text}</a>', None
    if kind == "mailto":
        return f'<a href="mailto:someone@example.org">{text}</a>', None
    if kind == "self":
        return f'<a href="{html.escape(url)}">{html.escape(url)}</a>', None
    if kind == "empty":
        return f'<a href="{html.escape(url)}"></a>', None
    return html.escape(text), None


@st.composite
def inline(draw) -> tuple[str, list[str]]:
    parts, expected = [], []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            fragment, url = draw(links())
            if url:
                expected.append(url)
            wrap = draw(st.sampled_from(["", "em", "strong", "q"]))
            parts.append(f"<{wrap}>{fragment}</{wrap}>" if wrap else fragment)
            parts.append(draw(PUNCT))
        else:
            parts.append(" ".join(draw(st.lists(WORDS, min_size=1, max_size=4))))
        parts.append(" ")
    return "".join(parts), expected


@st.composite
def bodies(draw) -> tuple[str, list[str]]:
    blocks, expected = [], []
    for i in range(draw(st.integers(1, 4))):
        text, urls = draw(inline())
        expected.extend(urls)
        shape = draw(
            st.sampled_from(["p", "li", "blockquote", "h2", "div-span", "unclosed", "td", "dd"])
        )
        blocks.append(
            {
                "p": f"<p>{text}</p>",
                "li": f"<ul><li>{text}</li></ul>",
                "blockquote": f"<blockquote><p>{text}</p></blockquote>",
                "h2": f'<h2 id="h{i % 3}">{text}</h2>',
                "div-span": f"<span><div>{text}</div></span>",
                "unclosed": f"<p><b>{text}",
                "td": f"<table><tr><td>{text}</td></tr></table>",
                "dd": f"<dl><dt>term</dt><dd>{text}</dd></dl>",
            }[shape]
        )
    return "".join(blocks), expected


def _check(chapter, expected: list[str], shared: bool) -> None:
    xhtml = chapter.intro
    root = parse_xhtml(xhtml)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    refs = [e for e in root.iter() if e.get("class") == "noteref"]
    assert len(refs) == len(expected)  # exactly one reference per qualifying link
    notes = chapter.endnotes
    assert [n.number for n in notes] == list(range(1, len(notes) + 1))
    note_ids = {n.id for n in notes}
    for ref in refs:
        assert ref.get("href")[1:] in note_ids  # every reference has its note
        assert ref.text == str(next(n.number for n in notes if n.id == ref.get("href")[1:]))
    ref_ids = {ref.get("id") for ref in refs}
    for note in notes:
        assert note.refs and set(note.refs) <= ref_ids  # every note links back to its references
    numbers = [int(ref.text) for ref in refs]
    assert numbers == sorted(numbers)  # never backwards in the text
    if shared:  # a repeat shares its note only straight after it
        assert [n.url for n in notes] == [
            u for i, u in enumerate(expected) if expected[i - 1 : i] != [u]
        ]
    else:
        assert [n.url for n in notes] == expected


@settings(
    max_examples=25, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(bodies())
def test_links_become_one_reference_each_and_shared_notes(body):
    html_body, expected = body
    chapter, _ = convert(make_post(html_body), ConvertContext())
    _check(chapter, expected, shared=True)


@settings(
    max_examples=15, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(bodies())
def test_without_sharing_every_link_has_its_own_note(body):
    html_body, expected = body
    chapter, _ = convert(make_post(html_body), ConvertContext(share_repeated_urls=False))
    _check(chapter, expected, shared=False)


@settings(max_examples=25, derandomize=True, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_at_all_converts_to_xml(text):
    chapter, _ = convert(make_post(text), ConvertContext())
    parse_xhtml(chapter.intro)
    assert not re.search(r"<(script|iframe|style)\b", chapter.intro)
