"""The EPUB's structure as a reading system sees it: reading order, contents, landmarks, NCX,
semantics and notes that pop up."""

from __future__ import annotations

import itertools
import re
import shutil
from dataclasses import replace

import pytest
from helpers.epub_package import EPUB_TYPE, NS, read_package
from helpers.paths import SAMPLES
from lxml import etree

from bookmaker.builders.epub.builder import EpubBuilder
from bookmaker.config import load
from bookmaker.contents import book_contents
from bookmaker.model import Part
from bookmaker.pipeline import build
from bookmaker.theming import load_theme

X = "{http://www.w3.org/1999/xhtml}"


def chapter_files(book) -> list[str]:
    return [f"chapter-{i:03d}.xhtml" for i in range(1, len(book.chapters) + 1)]


@pytest.fixture(scope="module")
def sample(sample_build):
    return read_package(sample_build.results[0].path)


@pytest.fixture(scope="module")
def seed(seed_build):
    return read_package(seed_build.results[0].path)


@pytest.fixture(scope="module")
def notes_in_one_file(tmp_path_factory, epub_registry):
    """The sample built with `epub.notes = "book"`: all notes in one file."""
    work = tmp_path_factory.mktemp("notes-book")
    shutil.copytree(SAMPLES, work / "samples")
    report = build(work / "samples", ["epub"], work / "out", overrides=('epub.notes="book"',))
    epub_registry.register(report.results[0].path)
    return report.book, read_package(report.results[0].path)


@pytest.fixture(scope="module")
def with_parts(sample_build, tmp_path_factory, epub_registry):
    """The sample's chapters grouped in two titled parts, built straight from the model."""
    book = sample_build.book
    first, *rest = book.chapters
    parts = (Part("Repairs", (first,), 1), Part("Reading and Walking", tuple(rest), 2))
    book = replace(book, parts=parts, contents=book_contents(parts, book.credits))
    config = load(SAMPLES)
    out = tmp_path_factory.mktemp("parts")
    path = EpubBuilder(config).build(book, load_theme("default", (), {}), out).path
    epub_registry.register(path)
    return read_package(path)


def test_reading_order_is_cover_title_colophon_contents_chapters_index(sample, sample_build):
    book = sample_build.book
    files = chapter_files(book)
    assert sample.spine == [
        "cover.xhtml",
        "titlepage.xhtml",
        "colophon.xhtml",
        "nav.xhtml",
        *files,
        "contributors.xhtml",
    ]
    titles = ["".join(sample.xhtml(f).find(f".//{X}h1").itertext()) for f in files]
    assert titles == [c.title for c in book.chapters]
    assert titles[:3] == [
        "Fixing a Radio at the Repair Café",
        "What Should a Library Keep?",
        "A Walk to the Reservoir",
    ]


def test_landmarks_point_at_cover_title_contents_text_and_notes(sample, notes_in_one_file):
    marks = dict(sample.landmarks())
    assert marks["cover"] == "cover.xhtml" and marks["titlepage"] == "titlepage.xhtml"
    assert marks["toc"] == "nav.xhtml" and marks["bodymatter"] == "chapter-001.xhtml"
    assert marks["index"] == "contributors.xhtml"
    # notes per chapter: the landmark leads to the first chapter's notes section
    file, _, fragment = marks["endnotes"].partition("#")
    section = sample.xhtml(file).xpath("//*[@id=$i]", i=fragment)[0]
    assert "endnotes" in section.get(EPUB_TYPE).split() and section.get("role") == "doc-endnotes"
    assert dict(notes_in_one_file[1].landmarks())["endnotes"] == "notes.xhtml"


def test_contents_and_ncx_list_the_same_entries(sample, seed, sample_build):
    for package in (sample, seed):
        toc = package.toc()
        assert toc == package.ncx_points()
        # the title page goes by the book's title, unless its one chapter does (the seed)
        title = package.dc("title")[0]
        chapters = [t for d, t, _ in toc[2:] if d == 1]
        assert toc[:2] == [
            (1, "Title page" if title in chapters else title, "titlepage.xhtml"),
            (1, "Colophon", "colophon.xhtml"),
        ]
        assert toc[-1] == (1, "Contributors", "contributors.xhtml")
        ncx = package.ncx()
        depth = ncx.find("ncx:head/ncx:meta[@name='dtb:depth']", NS).get("content")
        assert depth == str(max(d for d, _, _ in toc))
        orders = [int(p.get("playOrder")) for p in ncx.iter(f"{{{NS['ncx']}}}navPoint")]
        assert orders == list(range(1, len(orders) + 1))
    assert [t for d, t, _ in sample.toc() if d == 1][2:-1] == [
        c.title for c in sample_build.book.chapters
    ]
    contributors = [(t, h) for d, t, h in seed.toc() if d == 2]
    assert [t for t, _ in contributors] == [
        "Maria Repnikova",
        "Evan Medeiros",
        "Una Aleksandra Bērziņa-Čerenkova",
        "Vita Golod",
    ]
    for title, href in contributors:
        file, _, fragment = href.partition("#")
        heading = seed.xhtml(file).xpath("//*[@id=$i]//*[self::x:h2]", i=fragment, namespaces=NS)[0]
        assert "".join(heading.itertext()) == title


