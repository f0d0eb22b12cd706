"""`bookmaker check`: the EPUB as the checks see it: the zip, each document parsed once, and
the problems found so far."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True)
class Problem:
    severity: Literal["error", "warning"]
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


class EpubZip:
    """The zip, and the documents parsed once, by name inside the zip."""

    def __init__(self, archive: zipfile.ZipFile):
        self.zip = archive
        self.names = set(archive.namelist())
        self.problems: list[Problem] = []
        self.trees: dict[str, etree._Element | None] = {}
        self._ids: dict[str, dict[str, etree._Element]] = {}

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem("error", where, message))

    def warning(self, where: str, message: str) -> None:
        self.problems.append(Problem("warning", where, message))

    def xml(self, name: str) -> etree._Element | None:
        if name not in self.trees:
            try:
                self.trees[name] = etree.fromstring(self.zip.read(name), _PARSER)
            except KeyError:
                self.error(name, "missing from the zip")
                self.trees[name] = None
            except etree.XMLSyntaxError as exc:
                self.error(name, f"not well-formed XML: {exc}")
                self.trees[name] = None
        return self.trees[name]

    def element(self, name: str, ident: str) -> etree._Element | None:
        """The element of document NAME with id IDENT (the first, when the id is used twice)."""
        if name not in self._ids:
            root = self.xml(name)
            ids: dict[str, etree._Element] = {}
            for element in root.iter(etree.Element) if root is not None else ():
                if element.get("id") is not None:
                    ids.setdefault(element.get("id"), element)
            self._ids[name] = ids
        return self._ids[name].get(ident)


def join(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href.split("#")[0])))
