"""`convert.parse` builds the tree bs4's own lxml builder builds, node for node, namespaces
and all, every attribute bs4 sets on a node (its builder makes elements and strings in no
namespace itself, from what bs4 sets; a bs4 that sets something else fails here)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag
from bs4.builder import LXMLTreeBuilder

from bookmaker.convert import parse as parse_module
from bookmaker.convert import parse_builder
from bookmaker.convert.parse import _Tag, parse
from bookmaker.convert.parse_builder import TAG_ATTRIBUTES

SNIPPETS = [
    '<p class="a  b" id=x rel="nofollow noopener">one &amp; <b>two</b> <i>three</i></p>',
    "<!DOCTYPE html><html lang=en><head><title>t</title></head><body><p>x</body></html>",
    (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<use xlink:href="#a"/><text xml:lang="fr">mot</text></svg><p>after</p>'
    ),
    '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>',
    "<p>a<!-- a comment -->b<![CDATA[c]]>d</p><?php echo 1; ?>",
    "<pre>  keep\n   these  </pre>\n\n   <textarea>  and\n these </textarea>",
    "<script>if (a < b) {}</script><style>p > a {}</style><template><p>t</p></template>",
    "<div>\n  <p>x</p>\n  <p>y<b>unclosed <i>nest</b> ed</i></p></div>  \n",
    "<ul><li>one<li>two</ul><table><tr><td>a<td>b</table><p>x<p>y",
    '<a href="/x?a=1&b=2" title=\'q "x"\'>link</a><br><img src=a.png alt="">',
    "plain text, no element at all",
    "",
    "<p>caf&eacute; &lt;x&gt; &#233; &#x1F600; &nbsp;&amp;&bogus; a&b</p>",
    '<p class="a" class="b" id=one id=two data-x=1 data-x=2 CLASS=c>dup</p>',
    "<template><p>in</p> <b>bold</b></template><p>out</p><template></template>",
    "<p>\n\t </p>\r\n<div>\n</div> <span> </span>\x0c<b>\xa0</b><i>\u2003</i>",
    "<div><![CDATA[x < y]]></div><!DOCTYPE x><!-- c1 --><!---->",
    "<p><b><i>badly</b> nested</i> <a href=x><a href=y>twice</a></a></p></div></span>",
    "<table><p>out of place</p><tr>a<td>b</tr></table><li>orphan<dd>x<option>o",
    (
        '<head><meta charset="latin-1"><meta http-equiv="Content-Type" content="text/html; '
        'charset=ISO-8859-1"><title>t</title></head><p>x'
    ),
    "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby><pre><pre>\n  two</pre>after</pre>",
    "<p>a<br>b<br/>c<hr><img src=x><wbr>d<embed src=e>f</p><p></p><p/>",
    '<p xml:lang="fr" lang=fr>langue</p><svg><circle r=1 /></svg><math><mi>y</mi></math>',
    "<textarea>\n  kept </textarea><script>\n</script><style> </style><p> x </p>",
    "<html><body><p>one</p></body></html><p>after the body</p><!-- end -->",
    "<unknown-element a=1><x-y>custom</x-y></unknown-element><P CLASS=Up>case</P>",
]


def _nodes(soup: BeautifulSoup) -> list[tuple]:
    """Every node in document order: its kind, name, namespace, attributes (with their types)
    and text, and where its links point (as positions), so a linkage slip shows too."""
    nodes = [soup, *soup.descendants]
    where = {id(n): i for i, n in enumerate(nodes)}

    def at(node: object) -> int | None:
        return None if node is None else where.get(id(node), -1)

    out = []
    for node in nodes:
        links = tuple(at(getattr(node, k)) for k in _LINKS)
        # Every other attribute bs4 set, by value (the links are compared above).
        rest = sorted(
            (
                (k, v, type(v))
                for k, v in vars(node).items()
                if k not in _LINKS and k not in ("attrs", "contents", "_bm_hint")
            ),
            key=lambda item: item[0],
        )
        if node is soup:  # the parse's own state, the builder's among it
            rest = [item for item in rest if item[0] in TAG_ATTRIBUTES]
        if isinstance(node, Tag):
            attrs = tuple((str(k), type(k), v, type(v)) for k, v in node.attrs.items())
            names = (node.name, node.prefix, node.namespace, node._namespaces, type(node.attrs))
            out.append(("tag", names, attrs, links, rest, len(node.contents)))
        else:
            out.append((type(node), str(node), links, rest))
    return out


_LINKS = ("parent", "next_element", "previous_element", "next_sibling", "previous_sibling")


def _bs4s(html: str) -> BeautifulSoup:
    """What `parse` makes of HTML with bs4's own lxml builder in place of its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse_module, "Builder", LXMLTreeBuilder)
        return parse(html)[0]


@pytest.mark.parametrize("html", SNIPPETS)
def test_the_tree_is_bs4s(html: str) -> None:
    assert _nodes(parse(html)[0]) == _nodes(_bs4s(html))


def test_bs4_sets_what_the_builder_copies() -> None:
    """The short way copies what bs4 sets on a tag and a string: a bs4 that sets more or
    other attributes makes the builder go bs4's own way (and this test fail, to look)."""
    soup = BeautifulSoup("<p class=a>x</p>", "lxml")
    assert set(vars(soup.p)) == parse_builder.TAG_ATTRIBUTES
    assert set(vars(soup.p.string)) == parse_builder.STRING_ATTRIBUTES
    assert parse_builder.SOUP_STATE <= set(vars(soup))
    parse(SNIPPETS[0])  # and the short way is taken: the trees above are its
    assert parse_builder._templates[(_Tag, "p")] is not None


def test_a_tag_bs4_sets_up_differently_is_made_by_bs4(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were bs4 to set another attribute on its tags, `parse` still builds bs4's tree."""
    monkeypatch.setattr(parse_builder, "_templates", {})
    monkeypatch.setattr(parse_builder, "TAG_ATTRIBUTES", frozenset({"name"}))
    html = SNIPPETS[0] + SNIPPETS[7]
    soup, _ = parse(html)
    assert not any(parse_builder._templates.values())
    assert _nodes(soup) == _nodes(_bs4s(html))


def test_names_past_the_most_kept_are_made_by_bs4(monkeypatch: pytest.MonkeyPatch) -> None:
    """A post of invented element names does not grow the kept templates without bound."""
    monkeypatch.setattr(parse_builder, "_templates", {})
    monkeypatch.setattr(parse_builder, "MOST_NAMES", 3)
    html = "".join(f"<x-{i} class='a b'>{i} </x-{i}>" for i in range(10)) + SNIPPETS[7]
    soup, _ = parse(html)
    assert len(parse_builder._templates) == 3
    assert _nodes(soup) == _nodes(_bs4s(html))


def test_a_soup_bs4_keeps_differently_is_built_by_bs4(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were bs4 to keep its parse's state under other names, `parse` still builds bs4's tree."""
    monkeypatch.setattr(parse_builder, "_templates", {})
    monkeypatch.setattr(parse_builder, "SOUP_STATE", frozenset({"_a_name_bs4_never_had"}))
    html = SNIPPETS[0] + SNIPPETS[7]
    soup, _ = parse(html)
    assert parse_builder._templates == {}
    assert _nodes(soup) == _nodes(_bs4s(html))
