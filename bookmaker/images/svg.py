"""images: an SVG image made safe to ship: no scripts, no event handlers, no external
references, no DOCTYPE or entities.

An SVG is a program as much as a picture.  A reading system that runs its script, or loads what
it points to, lets a post reach the reader's device; EPUBCheck rejects the DOCTYPE and the
remote references too.  What draws the picture (shapes, gradients, `#id` references, embedded
raster images) stays.
"""

from __future__ import annotations

import re

from lxml import etree

from bookmaker.xhtml import SVG

_XLINK = "http://www.w3.org/1999/xlink"
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    remove_comments=True,
    remove_pis=True,
    huge_tree=False,
)
#: Elements that run code, embed other documents, or animate an attribute into a link.
_DROPPED = {"script", "foreignObject", "handler", "listener", "iframe", "embed", "object"}
_ANIMATIONS = {"set", "animate", "animateMotion", "animateTransform", "animateColor"}
_HREFS = {"href", f"{{{_XLINK}}}href"}
_NEED_HREF = {"image", "use", "feImage"}
#: Embedded pictures an SVG may keep: raster images carried in the file itself.
_INLINE_IMAGE = re.compile(r"^\s*data:image/(?:png|jpeg|gif|webp);", re.IGNORECASE)
_URL = re.compile(r"url\(\s*(?!['\"]?#)[^)]*\)", re.IGNORECASE)
#: A quoted reference to the SVG's own element, `url('#g')`: EPUBCheck reads the quote as a
#: file name (RSC-007), so it is written `url(#g)`.
_QUOTED_ID = re.compile(r"url\(\s*(['\"])(#[^'\")]*)\1\s*\)", re.IGNORECASE)
_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)


class NotSvg(ValueError):
    """The bytes are not an SVG image."""


def is_svg(data: bytes) -> bool:
    """Whether DATA looks like an SVG file at all (before it is parsed)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (
        head.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--"))
        and b"<svg" in data[:4096].lower()
    )


def clean_svg(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """DATA without what could run or reach out; also what was removed, for a warning."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise NotSvg(f"an SVG file that is not well-formed XML ({exc})") from None
    if root.tag != f"{{{SVG}}}svg":
        raise NotSvg("an XML file that is not an SVG image")
    removed: list[str] = []
    if root.getroottree().docinfo.doctype:
        removed.append("a DOCTYPE")
    for node in list(root.iter()):
        if not isinstance(node.tag, str):  # an entity reference left unresolved
            _drop(node)
            _note(removed, "entities")
            continue
        name = etree.QName(node).localname
        if name in _DROPPED or (name in _ANIMATIONS and _animates_link(node)):
            _drop(node)
            _note(removed, "scripts" if name == "script" else f"<{name}> elements")
            continue
        _clean_attributes(node, removed)
        if name in _NEED_HREF and not any(a in node.attrib for a in _HREFS):
            _drop(node)  # an <image> or <use> whose reference went draws nothing
            continue
        if name == "style" and node.text:
            node.text = _clean_css(node.text, removed)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True), tuple(removed)


def _clean_attributes(node: etree._Element, removed: list[str]) -> None:
    for attr, value in list(node.attrib.items()):
        local = etree.QName(attr).localname.lower()
        if local.startswith("on"):
            del node.attrib[attr]
            _note(removed, "event handlers")
        elif attr in _HREFS and not value.strip().startswith("#"):
            if etree.QName(node).localname == "image" and _INLINE_IMAGE.match(value):
                continue
            del node.attrib[attr]
            _note(removed, "external references")
        elif local == "style":
            node.set(attr, _clean_css(value, removed))
        elif _URL.search(value):
            del node.attrib[attr]
            _note(removed, "external references")
        elif _QUOTED_ID.search(value):
            node.set(attr, _QUOTED_ID.sub(r"url(\2)", value))


def _clean_css(text: str, removed: list[str]) -> str:
    cleaned = _URL.sub("none", _IMPORT.sub("", text))
    if cleaned != text:
        _note(removed, "external references")
    return _QUOTED_ID.sub(r"url(\2)", cleaned)


def _animates_link(node: etree._Element) -> bool:
    target = (node.get("attributeName") or "").lower()
    return target in ("href", "xlink:href") or target.startswith("on")


def _drop(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:  # keep the text that followed the removed node
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _note(removed: list[str], what: str) -> None:
    if what not in removed:
        removed.append(what)
