"""Parallel and incremental builds: `-j 2` makes the same bytes as `-j 1`, and a build that
reuses the cache makes the same bytes as a fresh build of the same posts, whatever changed in
between (a post's text, another post it links to, the slugs, an image, the settings), and
reads and converts only what the change touched.  A damaged or foreign cache entry is ignored
with a warning.  Speed is measured in benchmarks/, not here."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import pickle
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest
from helpers.paths import SAMPLES
from PIL import Image

from bookmaker import incremental, post_reader, workers
from bookmaker import read as reading
from bookmaker.builders.epub import cover, documents, render_workers
from bookmaker.cache import FOLDER, Store, compiled_css, keys
from bookmaker.cache.secret import user_key
from bookmaker.config import load
from bookmaker.pipeline import Report, build, convert_all, read

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "themes" / "default"
FIRST = (
    "---\ntitle: First\ndate: 2024-01-01\n---\n"
    "See [the second]({% post_url 2024-01-02-second %}), [the third](/2024/01/03/third/) and "
    "[a site](https://example.org/a).\n"
)
SECOND = (
    "---\ntitle: Second\ndate: 2024-01-02\n---\n"
    "Back to [the first]({% post_url 2024-01-01-first %}).\n\n![A map](images/map.png)\n"
)
THIRD = (
    "---\ntitle: Third\ndate: 2024-01-03\n---\nThe third, with [a link](https://example.org/c).\n"
)


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The posts each build (with `-j 1`, in this process) read and converted."""
    seen: dict[str, list[str]] = {"read": [], "convert": []}
    read_post, convert = reading.read_post, incremental.convert

    def counted_read(path, *args, **kwargs):
        seen["read"].append(path.name)
        return read_post(path, *args, **kwargs)

    def counted_convert(post, ctx):
        seen["convert"].append(post.path.name)
        return convert(post, ctx)

    monkeypatch.setattr(reading, "read_post", counted_read)
    monkeypatch.setattr(incremental, "convert", counted_convert)
    return seen


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "book.toml").write_text(
        '[book]\ntitle = "Letters"\n[site]\nurl = "https://blog.example.org"\n'
    )
    (folder / "2024-01-01-first.md").write_text(FIRST)
    (folder / "2024-01-02-second.md").write_text(SECOND)
    return folder


def epub_of(source: Path, out: Path, registry, **options) -> tuple[bytes, list[str]]:
    """The EPUB's bytes and the warnings of an EPUB build of SOURCE into OUT."""
    report = build(source, ["epub"], out, jobs=options.pop("jobs", 1), **options)
    registry.register(report.results[0].path)
    return report.results[0].path.read_bytes(), [str(w) for w in report.warnings]


def rebuilt_is_fresh(source: Path, out: Path, tmp_path: Path, registry, calls) -> list[str]:
    """Rebuild into OUT (reusing its cache) and check it against a fresh build elsewhere;
    the posts the rebuild converted."""
    calls["convert"].clear()
    again, warnings = epub_of(source, out, registry)
    converted = sorted(calls["convert"])
    fresh, fresh_warnings = epub_of(source, tmp_path / "fresh", registry, fresh=True)
    assert again == fresh
    assert warnings == fresh_warnings
    return converted


def test_two_workers_make_the_same_book_as_one(
    project, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch
):
    # Every document rendered in the workers too (a book of many posts is).
    monkeypatch.setattr(documents, "FEWEST_IN_WORKERS", 2)
    source = project(SAMPLES, "samples")
    one = epub_of(source, tmp_path / "one", epub_registry, jobs=1, fresh=True)
    two = epub_of(source, tmp_path / "two", epub_registry, jobs=2, fresh=True)
    assert one == two
    assert one[1]  # the samples warn (a remote image): the warnings came back from the workers


