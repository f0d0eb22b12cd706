"""Stage 3, assemble: chapters + config → `Book` (pure).

Orders the chapters, builds the contributors index, and settles the book's metadata: title,
authors, a stable identifier, and dates that come from the posts or `SOURCE_DATE_EPOCH`, never
from the clock, so two builds of the same input are identical.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import replace
from pathlib import Path, PurePosixPath

from bookmaker.config import Config, PartsSection
from bookmaker.convert.cruft import normal_text
from bookmaker.convert.endnotes import renumber
from bookmaker.credits import book_credits, file_as
from bookmaker.model import Asset, Book, BookMeta, Chapter, ContributorEntry, Part, Person
from bookmaker.slugs import slugify

#: The date used when neither the posts nor SOURCE_DATE_EPOCH give one.
FALLBACK_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def chapter_order(chapter: Chapter) -> tuple:
    """Dated chapters first, oldest first; undated ones after, by source path."""
    date = _utc(chapter.date) if chapter.date else None
    return (date is None, date or FALLBACK_DATE, chapter.source_path)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def assemble(
    chapters: list[Chapter], config: Config, source: Path, source_date_epoch: int | None = None
) -> Book:
    parts = group_into_parts(tuple(sorted(chapters, key=chapter_order)), config.parts)
    ordered = tuple(c for part in parts for c in part.chapters)
    if config.endnotes.numbering == "book":
        numbered = {c.id: c for c in number_through_book(ordered)}
        parts = tuple(replace(p, chapters=tuple(numbered[c.id] for c in p.chapters)) for p in parts)
        ordered = tuple(c for part in parts for c in part.chapters)
    index = contributors_index(ordered)
    creators, contributors = book_credits(ordered, config.book, index)
    meta = replace(
        book_meta(ordered, config, source, source_date_epoch),
        creators=creators,
        contributors=contributors,
    )
    assets: dict[str, Asset] = {}
    for chapter in ordered:
        for asset in chapter.assets:
            assets.setdefault(asset.href, asset)
    slug = config.book.slug or slugify(meta.title) or "book"
    return Book(
        slug=slug,
        meta=meta,
        parts=parts,
        contributors=index,
        assets=tuple(sorted(assets.values(), key=lambda a: a.href)),
        root=source if source.is_dir() else source.parent,
    )


def group_into_parts(chapters: tuple[Chapter, ...], config: PartsSection) -> tuple[Part, ...]:
    """The chapters (in date order) grouped as `[parts]` says; chapters that fall in no part
    (undated, uncategorised, or matched by no pattern) follow in an untitled group."""
    if config.by == "none":
        return (Part(title=None, chapters=chapters),)
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
    parts = [
        Part(title=title, chapters=tuple(members)) for title, members in groups.items() if members
    ]
    if rest:
        parts.append(Part(title=None, chapters=tuple(rest)))
    return tuple(parts)


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
        for section in chapter.sections:
            if section.person is None:
                continue
            key = normal_text(section.person.name)
            people[key] = _merge(people[key], section.person) if key in people else section.person
            chapter_ids, section_ids = where.setdefault(key, ([], []))
            if chapter.id not in chapter_ids:
                chapter_ids.append(chapter.id)
            section_ids.append(section.id)
    entries = [ContributorEntry(people[k], tuple(where[k][0]), tuple(where[k][1])) for k in people]
    return tuple(sorted(entries, key=lambda e: sort_name(e.person.name)))


def _merge(first: Person, other: Person) -> Person:
    """One person seen in two chapters: what either chapter says of them, the first one first."""
    return Person(
        first.name, first.url or other.url, first.bio or other.bio, first.photo or other.photo
    )


def sort_name(name: str) -> str:
    """'Una Aleksandra Bērziņa-Čerenkova' files under B: the catalogue form, accents folded."""
    return normal_text(file_as(name))


def book_meta(
    chapters: tuple[Chapter, ...], config: Config, source: Path, source_date_epoch: int | None
) -> BookMeta:
    b = config.book
    single = chapters[0] if len(chapters) == 1 else None
    title = b.title or (single.title if single else _title_from_folder(source))
    subtitle = b.subtitle or (single.subtitle if single else None)
    if b.authors:
        authors = tuple(Person(name) for name in b.authors)
    elif single:
        authors = single.authors
    else:
        authors = _common_authors(chapters)
    languages = Counter(c.language for c in chapters)
    language = b.language or (languages.most_common(1)[0][0] if languages else "en")
    dates = [_utc(c.date) for c in chapters if c.date]
    newest = max(dates) if dates else None
    if source_date_epoch is not None:
        modified = dt.datetime.fromtimestamp(source_date_epoch, dt.UTC)
    else:
        modified = newest or FALLBACK_DATE
    sources = tuple(c.source_url for c in chapters if c.source_url)
    identifier = b.identifier or "urn:uuid:" + str(
        uuid.uuid5(
            uuid.NAMESPACE_URL,
            "bookmaker:" + title + "\n" + "\n".join(sources or [c.id for c in chapters]),
        )
    )
    tags = tuple(dict.fromkeys(t for c in chapters for t in c.tags))
    return BookMeta(
        title=title,
        subtitle=subtitle,
        authors=authors,
        language=language,
        identifier=identifier,
        date=newest,
        modified=modified.replace(microsecond=0),
        publisher=b.publisher,
        rights=b.rights,
        description=b.description,
        subjects=tags,
        sources=sources,
        direction="rtl" if all(c.direction == "rtl" for c in chapters) and chapters else None,
    )


def _title_from_folder(source: Path) -> str:
    name = (source if source.is_dir() else source.parent).resolve().name
    return name.replace("-", " ").replace("_", " ").strip().title() or "Untitled"


def _common_authors(chapters: tuple[Chapter, ...]) -> tuple[Person, ...]:
    """For a book of many posts: the front matter authors, each once, in order of appearance."""
    seen: dict[str, Person] = {}
    contributors = {normal_text(p.name) for c in chapters for p in c.contributors}
    for chapter in chapters:
        for person in chapter.authors:
            key = normal_text(person.name)
            if key not in contributors:
                seen.setdefault(key, person)
    return tuple(seen.values())
