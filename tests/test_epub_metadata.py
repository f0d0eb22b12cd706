"""The EPUB's package metadata: who made the book, what it is, and how accessible it is."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from helpers.epub_package import NS, XML_LANG, read_package
from PIL import Image

from bookmaker.builders.epub.a11y import CONFORMANCE, accessibility
from bookmaker.builders.epub.xhtml import Contents
from bookmaker.names import file_as
from bookmaker.pipeline import build

SEED_CONTRIBUTORS = [
    ("Maria Repnikova", "Repnikova, Maria", "ctb"),
    ("Evan Medeiros", "Medeiros, Evan", "ctb"),
    ("Una Aleksandra Bērziņa-Čerenkova", "Bērziņa-Čerenkova, Una Aleksandra", "ctb"),
    ("Vita Golod", "Golod, Vita", "ctb"),
]


@pytest.fixture(scope="module")
def seed(seed_build):
    return read_package(seed_build.results[0].path)


@pytest.fixture(scope="module")
def sample(sample_build):
    return read_package(sample_build.results[0].path)


def test_seed_names_its_four_contributors_with_file_as_and_marc_role(seed):
    assert seed.people("contributor") == SEED_CONTRIBUTORS
    # nobody is both: the conversation's editors (its site) stand as creator
    assert seed.people("creator") == [("chinafile.com", "chinafile.com", "edt")]
    roles = seed.opf.findall("opf:metadata/opf:meta[@property='role']", NS)
    assert len(roles) == 5 and all(m.get("scheme") == "marc:relators" for m in roles)


def test_seed_identity_dates_source_and_subjects(seed, seed_path):
    (identifier,) = seed.dc("identifier")
    source = "https://www.chinafile.com/conversation/future-according-xi-and-putin"
    title = "The Future According to Xi and Putin"
    assert identifier == "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"bookmaker:{title}\n{source}")
    )
    assert seed.opf.get("unique-identifier") == seed.opf.find("opf:metadata/dc:identifier", NS).get(
        "id"
    )
    assert seed.dc("title") == [title] and seed.refines("title") == {"title-type": "main"}
    assert seed.meta("dcterms:modified") == [
        "2024-05-28T16:47:00Z"
    ]  # the post's date, not the clock
    assert seed.dc("date") == ["2024-05-28T16:47:00Z"]
    assert seed.dc("source") == [source]
    assert seed.dc("subject") == []  # its one tag is the scraper's channel, in Chinese
    assert seed.dc("language") == ["en"] and seed.opf.get(XML_LANG) == "en"
    assert seed.meta("ibooks:specified-fonts") == [], "no fonts of its own in the default theme"


def test_sample_metadata_from_book_toml(sample, sample_build):
    book = sample_build.book
    assert sample.people("creator") == [("The Commons Desk", "Commons Desk, The", "aut")]
    in_order = list(
        dict.fromkeys(s.person.name for c in book.chapters for s in c.sections if s.person)
    )
    assert [p[0] for p in sample.people("contributor")] == in_order
    assert in_order[:3] == ["Ines Okafor", "Tomas Lindqvist", "Mariam Haddad"]
    assert sample.dc("title") == [
        "Notes from the Commons",
        "Conversations and field notes on repair, reading and shared things",
    ]
    assert sample.refines("subtitle") == {"title-type": "subtitle"}
    assert sample.dc("publisher") == ["bookmaker samples"] and sample.dc("rights") == ["CC BY 4.0"]
    assert sample.dc("description")[0].startswith("A small sample book")
    assert sample.dc("source") == [], "dc:source is for books of a single post"
    newest = max(
        c.date if c.date.tzinfo else c.date.replace(tzinfo=dt.UTC) for c in book.chapters if c.date
    ).astimezone(dt.UTC)
    assert sample.meta("dcterms:modified") == [newest.strftime("%Y-%m-%dT%H:%M:%SZ")]


def test_accessibility_metadata_derived_from_the_sample(sample):
    images = sum(
        len(doc.findall(".//{http://www.w3.org/1999/xhtml}img"))
        for doc in sample.documents().values()
    )
    assert sample.meta("schema:accessMode") == ["textual", "visual"]
    assert sample.meta("schema:accessModeSufficient") == ["textual", "textual,visual"]
    assert set(sample.meta("schema:accessibilityFeature")) == {
        "tableOfContents",
        "readingOrder",
        "ARIA",
        "structuralNavigation",
        "alternativeText",
    }
    assert sample.meta("schema:accessibilityHazard") == ["none"]
    (summary,) = sample.meta("schema:accessibilitySummary")
    assert images >= 2 and f"each of its {images} images" in summary  # the figures and the cover
    assert sample.meta("dcterms:conformsTo") == [CONFORMANCE]


def _contents(**changes) -> Contents:
    base = {
        "characters": frozenset("abc"),
        "images": 2,
        "images_without_alt": (),
        "heading_skips": (),
        "without_language": (),
    }
    return Contents(**{**base, **changes})


def test_accessibility_claims_only_what_holds():
    good = accessibility(_contents(), ())
    assert good.conforms_to == CONFORMANCE and "alternativeText" in good.features
    missing_alt = accessibility(_contents(images_without_alt=("chapter-001.xhtml: a.png",)), ())
    assert missing_alt.conforms_to is None and "alternativeText" not in missing_alt.features
    assert missing_alt.sufficient == ("textual,visual",)
    assert "1 image(s) have no text alternative" in missing_alt.summary
    skipping = accessibility(_contents(heading_skips=("chapter-001.xhtml: h2 → h4",)), ())
    assert "structuralNavigation" not in skipping.features and skipping.conforms_to is None
    text_only = accessibility(_contents(images=0), ())
    assert text_only.modes == ("textual",) and "alternativeText" not in text_only.features


def test_an_animated_image_is_a_possible_hazard(tmp_path: Path, epub_registry):
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("red", "blue")]
    (tmp_path / "blink.gif").write_bytes(b"")
    frames[0].save(
        tmp_path / "blink.gif", save_all=True, append_images=frames[1:], duration=100, loop=0
    )
    (tmp_path / "2024-01-01-gif.md").write_text(
        "---\ntitle: Blink\n---\n\n![A blinking square](blink.gif)\n"
    )
    path = build(tmp_path, ["epub"], tmp_path / "out").results[0].path
    epub_registry.register(path)
    package = read_package(path)
    assert package.meta("schema:accessibilityHazard") == ["unknown"]
    assert package.meta("dcterms:conformsTo") == []
    assert "may flash" in package.meta("schema:accessibilitySummary")[0]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Maria Repnikova", "Repnikova, Maria"),
        ("Una Aleksandra Bērziņa-Čerenkova", "Bērziņa-Čerenkova, Una Aleksandra"),
        ("Ludwig van Beethoven", "Beethoven, Ludwig van"),
        ("Martin Luther King Jr.", "King, Martin Luther, Jr."),
        ("The Commons Desk", "Commons Desk, The"),
        ("Plato", "Plato"),
        ("毛泽东", "毛泽东"),
        ("Woolf, Virginia", "Woolf, Virginia"),
        ("chinafile.com", "chinafile.com"),
    ],
)
def test_file_as_files_family_name_first(name, expected):
    assert file_as(name) == expected


def test_configured_editors_are_creators_and_nobody_is_named_twice(tmp_path: Path, epub_registry):
    (tmp_path / "book.toml").write_text('[book]\ntitle = "Letters"\neditors = ["Ada Lovelace"]\n')
    (tmp_path / "2024-01-01-a.md").write_text(
        "---\ntitle: A\nauthor: Ada Lovelace\ncontributors: [Ada Lovelace, Alan Turing]\n---\n\n"
        "## Ada Lovelace\n\nNotes on the engine.\n\n## Alan Turing\n\nOn computable numbers.\n"
    )
    path = build(tmp_path, ["epub"], tmp_path / "out").results[0].path
    epub_registry.register(path)
    package = read_package(path)
    assert package.people("creator") == [("Ada Lovelace", "Lovelace, Ada", "edt")]
    assert package.people("contributor") == [("Alan Turing", "Turing, Alan", "ctb")]