def test_two_workers_forked_before_reading_make_the_same_book(
    project, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch
):
    """As a build from the command line runs: reading and converting share the workers
    forked when the build's process is small (this one is not)."""
    monkeypatch.setattr(documents, "FEWEST_IN_WORKERS", 2)
    monkeypatch.setattr(workers, "FORK_BELOW", 2**40)
    forked = []
    kept = workers.Workers.kept

    def logged(self, jobs):
        forked.append(self._pool is None and kept(self, jobs) is not None)
        return self._pool

    monkeypatch.setattr(workers.Workers, "kept", logged)
    source = project(SAMPLES, "samples")
    one = epub_of(source, tmp_path / "one", epub_registry, jobs=1, fresh=True)
    two = epub_of(source, tmp_path / "two", epub_registry, jobs=2, fresh=True)
    assert one == two and forked[0] and not any(forked[1:])


def test_render_workers_started_early_make_the_same_book(
    project, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch
):
    """A fresh build starts its render workers once converting ends, and they render every
    chapter; a rebuild that keeps the chapters' documents starts none."""
    monkeypatch.setattr(documents, "FEWEST_IN_WORKERS", 2)
    rendered = []
    early = render_workers.Ready.map

    def logged(self, setting, specs):
        rendered.append([spec.file_name for spec in specs])
        return early(self, setting, specs)

    monkeypatch.setattr(render_workers.Ready, "map", logged)
    source = project(SAMPLES, "samples")
    one = epub_of(source, tmp_path / "one", epub_registry, jobs=1, fresh=True)
    assert rendered == []
    two = epub_of(source, tmp_path / "two", epub_registry, jobs=2, fresh=True)
    assert one == two
    with zipfile.ZipFile(io.BytesIO(two[0])) as book:
        chapters = [n for n in book.namelist() if n.startswith("EPUB/chapter-")]
    assert len(rendered) == 1 and len(rendered[0]) == len(chapters) > 2
    again = epub_of(source, tmp_path / "two", epub_registry, jobs=2)
    assert again == two and len(rendered) == 1


def test_posts_sent_to_convert_are_left_without_their_bodies(book: Path, tmp_path: Path):
    """Nothing after converting reads a post's body: once its job is sent, only the worker
    holds it."""
    config = replace(load(book), jobs=2)
    posts = read(book, config, tmp_path / "out", keep_going=False).posts
    assert all(post.body_html for post in posts)
    chapters = convert_all(posts, config, Report(), keep_going=False)
    assert [post.body_html for post in posts] == ["", ""]
    assert [c.title for c in chapters] == ["First", "Second"]
    assert "the second" in chapters[0].intro + "".join(s.html for s in chapters[0].sections)


def test_a_rebuild_with_two_workers_converts_beside_loading_the_cache(
    book: Path, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch
):
    """With `-j 2` a rebuild converts the edited post in a forked worker while this process
    loads the kept chapters: the same bytes as a fresh build, in one process."""
    log = tmp_path / "pids"
    convert = incremental.convert

    def logged(*args, **kwargs):
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return convert(*args, **kwargs)

    monkeypatch.setattr(incremental, "convert", logged)
    out = tmp_path / "out"
    epub_of(book, out, epub_registry, jobs=2)
    (book / "2024-01-02-second.md").write_text(SECOND.replace("Back to", "Now back to"))
    log.unlink()
    again, warnings = epub_of(book, out, epub_registry, jobs=2)
    pids = log.read_text().split()
    assert len(pids) == 1 and int(pids[0]) != os.getpid()
    fresh, fresh_warnings = epub_of(book, tmp_path / "fresh", epub_registry, fresh=True)
    assert (again, warnings) == (fresh, fresh_warnings)


def test_the_entries_a_build_loads_are_kept_from_the_collector_until_it_ends(
    book: Path, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch
):
    """A rebuild's loaded entries are set aside from the cyclic collector while it runs, and
    given back when it ends: a process running many builds does not keep them."""
    out = tmp_path / "out"
    first, _ = epub_of(book, out, epub_registry)
    frozen: list[int] = []
    loading = incremental.loading

    @contextlib.contextmanager
    def counted():
        with loading():
            yield
        frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(incremental, "loading", counted)
    monkeypatch.setattr(post_reader, "loading", counted)
    again, _ = epub_of(book, out, epub_registry)
    assert again == first
    assert len(frozen) == 2 and min(frozen) > 0  # the posts, then the chapters
    assert gc.get_freeze_count() == 0


