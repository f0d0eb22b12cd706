"""TeX math, however a post writes it, is MathML in the EPUB and a drawing in the PDF, the TeX
kept as alt text in both; prices are never math."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import lxml.html
import pytest
from helpers.epub_package import read_package
from helpers.posts import make_post
from lxml import etree

from bookmaker.builders.pdf.math import math_images
from bookmaker.convert import ConvertContext, convert
from bookmaker.read.markup import to_html

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def maths(xhtml: str) -> list[etree._Element]:
    root = etree.fromstring(f'<div xmlns="http://www.w3.org/1999/xhtml">{xhtml}</div>')
    return root.findall(f".//{MATHML}math")


def converted(body: str, fmt: str = "html") -> str:
    html = to_html(body, fmt, "post.md") if fmt == "markdown" else body
    chapter, _ = convert(make_post(html), ConvertContext())
    return chapter.intro


def test_markdown_math_becomes_mathml_with_its_tex_and_prices_stay_text():
    intro = converted(
        "Sentences $\\phi$ and \\(\\psi\\); it costs $5 and $10, or $5-$10 a day.\n\n"
        "$$\nS (1-q) + T (1-p)\n$$\n\nWin $S (1-q)$ if $\\phi$.\n",
        "markdown",
    )
    found = [(m.get("alttext"), m.get("display")) for m in maths(intro)]
    assert found == [
        ("\\phi", "inline"),
        ("\\psi", "inline"),
        ("S (1-q) + T (1-p)", "block"),
        ("S (1-q)", "inline"),
        ("\\phi", "inline"),
    ]
    assert "it costs $5 and $10, or $5-$10 a day." in intro
    assert "\\phi$" not in intro and "$$" not in intro
    (phi, *_) = maths(intro)
    assert phi.find(f".//{MATHML}mi").text == "\u03d5"  # ϕ, not the letters \phi


def test_mathjax_katex_and_pandoc_markup_of_scraped_posts_become_mathml():
    intro = converted(
        '<p>Inline <script type="math/tex">a^2</script><span class="MathJax_Preview">a2</span>'
        ' and <span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>b</mi>'
        '</mrow><annotation encoding="application/x-tex">b_1</annotation></semantics></math>'
        '</span><span class="katex-html" aria-hidden="true">b1</span></span>'
        ' and <span class="math inline">\\(c\\)</span>, then \\(d\\) in the text.</p>'
        '<script type="math/tex; mode=display">\\sum_i x_i</script>'
        "<p>Code keeps its own: <code>\\(e\\)</code> and prices $5 and $$ stay, $$$ and $$$ too.</p>"
    )
    found = [(m.get("alttext"), m.get("display")) for m in maths(intro)]
    assert found == [
        ("a^2", "inline"),
        ("b_1", "inline"),
        ("c", "inline"),
        ("d", "inline"),
        ("\\sum_i x_i", "block"),
    ]
    assert "a2" not in intro and "b1" not in intro  # the scraped renderings went
    assert "<code>\\(e\\)</code>" in intro and "prices $5 and $$ stay, $$$ and $$$ too" in intro


def test_mathml_keeps_only_presentation_markup():
    intro = converted('<p><script type="math/tex">\\href{javascript:alert(1)}{x}</script></p>')
    assert "href=" not in intro  # the TeX stays as alt text, the link it made goes
    assert [m.get("alttext") for m in maths(intro)] == ["\\href{javascript:alert(1)}{x}"]


def test_tex_that_cannot_be_read_is_printed_as_written_with_a_warning():
    chapter, diags = convert(
        make_post('<p>Broken <script type="math/tex">\\frac{1}{</script>.</p>'), ConvertContext()
    )
    assert "<code>\\(\\frac{1}{\\)</code>" in chapter.intro and not maths(chapter.intro)
    assert [w.code for w in diags.items] == ["math.tex"]


@pytest.mark.parametrize(
    ("tex", "names"),
    [
        ("\\arg z = \\deg p", ["arg", "deg"]),  # \\arg was printed "\\arg" by latex2mathml
        (
            "\\det A \\gcd(a, b) \\Pr(X) \\hom \\ker f \\dim V",
            ["det", "gcd", "Pr", "hom", "ker", "dim"],
        ),
        ("\\Hom(A, B) \\sgn x \\tr M", ["Hom", "sgn", "tr"]),  # a blog's own operators
        ("a \\equiv b \\mod", ["mod"]),  # latex2mathml cannot read it at all
    ],
)
def test_operator_names_latex2mathml_does_not_know_are_set_upright(tex: str, names: list[str]):
    chapter, diags = convert(
        make_post(f'<p><script type="math/tex">{tex}</script></p>'), ConvertContext()
    )
    (math,) = maths(chapter.intro)
    assert math.get("alttext") == tex and not diags.items
    tokens = [t.text for t in math.iter(f"{MATHML}mi", f"{MATHML}mo")]
    assert not any("\\" in (t or "") for t in tokens)
    assert [t for t in tokens if t in names] == names  # each name a token, upright (mo, or mi)
    upright = [t for t in math.iter(f"{MATHML}mi") if t.text in names]
    assert all(len(t.text) > 1 or t.get("mathvariant") == "normal" for t in upright)


def test_print_draws_an_unknown_operator_name_as_tex_sets_it():
    doc = lxml.html.document_fromstring(
        '<html><body><p><math alttext="\\Hom(A, B)"><mi>H</mi></math>, '
        '<math alttext="\\operatorname{Hom}(A, B)"><mi>H</mi></math>, '
        '<math alttext="a \\mod"><mi>a</mi></math></p></body></html>'
    )
    math_images(doc)
    hom, named, mod = doc.iter("img")  # none printed as its TeX, in code
    assert hom.get("alt") == "\\Hom(A, B)" and hom.get("src") == named.get("src")
    assert mod.get("alt") == "a \\mod" and not list(doc.iter("code"))


def test_print_draws_math_as_svg_sized_in_em_with_the_tex_as_alt_text():
    doc = lxml.html.document_fromstring(
        '<html><body><p>If <math display="inline" alttext="\\phi"><mi>x</mi></math> then'
        '</p><math display="block" alttext="x = \\frac{1}{2}"><mi>x</mi></math></body></html>'
    )
    math_images(doc)
    assert not list(doc.iter("math"))
    inline, block = doc.iter("img")
    assert (inline.get("alt"), inline.get("class")) == ("\\phi", "math")
    assert (block.get("alt"), block.get("class")) == ("x = \\frac{1}{2}", "math display")
    assert inline.tail == " then"
    assert re.fullmatch(
        r"width:[\d.]+em;height:[\d.]+em;vertical-align:-[\d.]+em", inline.get("style")
    )
    svg = base64.b64decode(inline.get("src").removeprefix("data:image/svg+xml;base64,"))
    drawing = etree.fromstring(svg)
    assert drawing.tag == "{http://www.w3.org/2000/svg}svg" and drawing.iter(
        "{http://www.w3.org/2000/svg}path"
    )
    assert b"<use" not in svg  # glyphs as paths: WeasyPrint needs no symbol lookups


def test_a_math_post_gives_an_epub_with_mathml_and_a_pdf_without_raw_tex(
    tmp_path: Path, epub_registry
):
    from pypdf import PdfReader

    from bookmaker.pipeline import build

    book = tmp_path / "book"
    book.mkdir()
    (book / "book.toml").write_text('[book]\ntitle = "Odds"\nauthors = ["A. Writer"]\n')
    (book / "2012-02-28-odds.md").write_text(
        "---\ntitle: Dutch books\n---\n\nSentences $\\phi$ and $\\psi$ cost $5 and $10.\n\n"
        "$$\nS (1-q) + T (1-p) = S (p-q)\n$$\n"
    )
    report = build(book, ["epub", "pdf"], tmp_path / "out")
    epub, pdf = (r.path for r in report.results)
    epub_registry.register(epub)
    package = read_package(epub)
    (chapter,) = [i for i in package.with_property("mathml")]
    tex = [m.get("alttext") for m in package.xhtml(chapter["href"]).iter(f"{MATHML}math")]
    assert tex == ["\\phi", "\\psi", "S (1-q) + T (1-p) = S (p-q)"]
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\xa0", " ")
    assert "cost $5 and $10." in text
    assert "\\phi" not in text and "$$" not in text and "S (1-q)" not in text
