"""`bookmaker check`: the EPUB as the checks see it: the zip, each document parsed once, and
the problems found so far.

The EPUB may come from anywhere: nothing in it is extracted to disk (its names are only looked
up, so `../../etc/passwd` leads nowhere), no document is unpacked past `MAX_MEMBER` bytes (a
zip bomb is a problem, not an exhausted memory), and XML is read without DTDs, entities or
the network.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
#: The most bytes one file of the EPUB is unpacked to for the checks.
MAX_MEMBER = 64 * 1024 * 1024


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

    def member(self, name: str) -> bytes | None:
        """The unpacked bytes of NAME, or None (with the problem said) when it is missing, too
        big once unpacked, or cannot be unpacked."""
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            self.error(name, "missing from the zip")
            return None
        if info.file_size > MAX_MEMBER:
            size = f"{info.file_size / 2**20:,.0f} MB"
            self.error(name, f"{size} once unpacked; bookmaker checks files up to 64 MB")
            return None
        try:
            with self.zip.open(info) as file:
                return file.read(MAX_MEMBER + 1)[:MAX_MEMBER]
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError) as exc:
            self.error(name, f"cannot be unpacked: {exc}")
            return None

    def xml(self, name: str) -> etree._Element | None:
        if name not in self.trees:
            data = self.member(name)
            try:
                self.trees[name] = None if data is None else etree.fromstring(data, _PARSER)
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
