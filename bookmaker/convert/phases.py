"""convert: the phases of one conversion, in the order `convert` runs them, over one parsed tree.

Each phase is a short list of transforms (each in its own module, each tested on its own) over
the `Draft`, the conversion's working state: parse, clean, split into sections, resolve,
normalise, notes, and the chapter.  The order matters and is written down once, in `convert`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial

from bs4 import BeautifulSoup, Tag

from bookmaker import ids
from bookmaker.convert import (
    anchors,
    assets,
    blocks,
    bounds,
    citations,
    contributors,
    cruft,
    embeds,
    endnotes,
    figures,
    footnotes,
    language,
    leftovers,
    links,
    math,
    portraits,
    sanitize,
    structure,
)
from bookmaker.convert.context import ConvertContext
from bookmaker.convert.contributors import PART_ATTR, Parts
from bookmaker.convert.parse import parse, to_xhtml
from bookmaker.convert.tree import plain_strings_outside, tags
from bookmaker.convert.voices import SPEAKER_ATTR
from bookmaker.convert.voices.names import Roster
from bookmaker.errors import Diagnostics
from bookmaker.limits import LimitError, over
from bookmaker.model import Asset, Chapter, Endnote, Person, Post, Section, Voice


@dataclass
class Draft:
    """One post being converted: its tree, and what the phases found so far."""

    post: Post
    ctx: ConvertContext
    soup: BeautifulSoup
    body: Tag
    chapter_id: str
    language: str
    diags: Diagnostics
    #: The intro and the contributor sections (set by `split_sections`).
    parts: Parts | None = None
    #: The post's own footnote bodies, when it has any.
    notes_holder: Tag | None = None
    assets: list[Asset] = field(default_factory=list)
    #: Each section's contributor (None for an untitled part), with a local photo made an asset.
    people: list[Person | None] = field(default_factory=list)

    @property
    def bases(self) -> tuple[str | None, ...]:
        """What a relative link is read against: the post's address, then the site's."""
        return (self.post.source_url, self.ctx.site_url)

    @property
    def split(self) -> Parts:
        """The intro and the sections: everything after `split_sections` works on these."""
        assert self.parts is not None, "split_sections runs first"
        return self.parts


def parse_post(post: Post, ctx: ConvertContext) -> Draft:
    """One parse of the body; a post with more links or table cells than the limits is
    refused, and absurd nesting flattened (every later pass would be slow on it); then the
    chapter's language from what the text is written in."""
    diags = Diagnostics(post.display_path)
    soup, body = parse(post.body_html)
    limits = ctx.limits
    bounds.refuse_past_limits(body, limits, post.display_path)
    flattened = structure.flatten_deep(body, limits.nesting_depth)
    if flattened:
        diags.warn(
            f"{flattened} element(s) nested more than {limits.nesting_depth} deep lost their "
            "tags, kept their text (limits.nesting_depth)",
            "convert.nesting",
        )
    words = language.visible_prose(plain_strings_outside(body, language.NOT_PROSE))
    lang, why = language.choose(post.language, words, ctx.language)
    if why:
        diags.warn(why, "read.language")
    return Draft(post, ctx, soup, body, ids.chapter_id(post.slug), lang, diags)


def clean(draft: Draft) -> None:
    """What the site put around the article goes; embeds become a line with a link, and math
    one marker of its TeX."""
    post, body = draft.post, draft.body
    math.collect(draft.soup, body)  # first: MathJax keeps its TeX in scripts
    embeds.replace_embeds(draft.soup, body, post.source_url or draft.ctx.site_url, draft.language)
    citations.keep_citations(draft.soup, body, draft.diags)
    removed = cruft.remove_cruft(body)  # first: forms are evidence of a sign-up section
    sanitize.drop_non_content(body)
    leftovers.remove_attribute_lists(body)
    cruft.remove_title_heading(body, post.title)
    removed += cruft.remove_cruft(body)
    for why in removed:
        draft.diags.note(f"removed {why}", "cruft")
    figures.make_figures(draft.soup, body)


def split_sections(draft: Draft) -> None:
    """The post's footnotes move into a holder, and the text splits into the intro and one
    section per contributor, all under one root."""
    post, soup = draft.post, draft.soup
    draft.notes_holder = footnotes.extract_footnotes(soup, draft.body, draft.diags)
    declared = contributors.Declared(
        post.contributor_details or tuple(Person(n) for n in post.contributors),
        post.authors,
        post.title,
    )
    portrait = partial(portraits.is_portrait, find=partial(draft.ctx.resolve_asset, post))
    parts = contributors.split_contributors(
        soup, draft.body, declared, draft.ctx.profiles, draft.ctx.detect_voices, portrait
    )
    for note in parts.notes:
        draft.diags.note(note, "voices")
    _unmatched(draft, declared.contributors, parts)
    cruft.remove_empty_anchors(parts.root)
    # a comment section or a "Comments" heading whose contributions were moved out
    for why in parts.removed + cruft.remove_cruft(parts.intro, comments=True):
        draft.diags.note(f"removed {why}", "cruft")
    if draft.notes_holder is not None:
        parts.root.append(draft.notes_holder)
    draft.parts = parts


def _unmatched(draft: Draft, declared: tuple[Person, ...], parts: Parts) -> None:
    """A declared contributor that nothing in the text matched is a warning naming them."""
    found = Roster(p for _, p in parts.sections if p is not None)
    for person in parts.speakers:
        found.add(person)
    for person in declared:
        if found.match(person.name) is None:
            draft.diags.warn(
                f"contributor {person.name!r} of the front matter matches no heading, block or "
                "speaker in the text; named in the byline only",
                "contributors.unmatched",
            )


