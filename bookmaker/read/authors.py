"""read: the authors a blog describes once for all its posts (`site_people` reads them), so a
post that says `author: jdoe` is by "Jane Doe", with her page and bio.  A name that is no id
stays as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bookmaker.model import Person, Post
from bookmaker.read.liquid import Site
from bookmaker.read.people import people


def resolve(person: Person, table: Mapping[str, Person]) -> Person:
    """PERSON, or the person the authors data gives when their name is an author id."""
    found = table.get(person.name) or table.get(person.name.casefold())
    return found if found is not None else person


def with_site_people(post: Post, site: Site) -> Post:
    """POST with its author ids resolved through the site's authors data, and by the site's
    author when it names nobody (as Jekyll's `site.author` stands in for `page.author`)."""
    authors, more = post.authors, post.more_authors
    if not authors and site.author:
        authors, more = people({"author": site.author})
    authors = tuple(resolve(p, site.authors) for p in authors)
    contributors = tuple(resolve(p, site.authors) for p in post.contributor_details)
    if (authors, more, contributors) == (post.authors, post.more_authors, post.contributor_details):
        return post
    return replace(
        post,
        authors=authors,
        more_authors=more,
        contributor_details=contributors,
        contributors=tuple(p.name for p in contributors),
    )
