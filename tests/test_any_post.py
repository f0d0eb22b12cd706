"""convert and the cover: the language of the visible prose, remote images that were not
fetched, citation elements nobody knows, site furniture found by evidence, CJK cover titles."""

from __future__ import annotations

from helpers.posts import fragment, inner, make_post
from PIL import Image, ImageDraw, ImageFont

from bookmaker.builders.epub.cover import _wrap
from bookmaker.convert import ConvertContext, assets, citations, cruft, language
from bookmaker.convert.phases import parse_post
from bookmaker.errors import Diagnostics

CHINESE = "我们在海边等了很久，灯塔终于亮了起来，光照在每一条回家的船上。" * 2


def test_chinese_prose_is_chinese_even_among_many_latin_tokens():
    latin = " ".join(["git", "commit", "--amend", "HEAD~1", "README", "rule", "list"] * 8)
    assert language.detect(f"{CHINESE} {latin}") == "zh"
    assert language.detect("A long English essay that quotes 灯塔 once. " * 10) is None


def test_comments_code_and_addresses_are_not_prose():

    english = "An English original kept for reference by the translator. " * 6
    html = (
        f"<!-- {english} --><p>{CHINESE}</p><pre>{english}</pre>"
        f"<p>https://example.org/a/very/long/english/address/{'x' * 80}</p>"
    )
    draft = parse_post(make_post(html), ConvertContext())
    assert draft.language == "zh"


def test_a_remote_image_in_a_figure_keeps_its_caption_and_stands_apart_in_text():
    soup, body = fragment(
        '<figure><img src="https://x.example/a.jpg" alt="A dam"><figcaption>The dam, 1931. '
        '<span class="credit">Photo: Ann</span></figcaption></figure>'
        '<p>See<img src="https://x.example/b.jpg" alt="b">here.</p>'
    )
    diags = Diagnostics("p.md")
    assets.resolve_images(soup, body, lambda src: None, diags)
    assert "<figcaption>The dam, 1931. " in inner(body)
    assert '<span class="image-remote">[Image]</span>' in inner(body)  # the caption says what
    assert "See <a " in inner(body) and "</a> here." in inner(body)
    assert [d.code for d in diags.items] == ["image.remote"]  # once for the post
    assert diags.items[0].message.startswith("2 remote image(s)")


def test_unknown_citation_elements_keep_their_text_or_keys():
    soup, body = fragment(
        '<p>As shown <d-cite key="smith2020,lee21"></d-cite> and <x-citation>(Ng 2019)</x-citation>.</p>'
    )
    diags = Diagnostics("p.md")
    citations.keep_citations(soup, body, diags)
    assert inner(body) == "<p>As shown [smith2020, lee21] and (Ng 2019).</p>"
    assert [d.code for d in diags.items] == ["citation.unknown"]
    assert "2 citation element(s) <d-cite>" in diags.items[0].message


def test_furniture_is_removed_by_evidence_and_described():
    _, body = fragment(
        "<p>The text.</p><p>Share: <a href='/s'>Twitter</a> <a href='/f'>Facebook</a></p>"
        "<p>The post <a href='/x'>X</a> appeared first on <a href='/'>Site</a>.</p>"
        "<h2>12 Comments</h2><ol><li>Great post, visit my shop</li></ol>"
        "<h2>Newsletter</h2><form><input type='email'></form><p>No spam.</p>"
    )
    early = cruft.remove_cruft(body)  # before profiles: a comment section may hold voices
    assert "12 Comments" in inner(body) and len(early) == 3
    removed = early + cruft.remove_cruft(body, comments=True)
    assert inner(body) == "<p>The text.</p>"
    assert len(removed) == 4
    assert removed[0].startswith("share tools") and removed[1].startswith("RSS footer")
    assert removed[2] == "sign-up section 'Newsletter'"
    assert "comments: heading '12 Comments'" in removed[3]


def test_a_section_about_comments_with_prose_under_it_stays():
    _, body = fragment(
        "<h2>Comments</h2><p>" + "Why I turned comments off on this blog. " * 5 + "</p>"
    )
    assert cruft.remove_cruft(body) == []


def test_a_cjk_title_with_a_space_breaks_between_characters():
    image = Image.new("RGB", (400, 100))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=20)
    lines = _wrap(draw, "中国 与 世界的未来和过去以及我们所有人的现在", font, 120)
    assert len(lines) >= 2 and all(draw.textlength(line, font=font) <= 120 for line in lines)
    assert "".join(lines).replace(" ", "") == "中国与世界的未来和过去以及我们所有人的现在"
