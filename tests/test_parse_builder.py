"""`convert.parse` builds the tree bs4's own lxml builder builds, node for node, namespaces
and all (its builder takes a short way for elements and attributes in no namespace)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from bookmaker.convert.parse import _Tag, parse

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
        links = tuple(
            at(getattr(node, k))
            for k in ("parent", "next_element", "previous_element", "next_sibling")
        )
        if isinstance(node, Tag):
            attrs = tuple((str(k), type(k), v, type(v)) for k, v in node.attrs.items())
            names = (node.name, node.prefix, node.namespace, node._namespaces, type(node.attrs))
            out.append(("tag", names, attrs, links))
        else:
            out.append((type(node), str(node), links))
    return out


@pytest.mark.parametrize("html", SNIPPETS)
def test_the_tree_is_bs4s(html: str) -> None:
    soup, _ = parse(html)
    theirs = BeautifulSoup(html, "lxml", element_classes={Tag: _Tag})
    if theirs.body is not None:  # what `parse` does after the parse, done the same
        assert _nodes(soup) == _nodes(theirs)
    else:
        assert [str(n) for n in soup.body.descendants] == [str(n) for n in theirs.descendants]
