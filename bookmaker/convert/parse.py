"""convert: one parse of a body (BeautifulSoup over lxml) and the XHTML serialisation back.

`to_xhtml` re-reads what it writes with an XML parser: a fragment that is not well-formed is
our bug, and fails loudly here rather than in a reader's e-book.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, PageElement, Tag
from lxml import etree

from bookmaker.xhtml import EPUB, XHTML

_WRAP = f'<div xmlns="{XHTML}" xmlns:epub="{EPUB}">%s</div>'
#: Characters XML 1.0 forbids; read removes them from files, this keeps any caller safe.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Empty elements that lxml's HTML parser reads as containers: the text after `<embed src=…>`
#: or `long<wbr>word` would end up inside them (and vanish with an embed, or make `<wbr>`
#: invalid XHTML).
_VOID_READ_AS_CONTAINERS = ["embed", "source", "track", "wbr", "keygen"]


class _Tag(Tag):
    """A tag that edits in time linear in its children's number, however many there are.

    bs4 finds a child's position (for every insert, replace and unwrap) by scanning its
    parent's children from the first, so editing a paragraph of 20,000 links one by one took
    minutes.  This tag looks first where it last found a child, and outward from there: the
    transforms walk the tree in order (or in reverse), so the next child is near.
    """

    def index(self, element: PageElement) -> int:
        contents = self.contents
        count = len(contents)
        below = min(self.__dict__.get("_bm_hint", 0), count - 1)
        above = below + 1
        while below >= 0 or above < count:
            if below >= 0:
                if contents[below] is element:
                    self._bm_hint = below
                    return below
                below -= 1
            if above < count:
                if contents[above] is element:
                    self._bm_hint = above
                    return above
                above += 1
        raise ValueError("Tag.index: element not in tag")

    @property
    def decomposed(self) -> bool:
        # bs4 reads a missing `_decomposed` through Tag.__getattr__, which searches the whole
        # subtree for a tag of that name: once per tag, that is quadratic.
        return bool(self.__dict__.get("_decomposed", False))


def parse(html: str) -> tuple[BeautifulSoup, Tag]:
    """(soup, body) of a fragment or a whole document; broken markup is repaired by lxml."""
    soup = BeautifulSoup(_XML_FORBIDDEN.sub("", html), "lxml", element_classes={Tag: _Tag})
    body = soup.body
    if body is None:
        body = soup.new_tag("body")
        for child in list(soup.contents):
            body.append(child.extract())
        soup.append(body)
    for tag in reversed(body.find_all(_VOID_READ_AS_CONTAINERS)):
        if tag.contents:
            tag.insert_after(*tag.contents)
    return soup, body


def to_xhtml(node: Tag) -> str:
    """The children of NODE as a well-formed XHTML fragment; characters XML forbids that a
    character reference made (`&#x1b;`) are left out."""
    text = _XML_FORBIDDEN.sub("", node.decode_contents(formatter="minimal"))
    check_well_formed(text)
    return text


def check_well_formed(fragment: str) -> None:
    etree.fromstring((_WRAP % fragment).encode("utf-8"))
