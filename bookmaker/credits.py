"""Stage 3, assemble: who the book is by and who contributed to it, as package metadata
records them (chapters + config → `Credit`s, pure).

Each person is named once: configured authors and editors are the creators; without them,
the posts' authors who are not contributors; and when even those are missing, the one site
all posts come from stands as editor, so a reading system never shows "Unknown" for a
collection of other people's contributions.  Contributors are the people of the index.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bookmaker.config import BookSection
from bookmaker.convert.cruft import normal_text
from bookmaker.model import Chapter, ContributorEntry, Credit, Person

#: Words that follow a name rather than begin it: "King, Martin Luther, Jr."
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "phd", "ph.d.", "md", "m.d."}
#: Leading articles of an organisation's name, filed at the end: "Commons Desk, The".
_ARTICLES = ("The ",)


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


def credit(person: Person, role: str) -> Credit:
    return Credit(person=person, role=role, file_as=file_as(person.name))


def book_credits(
    chapters: tuple[Chapter, ...], book: BookSection, index: tuple[ContributorEntry, ...]
) -> tuple[tuple[Credit, ...], tuple[Credit, ...]]:
    """(creators, contributors) of the book; nobody is both.  Contributors come in the order
    they first appear in the book, as in the bylines, not in the index's alphabetical order."""
    people = {normal_text(e.person.name): e.person for e in index}
    appearance = dict.fromkeys(
        normal_text(s.person.name) for c in chapters for s in c.sections if s.person
    )
    contributors = [credit(people[key], "ctb") for key in appearance if key in people]
    contributor_keys = {normal_text(c.person.name) for c in contributors}
    if book.authors or book.editors:
        creators = [credit(Person(n), "aut") for n in book.authors]
        creators += [credit(Person(n), "edt") for n in book.editors]
    else:
        seen: dict[str, Credit] = {}
        for chapter in chapters:
            for person in chapter.authors:
                key = normal_text(person.name)
                if key not in contributor_keys:
                    seen.setdefault(key, credit(person, "aut"))
        creators = list(seen.values())
        site = _common_site(chapters)
        if not creators and site:
            creators = [credit(Person(site), "edt")]
    creator_keys = {normal_text(c.person.name) for c in creators}
    contributors = [c for c in contributors if normal_text(c.person.name) not in creator_keys]
    return tuple(creators), tuple(contributors)


def _common_site(chapters: tuple[Chapter, ...]) -> str | None:
    """The host every chapter was first published on, if they share one."""
    hosts = {
        (urlsplit(c.source_url).hostname or "").removeprefix("www.") if c.source_url else ""
        for c in chapters
    }
    return hosts.pop() or None if len(hosts) == 1 else None
