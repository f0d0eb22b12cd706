"""What the build's process does while it waits for the rebuild's edited chapter
(`meanwhile.py`): small steps, run only while the result is not in, whose failure costs
nothing; the theme loaded and the EPUB's kept documents read then (`builders/ahead.py`),
each document checked as any entry is, and reported only if the build takes it."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
import test_incremental
from test_incremental import SECOND, epub_of

from bookmaker import incremental, meanwhile
from bookmaker.builders import ahead as writing
from bookmaker.builders.epub import builder
from bookmaker.cache import FOLDER, Store
from bookmaker.cache.collector import build_scope
from bookmaker.cache.secret import user_key
from bookmaker.errors import BookmakerError

book = test_incremental.book
_fixed_epoch = test_incremental._fixed_epoch


class Later:
    """Results as a pool's `imap` gives them: each one in after COUNT polls; the end known
    at once."""

    def __init__(self, results: list[str], count: int):
        self.results, self.count, self.polls = list(results), count, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if not self.results:
            raise StopIteration
        return self.results.pop(0)

    def next(self, timeout: float | None = None) -> str:
        self.polls += 1
        if self.results and self.polls % (self.count + 1):
            raise multiprocessing.TimeoutError
        return next(self)


def steps(done: list[str], name: str, count: int, fail_at: int | None = None):
    for n in range(count):
        if n == fail_at:
            raise ValueError(name)
        done.append(f"{name}{n}")
        yield


def test_steps_run_in_turn_while_a_result_is_not_in():
    done: list[str] = []
    with build_scope():
        meanwhile.meanwhile(steps(done, "a", 3))
        meanwhile.meanwhile(steps(done, "b", 9, fail_at=1))  # the rest of its steps dropped
        meanwhile.meanwhile(steps(done, "c", 3))
        meanwhile.meanwhile(steps(done, "d", 99))
        assert list(meanwhile.awaited(Later(["one"], count=12))) == ["one"]
        assert done == ["a0", "a1", "a2", "b0", "c0", "c1", "c2", "d0", "d1"]
        assert list(meanwhile.awaited(Later(["two"], count=0))) == ["two"]
        assert done[-1] == "d1"  # a result in at once: no step
        assert meanwhile._STEPS
    assert not meanwhile._STEPS  # dropped when the build ends


def test_results_that_cannot_say_whether_they_are_in_are_awaited_plainly():
    done: list[str] = []
    with build_scope():
        meanwhile.meanwhile(steps(done, "a", 3))
        assert list(meanwhile.awaited(iter(["one"]))) == ["one"]
    assert done == []


def test_a_value_made_ahead_is_made_once():
    made: list[int] = []

    def make() -> int:
        made.append(len(made))
        return len(made)

    ahead = meanwhile.Ahead(make)
    list(ahead.step())
    assert ahead.get() == 1 and made == [0]
    late = meanwhile.Ahead(make)
    assert late.get() == 2
    list(late.step())  # asked already: not made again
    assert made == [0, 1]


class NotCacheData:
    def __reduce__(self):
        return (print, ("this would run on load",))


def test_entries_read_ahead_are_checked_as_any_and_reported_only_when_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    key = user_key()
    assert key is not None
    writer = Store(tmp_path, key)
    for name in ("a", "b", "c"):
        writer.put(name, (name,))
    writer.put("planted", NotCacheData())
    damaged = bytearray((tmp_path / "b").read_bytes())
    damaged[-3] ^= 0xFF
    (tmp_path / "b").write_bytes(bytes(damaged))
    reads: list[str] = []
    read = Store._read
    monkeypatch.setattr(Store, "_read", lambda self, name: reads.append(name) or read(self, name))
    store = Store(tmp_path, key)
    assert len(list(store.read_ahead())) == 4 and store.ignored == []
    assert reads == ["a", "b", "c", "planted"]
    assert store.get("a") == ("a",)
    assert store.get("b") is None and store.get("planted") is None
    assert [d.message.split()[2:4] for d in store.ignored] == [
        ["b", "damaged,"],
        ["planted", "does"],
    ]
    # Taken once (here: refused, not the entry a summary names); read again if asked again.
    assert store.load("c", signed="0" * 64) is None and "summary" in store.ignored[-1].message
    assert reads[4:] == [] and store.get("c") == ("c",) and reads[4:] == ["c"]
    assert list(Store(tmp_path, key, fresh=True).read_ahead()) == []


def test_a_rebuild_reads_the_kept_documents_while_it_waits_for_the_edited_chapter(
    book: Path, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry, jobs=2)
    documents = out / FOLDER / "epub"
    damaged = max(documents.iterdir(), key=lambda p: p.stat().st_size)  # the package's
    data = bytearray(damaged.read_bytes())
    data[-3] ^= 0xFF
    damaged.write_bytes(bytes(data))
    (book / "2024-01-02-second.md").write_text(SECOND.replace("Back to", "Now back to"))
    convert = incremental.convert

    def slow(*args, **kwargs):  # in the worker: the build's process waits for it
        time.sleep(0.5)
        return convert(*args, **kwargs)

    ahead: list[Path] = []
    read_ahead = Store.read_ahead

    def noted(self):
        for step in read_ahead(self):
            ahead.append(self.folder)
            yield step

    made: list[int] = []
    stylesheets = builder.stylesheets

    def taken(theme, diags):
        made.append(len(writing._CSS))
        return stylesheets(theme, diags)

    monkeypatch.setattr(incremental, "convert", slow)
    monkeypatch.setattr(Store, "read_ahead", noted)
    monkeypatch.setattr(builder, "stylesheets", taken)
    again, warnings = epub_of(book, out, epub_registry, jobs=2)
    assert ahead == [documents] * len(ahead) and len(ahead) >= 5
    assert made == [1] and writing._CSS == []  # the stylesheets too, and taken
    assert sum(damaged.name in w and "cache.ignored" in w for w in warnings) == 1
    fresh, _ = epub_of(book, tmp_path / "fresh", epub_registry, fresh=True)
    assert again == fresh


def test_a_theme_that_fails_in_the_wait_fails_the_build_as_without_one(
    book: Path, tmp_path: Path, epub_registry, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry, jobs=2)
    (book / "2024-01-02-second.md").write_text(SECOND.replace("Back to", "Now back to"))
    convert = incremental.convert
    monkeypatch.setattr(incremental, "convert", lambda *a: time.sleep(0.3) or convert(*a))
    tried: list[int] = []
    theme_of = writing.theme_of
    monkeypatch.setattr(writing, "theme_of", lambda *a: tried.append(1) or theme_of(*a))
    failed = []
    for jobs in (2, 1):
        with pytest.raises(BookmakerError) as raised:
            epub_of(book, out, epub_registry, jobs=jobs, theme_name="no-such-theme")
        failed.append(str(raised.value))
    assert failed[0] == failed[1] and "no-such-theme" in failed[0]
    assert len(tried) == 3  # in the wait, then again when the build asks; once with -j 1
