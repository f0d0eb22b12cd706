"""The XHTML vocabulary every stage shares: the namespaces of an EPUB's files and the element
sets the transforms and builders reason with (headings, blocks, phrasing-only elements).

One place, so convert, the builders and `bookmaker check` never disagree on what a block is or
which namespace a document lives in.
"""

from __future__ import annotations

XHTML = "http://www.w3.org/1999/xhtml"
#: `epub:type` and the other EPUB structural semantics.
EPUB = "http://www.idpf.org/2007/ops"
MATHML = "http://www.w3.org/1998/Math/MathML"
SVG = "http://www.w3.org/2000/svg"
XML = "http://www.w3.org/XML/1998/namespace"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"


def clark(namespace: str, name: str) -> str:
    """`{namespace}name`, the form lxml names elements and attributes by."""
    return f"{{{namespace}}}{name}"


XML_LANG = clark(XML, "lang")
EPUB_TYPE = clark(EPUB, "type")

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

#: Elements that stand as blocks in flow content: a paragraph cannot hold them.
BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "address",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "colgroup",
        "col",
        "figure",
        "figcaption",
        "hr",
        *HEADINGS,
    }
)

#: Elements whose content must be phrasing content (text and inline elements only).
PHRASING_ONLY = frozenset(
    {
        "p",
        "pre",
        "dt",
        "caption",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "small",
        "mark",
        "sub",
        "sup",
        "abbr",
        "cite",
        "q",
        "dfn",
        "code",
        "kbd",
        "samp",
        "var",
        "span",
        "time",
        "bdi",
        "bdo",
        "del",
        "ins",
        "label",
        "rt",
        "rp",
        "ruby",
        *HEADINGS,
    }
)