def test_an_unchanged_book_is_neither_read_nor_converted_again(
    book: Path, tmp_path: Path, epub_registry, calls
):
    out = tmp_path / "out"
    first = epub_of(book, out, epub_registry)
    assert sorted(calls["convert"]) == ["2024-01-01-first.md", "2024-01-02-second.md"]
    calls["read"].clear()
    calls["convert"].clear()
    assert epub_of(book, out, epub_registry) == first  # the image warning is given again
    assert calls == {"read": [], "convert": []}
    epub_of(book, out, epub_registry, fresh=True)
    assert sorted(calls["convert"]) == ["2024-01-01-first.md", "2024-01-02-second.md"]


def test_an_edited_post_alone_is_converted_again(book: Path, tmp_path: Path, epub_registry, calls):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    (book / "2024-01-02-second.md").write_text(SECOND.replace("Back to", "Now back to"))
    assert rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls) == ["2024-01-02-second.md"]


def test_a_new_post_turns_links_to_it_into_cross_references(
    book: Path, tmp_path: Path, epub_registry, calls
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    (book / "2024-01-03-third.md").write_text(THIRD)
    # First linked to /2024/01/03/third/, a note until now: only it and the new post change.
    converted = rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls)
    assert converted == ["2024-01-01-first.md", "2024-01-03-third.md"]
    (book / "2024-01-03-third.md").unlink()
    converted = rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls)
    assert converted == ["2024-01-01-first.md"]


def test_a_slug_taken_by_a_new_post_moves_the_chapter_and_the_links_to_it(
    book: Path, tmp_path: Path, epub_registry, calls
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    # Sorted first, the new post takes the slug `first`; the old one becomes `first-2`, and
    # Second's link to it must follow.
    (book / "2023-12-31-first.md").write_text(FIRST.replace("2024-01-01", "2023-12-31"))
    converted = rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls)
    assert converted == ["2023-12-31-first.md", "2024-01-01-first.md", "2024-01-02-second.md"]


def test_images_found_added_and_edited_in_place(book: Path, tmp_path: Path, epub_registry, calls):
    out = tmp_path / "out"
    without, _ = epub_of(book, out, epub_registry)  # the map is a note: its address on the site
    (book / "images").mkdir()
    (book / "images" / "map.png").write_bytes(png("red"))
    assert rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls) == ["2024-01-02-second.md"]
    # The chapter's asset names the image by its content digest: the post is converted again.
    (book / "images" / "map.png").write_bytes(png("blue"))
    assert rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls) == ["2024-01-02-second.md"]
    assert rebuilt_is_fresh(book, out, tmp_path, epub_registry, calls) == []
    with zipfile.ZipFile(out / "epub" / "letters.epub") as epub:
        assert epub.read("EPUB/images/images/map.png") == png("blue")
    assert "images/map.png" not in str(zipfile.ZipFile(io.BytesIO(without)).namelist())


