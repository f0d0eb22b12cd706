"""Stage 2, convert: `Post` → `Chapter`, pure and per post.

One parse of the body, then a fixed list of small transforms over the same tree, then one
serialisation per part.  No transform reads or writes files: whatever needs the file system
(finding images, other posts) comes in through the `ConvertContext`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bookmaker.convert import (
    assets,
    blocks,
    contributors,
    cruft,
    embeds,
    endnotes,
    figures,
    footnotes,
    ids,
    language,
    leftovers,
    links,
    sanitize,
    structure,
)
from bookmaker.convert.contributors import PART_ATTR, Profile
from bookmaker.convert.parse import parse, to_xhtml
from bookmaker.errors import Diagnostics
from bookmaker.model import Asset, Chapter, Person, Post, Section
from bookmaker.names import normal_text
from bookmaker.slugs import slugify

RTL_LANGUAGES = language.RTL_LANGUAGES


@dataclass(frozen=True)
class ConvertContext:
    """What a conversion may know beyond its post."""

    resolve_asset: Callable[[Post, str], Asset | None] = lambda post, src: None
    #: The chapter a link points to when it is another post of the book (see `xrefs.LinkIndex`).
    find_chapter: Callable[[str], str | None] = lambda url: None
    profiles: tuple[Profile, ...] = contributors.BUILTIN_PROFILES
    share_repeated_urls: bool = True
    language: str = "en"
    #: The blog's own address (`[site] url`), for root-relative links and `{{ site.url }}`.
    site_url: str | None = None
    #: Add a Wayback Machine address, dated by the post, to every link note.
    archive_links: bool = False


def chapter_id(post: Post) -> str:
    """An XML-name id from the post's slug; ids inside the chapter are prefixed with it."""
    return post.slug if post.slug[:1].isalpha() else "p" + post.slug


def convert(post: Post, ctx: ConvertContext) -> tuple[Chapter, Diagnostics]:
    diags = Diagnostics(post.display_path)
    cid = chapter_id(post)
    soup, body = parse(post.body_html)
    structure.flatten_deep(body)  # first: every later pass would be slow on absurd nesting
    declared = post.language
    words = " ".join(
        t
        for t in body.find_all(string=True)
        if t.parent is not None and t.parent.name not in {"script", "style", "head", "title"}
    )
    lang, why = language.choose(declared, words, ctx.language)
    if why:
        diags.warn(why, "read.language")
    bases = (post.source_url, ctx.site_url)

    embeds.replace_embeds(soup, body, post.source_url or ctx.site_url, lang)
    sanitize.drop_non_content(body)
    leftovers.remove_attribute_lists(body)
    cruft.remove_title_heading(body, post.title)
    cruft.remove_cruft(body)
    figures.make_figures(soup, body)
    notes_holder = footnotes.extract_footnotes(soup, body)
    parts = contributors.split_contributors(
        soup, body, post.contributors, ctx.profiles, post.contributor_details
    )
    cruft.remove_empty_anchors(parts.root)
    cruft.remove_cruft(parts.intro)  # a "Comments" heading whose contributions were moved out
    root = parts.root
    if notes_holder is not None:
        root.append(notes_holder)

    found_assets = assets.resolve_images(
        soup,
        root,
        lambda src: ctx.resolve_asset(post, src),
        diags,
        lambda src: links.absolute(src, bases),
    )
    links.resolve_links(root, ctx.find_chapter, bases, diags)
    people = []
    for _, person in parts.sections:
        person, photo = _with_photo(person, post, ctx)
        people.append(person)
        if photo is not None:
            found_assets.append(photo)
    sanitize.sanitize(soup, root)
    structure.repair(soup, root)
    part_tags = [parts.intro, *(w for w, _ in parts.sections)]
    if notes_holder is not None:
        part_tags.append(notes_holder)
        part_tags.extend(notes_holder.find_all(attrs={footnotes.NOTE_ATTR: True}))
    blocks.normalise_blocks(soup, root, part_tags)
    structure.repair(soup, root)  # layout divs turned paragraphs may sit inside inline tags
    blocks.demote_headings(parts.intro, 2)
    for wrapper, _ in parts.sections:
        blocks.demote_headings(wrapper, 3)
    if language.direction(lang) == "rtl":
        for pre in root.find_all("pre"):
            pre["dir"] = "ltr"  # code reads left to right in any language
    ids.namespace_ids(root, cid)
    notes = endnotes.make_endnotes(
        soup,
        root,
        cid,
        notes_holder,
        endnotes.NoteOptions(
            share_repeated=ctx.share_repeated_urls,
            archive=ctx.archive_links,
            date=post.date.strftime("%Y%m%d") if post.date else None,
        ),
    )

    sections = []
    used_ids: set[str] = set()
    for (wrapper, _), person in zip(parts.sections, people):
        bio = wrapper.find("div", attrs={PART_ATTR: "bio"})
        if bio is not None:
            person = Person(person.name, person.url, to_xhtml(bio), person.photo)
            bio.decompose()
        sections.append(
            Section(
                id=_section_id(cid, person.name, used_ids), person=person, html=to_xhtml(wrapper)
            )
        )
    chapter = Chapter(
        id=cid,
        title=post.title,
        subtitle=post.subtitle,
        authors=byline(post.authors, tuple(people)),
        date=post.date,
        source_url=post.source_url,
        language=lang,
        direction=language.direction(lang),
        tags=post.tags,
        intro=to_xhtml(parts.intro),
        sections=tuple(sections),
        endnotes=notes,
        assets=tuple(sorted({a.href: a for a in found_assets}.values(), key=lambda a: a.href)),
        source_path=post.display_path,
        more_authors=post.more_authors and not people,
        categories=post.categories,
    )
    return chapter, diags


def byline(authors: tuple[Person, ...], found: tuple[Person, ...]) -> tuple[Person, ...]:
    """Front matter authors first, then contributors found in the text, each name once."""
    merged: dict[str, Person] = {}
    for person in (*authors, *found):
        key = normal_text(person.name)
        if key not in merged or person.url and not merged[key].url:
            merged[key] = person
    return tuple(merged.values())


def _with_photo(person: Person, post: Post, ctx: ConvertContext) -> tuple[Person, Asset | None]:
    """A local photo becomes an asset; a remote one is dropped (books carry no remote files)."""
    if not person.photo:
        return person, None
    remote = person.photo.startswith(("http:", "https:", "//"))
    asset = None if remote else ctx.resolve_asset(post, person.photo)
    return Person(person.name, person.url, person.bio, asset.href if asset else None), asset


def _section_id(cid: str, name: str, used: set[str]) -> str:
    base = f"{cid}{ids.SEPARATOR * 2}{slugify(name) or 'contributor'}"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate
