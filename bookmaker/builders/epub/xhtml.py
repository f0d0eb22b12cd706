"""build: the rendered documents tied together and read once for what the package must declare
(pages → pages + `Contents`).

Each document is parsed once, with lxml: a link to an id that lives in another document gets
that document's file name (the model's links are plain `#id`); `lang` and `xml:lang` are made
to agree, as EPUB reading systems read one and browsers the other; the manifest properties
(`mathml`, `svg`) are read off the markup; and what the accessibility metadata and the font
subsetting need is collected on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from bookmaker.builders.epub.pages import Page
from bookmaker.errors import BuildError, Diagnostic
from bookmaker.xhtml import MATHML, SVG, XHTML, XML_LANG

_HEADINGS = {f"{{{XHTML}}}h{n}": n for n in range(1, 7)}
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False
)


@dataclass(frozen=True)
class Contents:
    """What the documents hold, as far as metadata and fonts care."""

    characters: frozenset[str]
    images: int
    #: `file: src` of each image without an `alt` attribute.
    images_without_alt: tuple[str, ...]
    #: `file: h2 → h4` for each heading that skips a level.
    heading_skips: tuple[str, ...]
    #: Documents whose `html` element has no language.
    without_language: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


def finish(pages: tuple[Page, ...]) -> tuple[tuple[Page, ...], Contents]:
    trees = {page.file_name: _parse(page) for page in pages}
    owner, diagnostics = _owners(trees)
    characters: set[str] = set()
    images, without_alt, skips, no_lang = 0, [], [], []
    out = []
    for page in pages:
        root = trees[page.file_name]
        _link(root, page.file_name, owner)
        _languages(root)
        if not root.get("lang"):
            no_lang.append(page.file_name)
        body = root.find(f"{{{XHTML}}}body")
        if body is not None:
            characters.update("".join(body.itertext()))
        for img in root.iter(f"{{{XHTML}}}img"):
            images += 1
            if img.get("alt") is None:
                without_alt.append(f"{page.file_name}: {img.get('src')}")
        skips.extend(f"{page.file_name}: {s}" for s in _heading_skips(root))
        xhtml = etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)
        properties = tuple(sorted({*page.properties, *_properties(root)}))
        out.append(replace(page, xhtml=xhtml.decode("utf-8"), properties=properties))
    contents = Contents(
        frozenset(characters),
        images,
        tuple(without_alt),
        tuple(skips),
        tuple(no_lang),
        tuple(diagnostics),
    )
    return tuple(out), contents


def _owners(trees: dict[str, etree._Element]) -> tuple[dict[str, str], list[Diagnostic]]:
    """The document that holds each id; a second element with an id its document already
    has loses the id, with a warning."""
    diagnostics: list[Diagnostic] = []
    owner: dict[str, str] = {}
    for name, root in trees.items():
        seen: set[str] = set()
        for element in root.iter():
            ident = element.get("id")
            if ident is None:
                continue
            if ident in seen:
                del element.attrib["id"]
                diagnostics.append(
                    Diagnostic(
                        f"{name}: duplicate id {ident!r} dropped from a later "
                        f"<{etree.QName(element).localname}>",
                        "epub.duplicate-id",
                    )
                )
                continue
            seen.add(ident)
            owner.setdefault(ident, name)
    return owner, diagnostics


def _parse(page: Page) -> etree._Element:
    try:
        return etree.fromstring(page.xhtml.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        made = f" from {page.source}" if page.source else ""
        raise BuildError(
            f"the theme's template made XHTML{made} that is not well-formed: {exc}",
            page.file_name,
        ) from None


def _link(root: etree._Element, here: str, owner: dict[str, str]) -> None:
    for a in root.iter(f"{{{XHTML}}}a"):
        href = a.get("href", "")
        if href.startswith("#"):
            where = owner.get(href[1:])
            if where is not None and where != here:
                a.set("href", f"{where}{href}")


def _languages(root: etree._Element) -> None:
    for element in root.iter(etree.Element):
        lang, xml_lang = element.get("lang"), element.get(XML_LANG)
        if lang and not xml_lang:
            element.set(XML_LANG, lang)
        elif xml_lang and not lang and etree.QName(element).namespace == XHTML:
            element.set("lang", xml_lang)


def _heading_skips(root: etree._Element) -> list[str]:
    skips = []
    previous = 0
    for element in root.iter(*_HEADINGS):
        level = _HEADINGS[element.tag]
        if previous and level > previous + 1:
            skips.append(f"h{previous} → h{level}")
        previous = level
    return skips


def _properties(root: etree._Element) -> set[str]:
    found = set()
    if next(root.iter(f"{{{MATHML}}}*"), None) is not None:
        found.add("mathml")
    if next(root.iter(f"{{{SVG}}}*"), None) is not None:
        found.add("svg")
    return found
