"""build: each rendered document tied to the others and read once for what the package must
declare (a page → its final bytes + `PageFacts`; the facts of all → `Contents`).

Each document is parsed once, with lxml: a link to an id that lives in another document gets
that document's file name (the model's links are plain `#id`; `links.py` says which file);
`lang` and `xml:lang` are made to agree, as EPUB reading systems read one and browsers the
other; the manifest properties (`mathml`, `svg`) are read off the markup; and what the
accessibility metadata and the font subsetting need is collected on the way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from bookmaker.builders.epub.pages import Page
from bookmaker.errors import BuildError, Diagnostic
from bookmaker.xhtml import MATHML, SVG, XHTML, XML_LANG

_HEADINGS = {f"{{{XHTML}}}h{n}": n for n in range(1, 7)}
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False
)
#: The elements `finish` changes or reads: those with an id or a language, and the links to an
#: id (`#...`), found in one walk of the document, in document order.
_MARKED = etree.XPath(
    "//*[@id or @lang or @xml:lang] | //x:a[starts-with(@href, '#')]", namespaces={"x": XHTML}
)
_A = f"{{{XHTML}}}a"
_IN_XHTML = f"{{{XHTML}}}"


@dataclass(frozen=True)
class PageFacts:
    """What one finished document holds, as far as the package, the links, the metadata and
    the fonts care."""

    #: The ids it holds, in document order.
    ids: tuple[str, ...]
    #: Each character of its body's text, once.
    characters: str
    images: int
    #: `file: src` of each image without an `alt` attribute.
    images_without_alt: tuple[str, ...]
    #: `file: h2 → h4` for each heading that skips a level.
    heading_skips: tuple[str, ...]
    has_language: bool
    #: The manifest properties its markup calls for (`nav`, `mathml`, `svg`).
    properties: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    #: Each link to another document: (id, the file it was given, or None).
    links: tuple[tuple[str, str | None], ...] = ()


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


@dataclass
class Tally:
    """The facts of the documents written so far (none of their text is kept)."""

    characters: set[str] = field(default_factory=set)
    images: int = 0
    without_alt: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)
    no_language: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, file_name: str, facts: PageFacts) -> None:
        self.characters.update(facts.characters)
        self.images += facts.images
        self.without_alt.extend(facts.images_without_alt)
        self.skips.extend(facts.heading_skips)
        if not facts.has_language:
            self.no_language.append(file_name)
        self.diagnostics.extend(facts.diagnostics)

    def contents(self) -> Contents:
        return Contents(
            frozenset(self.characters),
            self.images,
            tuple(self.without_alt),
            tuple(self.skips),
            tuple(self.no_language),
            tuple(self.diagnostics),
        )


def finish(page: Page, target: Callable[[str, str], str | None]) -> tuple[bytes, PageFacts]:
    """PAGE as the bytes the EPUB holds, and its facts.  TARGET(page's file, id) names the
    document holding an id that PAGE does not."""
    root = _parse(page)
    name = page.file_name
    marked = _MARKED(root)
    own, diagnostics = _ids(marked, name)
    links = _link(marked, set(own), lambda ident: target(name, ident))
    for element in marked:
        _language(element)
    body = root.find(f"{{{XHTML}}}body")
    images = list(root.iter(f"{{{XHTML}}}img"))
    facts = PageFacts(
        ids=own,
        characters="".join(set(_text(body))),
        images=len(images),
        images_without_alt=tuple(f"{name}: {i.get('src')}" for i in images if i.get("alt") is None),
        heading_skips=tuple(f"{name}: {s}" for s in _heading_skips(root)),
        has_language=bool(root.get("lang")),
        properties=tuple(sorted({*page.properties, *_properties(root)})),
        diagnostics=tuple(diagnostics),
        links=tuple(links.items()),
    )
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True), facts


def _ids(marked: list[etree._Element], name: str) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """The ids the document holds (MARKED: its elements in document order that may have one);
    a second element with an id the document already has loses the id, with a warning."""
    diagnostics: list[Diagnostic] = []
    seen: dict[str, None] = {}
    for element in marked:
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
        seen[ident] = None
    return tuple(seen), diagnostics


def _link(
    marked: list[etree._Element], held: set[str], target: Callable[[str], str | None]
) -> dict[str, str | None]:
    """Each link of MARKED to an id the document does not hold given the file TARGET names
    (left `#id` when it names none); the file each such id was given."""
    links: dict[str, str | None] = {}
    for a in marked:
        href = a.get("href")
        if a.tag != _A or href is None or not href.startswith("#"):
            continue
        ident = href[1:]
        if ident in held:
            continue
        if ident not in links:
            links[ident] = target(ident)
        if links[ident] is not None:
            a.set("href", f"{links[ident]}#{ident}")
    return links


def _parse(page: Page) -> etree._Element:
    try:
        return etree.fromstring(page.xhtml.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        made = f" from {page.source}" if page.source else ""
        raise BuildError(
            f"the theme's template made XHTML{made} that is not well-formed: {exc}",
            page.file_name,
        ) from None


def _language(element: etree._Element) -> None:
    """`lang` and `xml:lang` made to agree: whichever ELEMENT has is given to the other (only
    XHTML elements are given `lang`)."""
    lang, xml_lang = element.get("lang"), element.get(XML_LANG)
    if lang and not xml_lang:
        element.set(XML_LANG, lang)
    elif xml_lang and not lang and element.tag.startswith(_IN_XHTML):
        element.set("lang", xml_lang)


def _text(body: etree._Element | None) -> str:
    """The text of BODY (none without one), as lxml gives it at once."""
    if body is None:
        return ""
    return etree.tostring(body, method="text", encoding="unicode", with_tail=False)


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
