"""The EPUB's documents finished (`builders/epub/xhtml.finish`): ids, links to other documents,
languages and what the package is told, from one read of each document."""

from __future__ import annotations

from lxml import etree

from bookmaker.builders.epub.pages import Page
from bookmaker.builders.epub.xhtml import finish

X = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

PAGE = f"""<html xmlns="{X}" xmlns:epub="http://www.idpf.org/2007/ops" lang="fr"><head><title>t</title></head>
<body><section id="c"><h1 id="t">Été</h1>
<p id="a" xml:lang="de">Ja <a href="#b">here</a> <a href="#far">far</a> <a href="#nowhere">?</a>
<a href="#far">again</a> <a href="https://ex.org/#x">web</a></p>
<p id="a">twice</p><h3 id="b">skip</h3>
<svg xmlns="http://www.w3.org/2000/svg" xml:lang="en"><title lang="">s</title></svg>
<span lang="es" xml:lang="">es</span></section></body></html>"""


def test_a_document_is_finished_in_one_read():
    asked = []

    def target(here: str, ident: str) -> str | None:
        asked.append((here, ident))
        return "other.xhtml" if ident == "far" else None

    data, facts = finish(Page("p", "p.xhtml", "t", PAGE), target)
    root = etree.fromstring(data)
    hrefs = [a.get("href") for a in root.iter(f"{{{X}}}a")]
    assert hrefs == ["#b", "other.xhtml#far", "#nowhere", "other.xhtml#far", "https://ex.org/#x"]
    assert asked == [("p.xhtml", "far"), ("p.xhtml", "nowhere")]  # each id asked once
    assert facts.links == (("far", "other.xhtml"), ("nowhere", None))
    assert facts.ids == ("c", "t", "a", "b")
    assert [d.message for d in facts.diagnostics] == [
        "p.xhtml: duplicate id 'a' dropped from a later <p>"
    ]
    assert [p.get("id") for p in root.iter(f"{{{X}}}p")] == ["a", None]
    # lang and xml:lang agree on XHTML elements; an SVG element keeps its xml:lang alone
    assert (root.get("lang"), root.get(XML_LANG)) == ("fr", "fr")
    first = next(root.iter(f"{{{X}}}p"))
    assert (first.get("lang"), first.get(XML_LANG)) == ("de", "de")
    svg = next(root.iter("{http://www.w3.org/2000/svg}svg"))
    assert (svg.get("lang"), svg.get(XML_LANG)) == (None, "en")
    span = next(root.iter(f"{{{X}}}span"))
    assert (span.get("lang"), span.get(XML_LANG)) == ("es", "es")
    assert set(facts.characters) == set("ÉtéJa here far? again webtwiceskipses\n ")
    assert facts.heading_skips == ("p.xhtml: h1 → h3",)
    assert facts.properties == ("svg",) and facts.has_language
