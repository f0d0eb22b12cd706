"""Names of people and sites, one way everywhere: the form two spellings of a name are compared
in, the form a library catalogue sorts a person by, and the name a site goes by.

convert compares a contributor's heading with the front matter, assemble merges the people of
the index and decides the credits, and the themes print a source's site; all of them use these,
so a name that matches in one stage matches in the others.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from bookmaker.addresses import split_url

#: Words that follow a name rather than begin it: "King, Martin Luther, Jr."
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "phd", "ph.d.", "md", "m.d."}
#: Leading articles of an organisation's name, filed at the end: "Commons Desk, The".
_ARTICLES = ("The ",)


def normal_text(text: str) -> str:
    """Case-, accent- and punctuation-blind form of a text, for comparisons."""
    return _short_normal(text) if len(text) <= SHORT else _normal(text)


#: The texts whose normal forms are kept (`_short_normal`): names, not paragraphs.
SHORT = 120


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


#: Assemble compares a book's names some 9,000 times (500 posts), the same few hundred names.
_short_normal = functools.lru_cache(maxsize=4096)(_normal)


def file_as(name: str) -> str:
    """The form a library catalogue sorts a personal name by: family name, comma, the rest.

    Names without spaces (one-word names, most CJK names, web sites) and names that already
    carry a comma are left as they are; particles stay with the given names
    ("Beethoven, Ludwig van"), as library practice does for most languages.
    """
    name = " ".join(name.split())
    if "," in name or " " not in name or re.search(r"\.\w{2,}$", name):
        return name
    for article in _ARTICLES:
        if name.startswith(article):
            return f"{name[len(article) :]}, {article.strip()}"
    words = name.split(" ")
    suffix = []
    while len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix.insert(0, words.pop())
    family, given = words[-1], " ".join(words[:-1])
    return ", ".join([family, given, *([" ".join(suffix)] if suffix else [])])


def sort_name(name: str) -> str:
    """'Una Aleksandra Bērziņa-Čerenkova' files under B: the catalogue form, compared blind."""
    return normal_text(file_as(name))


def site_name(url: str | None) -> str:
    """The name a site goes by: the host of URL without `www.` ('' when there is none)."""
    parts = split_url(url or "")
    host = (parts.hostname if parts else None) or ""
    return host.removeprefix("www.")
