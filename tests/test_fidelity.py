"""Fidelity of the built EPUB to every sample post and to the seed: every body word and every
link target is in the book (as text, a note, a visible URL or a cross-reference)."""

from __future__ import annotations

import pytest
from helpers.fidelity import chapter_html, compare
from helpers.paths import SAMPLES

from bookmaker.convert.xrefs import LinkIndex
from bookmaker.read import read_post

CRUFT = ("Comments", "Share this", "Tweet")


@pytest.mark.parametrize(
    "name",
    sorted(str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*") if p.suffix in {".md", ".html"}),
)
def test_every_sample_word_and_link_is_in_the_book(sample_build, world_build, name):
    built = world_build if name.startswith("world/") else sample_build
    book = built.book
    post = SAMPLES / name
    folder = post.parent
    chapter = next(c for c in book.chapters if c.source_path.endswith(post.name))
    html = chapter_html(built.results[0].path, chapter.id)
    posts = [read_post(folder / c.source_path.rsplit("/", 1)[-1])[0] for c in book.chapters]
    index = LinkIndex.build(zip(posts, [c.id for c in book.chapters]))
    profiles = {p.url for p in chapter.contributors if p.url}
    f = compare(post, html, chapter.title, index.find, profiles)
    assert f.missing_links == set()
    assert set(f.missing_words) <= {"comments"}, f.missing_words  # a "Comments" heading only
    body = chapter.intro + "".join(s.html for s in chapter.sections)
    for cruft in CRUFT:
        assert cruft not in body


def test_every_seed_word_and_link_is_in_the_book(seed_build, seed_path):
    (chapter,) = seed_build.book.chapters
    profiles = {p.url for p in chapter.contributors if p.url}
    f = compare(
        seed_path,
        chapter_html(seed_build.results[0].path, chapter.id),
        chapter.title,
        metadata_urls=profiles,
    )
    assert len(f.source_links) >= 38 and f.missing_links == set()
    # the seed's only words not in the book are its site furniture: the "Comments" heading
    assert set(f.missing_words) <= {"comments"}, f.missing_words
