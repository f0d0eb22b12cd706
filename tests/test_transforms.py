"""convert, transform by transform: each one alone on a small fragment, in the order the
phases run them (`convert/phases.py`).  test_convert.py checks what they make together."""

from __future__ import annotations

from pathlib import Path

from helpers.posts import fragment, inner, tree

from bookmaker.convert import (
    anchors,
    assets,
    blocks,
    contributors,
    cruft,
    embeds,
    endnotes,
    figures,
    footnotes,
    language,
    leftovers,
    links,
    sanitize,
    structure,
)
from bookmaker.convert.contributors import byline
from bookmaker.errors import Diagnostics
from bookmaker.model import Asset, Person

# --- parse -----------------------------------------------------------------------------------


def test_flatten_deep_unwraps_what_is_nested_too_deep_and_keeps_the_text():
    _, body = fragment("<div>" * 6 + "deep" + "</div>" * 6)
    structure.flatten_deep(body, limit=3)
    assert inner(body) == "<div><div><div>deep</div></div></div>"


def test_language_is_what_the_text_is_written_in_when_the_front_matter_says_otherwise():
    arabic = "مرحبا بكم في مكتبة الأدوات حيث نصلح الأشياء معا كل يوم سبت"
    assert language.choose(None, "Plain English text.", "en") == ("en", None)
    assert language.choose("fr", "Un texte en français.", "en") == ("fr", None)
    lang, why = language.choose("en", arabic, "en")
    assert lang == "ar" and "front matter says lang: en" in why
    assert language.direction("ar") == "rtl" and language.direction("en") is None


# --- clean -----------------------------------------------------------------------------------


def test_embeds_become_a_line_linking_to_what_can_be_opened():
    soup, body = fragment(
        '<iframe src="https://www.youtube.com/embed/abc" title="The talk"></iframe>'
        '<p>Text <iframe src="https://x.example/w"></iframe></p>'
        '<iframe src="https://www.facebook.com/plugins/like.php"></iframe>'
    )
    embeds.replace_embeds(soup, body, None, "en")
    assert inner(body) == (
        '<p class="embed"><a href="https://www.youtube.com/watch?v=abc">'
        "Video on YouTube: The talk</a>.</p>"
        '<p>Text <span class="embed">(<a href="https://x.example/w">Embedded content '
        "on x.example</a>)</span></p>"
    )


def test_an_embed_with_only_a_site_relative_address_never_prints_the_path():
    """Octopress's `<iframe src="/iframes/…">` with no site address to read it against: a
    reader cannot open the path, so an embed with no title goes, one with a title says it."""
    soup, body = fragment(
        '<p>Before</p><iframe src="/iframes/clj-system2/index.html" scrolling="no"></iframe>'
        '<iframe src="/iframes/chart.html" title="The channel diagram"></iframe><p>After</p>'
    )
    embeds.replace_embeds(soup, body, None, "en")
    assert inner(body) == (
        '<p>Before</p><p class="embed">Embedded content: The channel diagram.</p><p>After</p>'
    )
    soup, body = fragment('<iframe src="/iframes/x.html"></iframe>')
    embeds.replace_embeds(soup, body, "https://blog.example/2014/10/post/", "fr")
    assert inner(body) == (
        '<p class="embed"><a href="https://blog.example/iframes/x.html">'
        "Contenu intégré sur blog.example</a>.</p>"
    )


def test_drop_non_content_removes_comments_scripts_and_forms_with_their_content():
    _, body = fragment(
        "<p>Kept<!-- a comment --></p><script>x()</script><style>p{}</style>"
        "<form><input name=q><button>Go</button></form>"
    )
    sanitize.drop_non_content(body)
    assert inner(body) == "<p>Kept</p><form></form>"


def test_attribute_lists_go_but_code_keeps_its_braces():
    _, body = fragment("<p>Styled{: .wide}</p><pre><code>{:ok, user}</code></pre>")
    leftovers.remove_attribute_lists(body)
    assert inner(body) == "<p>Styled</p><pre><code>{:ok, user}</code></pre>"


def test_a_first_heading_that_repeats_the_title_goes_and_only_that_one():
    _, body = fragment("<h1>The  Title!</h1><p>Text</p><h2>The Title</h2>")
    assert cruft.remove_title_heading(body, "the title") is True
    assert inner(body) == "<p>Text</p><h2>The Title</h2>"
    assert cruft.remove_title_heading(body, "Another") is False


