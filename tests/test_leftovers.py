"""Blog-engine leftovers, rule by rule: Liquid, kramdown, WordPress shortcodes, embeds."""

from __future__ import annotations

from helpers.posts import make_post
from helpers.text import visible_text

from bookmaker.convert import ConvertContext, convert
from bookmaker.errors import Diagnostics
from bookmaker.read.liquid import Site
from bookmaker.read.markup import to_html


def render(body: str, fmt: str = "markdown", page: dict | None = None, site: Site | None = None):
    warnings: list[tuple[str, str, int]] = []
    html = to_html(
        body,
        fmt,
        "p.md",
        page or {"title": "T"},
        site or Site(),
        lambda message, code, line: warnings.append((message, code, line)),
        first_line=5,
    )
    return html, warnings


def test_highlight_and_codeblock_become_code_blocks_that_markdown_leaves_alone():
    html, warnings = render(
        "{% highlight ruby linenos %}\nputs *not emphasis*\n{% endhighlight %}\n\n"
        "{% codeblock Hello hello.py lang:python https://x.org/h.py source %}\nprint(1)\n"
        "{% endcodeblock %}\n"
    )
    assert '<pre><code class="language-ruby">puts *not emphasis*\n</code></pre>' in html
    assert '<figcaption>Hello hello.py <a href="https://x.org/h.py">source</a></figcaption>' in html
    assert "language-python" in html and warnings == []


def test_raw_is_unwrapped_and_its_liquid_kept_literally():
    html, warnings = render("{% raw %}{{ site.title }} and {% for x %}{% endraw %}\n")
    assert "{{ site.title }} and {% for x %}" in html and warnings == []


def test_img_post_url_and_page_variables():
    html, _ = render(
        "{% img left /i/a.png 300 200 'The title' 'The alt' %}\n\n"
        "[before]({{ site.baseurl }}{% post_url 2017-01-08-other %}) {{ page.title }}\n",
        page={"title": "My post"},
    )
    assert '<img src="/i/a.png" alt="The alt" title="The title"/>' in html
    assert 'href="bookmaker-post:2017-01-08-other"' in html and "My post" in html


def test_include_site_and_unknown_tags_are_removed_with_file_lines():
    html, warnings = render(
        "Intro\n{% include share.html %}\n{{ site.data.x }}\n{% bogus 1 %}\nEnd\n"
    )
    assert "share" not in html and "bogus" not in html and "Intro" in html and "End" in html
    assert [(code, line) for _, code, line in warnings] == [
        ("liquid.include", 6),
        ("liquid.variable", 7),
        ("liquid.tag", 8),
    ]


def test_site_url_comes_from_the_config_and_is_warned_about_once_when_missing():
    html, warnings = render(
        "[a]({{ site.url }}/x/) [b]({{ site.url }}/y/)\n", site=Site(url="https://blog.example")
    )
    assert 'href="https://blog.example/x/"' in html and warnings == []
    _, warnings = render("[a]({{ site.url }}/x/) [b]({{ site.url }}/y/)\n")
    assert len(warnings) == 2 and all(code == "liquid.variable" for _, code, _ in warnings)


def test_kramdown_markdown_attribute_and_math():
    html, _ = render(
        '<div dir="rtl" markdown="1">\n**bold** inside\n</div>\n\n$$a_1 * b_2$$ and \\(x_i\\)\n'
    )
    assert "<strong>bold</strong>" in html and 'markdown="1"' not in html
    assert (
        '<code class="math">$$a_1 * b_2$$</code>' in html
        and '<code class="math">\\(x_i\\)</code>' in html
    )


def test_kramdown_attribute_lists_go_but_code_keeps_its_braces():
    html, _ = render(
        "Para.{: .lead}\n{: #x}\n\n* TOC\n{:toc}\n\n`{:ok, user}`\n\n    {: .kept_in_code}\n"
    )
    chapter, _ = convert(make_post(html), ConvertContext())
    text = visible_text(chapter.intro)
    assert text == "Para. {:ok, user} {: .kept_in_code}"