def test_parts_get_their_own_pages_and_nest_the_contents(with_parts, sample_build):
    files = chapter_files(sample_build.book)
    assert with_parts.spine[4:-1] == ["part-01.xhtml", files[0], "part-02.xhtml", *files[1:]]
    part = with_parts.xhtml("part-02.xhtml").find(f".//{X}section")
    assert part.get(EPUB_TYPE) == "part" and part.get("role") == "doc-part"
    assert "".join(part.find(f"{X}h1").itertext()) == "Reading and Walking"
    toc = with_parts.toc()
    assert (1, "Reading and Walking", "part-02.xhtml") in toc
    assert (2, "What Should a Library Keep?", "chapter-002.xhtml") in toc
    assert toc == with_parts.ncx_points()
    assert dict(with_parts.landmarks())["bodymatter"] == "part-01.xhtml"


def test_every_document_has_its_semantics_and_language(sample, sample_build):
    docs = sample.documents()
    body_types = {href: doc.find(f"{X}body").get(EPUB_TYPE) for href, doc in docs.items()}
    assert body_types == {
        "cover.xhtml": "frontmatter",
        "titlepage.xhtml": "frontmatter",
        "colophon.xhtml": "frontmatter",
        "nav.xhtml": "frontmatter",
        **dict.fromkeys(chapter_files(sample_build.book), "bodymatter"),
        "contributors.xhtml": "backmatter",
    }
    languages = {
        f: c.language for f, c in zip(chapter_files(sample_build.book), sample_build.book.chapters)
    }
    roles = {
        "chapter": "doc-chapter",
        "endnotes": "doc-endnotes",
        "colophon": "doc-colophon",
        "toc": "doc-toc",
        "index": "doc-index",
        "noteref": "doc-noteref",
        "backlink": "doc-backlink",
    }
    seen = set()
    for href, doc in docs.items():
        assert (
            doc.get("lang")
            == doc.get("{http://www.w3.org/XML/1998/namespace}lang")
            == languages.get(href, "en")
        )
        for element in doc.iter(etree.Element):
            in_landmarks = any(n.get(EPUB_TYPE) == "landmarks" for n in element.iterancestors())
            for kind in element.get(EPUB_TYPE, "").split():
                if kind in roles and not in_landmarks:
                    seen.add(kind)
                    assert element.get("role") == roles[kind], (href, kind)
            assert element.get("role") != "doc-endnote", (
                "deprecated in DPUB-ARIA 1.1: EPUBCheck RSC-017"
            )
    assert seen == set(roles)
    assert docs["titlepage.xhtml"].find(f".//{X}section").get(EPUB_TYPE) == "titlepage"


def test_headings_never_skip_a_level(sample, seed):
    for package in (sample, seed):
        for href, doc in package.documents().items():
            levels = [int(h.tag[-1]) for h in doc.iter(*(f"{X}h{n}" for n in range(1, 7)))]
            if levels:
                assert levels[0] == 1, href
            assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (href, levels)


def test_cover_page_shows_the_cover_image_with_a_text_alternative(sample):
    (cover,) = sample.with_property("cover-image")
    img = sample.xhtml("cover.xhtml").find(f".//{X}img")
    assert img.get("src") == cover["href"] and img.get("role") == "doc-cover"
    assert img.get("alt").startswith("Cover: Notes from the Commons: Conversations")
    metas = sample.opf.findall("opf:metadata/opf:meta[@name='cover']", NS)
    assert [m.get("content") for m in metas] == [cover["id"]]


def test_colophon_names_sources_dates_and_the_tool(sample, sample_build):
    colophon = sample.xhtml("colophon.xhtml")
    text = " ".join("".join(colophon.itertext()).split())
    assert "CC BY 4.0" in text and "Published by bookmaker samples" in text
    from bookmaker import __version__

    assert f"Made with bookmaker {__version__}" in text
    items = colophon.findall(f".//{X}ol[@class='sources']/{X}li")
    assert ["".join(i.find(f"{X}cite").itertext()) for i in items] == [
        c.title for c in sample_build.book.chapters
    ]
    for item, chapter in zip(items, sample_build.book.chapters):
        assert item.find(f"{X}time").get("datetime") == chapter.date.strftime("%Y-%m-%d")
        link = item.find(f"{X}a")
        assert (link.get("href") if link is not None else None) == chapter.source_url