def test_site_furniture_goes_but_a_real_section_with_a_furniture_name_stays():
    _, body = fragment(
        '<nav><a href="/">Home</a></nav><div class="sharedaddy">Share</div><p>Body</p>'
        '<h2>Tags</h2><p><a href="/t/a">a</a>, <a href="/t/b">b</a></p>'
    )
    cruft.remove_cruft(body)
    assert inner(body) == '<p>Body</p><p><a href="/t/a">a</a>, <a href="/t/b">b</a></p>'
    long = "A real section on how git tags name commits, long enough to be prose. " * 2
    _, essay = fragment(f"<h2>Tags</h2><p>{long}</p>")
    cruft.remove_cruft(essay)
    assert "<h2>Tags</h2>" in inner(essay)


def test_an_image_with_its_caption_and_credit_becomes_one_figure():
    soup, body = fragment(
        '<div class="photo"><img src="a.jpg" alt="">'
        '<div class="photo-caption"><p>A dam.</p></div><span class="credit">Jane Roe</span></div>'
    )
    figures.make_figures(soup, body)
    assert inner(body) == (
        '<figure><img alt="" src="a.jpg"/><figcaption><p>A dam.</p>'
        '<p class="credit">Jane Roe</p></figcaption></figure>'
    )


# --- split into sections ---------------------------------------------------------------------


def test_footnotes_move_to_a_holder_and_their_references_become_markers():
    soup, body = fragment(
        '<p>Said<sup><a href="#fn1" id="r1">1</a></sup>.</p>'
        '<ol class="footnotes"><li id="fn1">The note. <a href="#r1">↩</a></li></ol>'
    )
    holder = footnotes.extract_footnotes(soup, body)
    assert inner(body) == '<p>Said<a data-bm-footnote="fn1"></a>.</p>'
    assert str(holder) == '<div data-bm-part="notes"><div data-bm-note="fn1">The note. </div></div>'


def test_a_post_without_footnotes_has_no_holder():
    soup, body = fragment('<p>See <a href="#top">the top</a>.</p><ol><li id="top">x</li></ol>')
    assert footnotes.extract_footnotes(soup, body) is None


def test_sections_start_at_the_headings_that_name_a_contributor():
    soup, body = fragment("<p>Intro.</p><h2>Ada Lovelace</h2><p>Hers.</p><h2>Al</h2><p>His.</p>")
    declared = contributors.Declared(
        (Person("Ada Lovelace", url="https://ada.example"), Person("Al"))
    )
    parts = contributors.split_contributors(soup, body, declared, contributors.BUILTIN_PROFILES)
    assert inner(parts.intro) == "<p>Intro.</p>"
    assert [(inner(w), p) for w, p in parts.sections] == [
        ("<p>Hers.</p>", Person("Ada Lovelace", url="https://ada.example")),
        ("<p>His.</p>", Person("Al")),
    ]


def test_sections_from_a_profile_carry_the_bio_and_photo_they_mark():
    soup, body = fragment(
        '<p>Intro.</p><section class="contribution"><h3 class="contributor-name">'
        '<a href="https://ada.example">Ada</a></h3><p class="bio">Wrote notes.</p>'
        '<img class="avatar" src="ada.jpg"><p>Engines!</p></section>'
    )
    parts = contributors.split_contributors(
        soup, body, contributors.Declared(), contributors.BUILTIN_PROFILES
    )
    ((wrapper, person),) = parts.sections
    assert person == Person("Ada", url="https://ada.example", photo="ada.jpg")
    assert inner(wrapper) == ('<div data-bm-part="bio">Wrote notes.</div><p>Engines!</p>')
    assert inner(parts.intro) == "<p>Intro.</p>"


def test_empty_anchors_go_and_a_named_place_stays_as_a_target():
    _, body = fragment('<p><a href="https://x.example/c1"></a><a name="here"></a>Text</p>')
    cruft.remove_empty_anchors(body)
    assert inner(body) == '<p><span id="here"></span>Text</p>'


# --- resolve ---------------------------------------------------------------------------------


