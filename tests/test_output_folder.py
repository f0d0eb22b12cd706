"""The output folder: a run's books replace the earlier ones all at once or not at all, whatever
instant the run is killed at, whichever run commits first, and whatever the folder held."""

from __future__ import annotations

import errno
import multiprocessing
import os
from pathlib import Path

import pytest
from helpers.outputs import (
    copy_folder,
    generations,
    read_only,
    run_killed_at,
    visible,
    write_run,
)

from bookmaker.builders.outdir import folder as folder_module
from bookmaker.builders.outdir import locks, swap
from bookmaker.builders.output import output_root, staged_outputs
from bookmaker.errors import BuildError

OLD = {"epub/book.epub": b"old epub", "pdf/book.pdf": b"old pdf"}
NEW = {"epub/book.epub": b"new epub", "pdf/book.pdf": b"new pdf"}
CACHE = ".bookmaker-cache/layout/abc"


def _earlier_book(outdir: Path) -> Path:
    write_run(outdir, OLD)
    (outdir / CACHE).parent.mkdir(parents=True)
    (outdir / CACHE).write_bytes(b"cached")
    return outdir


def _legacy_book(outdir: Path) -> Path:
    """What bookmaker before generations left: real epub/ and pdf/ folders."""
    for rel, data in OLD.items():
        (outdir / rel).parent.mkdir(parents=True, exist_ok=True)
        (outdir / rel).write_bytes(data)
    return outdir


def test_a_builder_finds_the_output_folder_for_what_outlives_the_run(tmp_path):
    with staged_outputs(tmp_path / "out") as stage:
        assert output_root(stage.folder) == tmp_path / "out" != stage.folder
    assert output_root(tmp_path / "out") == tmp_path / "out"


def test_books_are_read_where_the_readme_says_and_an_epub_only_run_keeps_the_pdf(tmp_path):
    out = _earlier_book(tmp_path / "out")
    assert (out / "epub" / "book.epub").read_bytes() == b"old epub"
    assert (out / "pdf" / "book.pdf").read_bytes() == b"old pdf"
    write_run(out, {"epub/book.epub": b"new epub", "epub/other.epub": b"other"})
    assert visible(out) == {
        "epub/book.epub": b"new epub",
        "epub/other.epub": b"other",
        "pdf/book.pdf": b"old pdf",
    }
    assert (out / CACHE).read_bytes() == b"cached"
    assert len(generations(out)) == 1


@pytest.mark.parametrize(
    ("start", "files", "expected"),
    [
        ("earlier", NEW, NEW),
        ("legacy", NEW, NEW),
        ("earlier", {"epub/book.epub": b"new epub"}, {**OLD, "epub/book.epub": b"new epub"}),
        ("empty", NEW, NEW),
    ],
)
def test_a_run_killed_before_any_step_leaves_the_earlier_books_or_the_new_ones(
    tmp_path, start, files, expected
):
    template = tmp_path / "template"
    template.mkdir()
    before = {}
    if start == "earlier":
        before = visible(_earlier_book(template))
    elif start == "legacy":
        before = visible(_legacy_book(template))
    seen = set()
    step = 0
    while True:
        step += 1
        out = copy_folder(template, tmp_path / f"out-{step}")
        killed = run_killed_at(out, files, step)
        now = visible(out)
        assert now in (before, expected), f"killed before step {step}: {now}"
        seen.add("new" if now == expected else "old")
        if start != "empty":
            assert (out / CACHE).exists() == (template / CACHE).exists()
        write_run(out, files)  # the next run cleans up after the killed one
        assert visible(out) == expected
        assert len(generations(out)) == 1
        assert not list(out.glob(".staging-*"))
        if not killed:
            break
    assert seen == {"old", "new"} and step > 10


def test_a_failed_swap_leaves_the_earlier_books_and_no_staging(tmp_path, monkeypatch):
    out = _earlier_book(tmp_path / "out")
    real_replace = os.replace

    def refuse(source, target, **kwargs):
        if Path(target).name == "current":
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_replace(source, target, **kwargs)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(BuildError, match="cannot write: Permission denied"):
        write_run(out, NEW)
    assert visible(out) == OLD
    assert len(generations(out)) == 1


