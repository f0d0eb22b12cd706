"""The chapter's XHTML is what bs4 wrote before it was written by hand (`parse.markup`), and the
language is told from the letters as before it was counted by script (`language.detect`)."""

from __future__ import annotations

import pytest

from bookmaker.convert import language
from bookmaker.convert.math import mathml
from bookmaker.convert.parse import markup, parse, to_xhtml

FRAGMENTS = [
    "<p>plain &amp; simple &lt;tag&gt; a > b</p>",
    """<p title='say "hi"' data-x="it's" data-y='both " and &apos;'>quotes</p>""",
    '<p class="a b  c" id="x" data-b="2" data-a="1">sorted attributes, a list joined</p>',
    "<p>line<br>break<img src='a.png' alt=''><hr></p><p></p><div><span></span></div>",
    "<script>if (a < b && c > d) {}</script><style>p > a { x: '&' }</style>",
    "<!-- a comment with <b>markup</b> --><p>after</p>",
    "<table><tr><td>1</td><td></td></tr></table><ul><li>a<li>b</ul>",
    "<p>long<wbr>word <embed src=x> after <template><b>t</b></template></p>",
    "<p>ünïcödé — “quotes” 漢字 العربية</p>",
]


@pytest.mark.parametrize("html", FRAGMENTS)
def test_markup_is_what_bs4_writes(html: str):
    _, body = parse(html)
    assert markup(body) == body.decode_contents(formatter="minimal")


def test_markup_of_mathml_in_an_html_tree():
    _, body = parse("<p>x</p>")
    math = mathml(r"\frac{a}{b} \quad x_1^2", display=True)
    assert math is not None
    body.p.append(math)
    text = to_xhtml(body)
    assert text == body.decode_contents(formatter="minimal")
    assert "<mfrac>" in text and 'xmlns="http://www.w3.org/1998/Math/MathML"' in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("αβγδε" * 10 + " " + "абвгд" * 10, "el"),  # a tie: the script met first wins
        ("абвгд" * 10 + " " + "αβγδε" * 10, "ru"),
        ("Latin words here " * 5 + "αβγδε" * 3, None),
        ("שלום עולם " * 10 + "hello", "he"),
    ],
)
def test_script_ties_and_mixtures(text: str, expected: str | None):
    assert language.detect(text) == expected


def test_prose_without_addresses():
    texts = ["see https://example.org/a?b=1 and www.example.com/x", "write to me@example.org now"]
    prose = language.visible_prose(texts)
    assert "example" not in prose and prose.split() == ["see", "and", "write", "to", "now"]
