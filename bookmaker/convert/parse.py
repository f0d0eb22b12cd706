"""convert: one parse of a body (BeautifulSoup over lxml) and the XHTML serialisation back.

`to_xhtml` re-reads what it writes with an XML parser: a fragment that is not well-formed is
our bug, and fails loudly here rather than in a reader's e-book.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from lxml import etree

from bookmaker.xhtml import EPUB, XHTML

_WRAP = f'<div xmlns="{XHTML}" xmlns:epub="{EPUB}">%s</div>'
#: Characters XML 1.0 forbids; read removes them from files, this keeps any caller safe.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def parse(html: str) -> tuple[BeautifulSoup, Tag]:
    """(soup, body) of a fragment or a whole document; broken markup is repaired by lxml."""
    soup = BeautifulSoup(_XML_FORBIDDEN.sub("", html), "lxml")
    body = soup.body
    if body is None:
        body = soup.new_tag("body")
        for child in list(soup.contents):
            body.append(child.extract())
        soup.append(body)
    return soup, body


def to_xhtml(node: Tag) -> str:
    """The children of NODE as a well-formed XHTML fragment."""
    text = node.decode_contents(formatter="minimal")
    check_well_formed(text)
    return text


def check_well_formed(fragment: str) -> None:
    etree.fromstring((_WRAP % fragment).encode("utf-8"))
