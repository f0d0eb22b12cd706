"""Voices found without profiles, and the blog-engine and cruft shapes of issue 11: each post of
tests/roots/test-voices is written for one shape, built into one EPUB (checked by EPUBCheck),
and read back for its participants and its text in source order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.epub_package import read_package
from helpers.fidelity import chapter_html
from helpers.text import normal, visible_text

from bookmaker.pipeline import build


@pytest.fixture(scope="module")
def voices(tmp_path_factory, epub_registry):
    """The test-voices book built once: (report, chapter by source file name, package)."""
    import shutil

    from helpers.paths import ROOTS

    folder = tmp_path_factory.mktemp("voices") / "book"
    shutil.copytree(ROOTS / "test-voices", folder)
    report = build(folder, ["epub"], folder / "_build")
    epub = epub_registry.register(report.results[0].path)
    chapters = {Path(c.source_path).name: c for c in report.book.chapters}
    bundle = next(c for c in report.book.chapters if "bundle-trip" in c.source_path)
    chapters["bundle"] = bundle
    return report, chapters, read_package(epub), epub


def text_of(voices, name: str) -> str:
    _, chapters, _, epub = voices
    return normal(visible_text(chapter_html(epub, chapters[name].id)))


def in_order(text: str, *pieces: str) -> bool:
    at = 0
    for piece in pieces:
        found = text.find(normal(piece), at)
        if found < 0:
            return False
        at = found + len(normal(piece))
    return True


def section_names(chapter) -> list[str | None]:
    return [s.person.name if s.person else None for s in chapter.sections]


def test_repeated_blocks_with_a_class_never_seen_are_one_section_each(voices):
    _, chapters, package, _ = voices
    panel = chapters["2024-03-01-panel-blocks.html"]
    assert section_names(panel) == ["Marta Olsen", "Idris Kamara", "Lena Varga", None]
    # the rest of the line that named them says who they are
    assert "harbour master at Nordvik" in panel.sections[0].person.bio
    text = text_of(voices, "2024-03-01-panel-blocks.html")
    assert in_order(
        text,
        "We asked three keepers",
        "Marta Olsen",
        "harbour master at Nordvik",
        "The slipway.",
        "Idris Kamara",
        "Records of every storm.",
        "Lena Varga",
        "The songs.",
        "Thanks to our three keepers",  # after the voices, where the post has it
    )
    contributors = [name for name, _, _ in package.people("contributor")]
    assert {"Marta Olsen", "Idris Kamara", "Lena Varga"} <= set(contributors)


def test_headings_linked_to_profile_pages_are_sections_with_those_urls(voices):
    _, chapters, _, epub = voices
    meet = chapters["2024-03-02-meet-contributors.md"]
    assert section_names(meet) == ["Aiko Brandt", "Pedro Salgado", "Noor Haddad", None]
    urls = [s.person.url for s in meet.sections if s.person]
    assert urls[0] == "https://quarterly.example.org/people/aiko-brandt"
    assert urls[2] == "https://twitter.com/noorhaddad"
    text = text_of(voices, "2024-03-02-meet-contributors.md")
    assert in_order(text, "four people", "Aiko maps", "Pedro repairs", "Noor teaches", "Next issue")
    # the heading after the voices stands beside their names, not under Noor's
    assert re.search(r"<h2[^>]*>Next issue</h2>", chapter_html(epub, meet.id))
    # the author is an id resolved through book.toml's [authors]
    author = meet.authors[0]
    assert (author.name, author.affiliation) == ("Rosa Quint", "Harbour Institute")


def test_a_transcript_keeps_its_turns_and_names_its_speakers_in_full_once(voices):
    _, chapters, package, epub = voices
    chat = chapters["2024-03-03-transcript-first-names.md"]
    assert chat.sections == ()  # no turn became a section
    assert [v.person.name for v in chat.voices] == ["Ben Okafor", "Clara Weiss"]
    assert chat.authors[0].name == "Tom Ferris"  # an id resolved through _data/authors.yml
    html = chapter_html(epub, chat.id)
    assert html.count('class="speaker"') == 6
    text = normal(visible_text(html))
    assert in_order(
        text,
        "Ben Okafor: I started with footbridges",
        "Clara Weiss: And I started with a collapse",
        "Ben: That sounds like a harder school",
        "Clara: It taught me",
        "Ben: What do you listen for now?",
        "Clara: Silence, mostly.",
    )
    contributors = [name for name, _, _ in package.people("contributor")]
    assert {"Ben Okafor", "Clara Weiss"} <= set(contributors)
    index = package.item("contributors.xhtml").decode()
    assert f'#{chat.voices[0].id}"' in index


def test_a_transcript_with_a_legend_names_each_speaker_from_it(voices):
    _, chapters, package, _ = voices
    chat = chapters["2024-03-04-transcript-legend.md"]
    assert [v.person.name for v in chat.voices] == ["陈一菲", "马立文"]
    assert chat.language == "zh"  # the English in the HTML comment is not the post's prose
    text = text_of(voices, "2024-03-04-transcript-legend.md")
    assert in_order(
        text, "陈一菲 (C)", "你第一次看见灯塔", "马立文 (M)", "小时候在海边", "C:", "M:"
    )
    contributors = [name for name, _, _ in package.people("contributor")]
    assert {"陈一菲", "马立文"} <= set(contributors)


def test_declared_contributors_match_titles_and_keep_their_order(voices):
    _, chapters, _, _ = voices
    three = chapters["2024-03-09-declared-headings.md"]
    assert section_names(three) == ["Ann Lee", "Bob Stone", "Cy Twombly"]
    assert [p.name for p in three.authors] == ["Ann Lee", "Bob Stone", "Cy Twombly"]
    text = text_of(voices, "2024-03-09-declared-headings.md")
    assert in_order(text, "three painters", "The window", "A ladder", "Nothing; I would")


def test_toml_front_matter_and_a_markdown_author(voices):
    _, chapters, _, _ = voices
    toml = chapters["2024-03-05-toml-front-matter.md"]
    assert toml.title == "Notes from a tide pool"
    assert toml.tags == ("sea", "field notes")  # from Zola's [taxonomies]
    (author,) = toml.authors
    assert (author.name, author.url, author.affiliation) == (
        "Junya Okabe",
        "https://junya.example.net/",
        "University of Tsukuba",
    )
    text = text_of(voices, "2024-03-05-toml-front-matter.md")
    assert "+++" not in text and "title =" not in text and in_order(text, "At low tide")


def test_a_hugo_bundle_with_shortcodes(voices):
    report, chapters, _, epub = voices
    trip = chapters["bundle"]
    assert trip.title == "A trip with shortcodes" and trip.id.startswith("a-trip")
    assert [a.href for a in trip.assets] == ["images/bundle-trip/gull.png"]
    html = chapter_html(epub, trip.id)
    assert "{{" not in html and "figcaption" in html
    text = normal(visible_text(html))
    assert in_order(
        text,
        "cliff path",
        "A gull on the harbour wall",
        "Photo by Mina Lo",
        "Video",
        "The wind was loud enough",
        "Mina Lo, Field diary",
        'print("tide")',
        "Bring water and a warm hat.",
        "Read the first part too.",
    )
    assert 'class="xref"' in html  # {{< ref >}} reached the other chapter
    (unknown,) = [w for w in report.warnings if w.code == "hugo.shortcode"]
    assert "aside" in unknown.message and unknown.line == 19


@pytest.mark.parametrize(
    ("name", "kept", "gone"),
    [
        ("2024-03-06-mailchimp.html", "boats slept", ["Subscribe", "Email address"]),
        ("2024-03-07-rss-footer.html", "two hundred terns", ["appeared first on", "Shore Birds"]),
        (
            "2024-03-08-comments.html",
            "one knot at a time",
            ["3 Responses", "cheap pills", "Sam says", "Tweet", "Print"],
        ),
    ],
)
def test_site_furniture_goes_and_the_article_stays(voices, name, kept, gone):
    text = text_of(voices, name)
    assert normal(kept) in text
    for word in gone:
        assert normal(word) not in text


def test_each_removal_is_counted_and_described(voices):
    report, *_ = voices
    removed = [n for n in report.findings if n.code == "cruft"]
    assert report.removed() == len(removed) == 4
    assert any("comments: heading '3 Responses'" in n.message for n in removed)
    assert all(n.path for n in removed)
    found = [n for n in report.findings if n.code == "voices"]
    assert len(found) == 5 and any("legend C = 陈一菲" in n.message for n in found)
    assert not [w for w in report.warnings if w.code != "hugo.shortcode"]


def test_detection_turned_off_keeps_the_text_whole(tmp_path: Path):
    from helpers.paths import ROOTS

    post = ROOTS / "test-voices" / "2024-03-01-panel-blocks.html"
    report = build(post, ["html"], tmp_path / "out", overrides=("contributors.detect=false",))
    (chapter,) = report.book.chapters
    assert chapter.sections == () and chapter.voices == ()
    assert "Marta Olsen" in chapter.intro


def test_a_declared_name_that_matches_nothing_is_a_warning(tmp_path: Path):
    post = tmp_path / "2024-01-01-two.md"
    post.write_text(
        "---\ntitle: Two\ncontributors: [Ann Lee, Zed Quill]\n---\nIntro.\n\n## Ann Lee\n\nHers.\n"
    )
    report = build(post, ["html"], tmp_path / "out")
    (warning,) = [w for w in report.warnings if w.code == "contributors.unmatched"]
    assert "'Zed Quill'" in warning.message


def test_verbose_lists_what_was_found_and_removed_and_the_summary_counts_it(tmp_path: Path):
    from helpers.cli import run_cli
    from helpers.paths import ROOTS

    post = ROOTS / "test-voices" / "2024-03-08-comments.html"
    quiet = run_cli("build", str(post), "-b", "html", "-o", str(tmp_path / "a"))
    assert quiet.returncode == 0 and "note:" not in quiet.stderr
    assert "2 site elements removed (-v lists them)" in quiet.stdout
    loud = run_cli("build", str(post), "-b", "html", "-o", str(tmp_path / "b"), "-v")
    notes = [line for line in loud.stderr.splitlines() if "note:" in line]
    assert len(notes) == 2 and all("2024-03-08-comments.html: note: removed" in n for n in notes)
    assert any("comments: heading '3 Responses'" in n for n in notes)
