"""The sample book: what the README's first command builds."""

from __future__ import annotations

import zipfile

from helpers.text import epub_documents, pdf_text, visible_text


def chapter(book, title):
    return next(c for c in book.chapters if c.title == title)


def test_three_chapters_in_date_order_with_book_metadata(sample_build):
    book = sample_build.book
    assert [c.title for c in book.chapters] == [
        "Fixing a Radio at the Repair Café",
        "What Should a Library Keep?",
        "A Walk to the Reservoir",
        "Notes on a Seed Library",
        "Repair Log: the April Export",
        "Who Owns a Repair?",
    ]
    assert book.meta.title == "Notes from the Commons"
    assert [c.name for c in book.credits.authors] == ["The Commons Desk"]


def test_conversation_has_intro_three_contributors_and_fifteen_notes(sample_build):
    c = chapter(sample_build.book, "What Should a Library Keep?")
    assert [s.person.name for s in c.sections] == [
        "Ines Okafor",
        "Tomas Lindqvist",
        "Mariam Haddad",
    ]
    assert "Ines Okafor runs the local history room" in c.sections[0].person.bio
    assert sum(len(n.refs) for n in c.endnotes) >= 15
    assert "Every library is an argument" in visible_text(c.intro)
    text = visible_text(c.intro + "".join(s.html for s in c.sections))
    for cruft in ("Share this", "Tweet", "Comments", "Home", "Conversations"):
        assert cruft not in text
    # the Wikipedia article cited again after other notes: a note of its own, a later number
    first, again = [n for n in c.endnotes if n.url.endswith("/Link_rot")]
    assert (first.texts, again.texts) == (("link rot",), ("broken links",))
    assert first.number < again.number and len(first.refs) == len(again.refs) == 1


def test_markdown_post_keeps_its_footnote_figure_table_and_code(sample_build):
    c = chapter(sample_build.book, "Fixing a Radio at the Repair Café")
    footnotes = [n for n in c.endnotes if n.url is None]
    assert len(footnotes) == 1 and "potentiometer" in footnotes[0].html
    assert f'href="#{footnotes[0].id}"' in c.intro  # its reference is in the text
    assert [a.href for a in c.assets] == ["images/images/radio-signal-path.png"]
    assert '<img alt="Signal path' in c.intro or 'alt="Signal path' in c.intro
    assert "<table>" in c.intro and "<pre><code" in c.intro
    numbers = [n.number for n in c.endnotes]
    assert numbers == list(range(1, len(numbers) + 1))


def test_raw_html_post_is_sanitized(sample_build):
    c = chapter(sample_build.book, "A Walk to the Reservoir")
    for bad in ("style=", "onmouseover", "<iframe", "mailto:", "utm_source"):
        assert bad not in c.intro
    assert "walks@commons.example.org" in c.intro
    assert 'class="url" href="https://www.openstreetmap.org/"' in c.intro


def test_epub_carries_the_image_and_every_document(sample_build):
    epub = sample_build.results[0].path
    with zipfile.ZipFile(epub) as z:
        names = z.namelist()
    assert names[0] == "mimetype"
    assert "EPUB/images/images/radio-signal-path.png" in names
    docs = epub_documents(epub)
    assert sum(1 for n in docs if n.startswith("EPUB/chapter-")) == 6


def test_pdf_has_every_chapter_and_the_contributors_index(sample_build):
    text = pdf_text(sample_build.results[1].path)
    for title in (
        "Fixing a Radio at the Repair Café",
        "What Should a Library Keep?",
        "A Walk to the Reservoir",
        "Contributors",
        "Mariam Haddad",
        "Notes",
    ):
        assert title in text


