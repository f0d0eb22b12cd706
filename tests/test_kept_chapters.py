"""A rebuild's unchanged chapters come from the summary of their heads (`cache/heads.py`,
`cache/kept.py`), their bodies loaded only when something reads them, and every EPUB page and
the package documents are kept by what they show (`reuse.py`): whatever changed, and whatever
of the cache is missing or damaged, the rebuild makes the bytes a fresh build makes."""

from __future__ import annotations

import os
import pickle
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import test_incremental
from helpers.cache import cache_store, entry_file, spoil
from test_incremental import SECOND, THIRD, epub_of, rebuilt_is_fresh

from bookmaker import incremental
from bookmaker.builders.epub import documents
from bookmaker.cache import FOLDER, Store, keys
from bookmaker.cache.entries import ConvertEntry
from bookmaker.cache.heads import Heads
from bookmaker.cache.kept import KeptChapter
from bookmaker.errors import BuildError
from bookmaker.model import Chapter
from bookmaker.pipeline import build

# The book of `test_incremental`, built as it builds it.
_fixed_epoch = test_incremental._fixed_epoch
book = test_incremental.book
calls = test_incremental.calls


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The chapter entries whose bodies were loaded from their heads (by entry name)."""
    seen: list[str] = []
    loader = incremental._loader

    def counted(store, key, head):
        load = loader(store, key, head)

        def counting():
            seen.append(key)
            return load()

        return counting

    monkeypatch.setattr(incremental, "_loader", counted)
    return seen


def chapters(out: Path) -> Store:
    return cache_store(out, "chapters")


def entry_of(out: Path, post: str) -> Path:
    """The chapter entry of the post file POST."""
    return entry_file(
        out,
        "chapters",
        lambda found: isinstance(found, ConvertEntry) and found.chapter.source_path.endswith(post),
    )


def test_a_rebuild_loads_no_unchanged_chapter_body(
    book: Path, tmp_path: Path, epub_registry, calls, loads
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    (book / "2024-01-02-second.md").write_text(SECOND + "\nA sentence added.\n")
    assert rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls) == ["2024-01-02-second.md"]
    assert loads == []
    # The book's chapter stands for the whole chapter: read, or pickled for a worker or the
    # PDF's cache, it is the one a fresh build converted.
    report = build(book, ["epub"], out, jobs=1)
    fresh = build(book, ["epub"], tmp_path / "fresh", jobs=1, fresh=True)
    kept, made = report.book.chapters[0], fresh.book.chapters[0]
    assert isinstance(kept, KeptChapter) and loads == []
    assert pickle.loads(pickle.dumps(kept)) == pickle.loads(pickle.dumps(made))
    assert type(pickle.loads(pickle.dumps(kept))) is Chapter
    assert kept.sections == made.sections and len(loads) == 1


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_chapter_entry_missing_or_damaged_beside_the_summary_is_converted_again(
    book: Path, tmp_path: Path, epub_registry, calls, damage: str
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    entry = entry_of(out, "2024-01-01-first.md")
    spoil(entry, damage)
    shutil.rmtree(out / FOLDER / "epub")  # its document is rendered again, from the chapter
    calls["convert"].clear()
    again, warnings = epub_of(book, out, epub_registry)
    assert calls["convert"] == ["2024-01-01-first.md"]
    assert again == epub_of(book, tmp_path / "fresh", epub_registry, fresh=True)[0]
    ignored = [w for w in warnings if "cache.ignored" in w and entry.name in w]
    assert len(ignored) == (damage == "damaged")


def test_an_entry_changed_behind_its_head_is_never_taken_for_it(
    book: Path, tmp_path: Path, epub_registry
):
    """An entry rewritten with its size and time put back (by hand: no build writes so) is not
    what its head names: its body is refused when a page needs it, and the build stops with a
    one-line error instead of making a wrong book."""
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    entry = entry_of(out, "2024-01-01-first.md")
    facts = entry.stat()
    data = bytearray(entry.read_bytes())
    data[-5] ^= 0xFF
    entry.write_bytes(bytes(data))
    os.utime(entry, ns=(facts.st_atime_ns, facts.st_mtime_ns))
    shutil.rmtree(out / FOLDER / "epub")
    with pytest.raises(BuildError, match="the build cache changed while the book was built"):
        epub_of(book, out, epub_registry)


def test_a_damaged_summary_is_ignored_with_a_warning(
    book: Path, tmp_path: Path, epub_registry, calls, loads
):
    out = tmp_path / "out"
    expected, _ = epub_of(book, out, epub_registry)
    summary = out / FOLDER / "chapters" / Heads(chapters(out), keys.environment()).name
    summary.write_bytes(summary.read_bytes()[:-3])
    calls["convert"].clear()
    again, warnings = epub_of(book, out, epub_registry)
    assert again == expected and calls["convert"] == [] and loads == []
    assert [w for w in warnings if "cache.ignored" in w and summary.name in w]
    # The next rebuild has its summary again.
    again, warnings = epub_of(book, out, epub_registry)
    assert again == expected and not [w for w in warnings if "cache.ignored" in w]


def test_posts_deleted_added_renamed_and_swapped(book: Path, tmp_path: Path, epub_registry, calls):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    (book / "2024-01-03-third.md").write_text(THIRD)
    assert rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls) == [
        "2024-01-01-first.md",  # its link to the third now leads into the book
        "2024-01-03-third.md",
    ]
    (book / "2024-01-03-third.md").rename(book / "2024-01-03-the-third.md")
    rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls)
    # Two posts swapped in the book's order: the chapter numbers and files follow.
    (book / "2024-01-02-second.md").write_text(SECOND.replace("2024-01-02", "2023-12-31"))
    rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls)
    (book / "2024-01-03-the-third.md").unlink()
    rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls)


def test_a_new_title_shows_on_the_whole_book_pages(
    book: Path, tmp_path: Path, epub_registry, calls, loads
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    (book / "2024-01-02-second.md").write_text(
        SECOND.replace("title: Second", "title: Second thoughts\nauthor: Ada Lovelace")
    )
    assert rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls) == [
        "2024-01-01-first.md",  # its link names the second post's title
        "2024-01-02-second.md",
    ]
    with zipfile.ZipFile(out / "epub" / "letters.epub") as epub:
        assert b"Second thoughts" in epub.read("EPUB/nav.xhtml")
        assert b"Second thoughts" in epub.read("EPUB/toc.ncx")
        assert b"Ada Lovelace" in epub.read("EPUB/content.opf")
    assert loads == []


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The EPUB documents each build renders (not taken as the cache kept them), by file."""
    seen: list[str] = []
    render = documents.document

    def counted(spec, *args):
        seen.append(spec.file_name)
        return render(spec, *args)

    monkeypatch.setattr(documents, "document", counted)
    return seen