def test_local_images_become_assets_and_remote_ones_a_linked_label():
    soup, body = fragment(
        '<p><img src="fig.png" alt="A figure"><img src="https://x.example/p.jpg" alt="Dam">'
        '<img src="gone.png" alt="Gone"></p>'
    )
    figure = Asset("images/fig.png", Path("/book/fig.png"), "image/png")
    diags = Diagnostics("p.md")
    found = assets.resolve_images(
        soup, body, lambda src: figure if src == "fig.png" else None, diags
    )
    assert found == [figure]
    assert inner(body) == (
        '<p><img alt="A figure" src="images/fig.png"/><a href="https://x.example/p.jpg">'
        '<span class="image-remote">[Image: Dam]</span></a>'
        '<span class="image-missing">[Image: Gone]</span></p>'
    )
    assert [(d.code, d.message) for d in diags.items] == [
        ("image.missing", "image 'gone.png' not found; kept the description"),
        (
            "image.remote",
            "1 remote image(s) not fetched; each is a linked label, captions and credits kept",
        ),
    ]


def test_links_become_cross_references_absolute_or_plain_text():
    _, body = fragment(
        '<p><a href="bookmaker-post:2024-01-02-other">other</a> <a href="/about/">about</a> '
        '<a href="bookmaker-post:gone">gone</a> <a href="#top">top</a></p>'
    )
    diags = Diagnostics("p.md")
    links.resolve_links(
        body,
        lambda href: "other" if href.endswith("-other") else None,
        (None, "https://blog.example/"),
        diags,
    )
    assert inner(body) == (
        '<p><a class="xref" href="#other">other</a> '
        '<a href="https://blog.example/about/">about</a> gone <a href="#top">top</a></p>'
    )
    assert [d.code for d in diags.items] == ["link.post"]
    assert links.absolute("x/y", ("https://a.example/post",)) == "https://a.example/post/x/y"
    assert links.absolute("/x", (None, None)) is None


# --- normalise -------------------------------------------------------------------------------


def test_sanitize_keeps_only_allowed_elements_attributes_and_safe_urls():
    soup, body = fragment(
        '<p class="site noteref" style="x" onclick="y()" lang="fr" dir="RTL">'
        '<font>kept</font> <a href="javascript:x()" title="t">link</a> '
        '<time datetime="yesterday">then</time></p><ol reversed start="a"><li>i</li></ol>'
    )
    sanitize.sanitize(soup, body)
    assert inner(body) == (
        '<p class="noteref" dir="rtl" lang="fr">kept <a title="t">link</a> <time>then</time></p>'
        '<ol reversed="reversed"><li>i</li></ol>'
    )


def test_repair_moves_blocks_out_of_phrasing_and_items_into_lists():
    soup, body = tree(
        "<p>a<ul><li>b</li></ul>c</p><b><p>x</p><p>y</p></b><li>stray</li><figure><figcaption>c"
        "</figcaption><img src=i.png></figure><table><tr><th></th><th>H</th></tr></table>"
    )
    structure.repair(soup, body)
    assert inner(body) == (
        "<p>a</p><ul><li>b</li></ul><p>c</p><p><b>x</b></p><p><b>y</b></p><ul><li>stray</li></ul>"
        '<figure><figcaption>c</figcaption><img src="i.png"/></figure>'
        "<table><tr><td></td><th>H</th></tr></table>"
    )


def test_repair_keeps_table_parts_in_tables_and_the_text_of_those_outside():
    soup, body = tree(
        "<div><tr><td>row</td><th>out</th></tr></div><caption>cap</caption><tbody>b</tbody>"
        "<table><caption>one</caption><caption>two</caption><tr><td>in<table><tr><td>nested"
        "</td></tr></table></td></tr></table><td>after</td>"
    )
    structure.repair(soup, body)
    assert inner(body) == (
        "<div><p><span>row</span> <span>out</span> </p></div><p>cap</p><div>b</div>"
        "<p>two</p><table><caption>one</caption><tr><td>in<table><tr><td>nested</td></tr>"
        "</table></td></tr></table><span>after</span> "
    )


def test_text_between_blocks_in_an_inline_element_keeps_its_emphasis_and_link():
    soup, body = tree(
        '<div><b id="k"><p>x</p>y <em>z</em> w</b><i>a<div>b</div>c</i></div>'
        '<p><a href="https://example.org/">q<ul><li>r</li></ul>s</a></p>'
    )
    structure.repair(soup, body)
    assert inner(body) == (
        '<div><p><b id="k">x</b></p><b>y <em>z</em> w</b><i>a</i><div><i>b</i></div><i>c</i></div>'
        '<p><a href="https://example.org/">q</a></p><ul><li><a href="https://example.org/">r</a>'
        '</li></ul><p><a href="https://example.org/">s</a></p>'
    )


