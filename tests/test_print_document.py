"""The print document before WeasyPrint: page geometry, the `[pdf]` config, and the touches
`typeset` adds (opening paragraphs and initials, notes at the page foot, unlinked URLs)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from bookmaker.builders.pdf.typeset import typeset
from bookmaker.config import load
from bookmaker.errors import ConfigError
from bookmaker.geometry import TRIM_SIZES, geometry, length_mm, trim_size_mm
from bookmaker.theming.markup import inline_html, running_head

LONG = (
    "This paragraph is long enough to open a section of a book, well past eighty characters, "
    "and it goes on for a while longer, so that its first letter can drop three lines, which "
    "takes a paragraph of two hundred characters or more. "
)


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("A5", (148, 210)),
        ("a4", (210, 297)),
        ("letter", (215.9, 279.4)),
        ("6x9in", (152.4, 228.6)),
        ("5.5x8.5in", (139.7, 215.9)),
        ("150x220mm", (150, 220)),
        ("7 x 10 in", (177.8, 254)),
        ("15cmx22cm", (150, 220)),
    ],
)
def test_trim_sizes(name, size):
    assert trim_size_mm(name) == pytest.approx(size)


@pytest.mark.parametrize("bad", ["A55", "150x220", "10x10mm", "x220mm", ""])
def test_bad_trim_sizes_say_what_is_expected(bad):
    with pytest.raises(ValueError, match="expected one of A5, A4, letter|not a book page"):
        trim_size_mm(bad)


def test_lengths_and_margins():
    assert (
        length_mm("3mm") == 3
        and length_mm("0.125in") == pytest.approx(3.175)
        and length_mm("0") == 0
    )
    with pytest.raises(ValueError, match="with a unit"):
        length_mm("3")
    a5, a4 = geometry("A5"), geometry("A4")
    assert a4.inner > a5.inner and a5.inner > a5.outer and a5.bottom > a5.top
    css = geometry("A5", inner="20mm", outer="12mm").css()
    assert "size: 148mm 210mm" in css
    assert "@page :left { margin-left: 12mm; margin-right: 20mm; }" in css
    assert "@page :right { margin-left: 20mm; margin-right: 12mm; }" in css
    assert "bleed" not in css and "marks" not in css
    marked = geometry("A5", bleed="3mm", crop_marks=True)
    assert "bleed: 12mm" in marked.css() and "marks: crop cross" in marked.css()
    assert "bleed: 3mm" in geometry("A5", bleed="3mm").css()
    assert "@page :left, :right" in geometry("A5", mirrored=False).css()
    assert set(TRIM_SIZES) == {"A5", "A4", "letter", "6x9in", "5.5x8.5in"}


def test_pdf_config_is_validated_all_at_once(tmp_path: Path):
    (tmp_path / "book.toml").write_text(
        '[pdf]\npage_size = "A55"\nbleed = "3"\nnotes = "side"\n'
        'edition = "web"\ntime_limit = 0\nvariant = "pdf/x-4"\n'
        '[pdf.margins]\ninner = "2cm"\noutre = "1cm"\n'
    )
    with pytest.raises(ConfigError) as err:
        load(tmp_path)
    message = str(err.value)
    for expected in (
        "pdf.page_size: expected one of A5",
        "pdf.bleed: expected a length with a unit",
        "pdf.notes: expected one of chapter, footnote",
        "pdf.edition: expected one of print, screen",
        "pdf.time_limit: expected a number of seconds above 0",
        "pdf.variant: expected one of pdf/a-3b, pdf/ua-1",
        "pdf.margins.outre: unknown key (did you mean pdf.margins.outer?)",
    ):
        assert expected in message
    (tmp_path / "book.toml").write_text('[pdf]\npage_size = "6x9in"\nbleed = 0\n')
    config = load(tmp_path, ("pdf.margins.inner=22mm", "pdf.time_limit=30"))
    assert (
        config.pdf.page_size,
        config.pdf.bleed,
        config.pdf.margins.inner,
        config.pdf.time_limit,
    ) == ("6x9in", "0", "22mm", 30.0)


def _doc(body: str) -> str:
    return f"<!DOCTYPE html><html><body>{body}</body></html>"


def test_the_first_long_paragraph_opens_and_its_initial_is_wrapped():
    html = typeset(
        _doc(
            '<div class="intro"><p>[Image]</p><blockquote><p>' + LONG + "</p></blockquote>"
            "<p>“" + LONG + "</p><p>" + LONG + "</p></div>"
            '<section class="contribution"><p><em>Emphasis</em> ' + LONG + "</p></section>"
        ),
        None,
        unlink_external=False,
    )
    doc = lxml.html.document_fromstring(html)
    openings = doc.find_class("opening")
    assert len(openings) == 2
    assert (
        openings[0].text_content().startswith("“This")
        and openings[0].getparent().get("class") == "intro"
    )
    initial = openings[0].find_class("initial")
    assert [i.text for i in initial] == ["“T"]
    # the first words follow it in the lead-in (small capitals in print), then the text
    (lead,) = openings[0].find_class("lead-in")
    assert lead.getprevious() is initial[0] and lead.text == "his paragraph is long"
    assert lead.tail.startswith(" enough")
    assert openings[1].find_class("initial") == []  # a contributor's section: no drop cap
    em = typeset(
        _doc('<div class="intro"><p><em>Emphasis</em> ' + LONG + "</p></div>"), None, False
    )
    assert 'class="opening"' in em and "initial" not in em  # starts inside <em>: no initial
    short = typeset(_doc('<div class="intro"><p>' + LONG[:120] + "</p></div>"), None, False)
    assert 'class="opening"' in short and "initial" not in short  # two lines: no drop cap


def test_notes_go_after_their_first_reference_only():
    body = (
        '<p>One<a class="noteref" href="#n-1" id="r-1">1</a>, then text, '
        'again<a class="noteref" href="#n-1" id="r-1-2">1</a> '
        'and two<a class="noteref" href="#n-2">2</a>.</p>'
    )
    notes = {
        "n-1": '<span class="footnote" data-number="1">First</span>',
        "n-2": '<span class="footnote" data-number="2">Second</span>',
    }
    doc = lxml.html.document_fromstring(typeset(_doc(body), notes, unlink_external=False))
    p = doc.find(".//p")
    assert [n.get("id") for n in p.find_class("footnote")] == ["n-1", "n-2"]
    # (a note joined to its word by a word joiner, the last words by a no-break space: keeps.py)
    assert p.text_content() == "One\u20601First, then text, again\u20601 and\xa0two\u20602Second."


def test_print_edition_unlinks_external_links_only():
    body = (
        '<p>See <a href="https://example.org/">out</a> <a href="#n-1" class="noteref">1</a></p>'
        '<p><a class="url" href="https://example.org/">https://example.org/</a></p>'
    )
    doc = lxml.html.document_fromstring(typeset(_doc(body), None, unlink_external=True))
    assert [a.get("href") for a in doc.iter("a")] == ["#n-1", None]
    # a link in the text is plain text (no inline box for WeasyPrint to misplace)
    assert doc.find(".//p").text_content().startswith("See out")
    # an address in the notes keeps its class (how it may break), unlinked
    (url,) = doc.find_class("url")
    assert "external" in url.get("class") and "href" not in url.attrib
    kept = lxml.html.document_fromstring(typeset(_doc(body), None, unlink_external=False))
    assert next(kept.iter("a")).get("href") == "https://example.org/"


def test_block_notes_become_one_inline_run():
    assert (
        inline_html("<p>A <em>b</em></p>\n<ul><li>c</li></ul>")
        == "<span>A <em>b</em></span> <span><span>c</span> </span>"
    )


def test_running_heads_are_cut_at_a_word():
    assert running_head("Short title") == "Short title"
    long = (
        "Instrumenting Phoenix with Telemetry Part IV: Erlang VM Measurements with telemetry_poller"
    )
    cut = running_head(long)
    assert cut.endswith("…") and len(cut) <= 49 and long.startswith(cut[:-1])


CONVERSATION = """---
title: A Talk
date: 2024-01-01
---
<div><p>The editors' intro paragraph explains what this conversation is about, at length.</p>
<div id="comments"><article class="comment">
<div class="node-profile"><div class="field-name-field-profile-photo">
<img src="images/ada.png" alt=""></div>
<h3><a href="https://example.org/ada">Ada Lovelace</a></h3>
<div class="field-name-field-profile-bio"><p>Ada writes about engines.</p></div></div>
<div class="field-name-comment-body"><p>Engines weave algebraic patterns as the loom weaves
flowers and leaves.</p></div>
</article></div></div>
"""


@pytest.mark.parametrize("photos", [False, True])
def test_contributor_photo_only_when_the_theme_wants_it(tmp_path: Path, photos: bool):
    from PIL import Image

    from bookmaker.pipeline import build

    (tmp_path / "images").mkdir()
    # a portrait is portrait-shaped: a 3:1 drawing in the photo's place is content (portraits.py)
    Image.new("RGB", (60, 60), (70, 110, 140)).save(tmp_path / "images" / "ada.png")
    (tmp_path / "talk.html").write_text(CONVERSATION)
    overrides = (f"theme.options.contributor_photos={'true' if photos else 'false'}",)
    html = (
        build(tmp_path, ["html"], tmp_path / "out", overrides=overrides).results[0].path.read_text()
    )
    head = lxml.html.document_fromstring(html).find_class("contributor-head")[0]
    assert head.find_class("contributor")[0].text == "Ada Lovelace"
    imgs = head.findall(".//img")
    assert [i.get("class") for i in imgs] == (["contributor-photo"] if photos else [])
    if photos:
        assert (tmp_path / "out" / "html" / imgs[0].get("src")).is_file()