def test_a_changed_setting_converts_every_post_again(
    book: Path, tmp_path: Path, epub_registry, calls
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    calls["convert"].clear()
    epub_of(book, out, epub_registry, overrides=("endnotes.archive_links=true",))
    assert sorted(calls["convert"]) == ["2024-01-01-first.md", "2024-01-02-second.md"]


def entries(out: Path) -> list[Path]:
    return sorted((out / FOLDER / "chapters").iterdir())


def test_damaged_and_foreign_entries_are_ignored_with_a_warning(
    book: Path, tmp_path: Path, epub_registry, calls, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    expected, _ = epub_of(book, out, epub_registry)
    summary = keys.name(keys.environment(), "chapter-heads")  # `cache/heads.py`
    css = compiled_css.name(keys.environment())
    damaged = next(entry for entry in entries(out) if entry.name not in {summary, css})
    data = bytearray(damaged.read_bytes())
    data[-5] ^= 0xFF
    damaged.write_bytes(bytes(data))
    calls["convert"].clear()
    again, warnings = epub_of(book, out, epub_registry)
    assert again == expected and len(calls["convert"]) == 1
    assert sum("cache.ignored" in w and damaged.name in w for w in warnings) == 1

    # Entries another user's bookmaker signed (another key) are not trusted either.
    with monkeypatch.context() as other:
        other.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
        epub_of(book, tmp_path / "theirs", epub_registry, fresh=True)
    foreign = entries(tmp_path / "theirs")
    for theirs in foreign:
        (out / FOLDER / "chapters" / theirs.name).write_bytes(theirs.read_bytes())
    calls["convert"].clear()
    again, warnings = epub_of(book, out, epub_registry)
    assert again == expected and len(calls["convert"]) == 2
    # Each post's chapter entry, the summary of their heads (`cache/heads.py`) and the
    # compiled selectors (`cache/compiled_css.py`).
    assert len(foreign) == 4 and sum("cache.ignored" in w for w in warnings) == 4


class NotCacheData:
    def __reduce__(self):
        return (print, ("this would run on load",))


def test_a_signed_entry_is_unpickled_only_into_what_a_cache_holds(tmp_path: Path, capsys):
    key = user_key()
    assert key is not None
    store = Store(tmp_path, key)
    store.put("planted", NotCacheData())
    store.put("chapter-like", {"posts": (1, 2)})
    assert store.get("planted") is None
    assert capsys.readouterr().out == ""
    assert store.get("chapter-like") == {"posts": (1, 2)}
    assert [d.code for d in store.ignored] == ["cache.ignored"]
    # A renamed entry is not the entry of its new name.
    (tmp_path / "chapter-like").rename(tmp_path / "another")
    assert store.get("another") is None and len(store.ignored) == 2


def test_entry_names_change_with_what_they_depend_on():
    base = keys.name("read", "post.md")
    assert base == keys.name("read", "post.md")
    assert base != keys.name("read", "post.md", b"")
    assert keys.name(("a", "b")) != keys.name(("ab",))
    assert keys.name(pickle.dumps(1)) != keys.name(1)  # bytes as they are, values by pickle


def test_an_edited_theme_file_renders_the_chapters_again(book: Path, tmp_path: Path, epub_registry):
    """Theme files are named by their size and time, not read: an edit of the same size,
    the moment after a build, still counts."""
    mine = book / "_themes" / "mine"
    (mine / "templates" / "partials").mkdir(parents=True)
    (mine / "theme.toml").write_text('[theme]\ninherit = "default"\n')
    partial = mine / "templates" / "partials" / "chapter.html"
    shipped = (DEFAULT_THEME / "templates" / "partials" / "chapter.html").read_text()
    partial.write_text(shipped + '<p class="mark">one</p>\n')
    out = tmp_path / "out"
    first, _ = epub_of(book, out, epub_registry, theme_name="mine")
    partial.write_text(shipped + '<p class="mark">two</p>\n')
    again, _ = epub_of(book, out, epub_registry, theme_name="mine")
    fresh, _ = epub_of(book, tmp_path / "fresh", epub_registry, theme_name="mine", fresh=True)
    assert again == fresh != first
    with zipfile.ZipFile(io.BytesIO(again)) as epub:
        chapter = epub.read("EPUB/chapter-001.xhtml").decode()
    assert '<p class="mark">two</p>' in chapter and "one</p>" not in chapter


def test_the_names_a_chapter_page_reads_are_found_again_when_the_theme_changes(
    book: Path, tmp_path: Path, epub_registry
):
    """The names the chapter template reads (which name its kept documents) are kept for the
    theme as it is; a template edited to read the whole book makes any change of the book
    render every chapter again (here: the first chapter quotes the last)."""
    mine = book / "_themes" / "mine"
    (mine / "templates" / "partials").mkdir(parents=True)
    (mine / "theme.toml").write_text('[theme]\ninherit = "default"\n')
    partial = mine / "templates" / "partials" / "chapter.html"
    shipped = (DEFAULT_THEME / "templates" / "partials" / "chapter.html").read_text()
    partial.write_text(shipped)
    out = tmp_path / "out"
    epub_of(book, out, epub_registry, theme_name="mine")
    partial.write_text(
        shipped + '<p class="mark">{{ "Now back" in book.parts[0].chapters[-1]|string }}</p>\n'
    )
    epub_of(book, out, epub_registry, theme_name="mine")
    (book / "2024-01-02-second.md").write_text(SECOND.replace("Back to", "Now back to"))
    again, _ = epub_of(book, out, epub_registry, theme_name="mine")
    fresh, _ = epub_of(book, tmp_path / "fresh", epub_registry, theme_name="mine", fresh=True)
    assert again == fresh
    with zipfile.ZipFile(io.BytesIO(again)) as epub:
        chapter = epub.read("EPUB/chapter-001.xhtml").decode()
    assert '<p class="mark">True</p>' in chapter


def test_the_drawn_cover_is_kept_until_what_it_shows_changes(
    book: Path, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch
):
    drawn: list[str] = []
    generate = cover.generate_cover

    def counted(text, *args):
        drawn.append(text.title)
        return generate(text, *args)

    monkeypatch.setattr(cover, "generate_cover", counted)
    out = tmp_path / "out"
    first, _ = epub_of(book, out, epub_registry)
    again, warnings = epub_of(book, out, epub_registry)
    assert again == first and drawn == ["Letters"]
    assert not [w for w in warnings if "[epub.cover" in w or "cache.ignored" in w]
    # A damaged entry is ignored, with a warning, and the cover drawn again, the same.
    (kept,) = (out / FOLDER / "cover").iterdir()
    kept.write_bytes(kept.read_bytes()[:-3])
    again, warnings = epub_of(book, out, epub_registry)
    assert again == first and drawn == ["Letters"] * 2
    assert [w for w in warnings if "cache.ignored" in w and kept.name in w]
    # A new title is a new cover.
    toml = book / "book.toml"
    toml.write_text(toml.read_text().replace("Letters", "Letters home"))
    epub_of(book, out, epub_registry)
    assert drawn == ["Letters"] * 2 + ["Letters home"]
    with zipfile.ZipFile(out / "epub" / "letters-home.epub") as epub:
        shown = epub.read("EPUB/cover.jpg")
    fresh, _ = epub_of(book, tmp_path / "fresh", epub_registry, fresh=True)
    with zipfile.ZipFile(io.BytesIO(fresh)) as epub:
        assert epub.read("EPUB/cover.jpg") == shown


def test_compiled_templates_are_kept_signed_and_dropped_when_damaged(
    book: Path, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch
):
    """A rebuild loads the templates Jinja compiled last time instead of compiling them again;
    a damaged entry is ignored with a warning and the template compiled again, the same.
    (Stylesheets are compiled from their text, with the options, on every build.)"""
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(env, source, name=None, filename=None, *args, **kwargs):
        if not str(name).endswith(".css.jinja"):
            compiled.append(name)
        return compile_(env, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    out = tmp_path / "out"
    first, _ = epub_of(book, out, epub_registry)
    assert {"epub/chapter.xhtml", "epub/layout.xhtml"} <= set(compiled)
    kept = sorted((out / FOLDER / "templates").iterdir())
    assert len(kept) == len(set(compiled))
    compiled.clear()
    again, warnings = epub_of(book, out, epub_registry)
    assert again == first and compiled == []
    assert not [w for w in warnings if "cache.ignored" in w]
    # That rebuild rendered no chapter; the chapter template is kept for the next that does.
    assert sorted((out / FOLDER / "templates").iterdir()) == kept
    for damaged in kept:
        damaged.write_bytes(damaged.read_bytes()[:-3])
    # Every page is kept too (`reuse.py`): without its documents the rebuild renders them all.
    shutil.rmtree(out / FOLDER / "epub")
    again, warnings = epub_of(book, out, epub_registry)
    ignored = [w for w in warnings if "cache.ignored" in w and "templates" in w]
    assert again == first and "epub/layout.xhtml" in compiled
    assert len(ignored) == len(compiled)
    # --fresh compiles every template again; the chapters' templates, compiled in the -j
    # workers, are kept too.
    monkeypatch.setattr(documents, "FEWEST_IN_WORKERS", 2)
    compiled.clear()
    again, _ = epub_of(book, out, epub_registry, fresh=True, jobs=2)
    assert again == first and "epub/chapter.xhtml" not in compiled
    assert sorted((out / FOLDER / "templates").iterdir()) == kept
