"""Stage 3, assemble: who the book is by and who contributed to it (chapters + config →
`Credits`, pure).  Both editions, the drawn cover and the package metadata name these people.

The rule: nobody is both creator and contributor.  `book.authors` and `book.editors` are the
creators when the config names any; without them, the posts' authors who are not contributors;
and when even those are missing, the one site all posts come from stands as editor, so a
reading system never shows "Unknown" for a collection of other people's contributions (a
ChinaFile conversation is edited by chinafile.com, with contributions by its four voices).
Contributors are the people of the contributors index.
"""

from __future__ import annotations

from bookmaker.config import BookSection
from bookmaker.model import Chapter, ContributorEntry, Credit, Credits, Person
from bookmaker.names import file_as, normal_text, site_name


def credit(person: Person, role: str) -> Credit:
    return Credit(person=person, role=role, file_as=file_as(person.name))


def credits_for(
    chapters: tuple[Chapter, ...], book: BookSection, index: tuple[ContributorEntry, ...]
) -> Credits:
    """The book's credits.  Contributors come in the order they first appear in the book, as
    in the bylines, not in the index's alphabetical order."""
    people = {normal_text(e.person.name): e.person for e in index}
    appearance = dict.fromkeys(normal_text(p.name) for c in chapters for _, p in c.places)
    contributors = [credit(people[key], "ctb") for key in appearance if key in people]
    more = False
    if book.authors or book.editors:
        authors = [credit(Person(n), "aut") for n in book.authors]
        editors = [credit(Person(n), "edt") for n in book.editors]
    else:
        authors, more = _post_authors(chapters, {normal_text(c.name) for c in contributors})
        site = _common_site(chapters)
        editors = [credit(Person(site), "edt")] if not authors and site else []
    creator_keys = {normal_text(c.name) for c in authors + editors}
    return Credits(
        authors=tuple(authors),
        editors=tuple(editors),
        contributors=tuple(c for c in contributors if normal_text(c.name) not in creator_keys),
        more_authors=more,
    )


def _post_authors(
    chapters: tuple[Chapter, ...], contributor_keys: set[str]
) -> tuple[list[Credit], bool]:
    """The posts' authors who are not contributors, each once, in order of appearance; and
    whether a byline that gave some of them said "& more" without naming the rest."""
    seen: dict[str, Credit] = {}
    more = False
    for chapter in chapters:
        named = [p for p in chapter.authors if normal_text(p.name) not in contributor_keys]
        for person in named:
            seen.setdefault(normal_text(person.name), credit(person, "aut"))
        more = more or (chapter.more_authors and bool(named))
    return list(seen.values()), more


def _common_site(chapters: tuple[Chapter, ...]) -> str | None:
    """The site every chapter was first published on, if they share one."""
    sites = {site_name(c.source_url) for c in chapters}
    return sites.pop() or None if len(sites) == 1 else None
