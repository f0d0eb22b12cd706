"""Stage 3, assemble: chapters + config → `Book` (pure).

Groups the chapters (in the order read chose) into parts, places the editors' own texts
before and after them, builds the contributors index, and decides every fact both editions
state, so no builder works one out again: the metadata (title, a stable identifier),
the credits (`credits.py`), the dates, which come from the posts or `SOURCE_DATE_EPOCH`, never
from the clock, so two builds of the same input are identical, the sources and the contents
(`contents.py`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import replace
from pathlib import Path, PurePosixPath

from bookmaker.config import Config, PartsSection
from bookmaker.contents import book_contents
from bookmaker.credits import credits_for
from bookmaker.errors import Diagnostic
from bookmaker.model import (
    Asset,
    Book,
    BookMeta,
    Chapter,
    ContributorEntry,
    Dates,
    Matter,
    Part,
    Person,
    Source,
)
from bookmaker.names import normal_text, site_name, sort_name
from bookmaker.read.select import as_utc
from bookmaker.sections import FRONT
from bookmaker.slugs import slugify
from bookmaker.subjects import book_subjects

#: The date used when neither the posts nor SOURCE_DATE_EPOCH give one.
FALLBACK_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def assemble(
    chapters: list[Chapter],
    config: Config,
    source: Path,
    source_date_epoch: int | None = None,
    matter: tuple[Matter, ...] = (),
    cover: Asset | None = None,
) -> Book:
    """The book of CHAPTERS, in their order, with the editors' texts MATTER around them."""
    parts = group_into_parts(tuple(chapters), config.parts)
    if config.endnotes.numbering == "book":
        numbered = {
            c.id: c for c in number_through_book(tuple(c for p in parts for c in p.chapters))
        }
        parts = tuple(replace(p, chapters=tuple(numbered[c.id] for c in p.chapters)) for p in parts)
    ordered = tuple(c for part in parts for c in part.chapters)
    index = contributors_index(ordered)
    credits = credits_for(ordered, config.book, index)
    meta = book_meta(ordered, config, source)
    assets: dict[str, Asset] = {}
    for chapter in ordered:
        for asset in chapter.assets:
            assets.setdefault(asset.href, asset)
    sources = book_sources(ordered)
    front = tuple(m for m in matter if m.kind in FRONT)
    back = tuple(m for m in matter if m.kind not in FRONT)
    for text in matter:
        for asset in text.chapter.assets:
            assets.setdefault(asset.href, asset)
    return Book(
        slug=config.book.slug or slugify(meta.title) or "book",
        meta=meta,
        parts=parts,
        contributors=index,
        assets=tuple(sorted(assets.values(), key=lambda a: a.href)),
        root=source if source.is_dir() else source.parent,
        credits=credits,
        dates=book_dates(ordered, source_date_epoch),
        sources=sources,
        sites=book_sites(sources),
        contents=book_contents(parts, credits, front, back),
        front=front,
        back=back,
        cover=cover,
    )


def group_into_parts(chapters: tuple[Chapter, ...], config: PartsSection) -> tuple[Part, ...]:
    """The chapters (in date order) grouped as `[parts]` says; chapters that fall in no part
    (undated, uncategorised, or matched by no pattern) follow in an untitled group."""
    if config.by == "none":
        return (Part(title=None, chapters=chapters, number=1),)
    groups: dict[str, list[Chapter]] = {}
    if config.by == "list":
        for spec in config.part:
            groups[spec.title] = []
    rest: list[Chapter] = []
    for chapter in chapters:
        key = _part_key(chapter, config)
        if key is None:
            rest.append(chapter)
        else:
            groups.setdefault(key, []).append(chapter)
    parts = [(title, tuple(members)) for title, members in groups.items() if members]
    if rest:
        parts.append((None, tuple(rest)))
    return tuple(Part(t, members, n) for n, (t, members) in enumerate(parts, start=1))


def _part_key(chapter: Chapter, config: PartsSection) -> str | None:
    if config.by == "year":
        return str(chapter.date.year) if chapter.date else None
    if config.by == "category":
        return chapter.categories[0] if chapter.categories else None
    path = PurePosixPath(chapter.source_path.replace("\\", "/"))
    for spec in config.part:
        if any(path.match(pattern) for pattern in spec.posts):
            return spec.title
    return None


def number_through_book(chapters: tuple[Chapter, ...]) -> tuple[Chapter, ...]:
    """Notes numbered 1..n through the whole book, in reading order, without gaps.

    Note ids stay per chapter (they only need to be unique); the numbers shown change.
    """
    from bookmaker.convert.endnotes import renumber  # bs4: only a book numbered through

    out = []
    offset = 0
    for chapter in chapters:
        if not chapter.endnotes:
            out.append(chapter)
            continue
        numbers = {note.id: offset + i for i, note in enumerate(chapter.endnotes, start=1)}
        notes = tuple(replace(note, number=numbers[note.id]) for note in chapter.endnotes)
        out.append(
            replace(
                chapter,
                intro=renumber(chapter.intro, numbers),
                sections=tuple(
                    replace(s, html=renumber(s.html, numbers)) for s in chapter.sections
                ),
                endnotes=notes,
            )
        )
        offset += len(chapter.endnotes)
    return tuple(out)