@pytest.mark.parametrize("linked", [True, False])
def test_every_new_book_is_on_disk_before_the_folder_shows_it(tmp_path, monkeypatch, linked):
    """A power cut just after the commit must not leave empty books: each file is flushed
    (fsync) before the rename that makes it visible, and the folders holding the new names
    after it."""
    out = _earlier_book(tmp_path / "out")
    if not linked:
        monkeypatch.setattr(swap, "_only_books", lambda path: False)  # the user's own folder
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("sync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def replace(source, target, **kwargs):
        events.append(("show", str(target)))
        return real_replace(source, target, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_run(out, NEW)
    assert visible(out) == NEW
    shown = max(i for i, (kind, path) in enumerate(events) if kind == "show")
    synced = {Path(path).name for kind, path in events[:shown] if kind == "sync"}
    assert {"book.epub", "book.pdf"} <= synced
    after = {path for kind, path in events[shown:] if kind == "sync"}
    assert after, "the folder holding the new name is flushed after the rename"


def test_a_read_only_pdf_folder_leaves_both_earlier_books_not_a_new_epub(tmp_path):
    out = _legacy_book(tmp_path / "out")
    with read_only(out / "pdf"), pytest.raises(BuildError) as caught:
        write_run(out, NEW)
    assert str(caught.value).count("\n") == 0 and "cannot write" in str(caught.value)
    assert visible(out) == OLD
    write_run(out, NEW)
    assert visible(out) == NEW


def test_a_read_only_output_folder_is_one_error_and_changes_nothing(tmp_path):
    out = _earlier_book(tmp_path / "out")
    with read_only(out / ".bookmaker-builds"), pytest.raises(BuildError) as caught:
        write_run(out, NEW)
    assert "cannot write" in str(caught.value) and "\n" not in str(caught.value)
    assert visible(out) == OLD


def test_stale_generations_and_old_staging_folders_go_but_a_live_run_keeps_its_own(tmp_path):
    out = _earlier_book(tmp_path / "out")
    builds = out / ".bookmaker-builds"
    stale = builds / "gen-stale"
    (stale / "epub").mkdir(parents=True)
    (stale / ".owner").touch()
    live = builds / "gen-live"
    live.mkdir()
    fd = locks.hold(live / ".owner")  # another run, still writing
    old_staging = out / ".staging-k2j4h5x1"
    (old_staging / "pdf").mkdir(parents=True)
    (builds / ".link-0123").symlink_to("nowhere")
    try:
        write_run(out, NEW)
        assert not stale.exists() and not old_staging.exists()
        assert not (builds / ".link-0123").is_symlink()
        assert live.exists()
    finally:
        os.close(fd)
    write_run(out, NEW)
    assert not live.exists() and len(generations(out)) == 1


def test_a_failed_first_run_leaves_no_output_folder(tmp_path):
    out = tmp_path / "new" / "out"
    with pytest.raises(RuntimeError), staged_outputs(out):
        raise RuntimeError("a builder failed")
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("kind", ["file", "foreign link"])
def test_something_else_where_a_book_folder_goes_is_refused_before_anything_changes(tmp_path, kind):
    out = _earlier_book(tmp_path / "out")
    mine = tmp_path / "mine"
    mine.mkdir()
    if kind == "file":
        (out / "html").write_text("my notes")
    else:
        (out / "html").symlink_to(mine)
    with pytest.raises(BuildError, match="html"):
        write_run(out, {**NEW, "html/book.html": b"<html>"})
    assert visible(out) == OLD and list(mine.iterdir()) == []


def test_an_older_layout_becomes_links_but_a_folder_of_ones_own_stays_a_folder(tmp_path):
    out = _legacy_book(tmp_path / "out")
    (out / "pdf" / "my-notes.txt").write_text("mine")
    write_run(out, NEW)
    assert visible(out) == {**NEW, "pdf/my-notes.txt": b"mine"}
    assert not (out / "pdf").is_symlink() and not (out / "epub").is_symlink()
    (out / "pdf" / "my-notes.txt").unlink()
    write_run(out, OLD)
    assert visible(out) == OLD
    assert (out / "pdf").is_symlink() and (out / "epub").is_symlink()


def _run_version(out: Path, version: int) -> None:
    write_run(out, {"epub/book.epub": b"epub %d" % version, "pdf/book.pdf": b"pdf %d" % version})


def _run_book(out: Path, number: int) -> None:
    write_run(out, {f"epub/b{number}.epub": b"e", f"pdf/b{number}.pdf": b"p"})


def test_concurrent_runs_never_mix_books_nor_drop_each_others(tmp_path):
    ctx = multiprocessing.get_context("fork")
    out = tmp_path / "out"
    for target in (_run_version, _run_book):
        runs = [ctx.Process(target=target, args=(out, n)) for n in range(6)]
        for run in runs:
            run.start()
        for run in runs:
            run.join(60)
            assert run.exitcode == 0
    books = visible(out)
    versions = {books["epub/book.epub"][5:], books["pdf/book.pdf"][4:]}
    assert len(versions) == 1
    assert {f"epub/b{n}.epub" for n in range(6)} <= set(books)
    assert len(generations(out)) == 1


def test_without_links_files_move_one_by_one_and_a_failed_move_puts_back_the_rest(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(folder_module, "_links_work", lambda folder: False)
    out = tmp_path / "out"
    write_run(out, OLD)
    assert not (out / "epub").is_symlink() and visible(out) == OLD
    with read_only(out / "pdf"), pytest.raises(BuildError, match="cannot write"):
        write_run(out, NEW)
    assert visible(out) == OLD
    write_run(out, NEW)
    assert visible(out) == NEW and generations(out) == []
