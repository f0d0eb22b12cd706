"""The acceptance on real archives: the 48 posts of ../shared/corpus, alone and as the books of
books.md.  Built in-process (one interpreter, the EPUBs checked in the session's one EPUBCheck
run); skipped when the corpus is not beside the project."""

from __future__ import annotations

import pytest
from helpers.corpus import books, lay_out
from helpers.fidelity import chapter_html, compare
from helpers.paths import CORPUS

from bookmaker.errors import BookmakerError
from bookmaker.pipeline import build

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")

#: Posts a user would accept to see refused, and why.
REFUSED = {"02-octopress-unpublished-draft-stub.markdown": "published: false"}


@pytest.fixture(scope="session")
def singles(tmp_path_factory, epub_registry):
    """Every corpus post built alone as an EPUB: (report or error) by file name."""
    out = tmp_path_factory.mktemp("corpus-singles")
    results = {}
    for path in sorted(CORPUS.iterdir()):
        try:
            report = build(path, ["epub"], out / path.name[:2])
        except BookmakerError as exc:
            results[path.name] = exc
            continue
        epub_registry.register(report.results[0].path)
        results[path.name] = report
    return results


@pytest.fixture(scope="session")
def corpus_books(tmp_path_factory, epub_registry):
    """Each book of books.md, laid out under its posts' original names and built as one EPUB."""
    shared = CORPUS.parent
    results = {}
    for n, (name, numbers) in enumerate(books(shared).items()):
        root = lay_out(shared, numbers, tmp_path_factory.mktemp(f"book{n:02d}"))
        report = build(root, ["epub"], root / "_build", keep_going=True)
        epub_registry.register(report.results[0].path)
        results[name] = (numbers, report)
    return results


def test_every_post_builds_alone_or_is_refused_in_one_line(singles):
    refused = {name: exc for name, exc in singles.items() if isinstance(exc, BookmakerError)}
    assert set(refused) == set(REFUSED)
    for name, exc in refused.items():
        message = str(exc)
        assert "\n" not in message and name in message and "draft" in message
        assert "[posts]" not in message  # no [posts] rule chose: the post is a draft


def test_posts_that_build_keep_their_words_and_link_targets(singles):
    words = missing_words = links = missing_links = 0
    worst = []
    for name, report in singles.items():
        if isinstance(report, BookmakerError):
            continue
        chapter = report.book.chapters[0]
        f = compare(CORPUS / name, chapter_html(report.results[0].path, chapter.id), chapter.title)
        words += f.source_words
        missing_words += sum(f.missing_words.values())
        links += len(f.source_links)
        missing_links += len(f.missing_links)
        worst.append(
            (f.word_coverage, name, f.missing_words.most_common(5), sorted(f.missing_links)[:3])
        )
    assert words > 80_000 and links > 300  # the measure measured something
    assert 1 - missing_words / words >= 0.999, sorted(worst)[:5]
    assert missing_links == 0, sorted(worst, key=lambda w: -len(w[3]))[:5]
    assert min(worst)[0] >= 0.95, sorted(worst)[:3]  # and no single post loses much


def test_liquid_and_shortcodes_leave_no_raw_syntax(singles):
    for name, report in singles.items():
        if isinstance(report, BookmakerError):
            continue
        chapter = report.book.chapters[0]
        text = chapter.intro + "".join(s.html for s in chapter.sections)
        if name.startswith(("42", "06")):  # posts *about* Liquid show it in code, on purpose
            continue
        assert "{%" not in text and "{{" not in text, name
        assert "[caption" not in text and "[/caption]" not in text, name


def test_legacy_encodings_and_languages_are_carried(singles):
    by_prefix = {name[:2]: report for name, report in singles.items()}
    assert "リリース" in by_prefix["16"].book.chapters[0].title
    assert (
        by_prefix["16"].book.chapters[0].language == "ja"
    )  # front matter says en; the text is Japanese
    assert (
        "versión" in by_prefix["17"].book.chapters[0].intro
        or "ó" in by_prefix["17"].book.chapters[0].intro
    )
    for prefix, lang in {"29": "ar", "14": "fa", "46": "he", "31": "ar"}.items():
        chapter = by_prefix[prefix].book.chapters[0]
        assert (chapter.language, chapter.direction) == (lang, "rtl"), prefix
    assert by_prefix["40"].book.chapters[0].title == "The Git Parable"  # Textile, rendered
    codes = {w.code for w in by_prefix["16"].warnings}
    assert "read.encoding" in codes


def test_every_book_builds_as_one_book(corpus_books):
    for name, (numbers, report) in corpus_books.items():
        expected = len([n for n in numbers if n != "02"])  # the draft stays out
        assert len(report.book.chapters) == expected, name
        assert not report.failed, (name, [str(e) for e in report.failed])
        ids = [c.id for c in report.book.chapters]
        assert len(ids) == len(set(ids)), name


def test_posts_that_link_each_other_become_cross_references(corpus_books):
    _, report = corpus_books["8. GenomeInformatics lab blog"]
    cliveome = next(c for c in report.book.chapters if c.title == "Assembling the Cliveome")
    target = next(
        c for c in report.book.chapters if c.title.startswith("Assembly of a human genome")
    )
    assert (
        f'href="#{target.id}" class="xref"' in cliveome.intro
        or f'class="xref" href="#{target.id}"' in cliveome.intro
    )
    assert not any(n.url and "post_url" in n.url for n in cliveome.endnotes)