def test_layout_divs_become_paragraphs_and_loose_text_is_wrapped():
    soup, body = fragment(
        '<div data-bm-part="intro"><div>one</div>loose <em>text</em><ul><li>x</li></ul>'
        "<p> </p><span>plain</span></div>"
    )
    part = body.find("div")
    blocks.normalise_blocks(soup, body, [part])
    assert inner(part) == "<p>one</p><p>loose <em>text</em></p><ul><li>x</li></ul><p>plain</p>"


def test_headings_sit_under_the_chapter_title_and_never_skip_a_level():
    _, body = fragment("<h1>a</h1><h4>b</h4><h2>c</h2><h6>d</h6>")
    blocks.demote_headings(body, 5)
    assert inner(body) == '<h5>a</h5><h6>b</h6><h6>c</h6><p class="heading-7">d</p>'


def test_a_posts_ids_get_its_chapter_before_them_and_dead_same_page_links_go():
    _, body = fragment(
        '<p id="top">x</p><p id="top">dup</p><a href="#top">up</a> <a href="#nowhere">gone</a>'
        ' <a class="xref" href="#other">other</a>'
    )
    anchors.namespace_ids(body, "ch")
    assert inner(body) == (
        '<p id="ch_top">x</p><p>dup</p><a href="#ch_top">up</a> gone'
        ' <a class="xref" href="#other">other</a>'
    )


# --- notes -----------------------------------------------------------------------------------


def test_links_and_footnote_markers_become_numbered_references():
    soup, body = fragment(
        '<p><a href="https://a.example/x">one</a>, <a href="https://a.example/x">two</a> and '
        '<a href="mailto:a@b.example">mail</a><a data-bm-footnote="k"></a>.</p>'
    )
    holder = soup.new_tag("div")
    note = soup.new_tag("div", attrs={footnotes.NOTE_ATTR: "k"})
    note.string = "A footnote."
    holder.append(note)
    notes = endnotes.make_endnotes(soup, body, "ch", holder, endnotes.NoteOptions(archive=True))
    assert [(n.id, n.number, n.url, n.texts, n.refs, n.html) for n in notes] == [
        (
            "ch-note-1",
            1,
            "https://a.example/x",
            ("one", "two"),
            ("ch-noteref-1", "ch-noteref-1-2"),
            None,
        ),
        ("ch-note-2", 2, None, (), ("ch-noteref-2",), "A footnote."),
    ]
    assert notes[0].archive_url == "https://web.archive.org/web/*/https://a.example/x"
    ref = (
        '<a class="noteref" epub:type="noteref" href="#ch-note-{}" id="ch-noteref-{}" '
        'role="doc-noteref">{}</a>'
    )
    assert inner(body) == (
        f'<p><a href="https://a.example/x">one</a>,{ref.format(1, 1, 1)} '
        f'<a href="https://a.example/x">two</a>{ref.format(1, "1-2", 1)} and '
        f"mail{ref.format(2, 2, 2)}.</p>"
    )
    assert body.find("a", href="mailto:a@b.example") is None


def test_renumbering_changes_only_the_visible_numbers():
    html = '<a class="noteref" href="#ch-note-2" id="ch-noteref-2">2</a>'
    assert endnotes.renumber(html, {"ch-note-2": 7}) == html.replace(">2<", ">7<")
    assert endnotes.renumber(html, {}) == html


# --- chapter ---------------------------------------------------------------------------------


def test_the_byline_names_each_person_once_keeping_a_known_address():
    found = byline(
        (Person("Ada Lovelace"), Person("Alan Turing")),
        (Person("ada lovelace", url="https://ada.example"), Person("Grace Hopper")),
    )
    assert found == (
        Person("ada lovelace", url="https://ada.example"),
        Person("Alan Turing"),
        Person("Grace Hopper"),
    )


def test_only_a_paragraph_that_is_only_images_is_marked_an_image_paragraph():
    _soup, root = tree(
        '<p><img src="a.png" alt="A"/></p><p> <img src="b.png"/> <img src="c.png"/> </p>'
        '<p>Text and <img src="d.png" alt="icon"/></p><p><a href="x"><img src="e.png"/></a></p>'
    )
    blocks.mark_image_paragraphs(root)
    assert [p.get("class") for p in root.find_all("p")] == [["image"], ["image"], None, None]
