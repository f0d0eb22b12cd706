"""Reading a built EPUB's package back for assertions: OPF metadata, manifest, spine, the nav
document's contents and landmarks, and the NCX.  Written against the specs with lxml, apart
from bookmaker's own code, so a test never checks bookmaker with itself."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class Package:
    path: Path
    opf_name: str
    opf: etree._Element
    files: dict[str, bytes] = field(repr=False)

    # -- metadata ---------------------------------------------------------------------------
    def dc(self, name: str) -> list[str]:
        return [e.text or "" for e in self.opf.findall(f"opf:metadata/dc:{name}", NS)]

    def meta(self, prop: str) -> list[str]:
        return [
            e.text or ""
            for e in self.opf.findall("opf:metadata/opf:meta", NS)
            if e.get("property") == prop
        ]

    def refines(self, ident: str) -> dict[str, str]:
        return {
            e.get("property"): e.text or ""
            for e in self.opf.findall("opf:metadata/opf:meta", NS)
            if e.get("refines") == f"#{ident}"
        }

    def people(self, kind: str) -> list[tuple[str, str, str]]:
        """(name, file-as, role) of each dc:creator or dc:contributor, in order."""
        out = []
        for e in self.opf.findall(f"opf:metadata/dc:{kind}", NS):
            refined = self.refines(e.get("id", ""))
            out.append((e.text or "", refined.get("file-as", ""), refined.get("role", "")))
        return out

    # -- manifest and spine -----------------------------------------------------------------
    @property
    def manifest(self) -> dict[str, dict[str, str]]:
        return {i.get("id"): dict(i.attrib) for i in self.opf.findall("opf:manifest/opf:item", NS)}

    @property
    def spine(self) -> list[str]:
        """Hrefs of the spine's documents, in reading order."""
        items = self.manifest
        return [
            items[r.get("idref")]["href"] for r in self.opf.findall("opf:spine/opf:itemref", NS)
        ]

    def item(self, href: str) -> bytes:
        return self.files[posixpath.join(posixpath.dirname(self.opf_name), href)]

    def xhtml(self, href: str) -> etree._Element:
        return etree.fromstring(self.item(href.split("#")[0]))

    def with_property(self, prop: str) -> list[dict[str, str]]:
        return [i for i in self.manifest.values() if prop in i.get("properties", "").split()]

    # -- navigation -------------------------------------------------------------------------
    def nav(self) -> etree._Element:
        (item,) = self.with_property("nav")
        return self.xhtml(item["href"])

    def toc(self) -> list[tuple[int, str, str]]:
        """(depth, title, href) of each entry of the nav's table of contents, in order."""
        (toc,) = [
            n for n in self.nav().iter(f"{{{NS['x']}}}nav") if "toc" in n.get(EPUB_TYPE, "").split()
        ]
        return [
            (
                len([a for a in li.iterancestors(f"{{{NS['x']}}}li")]) + 1,
                "".join(li.find("x:a", NS).itertext()).strip(),
                li.find("x:a", NS).get("href"),
            )
            for li in toc.iter(f"{{{NS['x']}}}li")
        ]

    def landmarks(self) -> list[tuple[str, str]]:
        (nav,) = [
            n
            for n in self.nav().iter(f"{{{NS['x']}}}nav")
            if "landmarks" in n.get(EPUB_TYPE, "").split()
        ]
        return [(a.get(EPUB_TYPE), a.get("href")) for a in nav.iter(f"{{{NS['x']}}}a")]

    def ncx(self) -> etree._Element:
        (item,) = [
            i for i in self.manifest.values() if i["media-type"] == "application/x-dtbncx+xml"
        ]
        return etree.fromstring(self.item(item["href"]))

    def ncx_points(self) -> list[tuple[int, str, str]]:
        """(depth, label, src) of each navPoint, in document order."""
        return [
            (
                len(list(p.iterancestors(f"{{{NS['ncx']}}}navPoint"))) + 1,
                p.findtext("ncx:navLabel/ncx:text", namespaces=NS),
                p.find("ncx:content", NS).get("src"),
            )
            for p in self.ncx().iter(f"{{{NS['ncx']}}}navPoint")
        ]

    def documents(self) -> dict[str, etree._Element]:
        return {
            i["href"]: self.xhtml(i["href"])
            for i in self.manifest.values()
            if i["media-type"] == "application/xhtml+xml"
        }


def read_package(path: Path) -> Package:
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    container = etree.fromstring(files["META-INF/container.xml"])
    opf_name = container.find(".//c:rootfile", NS).get("full-path")
    return Package(path, opf_name, etree.fromstring(files[opf_name]), files)
