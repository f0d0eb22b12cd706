"""convert: split a post into the editors' intro and one section per named contributor.

How a site marks its contributors is data, not code: a `Profile` names CSS selectors for the
contributor blocks and, inside each, the name, body, bio and photo.  Posts written in Markdown
mark contributors with a heading per contributor plus a `contributors:` list in front matter.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from bookmaker.convert.tree import gone, tags
from bookmaker.model import Person
from bookmaker.names import normal_text
from bookmaker.xhtml import HEADINGS

PART_ATTR = "data-bm-part"


@dataclass(frozen=True)
class Profile:
    """CSS selectors that find contributor sections in one kind of page."""

    name: str
    section: str
    name_selector: str
    body: str | None = None
    bio: str | None = None
    photo: str | None = None
    intro: str | None = None


#: Built-in profiles, tried in order after the user's own.
DRUPAL_CONVERSATION = Profile(
    name="drupal-conversation",
    section="article.comment",
    name_selector=".node-profile h3, h3",
    body=".field-name-comment-body",
    bio=".field-name-field-profile-bio, .field-name-field-bio",
    photo=".field-name-field-profile-photo img",
)
#: Markup for contributions that pages and hand-written HTML posts use: a block marked as a
#: contribution, with the contributor's name in it.  WordPress comment threads (`li.comment`)
#: are deliberately not here: readers' comments are not contributions.
GENERIC = Profile(
    name="generic",
    section="section.contribution, div.contribution, article.contribution, [data-contributor]",
    name_selector="[data-contributor-name], .contributor-name, .contributor .name, .byline, .author",
    body=".contribution-body",
    bio=".contributor-bio, .bio",
    photo=".contributor-photo img, img.contributor-photo, img.avatar, img.photo",
)
BUILTIN_PROFILES = (DRUPAL_CONVERSATION, GENERIC)


@dataclass
class Parts:
    """The intro and the contributor sections, each a `div` in one shared tree."""

    root: Tag
    intro: Tag
    sections: list[tuple[Tag, Person]]


def split_contributors(
    soup: BeautifulSoup,
    body: Tag,
    contributors: tuple[str, ...],
    profiles: tuple[Profile, ...],
    details: tuple[Person, ...] = (),
) -> Parts:
    root = soup.new_tag("div")
    intro = soup.new_tag("div", attrs={PART_ATTR: "intro"})
    root.append(intro)
    sections = _by_profile(soup, body, profiles) or _by_headings(soup, body, contributors, details)
    for child in list(body.contents):
        intro.append(child.extract())
    for wrapper, _person in sections:
        root.append(wrapper)
    body.append(root)
    return Parts(root=root, intro=intro, sections=sections)


def _by_profile(
    soup: BeautifulSoup, body: Tag, profiles: tuple[Profile, ...]
) -> list[tuple[Tag, Person]]:
    for profile in profiles:
        named = [(b, _name_element(b, profile)) for b in body.select(profile.section)]
        named = [(b, n) for b, n in named if n is not None or _attr_name(b)]
        outer = [(b, n) for b, n in named if not any(p is o for o, _ in named for p in b.parents)]
        if outer:
            return [_section_from_block(soup, block, profile, name) for block, name in outer]
    return []


def _name_element(block: Tag, profile: Profile) -> Tag | None:
    for el in block.select(profile.name_selector):
        if el.get_text(strip=True):
            return el
    return None


def _attr_name(block: Tag) -> str:
    value = block.get("data-contributor")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _section_from_block(
    soup: BeautifulSoup, block: Tag, profile: Profile, name_el: Tag | None
) -> tuple[Tag, Person]:
    if name_el is None:
        name_el = soup.new_tag("span")
        name_el.string = _attr_name(block)
        block.insert(0, name_el)
    name = " ".join(name_el.get_text(" ", strip=True).split())
    link = name_el if name_el.name == "a" else name_el.find("a", href=True)
    url = link.get("href") if link is not None and isinstance(link.get("href"), str) else None
    photo_el = block.select_one(profile.photo) if profile.photo else None
    bio_el = block.select_one(profile.bio) if profile.bio else None
    bio_html = None
    if bio_el is not None and bio_el.get_text(strip=True):
        bio_html = bio_el
    body_el = block.select_one(profile.body) if profile.body else None
    wrapper = soup.new_tag("div", attrs={PART_ATTR: "section"})
    if body_el is None:
        for el in (name_el, photo_el, bio_el):
            if el is not None and not gone(el):
                el.extract()
        body_el = block
    for child in list(body_el.contents):
        wrapper.append(child.extract())
    if bio_html is not None:
        bio_wrapper = soup.new_tag("div", attrs={PART_ATTR: "bio"})
        for child in list(bio_html.contents):
            bio_wrapper.append(child.extract())
        wrapper.insert(0, bio_wrapper)
    photo = photo_el.get("src") if photo_el is not None else None
    block.decompose()
    return wrapper, Person(name=name, url=url, photo=photo if isinstance(photo, str) else None)


def _by_headings(
    soup: BeautifulSoup, body: Tag, contributors: tuple[str, ...], details: tuple[Person, ...]
) -> list[tuple[Tag, Person]]:
    """Sections that start at a heading naming a contributor listed in the front matter."""
    if not contributors:
        return []
    wanted = {normal_text(n): n for n in contributors}
    known = {normal_text(p.name): p for p in details}
    headings = [h for h in tags(body, *HEADINGS) if normal_text(h.get_text()) in wanted]
    if not headings:
        return []
    level = min(h.name for h in headings)
    starts = [h for h in headings if h.name == level and h.parent is headings[0].parent]
    sections = []
    for heading in starts:
        wrapper = soup.new_tag("div", attrs={PART_ATTR: "section"})
        node = heading.next_sibling
        while node is not None and not any(node is s for s in starts):
            nxt = node.next_sibling
            if isinstance(node, Tag) and node.name in HEADINGS and node.name <= level:
                break
            wrapper.append(node.extract())
            node = nxt
        link = heading.find("a", href=True)
        url = link.get("href") if link is not None else None
        key = normal_text(heading.get_text())
        given = known.get(key, Person(wanted[key]))
        heading.decompose()
        sections.append(
            (
                wrapper,
                Person(
                    name=given.name,
                    url=given.url or (url if isinstance(url, str) else None),
                    bio=given.bio,
                    photo=given.photo,
                ),
            )
        )
    return sections