def _notes_of(doc):
    return [li for li in doc.iter(f"{X}li") if "endnote" in li.get(EPUB_TYPE, "").split()]


def test_notes_pop_up_number_first_and_link_both_ways(seed):
    doc = seed.xhtml("chapter-001.xhtml")
    refs = [a for a in doc.iter(f"{X}a") if a.get(EPUB_TYPE) == "noteref"]
    notes = _notes_of(doc)
    # 47 citations, two of them straight after the same one; a citation after another note
    # has a number and note of its own, so the numbers never run backwards (issue 12, item 6)
    assert len(notes) == 45 and len(refs) == 47
    numbers = [int(ref.text) for ref in refs]
    assert numbers == sorted(numbers)
    ids = {e.get("id"): e for e in doc.iter() if e.get("id")}
    for ref in refs:
        assert len(ref) == 0 and re.fullmatch(r"\d+", ref.text), (
            "no <sup> or markup inside the reference"
        )
        target = ids[ref.get("href").lstrip("#")]
        assert target.get(EPUB_TYPE).split() == ["endnote", "footnote"]
    for number, note in enumerate(notes, start=1):
        first_link = note.find(f".//{X}a")
        assert first_link.get(EPUB_TYPE) == "backlink" and first_link.text == f"{number}."
        text_before = "".join(note.itertext()).strip()
        assert text_before.startswith(f"{number}."), "the number comes first"
        for back in note.iter(f"{X}a"):
            if back.get(EPUB_TYPE) == "backlink":
                assert ids[back.get("href").lstrip("#")].get(EPUB_TYPE) == "noteref"


def test_notes_in_one_file_link_across_documents(notes_in_one_file):
    book, package = notes_in_one_file
    assert package.spine[-2:] == ["notes.xhtml", "contributors.xhtml"]
    assert (1, "Notes", "notes.xhtml") in package.toc()
    notes = package.xhtml("notes.xhtml")
    chapters = [c for c in book.chapters if c.endnotes]
    groups = notes.findall(f".//{X}section[@class='chapter-notes']")
    assert ["".join(g.find(f"{X}h2").itertext()) for g in groups] == [c.title for c in chapters]
    assert len(_notes_of(notes)) == sum(len(c.endnotes) for c in chapters)
    for name in chapter_files(book):
        doc = package.xhtml(name)
        assert not _notes_of(doc), "no notes left in the chapter"
        for ref in (a for a in doc.iter(f"{X}a") if a.get(EPUB_TYPE) == "noteref"):
            assert ref.get("href").startswith("notes.xhtml#")
    backlinks = [a.get("href") for a in notes.iter(f"{X}a") if a.get(EPUB_TYPE) == "backlink"]
    assert backlinks and all(re.match(r"chapter-\d{3}\.xhtml#", h) for h in backlinks)


def test_a_one_post_book_lists_its_title_once_in_the_contents(tmp_path, epub_registry):
    """Issue 12, item 10: the title page and the one chapter were both called the title."""
    (tmp_path / "2024-01-01-only.md").write_text(
        "---\ntitle: Only Post\ndate: 2024-01-01\nauthor: Ada\n---\n\nHello.\n"
    )
    report = build(tmp_path, ["epub"], tmp_path / "_build")
    epub_registry.register(report.results[0].path)
    toc = read_package(report.results[0].path).toc()
    assert [t for _, t, _ in toc] == ["Title page", "Colophon", "Only Post"]


def test_the_contributors_index_sets_names_and_titles_apart(sample):
    """Issue 12, item 10: "Mariam Haddad What Should a Library Keep?" ran together."""
    index = sample.xhtml("contributors.xhtml")
    entries = {
        "".join(li.itertext()).strip()
        for li in index.iter(f"{X}li")
        if li.getparent().get("class") == "contributors-index"
    }
    assert "Ines Okafor — What Should a Library Keep?; Who Owns a Repair?" in entries
    css = "".join(data.decode() for name, data in sample.files.items() if name.endswith(".css"))
    for rule in (".contributor-name {", ".index-ref {"):
        assert "display: block" in css.split(rule, 1)[1].split("}", 1)[0], rule
    assert "display: none" in css.split(".index-sep {", 1)[1].split("}", 1)[0]