def test_wordpress_caption_becomes_a_figure():
    html, _ = render(
        '[caption id="a1" align="alignleft" width="300"]<img src="https://x.org/a.jpg" alt="A" /> The caption[/caption]',
        "html",
    )
    assert (
        html.strip().startswith("<figure><img")
        and "<figcaption>The caption</figcaption></figure>" in html
    )
    html, _ = render(
        '[caption id="a1" caption="From attr"]<img src="https://x.org/a.jpg" alt="A" />[/caption]',
        "html",
    )
    assert "<figcaption>From attr</figcaption>" in html


def test_embeds_become_a_line_with_a_note_and_share_widgets_vanish():
    body = (
        '<p>Watch:</p><iframe src="https://www.youtube.com/embed/abc123?autoplay=1" title="The talk"></iframe>'
        '<iframe src="https://player.vimeo.com/video/42"></iframe>'
        '<div data-gist-id="99"></div>'
        '<iframe src="https://platform.twitter.com/widgets/tweet_button.html"></iframe>'
        '<video><source src="https://x.org/v.mp4"></video>'
    )
    chapter, _ = convert(make_post(body), ConvertContext())
    assert visible_text(chapter.intro) == (
        "Watch: Video on YouTube: The talk. Video on Vimeo. Code on GitHub Gist. Video on x.org."
    )
    assert [n.url for n in chapter.endnotes] == [
        "https://www.youtube.com/watch?v=abc123",
        "https://vimeo.com/42",
        "https://gist.github.com/99",
        "https://x.org/v.mp4",
    ]


def test_liquid_embeds_and_tweet_includes():
    html, _ = render(
        '{% youtube xyz %}\n\n{% include twitter-embed.html username="ada" status_id="123" %}\n'
    )
    chapter, _ = convert(make_post(html, language="fr"), ConvertContext())
    assert visible_text(chapter.intro) == "Vidéo sur YouTube. Message sur X/Twitter: @ada."
    assert [n.url for n in chapter.endnotes] == [
        "https://www.youtube.com/watch?v=xyz",
        "https://twitter.com/ada/status/123",
    ]


def test_textile_is_rendered():
    html, _ = render("h2. A heading\n\np(meta). Some *strong* words.\n", "textile")
    assert "<h2>A heading</h2>" in html and "<strong>strong</strong>" in html


def test_warnings_reach_the_post_diagnostics_with_their_lines(tmp_path):
    from bookmaker.read import read_post

    path = tmp_path / "2020-01-01-p.md"
    path.write_text("---\ntitle: T\n---\nline four\n{% include x.html %}\n")
    _, diags = read_post(path)
    assert [(d.code, d.line) for d in diags.items] == [("liquid.include", 5)]
    assert isinstance(diags, Diagnostics)


def test_a_removed_liquid_value_leaves_no_hole_in_the_sentence():
    """ "ours among them on {{ site.title }}." printed "ours among them on ." (the sample book):
    the space and the preposition left pointing at nothing go, the removal is still warned."""
    html, warnings = render(
        "The wiki lists seed libraries,\nours among them on {{ site.title }}.\n\n"
        "Thanks to {% fn_note x %}, and see {{ site.data.x }} for more.\n\n"
        "Merci à tous sur {{ site.title }} !\n",
    )
    assert "<p>The wiki lists seed libraries,\nours among them.</p>" in html
    # "to" went before the comma; the sentence reads on after "see": no word goes from its middle
    assert "<p>Thanks, and see  for more.</p>" in html
    assert "Merci à tous !" not in html  # English rules unless the post says otherwise
    assert [code for _, code, _ in warnings].count("liquid.variable") == 3
    html, _ = render("Merci à tous sur {{ site.title }} !\n", page={"title": "T", "lang": "fr"})
    assert "<p>Merci à tous !</p>" in html
    html, _ = render("{% highlight python %}\nfor x in {{ site.data.xs }}:\n{% endhighlight %}\n")
    assert "for x in :" in html  # code is never edited
