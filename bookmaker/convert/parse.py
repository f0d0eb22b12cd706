"""convert: one parse of a body (BeautifulSoup over lxml) and the XHTML serialisation back.

`to_xhtml` writes what bs4's `decode_contents(formatter="minimal")` writes, character for
character, in one plain walk (bs4's goes through a generator of events and compares tags
structurally at each closing one: a tenth of the convert stage), and re-reads it with an XML
parser: a fragment that is not well-formed is our bug, and fails loudly here rather than in a
reader's e-book.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, PageElement, Tag
from bs4.element import AttributeValueWithCharsetSubstitution, PreformattedString
from lxml import etree

from bookmaker.convert.parse_builder import Builder
from bookmaker.convert.tree import tags
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
    soup = BeautifulSoup(_XML_FORBIDDEN.sub("", html), builder=Builder, element_classes={Tag: _Tag})
    body = soup.body
    if body is None:
        body = soup.new_tag("body")
        for child in list(soup.contents):
            body.append(child.extract())
        soup.append(body)
    for tag in reversed(tags(body, *_VOID_READ_AS_CONTAINERS)):
        if tag.contents:
            tag.insert_after(*tag.contents)
    return soup, body


def to_xhtml(node: Tag) -> str:
    """The children of NODE as a well-formed XHTML fragment; characters XML forbids that a
    character reference made (`&#x1b;`) are left out."""
    text = _XML_FORBIDDEN.sub("", markup(node))
    check_well_formed(text)
    return text


#: Elements whose text bs4's HTML formatters write as it is (`Formatter.cdata_containing_tags`).
_RAW_TEXT = frozenset(("script", "style"))


def escaped(text: str) -> str:
    """bs4's minimal entity substitution: `&`, `<` and `>` only."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(key: str, value: object) -> str:
    """One attribute as bs4's minimal formatter writes it, quotes chosen as it chooses them."""
    if value is None:
        return key
    if isinstance(value, list | tuple):
        value = " ".join(value)
    elif isinstance(value, AttributeValueWithCharsetSubstitution):
        value = value.substitute_encoding("utf-8")
    text = escaped(value if isinstance(value, str) else str(value))
    if '"' not in text:
        return f'{key}="{text}"'
    if "'" in text:
        return f'{key}="{text.replace(chr(34), "&quot;")}"'
    return f"{key}='{text}'"


class Markup(PreformattedString):
    """XHTML already written, which `markup` writes as it is: a note reference spliced into
    the text with the words around it, one string where bs4 would need a tag, its text and
    two more strings (each insertion relinks the tree)."""


def element(name: str, attrs: dict[str, str], text: str) -> str:
    """An element holding TEXT as `markup` writes it."""
    names = " ".join([name, *(_attribute(k, v) for k, v in sorted(attrs.items()))])
    return f"<{names}>{escaped(text)}</{name}>"


def _start(tag: Tag) -> str:
    attrs = tag.attrs
    names = f"{tag.prefix}:{tag.name}" if tag.prefix else tag.name
    if attrs:
        names += " " + " ".join(_attribute(k, v) for k, v in sorted(attrs.items()))
    return f"<{names}/>" if not tag.contents and tag.can_be_empty_element else f"<{names}>"


def markup(node: Tag) -> str:
    """NODE's children as `decode_contents(formatter="minimal")` writes them, for a tag of an
    HTML tree (attributes sorted, `<br/>`, the text of scripts and styles as it is)."""
    pieces: list[str] = []
    add = pieces.append
    # Each open element: its children, the next one's index, its name, its closing tag.
    stack: list[list] = [[node.contents, 0, node.name, ""]]
    while stack:
        frame = stack[-1]
        contents, i = frame[0], frame[1]
        if i == len(contents):
            stack.pop()
            add(frame[3])
            continue
        frame[1] = i + 1
        child = contents[i]
        if isinstance(child, Tag):
            if child.hidden:
                stack.append([child.contents, 0, child.name, ""])
                continue
            add(_start(child))
            if child.contents or not child.can_be_empty_element:
                name = f"{child.prefix}:{child.name}" if child.prefix else child.name
                stack.append([child.contents, 0, child.name, f"</{name}>"])
        elif isinstance(child, PreformattedString):
            add(child.PREFIX + child + child.SUFFIX)
        else:
            add(child if frame[2] in _RAW_TEXT else escaped(child))
    return "".join(pieces)


def check_well_formed(fragment: str) -> None:
    etree.fromstring((_WRAP % fragment).encode("utf-8"))