def test_liquid_kramdown_post_renders_what_a_book_can(sample_build):
    c = chapter(sample_build.book, "Notes on a Seed Library")
    assert (
        '<pre><code class="language-python">def label' in c.intro.replace("\n", "\n")
        or "def label" in c.intro
    )
    assert "{%" not in c.intro and "{:" not in c.intro and "TOC" not in visible_text(c.intro)
    library = chapter(sample_build.book, "What Should a Library Keep?")
    assert f'class="xref" href="#{library.id}"' in c.intro  # {% post_url %} → cross-reference
    assert "— Vandana Shiva, Navdanya" in visible_text(c.intro)
    assert ["https://seedsavers.org/"] == [
        n.url for n in c.endnotes if n.url and "seedsavers" in n.url
    ]
    footnotes = [n for n in c.endnotes if n.url is None]
    assert [n.number for n in c.endnotes] == [1, 2, 3, 4, 5] and len(footnotes) == 2
    codes = [w.code for w in sample_build.warnings if w.path and w.path.endswith("seed-library.md")]
    assert sorted(codes) == ["liquid.include", "liquid.variable"]


def test_wordpress_export_keeps_caption_embed_tweet_and_footnote(sample_build):
    c = chapter(sample_build.book, "Repair Log: the April Export")
    text = visible_text(c.intro)
    assert "<figcaption>The kettle, before the new element.</figcaption>" in c.intro
    assert (
        "We filmed the fix (Video on YouTube)" in text and "A kettle saved from the skip." in text
    )
    urls = [n.url for n in c.endnotes]
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in urls
    assert "https://example.com/manual.pdf?page=4" in urls  # fbclid gone
    assert "Share this" not in text and "[caption" not in c.intro
    assert any(n.html and "screwdriver" in n.html for n in c.endnotes)


def test_rtl_and_cjk_posts_carry_language_and_direction(world_build):
    arabic = chapter(world_build.book, "مكتبة الأدوات")
    assert (arabic.language, arabic.direction) == ("ar", "rtl")
    assert '<pre dir="ltr">' in arabic.intro
    japanese = chapter(world_build.book, "喫茶店の修理ノート")
    assert (japanese.language, japanese.direction) == ("ja", None)
    assert f'class="xref" href="#{japanese.id}"' in arabic.intro  # {% post_url %} between them
    # the reference follows the closing bracket, not the middle of the quotation
    assert '交換用の刃</a>」<a class="noteref"' in japanese.intro
    docs = epub_documents(world_build.results[0].path)
    arabic_doc = next(t for n, t in docs.items() if f'id="{arabic.id}"' in t)
    assert 'dir="rtl"' in arabic_doc and 'lang="ar"' in arabic_doc


def test_a_folder_with_its_own_book_toml_is_another_book(sample_build, world_build):
    assert not any(c.source_path.rsplit("/", 2)[-2] == "world" for c in sample_build.book.chapters)
    assert (
        world_build.book.meta.title == "Repairs Around the World"
        and len(world_build.book.chapters) == 2
    )


def test_second_conversation_has_bios_photo_and_a_merged_byline(sample_build):
    c = chapter(sample_build.book, "Who Owns a Repair?")
    ines, kenji = c.sections
    assert (ines.person.name, kenji.person.name) == ("Ines Okafor", "Kenji Watanabe")
    assert ines.person.url == "https://commons.example.org/people/ines-okafor"
    assert "seed library" in ines.person.bio
    # the 3:1 signal-path drawing in her photo's place is no portrait: it opens her answer
    assert ines.person.photo is None and "radio-signal-path.png" in ines.html.split("<p>To")[0]
    assert [a.name for a in c.authors] == ["The Commons Desk", "Ines Okafor", "Kenji Watanabe"]
    assert not any("people/ines" in (n.url or "") for n in c.endnotes)  # profile link is metadata
    index = {e.person.name: e.chapter_ids for e in sample_build.book.contributors}
    library = chapter(sample_build.book, "What Should a Library Keep?")
    assert index["Ines Okafor"] == (library.id, c.id)  # once, with both chapters
    assert "Comments" not in visible_text(c.intro)
