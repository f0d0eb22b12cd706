"""convert: split a post into the editors' intro and one section per named contributor.

How a site marks its contributors is data, not code: a `Profile` names CSS selectors for the
contributor blocks and, inside each, the name, body, bio and photo; profiles win where they
match.  Then the headings that name the people of `contributors:`; then, unless turned off,
the voices found by general evidence (`voices`): repeated blocks, headings that are names,
a transcript's speakers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from bookmaker.convert import cruft, css, portraits, voices
from bookmaker.convert.tree import gone
from bookmaker.convert.voices import PART_ATTR
from bookmaker.model import Person
from bookmaker.names import normal_text


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
    """The intro and the sections (a contributor's, or untitled when the person is None),
    each a `div` in one shared tree; a transcript's speakers; and what found them."""

    root: Tag
    intro: Tag
    sections: list[tuple[Tag, Person | None]]
    speakers: list[Person] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The site furniture removed along the way (comment sections).
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Declared:
    """Who the post says it is by (`author`) and with (`contributors:`)."""

    contributors: tuple[Person, ...] = ()
    authors: tuple[Person, ...] = ()
    #: The post's title, where an interview often names whom it is with.
    title: str = ""


def split_contributors(
    soup: BeautifulSoup,
    body: Tag,
    declared: Declared,
    profiles: tuple[Profile, ...],
    detect: bool = True,
    portrait: Callable[[Tag], bool] = lambda img: portraits.is_portrait(img, lambda src: None),
) -> Parts:
    """PORTRAIT says whether an image a profile's photo selector finds is the contributor's
    portrait (see `portraits`); any other stays in the section as content."""
    root = soup.new_tag("div")
    intro = soup.new_tag("div", attrs={PART_ATTR: "intro"})
    root.append(intro)
    found = voices.Voices(sections=list(_by_profile(soup, body, profiles, portrait)))
    removed = []
    if not found.sections:
        # What no profile took from a comment section is readers' comments: gone before the
        # evidence is read (a list of comments is repeated blocks that open with names).
        removed = cruft.remove_cruft(body, comments=True)
        found = voices.declared_sections(soup, body, declared.contributors)
    if not found.sections and detect:
        found = voices.detect(soup, body, declared.contributors, declared.authors, declared.title)
    sections = found.sections
    for child in list(body.contents):
        intro.append(child.extract())
    for wrapper, _person in sections:
        root.append(wrapper)
    body.append(root)
    return Parts(root, intro, sections, found.speakers, found.notes, removed)


def _by_profile(
    soup: BeautifulSoup, body: Tag, profiles: tuple[Profile, ...], portrait: Callable[[Tag], bool]
) -> list[tuple[Tag, Person | None]]:
    for profile in profiles:
        named = [(b, _name_element(b, profile)) for b in css.select(body, profile.section)]
        named = [(b, n) for b, n in named if n is not None or _attr_name(b)]
        outer = [(b, n) for b, n in named if not any(p is o for o, _ in named for p in b.parents)]
        if outer:
            return [
                _section_from_block(soup, block, profile, name, portrait) for block, name in outer
            ]
    return []


def _name_element(block: Tag, profile: Profile) -> Tag | None:
    for el in css.select(block, profile.name_selector):
        if el.get_text(strip=True):
            return el
    return None


def _attr_name(block: Tag) -> str:
    value = block.get("data-contributor")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _section_from_block(
    soup: BeautifulSoup,
    block: Tag,
    profile: Profile,
    name_el: Tag | None,
    portrait: Callable[[Tag], bool],
) -> tuple[Tag, Person]:
    if name_el is None:
        name_el = soup.new_tag("span")
        name_el.string = _attr_name(block)
        block.insert(0, name_el)
    name = " ".join(name_el.get_text(" ", strip=True).split())
    link = name_el if name_el.name == "a" else name_el.find("a", href=True)
    url = link.get("href") if link is not None and isinstance(link.get("href"), str) else None
    bio_el = css.select_one(block, profile.bio) if profile.bio else None
    bio_html = None
    if bio_el is not None and bio_el.get_text(strip=True):
        bio_html = bio_el
    body_el = css.select_one(block, profile.body) if profile.body else None
    photo_el = _photo(block, profile, body_el, (name_el, *([bio_el] if bio_el else [])), portrait)
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


def _photo(
    block: Tag,
    profile: Profile,
    body_el: Tag | None,
    skip: tuple[Tag, ...],
    portrait: Callable[[Tag], bool],
) -> Tag | None:
    """The first image the profile's photo selector finds that is a portrait: outside the
    voice's answer, before their text, and portrait by `portraits`.  Any other it found outside
    the answer moves to the answer's start, so that it is kept as content."""
    if not profile.photo:
        return None
    chosen, moved = None, 0
    for img in css.select(block, profile.photo):
        if img.name != "img":
            continue
        inside = body_el is not None and portraits.within(img, (body_el,))
        first = chosen is None and not inside and not portraits.text_before(img, block, skip)
        if first and portrait(img):
            chosen = img
            continue
        if body_el is not None and not inside:
            figure = img.find_parent("figure")  # a figure moves whole, with its caption
            kept = figure if figure is not None and portraits.within(figure, (block,)) else img
            body_el.insert(moved, kept.extract())
            moved += 1
    return chosen


def byline(authors: tuple[Person, ...], found: tuple[Person, ...]) -> tuple[Person, ...]:
    """Front matter authors first, then contributors found in the text, each name once."""
    merged: dict[str, Person] = {}
    for person in (*authors, *found):
        key = normal_text(person.name)
        if key not in merged or person.url and not merged[key].url:
            merged[key] = person
    return tuple(merged.values())