def conversation(title: str, people: tuple[str, ...], said: str) -> str:
    """A post shaped like the seed's conversations: each contributor's words in a section."""
    comments = "".join(
        f'<article class="comment"><div class="node node-profile"><h3>{person}</h3></div>'
        f'<div class="field field-name-comment-body"><p>{person} {said}</p></div></article>'
        for person in people
    )
    return (
        f"---\ntitle: {title}\ndate: 2024-01-02\n---\n<div>"
        f'<div class="field field-name-body"><p>An introduction.</p></div>'
        f'<div id="comments" class="comment-wrapper">{comments}</div></div>\n'
    )


def test_the_contributors_index_is_made_again_only_when_what_it_shows_changes(
    book: Path, tmp_path: Path, epub_registry, calls, rendered
):
    """The index shows the title of each chapter it looks up in `chapter_of`, not its body."""
    second = book / "2024-01-02-second.md"
    second.unlink()
    talk = book / "2024-01-02-talk.html"
    talk.write_text(conversation("Talk", ("Ada Lovelace", "Grace Hopper"), "says yes."))
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    talk.write_text(conversation("Talk", ("Ada Lovelace", "Grace Hopper"), "says no."))
    rendered.clear()
    again, _ = epub_of(book, out, epub_registry)
    assert rendered == ["chapter-002.xhtml"]
    assert again == epub_of(book, tmp_path / "fresh", epub_registry, fresh=True)[0]
    talk.write_text(conversation("Small talk", ("Ada Lovelace", "Grace Hopper"), "says no."))
    rendered.clear()
    again, _ = epub_of(book, out, epub_registry)
    assert "contributors.xhtml" in rendered
    assert again == epub_of(book, tmp_path / "fresh2", epub_registry, fresh=True)[0]
    with zipfile.ZipFile(out / "epub" / "letters.epub") as epub:
        index = epub.read("EPUB/contributors.xhtml").decode()
    assert "Grace Hopper" in index and "Small talk</a>" in index


def test_a_kept_chapter_is_named_by_its_entry_s_signature_until_it_is_changed(
    book: Path, tmp_path: Path, epub_registry
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    store = chapters(out)
    found = [store.get(path.name) for path in store.folder.iterdir()]
    first, second = sorted(
        (entry.chapter for entry in found if isinstance(entry, ConvertEntry)),
        key=lambda chapter: chapter.id,
    )
    kept = KeptChapter.of(first, "d1")
    assert keys.name({"c": kept}) == keys.name({"c": KeptChapter.of(second, "d1")})
    assert keys.name({"c": kept}) != keys.name({"c": KeptChapter.of(first, "d2")})
    assert keys.name({"c": kept}) != keys.name({"c": first})
    # Changed (`replace`: notes numbered through the book), it is named by all it holds.
    retitled = replace(kept, title="Other")
    assert retitled.cache_name is None
    assert keys.name(retitled) != keys.name(replace(KeptChapter.of(second, "d1"), title="Other"))
    assert keys.name(retitled) == keys.name(replace(KeptChapter.of(first, "d2"), title="Other"))
