"""read: the people a post names (`author`, `authors`, `contributors`) → `Person`s.

A value may be a name (`Ada Lovelace, Alan Turing & more`), a map (`name`, `url`,
`affiliation`, …), Markdown or HTML (`[Junya Okabe](https://…) (University of Tsukuba)`: the
link is the person's page, the words in brackets their affiliation), or an id that a site's
people table resolves (`lauren-frohlich`, through `[authors]` in book.toml or a Jekyll
`_data/authors.yml`; see `authors_table`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from bookmaker.model import Person
from bookmaker.read.metadata import text_value

AUTHOR_KEYS = ("authors", "author", "writtenBy", "written_by", "by")
_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_MORE = {"more", "others", "et al", "et al.", "and more"}
_MD_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_HTML_LINK = re.compile(
    r"<a\b[^>]*?href\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]+>")
_AFFILIATION = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<aff>[^()]+)\)\s*$")
#: How a site's people files name a person's id: one lower-case word, or several joined by
#: `-`, `_` or `.` (`koren`, `lauren-frohlich`); nobody writes their name that way.
_ID = re.compile(r"^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$")

#: id → the person a site's people table says it is.
People = Mapping[str, Person]
Warn = Callable[[str], None]


def people(
    meta: Mapping[str, Any],
    key: str | None = None,
    table: People | None = None,
    warn: Warn | None = None,
) -> tuple[tuple[Person, ...], bool]:
    """(people, whether the value said '& more') of KEY in META (else the first author key)."""
    keys = (key,) if key else AUTHOR_KEYS
    raw = next((meta[k] for k in keys if meta.get(k)), None)
    if raw is None:
        return (), False
    found: dict[str, Person] = {}
    more = False
    for value in raw if isinstance(raw, (list, tuple)) else [raw]:
        if isinstance(value, dict):
            named = [from_map(value)]
        else:
            named, said_more = from_text(str(value), split=not isinstance(raw, list))
            more = more or said_more
        for person in named:
            if person is None:
                continue
            person = _resolved(person, table or {}, warn)
            found.setdefault(person.name, person)
    return tuple(found.values()), more


def from_map(value: Mapping[str, Any]) -> Person | None:
    """A person given as a map: `name` (or `display_name`, first and last), `url`, `bio`,
    `photo`, `affiliation`."""
    name = _name_from_map(value)
    if not name:
        return None
    url = text_value(
        value.get("url") or value.get("link") or value.get("website") or value.get("homepage")
    )
    bio = text_value(value.get("bio") or value.get("about") or value.get("description"))
    affiliation = text_value(
        value.get("affiliation") or value.get("organization") or value.get("institution")
    )
    return Person(
        name=name,
        url=url if url and url.startswith("http") else None,
        bio=html.escape(bio) if bio else None,
        photo=text_value(value.get("photo") or value.get("avatar") or value.get("image")),
        affiliation=affiliation,
    )


def from_text(text: str, split: bool = True) -> tuple[list[Person], bool]:
    """The people a text names; Markdown and HTML links are their pages."""
    links: list[tuple[str, str]] = []

    def hold(label: str, url: str) -> str:
        links.append((_plain(label), html.unescape(url)))
        return f"\x00{len(links) - 1}\x00"

    text = _MD_LINK.sub(lambda m: hold(m[1], m[2]), text)
    text = _HTML_LINK.sub(lambda m: hold(m[2], m[1]), text)
    text = _plain(text)
    pieces = _split_outside_brackets(text) if split else [text]
    found: list[Person] = []
    more = False
    for piece in pieces:
        piece = piece.strip()
        if piece.lower() in _MORE:
            more = True
        elif piece:
            found.append(_person(piece, links))
    return [p for p in found if p.name], more


def _person(piece: str, links: list[tuple[str, str]]) -> Person:
    url = None
    held = re.search(r"\x00(\d+)\x00", piece)
    if held:
        label, url = links[int(held[1])]
        piece = piece.replace(held[0], label)
    piece = re.sub(r"\x00\d+\x00", "", piece)
    affiliation = None
    m = _AFFILIATION.match(piece)
    if m:
        piece, affiliation = m["name"], " ".join(m["aff"].split())
    name = " ".join(piece.split()).strip(" ,;")
    return Person(
        name=name,
        url=url if url and url.startswith(("http:", "https:")) else None,
        affiliation=affiliation,
    )


def _plain(text: str) -> str:
    """Text without tags, entities or Markdown emphasis."""
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)", "", text)


def _split_outside_brackets(text: str) -> list[str]:
    """TEXT split at `,`, `;`, `&` and `and`, except inside brackets: 'Ann (Univ, Dept)'."""
    out, current = [], ""
    for chunk in re.split(r"(\([^()]*\))", text):
        if chunk.startswith("("):
            current += chunk
            continue
        first, *rest = _SEPARATOR.split(chunk)
        current += first
        for part in rest:
            out.append(current)
            current = part
    out.append(current)
    return out


def _name_from_map(value: Mapping[str, Any]) -> str | None:
    for key in ("display_name", "name", "full_name"):
        if value.get(key):
            return text_value(value[key])
    first, last = text_value(value.get("first_name")), text_value(value.get("last_name"))
    if first or last:
        return " ".join(p for p in (first, last) if p)
    return text_value(value.get("login"))


def _resolved(person: Person, table: People, warn: Warn | None) -> Person:
    """A person written as an id (`lauren-frohlich`), as the site's people table has them."""
    if person.url or person.affiliation:
        return person
    known = table.get(person.name) or table.get(person.name.lower())
    if known is not None:
        return known
    if _ID.match(person.name) and warn is not None:
        warn(
            f"author {person.name!r} looks like an id, and no [authors] table in book.toml nor "
            "_data/authors.yml names it; shown as written"
        )
    return person