def resolve(draft: Draft) -> None:
    """Images become assets or labels, links become absolute or cross-references, and each
    contributor's local photo an asset."""
    post, ctx, root = draft.post, draft.ctx, draft.split.root
    draft.assets = assets.resolve_images(
        draft.soup,
        root,
        lambda src: ctx.resolve_asset(post, src),
        draft.diags,
        lambda src: links.absolute(src, draft.bases),
    )
    links.resolve_links(root, ctx.find_chapter, draft.bases, draft.diags)
    for _, person in draft.split.sections:
        if person is None:
            draft.people.append(None)
            continue
        person, photo = _with_photo(person, post, ctx)
        draft.people.append(person)
        if photo is not None:
            draft.assets.append(photo)


def normalise(draft: Draft) -> None:
    """Only safe, valid XHTML stays; blocks are tidied, headings sit under the chapter title,
    math becomes MathML, and the post's ids are made unique book-wide."""
    soup, parts, root = draft.soup, draft.split, draft.split.root
    depth = draft.ctx.limits.nesting_depth
    sanitize.sanitize(soup, root)
    structure.repair(soup, root, depth)
    blocks.normalise_blocks(soup, root, _part_tags(draft))
    structure.repair(soup, root, depth)  # layout divs turned paragraphs may sit inside inline tags
    blocks.demote_headings(parts.intro, 2)
    for wrapper, person in parts.sections:
        # under a voice's name (h2) its headings start at h3; an untitled part has no name
        blocks.demote_headings(wrapper, 2 if person is None else 3)
    math.render(soup, root, draft.diags)
    if language.direction(draft.language) == "rtl":
        for pre in tags(root, "pre"):
            pre["dir"] = "ltr"  # code reads left to right in any language
    anchors.namespace_ids(root, draft.chapter_id)


def _part_tags(draft: Draft) -> list[Tag]:
    """bookmaker's own wrappers, which tidying must keep."""
    kept = [draft.split.intro, *(w for w, _ in draft.split.sections)]
    if draft.notes_holder is not None:
        kept.append(draft.notes_holder)
        kept.extend(t for t in tags(draft.notes_holder) if t.get(footnotes.NOTE_ATTR) is not None)
    return kept


def make_notes(draft: Draft) -> tuple[Endnote, ...]:
    """Every qualifying link, and every footnote of the post, becomes a numbered note."""
    date = draft.post.date
    options = endnotes.NoteOptions(
        share_repeated=draft.ctx.share_repeated_urls,
        archive=draft.ctx.archive_links,
        date=date.strftime("%Y%m%d") if date else None,
    )
    root = draft.split.root
    notes = endnotes.make_endnotes(draft.soup, root, draft.chapter_id, draft.notes_holder, options)
    most = draft.ctx.limits.notes_per_chapter
    if len(notes) > most:
        message = over(f"the chapter has {len(notes):,} notes", "notes_per_chapter", most)
        raise LimitError(message, draft.post.display_path)
    return notes


def chapter(draft: Draft, notes: tuple[Endnote, ...]) -> Chapter:
    """The tree serialised into the model: the intro, each section, and the chapter's facts."""
    post, parts = draft.post, draft.split
    voices = _voices(draft)  # first: it takes its markers out of the tree
    return Chapter(
        id=draft.chapter_id,
        title=post.title,
        subtitle=post.subtitle,
        authors=contributors.byline(
            post.authors, (*(p for p in draft.people if p), *parts.speakers)
        ),
        date=post.date,
        source_url=post.source_url,
        language=draft.language,
        direction=language.direction(draft.language),
        tags=post.tags,
        intro=to_xhtml(parts.intro),
        sections=_sections(draft),
        endnotes=notes,
        assets=tuple(sorted({a.href: a for a in draft.assets}.values(), key=lambda a: a.href)),
        source_path=post.display_path,
        more_authors=post.more_authors and not any(draft.people) and not parts.speakers,
        categories=post.categories,
        voices=voices,
    )


def _sections(draft: Draft) -> tuple[Section, ...]:
    """Each contributor's section, with the bio found in it moved to the person."""
    sections = []
    taken: set[str] = set()
    for (wrapper, _), person in zip(draft.split.sections, draft.people):
        if person is None:
            section_id = ids.section_id(draft.chapter_id, "part", taken)
            sections.append(Section(id=section_id, person=None, html=to_xhtml(wrapper)))
            continue
        bio = next((d for d in tags(wrapper, "div") if d.get(PART_ATTR) == "bio"), None)
        if bio is not None:
            person = replace(person, bio=to_xhtml(bio))
            bio.decompose()
        section_id = ids.section_id(draft.chapter_id, person.name, taken)
        sections.append(Section(id=section_id, person=person, html=to_xhtml(wrapper)))
    return tuple(sections)


def _voices(draft: Draft) -> tuple[Voice, ...]:
    """A transcript's speakers, each with the id of the label of their first turn."""
    first = {}
    for label in [t for t in tags(draft.split.root) if t.get(SPEAKER_ATTR) is not None]:
        if label.get("id"):
            first[str(label[SPEAKER_ATTR])] = str(label["id"])
        del label[SPEAKER_ATTR]
    return tuple(Voice(first[p.name], p) for p in draft.split.speakers if p.name in first)


def _with_photo(person: Person, post: Post, ctx: ConvertContext) -> tuple[Person, Asset | None]:
    """A photo the images stage had (a file of the book, or fetched) becomes an asset; any
    other is dropped: the book carries no remote files, and a theme draws a monogram instead."""
    if not person.photo:
        return person, None
    found = ctx.resolve_asset(post, person.photo)
    asset = found if isinstance(found, Asset) else None
    return replace(person, photo=asset.href if asset else None), asset