def contributors_index(chapters: tuple[Chapter, ...]) -> tuple[ContributorEntry, ...]:
    """Each contributor once, with the chapters and sections they wrote, sorted by name."""
    people: dict[str, Person] = {}
    where: dict[str, tuple[list[str], list[str]]] = {}
    for chapter in chapters:
        for place, person in chapter.places:
            key = normal_text(person.name)
            people[key] = _merge(people[key], person) if key in people else person
            chapter_ids, section_ids = where.setdefault(key, ([], []))
            if chapter.id not in chapter_ids:
                chapter_ids.append(chapter.id)
            section_ids.append(place)
    entries = [ContributorEntry(people[k], tuple(where[k][0]), tuple(where[k][1])) for k in people]
    return tuple(sorted(entries, key=lambda e: sort_name(e.person.name)))


def _merge(first: Person, other: Person) -> Person:
    """One person seen in two chapters: what either chapter says of them, the first one first."""
    return Person(
        first.name,
        first.url or other.url,
        first.bio or other.bio,
        first.photo or other.photo,
        first.affiliation or other.affiliation,
    )


def book_meta(chapters: tuple[Chapter, ...], config: Config, source: Path) -> BookMeta:
    b = config.book
    single = chapters[0] if len(chapters) == 1 else None
    title = b.title or (single.title if single else _title_from_folder(source))
    subtitle = b.subtitle or (single.subtitle if single else None)
    languages = Counter(c.language for c in chapters)
    language = b.language or (languages.most_common(1)[0][0] if languages else "en")
    urls = [c.source_url for c in chapters if c.source_url]
    identifier = b.identifier or "urn:uuid:" + str(
        uuid.uuid5(
            uuid.NAMESPACE_URL,
            "bookmaker:" + title + "\n" + "\n".join(urls or [c.id for c in chapters]),
        )
    )
    tags = book_subjects(b.subjects, (t for c in chapters for t in c.tags), language)
    return BookMeta(
        title=title,
        subtitle=subtitle,
        language=language,
        identifier=identifier,
        publisher=b.publisher,
        rights=b.rights,
        description=b.description,
        subjects=tags,
        direction="rtl" if all(c.direction == "rtl" for c in chapters) and chapters else None,
    )


def book_dates(chapters: tuple[Chapter, ...], source_date_epoch: int | None) -> Dates:
    """The oldest and newest chapter's dates, and this edition's: SOURCE_DATE_EPOCH, else the
    newest post's date, else a fixed date; never the clock."""
    dates = sorted(as_utc(c.date) for c in chapters if c.date)
    first, last = (dates[0], dates[-1]) if dates else (None, None)
    if source_date_epoch is not None:
        edition = dt.datetime.fromtimestamp(source_date_epoch, dt.UTC)
    else:
        edition = last or FALLBACK_DATE
    return Dates(first, last, edition.replace(microsecond=0))


def book_sources(chapters: tuple[Chapter, ...]) -> tuple[Source, ...]:
    return tuple(
        Source(c.id, c.title, c.date, c.source_url, site_name(c.source_url) or None)
        for c in chapters
    )


def book_sites(sources: tuple[Source, ...]) -> tuple[str, ...]:
    """The sites the chapters first appeared at, the most frequent first (then by name)."""
    counts = Counter(s.site for s in sources if s.site)
    return tuple(name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def unset_facts(book: Book, config: Config) -> list[Diagnostic]:
    """Warnings for what a reader expects and no setting gave: a title (else the folder's
    name stands in) and an author (else the book is by nobody).  Each names where to set it:
    a one-post book's post, else the book's book.toml (or its folder)."""
    single = book.chapters[0].source_path if len(book.chapters) == 1 else None
    where = single or str(config.path or config.root)
    warnings = []
    if not config.book.title and not single:
        warnings.append(
            Diagnostic(
                f"the book has no title; using {book.meta.title!r}, made from the folder's "
                "name (set [book] title in book.toml, or -D book.title='…')",
                "book.title",
                where,
            )
        )
    if not book.credits.creators:
        how = "give the post an author: line, or " if single else ""
        warnings.append(
            Diagnostic(
                f'the book names no author; {how}set [book] authors = ["…"] (or editors) '
                "in book.toml",
                "book.author",
                where,
            )
        )
    return warnings


def _title_from_folder(source: Path) -> str:
    name = (source if source.is_dir() else source.parent).resolve().name
    return name.replace("-", " ").replace("_", " ").strip().title() or "Untitled"
