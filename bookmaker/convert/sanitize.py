"""convert: the allow-list of elements and attributes that are valid and safe in EPUB 3 XHTML.

Runs on the shared tree rather than through a string sanitizer, because the transforms before
it need the site's classes (to find contributors and cruft) and those after it need the tree:
one parse for the whole convert stage.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from bookmaker.convert.tree import gone

#: Removed with everything inside them.
DROP_WITH_CONTENT = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "base",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "param",
    "audio",
    "video",
    "source",
    "track",
    "canvas",
    "map",
    "area",
    "input",
    "button",
    "select",
    "option",
    "optgroup",
    "textarea",
    "datalist",
    "output",
    "progress",
    "meter",
    "dialog",
    "svg",
}

#: Kept, with the attributes listed (plus GLOBAL_ATTRS).
ALLOWED = {
    "p": set(),
    "br": set(),
    "hr": set(),
    "div": set(),
    "span": set(),
    "h1": set(),
    "h2": set(),
    "h3": set(),
    "h4": set(),
    "h5": set(),
    "h6": set(),
    "blockquote": {"cite"},
    "pre": set(),
    "code": set(),
    "kbd": set(),
    "samp": set(),
    "var": set(),
    "em": set(),
    "strong": set(),
    "b": set(),
    "i": set(),
    "u": set(),
    "s": set(),
    "del": {"datetime"},
    "ins": {"datetime"},
    "mark": set(),
    "small": set(),
    "sub": set(),
    "sup": set(),
    "abbr": set(),
    "cite": set(),
    "q": {"cite"},
    "dfn": set(),
    "time": {"datetime"},
    "a": {"href"},
    "img": {"src", "alt"},
    "figure": set(),
    "figcaption": set(),
    "ul": set(),
    "ol": {"start", "reversed"},
    "li": {"value"},
    "dl": set(),
    "dt": set(),
    "dd": set(),
    "table": set(),
    "caption": set(),
    "thead": set(),
    "tbody": set(),
    "tfoot": set(),
    "tr": set(),
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "colgroup": {"span"},
    "col": {"span"},
    "section": set(),
    "aside": set(),
    "article": set(),
    "header": set(),
    "footer": set(),
    "address": set(),
    "bdi": set(),
    "bdo": set(),
    "ruby": set(),
    "rt": set(),
    "rp": set(),
    "wbr": set(),
}
GLOBAL_ATTRS = {"id", "lang", "dir", "title"}

#: Classes bookmaker itself gives (site classes never survive).
OWN_CLASSES = {
    "image-remote",
    "image-missing",
    "heading-7",
    "url",
    "embed",
    "noteref",
    "xref",
    "credit",
    "speaker",
}
#: Attributes that carry information between transforms; none reaches the output.
INTERNAL_ATTR_PREFIX = "data-bm-"

#: Other elements are unwrapped: their content stays (`<font>`, `<center>`, `<main>`, …).

_SAFE_SCHEME = re.compile(r"^(?:https?|ftp|mailto|tel):", re.IGNORECASE)
_ANY_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_ID = re.compile(r"^[A-Za-z_][\w.\-]*$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
#: The HTML date, time and duration forms EPUBCheck accepts in `<time datetime>` (the common ones).
_DATETIME = re.compile(
    r"^\d{4,}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$"
    r"|^\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$"
)


def drop_non_content(body: Tag) -> None:
    """Comments, doctypes, scripts, styles, frames and forms go, content and all."""
    nodes = list(body.descendants)  # taking out a string leaves the elements as they were
    for node in nodes:
        if isinstance(
            node, (Comment, Declaration, Doctype, ProcessingInstruction)
        ) and not isinstance(node, CData):
            node.extract()
    for tag in nodes:
        if isinstance(tag, Tag) and tag.name in DROP_WITH_CONTENT and not gone(tag):
            tag.decompose()


_SPACES = re.compile(r"[\x00-\x20]")


def safe_url(url: str) -> bool:
    """http(s)/ftp/mailto/tel, or relative; never javascript:, data:, file: or vbscript:."""
    url = _SPACES.sub("", url)
    return bool(_SAFE_SCHEME.match(url)) or not _ANY_SCHEME.match(url)


def sanitize(soup: BeautifulSoup, body: Tag) -> None:
    """Keep only allow-listed elements and attributes; unwrap the rest."""
    drop_non_content(body)
    # one walk for both loops: unwrapping a tag keeps its strings, in the same order
    nodes = list(body.descendants)
    for tag in nodes:
        if not isinstance(tag, Tag) or gone(tag) or tag.parent is None:
            continue
        name = tag.name.lower()
        if name not in ALLOWED:
            tag.unwrap()
            continue
        for attr in list(tag.attrs):
            if not attr.startswith(INTERNAL_ATTR_PREFIX):
                _clean_attribute(tag, attr, ALLOWED[name] | GLOBAL_ATTRS)
        if name == "ol" and "reversed" in tag.attrs:
            tag.attrs["reversed"] = "reversed"
        if name == "bdo" and tag.attrs.get("dir") not in {"ltr", "rtl"}:
            tag.unwrap()  # a bdo without a direction overrides nothing
    for text in nodes:
        if isinstance(text, NavigableString) and type(text) is not NavigableString:
            text.replace_with(NavigableString(str(text)))


def _clean_attribute(tag: Tag, attr: str, allowed: set[str]) -> None:
    """ATTR of TAG kept, normalised or removed: only bookmaker's own classes stay, and only
    values that are valid and safe."""
    value = tag.attrs[attr]
    if attr == "class":
        classes = value.split() if isinstance(value, str) else value
        own = [c for c in classes if c in OWN_CLASSES]
        if own:
            tag.attrs[attr] = " ".join(own)
        else:
            del tag.attrs[attr]
    elif attr not in allowed or not isinstance(value, str) or not _valid(attr, value):
        del tag.attrs[attr]
    elif attr == "dir":
        tag.attrs[attr] = value.lower()
    elif attr in {"colspan", "rowspan", "span", "start", "value"} and not value.strip().isdigit():
        del tag.attrs[attr]


def _valid(attr: str, value: str) -> bool:
    """Whether VALUE is one EPUBCheck accepts, and safe, for ATTR."""
    if attr in {"href", "src", "cite"}:
        return safe_url(value)
    if attr == "id":
        return bool(_ID.match(value))
    if attr == "lang":
        return bool(_LANG.match(value))
    if attr == "datetime":
        return bool(_DATETIME.match(value.strip()))
    if attr == "dir":
        return value.lower() in {"ltr", "rtl", "auto"}
    return True
