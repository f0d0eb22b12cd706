"""`bookmaker build` forks the rebuild's standby worker as it starts, before the build's own
process imports the pipeline, so the worker imports the readers and the converter meanwhile:
the edited post is read and converted there, and the book is the one a fresh build makes.
A build that reads nothing stops it; `-j 1` and `--fresh` fork none; a mistake in the edited
post is still one line naming the file.  (How much sooner the chapter is back is measured in
benchmarks/, not here.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers.paths import ROOT

#: `bookmaker ARGS`, with the standby's forks and the processes that read and converted a post
#: noted in the file $PROBE_LOG, one JSON list a line.
_PROBE = """
import json, os, sys
log = os.environ["PROBE_LOG"]
def note(*what):
    with open(log, "a") as out:
        out.write(json.dumps([os.getpid(), *what]) + "\\n")
from bookmaker import workers
forked = workers.Standby.__init__
def standby(self, *args, **kwargs):
    note("fork", "bookmaker.pipeline" in sys.modules)
    forked(self, *args, **kwargs)
workers.Standby.__init__ = standby
import bookmaker.incremental as incremental, bookmaker.post_reader as post_reader
import functools
for module, name in ((post_reader, "_read"), (incremental, "_convert")):
    def run(job, _func=getattr(module, name), _name=name):
        note(_name)
        return _func(job)
    setattr(module, name, functools.wraps(getattr(module, name))(run))
from bookmaker.cli import main
note("build")
main(sys.argv[1:])
"""


def _post(n: int, extra: str = "") -> str:
    return (
        f"---\ntitle: Post {n}\ndate: 2024-01-0{n}\n---\nThe *{n}th* post, with "
        f"[a neighbour](/2024/01/0{n % 4 + 1}/).{extra}\n"
    )


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    posts = tmp_path / "posts"
    posts.mkdir()
    for n in range(1, 5):
        (posts / f"2024-01-0{n}-post-{n}.md").write_text(_post(n), encoding="utf-8")
    return posts


def build(posts: Path, out: Path, *more: str) -> tuple[subprocess.CompletedProcess, list[list]]:
    """`bookmaker build POSTS -o OUT -b epub MORE` in its own process, and what it noted."""
    log = out.parent / f"{out.name}-probe.log"
    log.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "build", str(posts), "-o", str(out), "-b", "epub", "-q"]
        + list(more),
        check=False,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "SOURCE_DATE_EPOCH": "1700000000",
            "PROBE_LOG": str(log),
        },
        timeout=300,
    )
    return done, [json.loads(line) for line in log.read_text().splitlines()]


def _edit(posts: Path) -> None:
    edited = posts / "2024-01-03-post-3.md"
    edited.write_text(_post(3, " A sentence added."), encoding="utf-8")


def test_the_edited_post_goes_to_a_worker_forked_before_the_pipeline_is_imported(
    book: Path, tmp_path: Path, epub_registry
):
    out = tmp_path / "out"
    first, noted = build(book, out, "-j", "2")
    assert first.returncode == 0, first.stderr
    assert not [n for n in noted if n[1] == "fork"]  # no cache yet: nothing forked early
    _edit(book)

    again, noted = build(book, out, "-j", "2")

    assert again.returncode == 0, again.stderr
    me = next(pid for pid, what, *_ in noted if what == "build")
    assert [n for n in noted if n[1] == "fork"] == [[me, "fork", False]]
    workers = {pid for pid, what, *_ in noted if what in ("_read", "_convert")}
    assert [what for _, what, *_ in noted if what in ("_read", "_convert")] == ["_read", "_convert"]
    assert len(workers) == 1 and me not in workers
    epub = epub_registry.register(out / "epub" / "posts.epub").read_bytes()
    fresh, _ = build(book, tmp_path / "fresh", "-j", "2", "--fresh")
    assert fresh.returncode == 0, fresh.stderr
    assert epub == (tmp_path / "fresh" / "epub" / "posts.epub").read_bytes()
    with zipfile.ZipFile(out / "epub" / "posts.epub") as rebuilt:
        assert any(b"A sentence added." in rebuilt.read(n) for n in rebuilt.namelist())


def test_a_build_that_reads_nothing_stops_the_worker_and_one_job_forks_none(
    book: Path, tmp_path: Path
):
    out = tmp_path / "out"
    assert build(book, out, "-j", "2")[0].returncode == 0
    before = (out / "epub" / "posts.epub").read_bytes()

    unchanged, noted = build(book, out, "-j", "2")
    assert unchanged.returncode == 0, unchanged.stderr
    assert [n[1] for n in noted] == ["build", "fork"]  # forked, given nothing, stopped
    assert (out / "epub" / "posts.epub").read_bytes() == before

    _edit(book)
    for options in (("-j", "1"), ("-j", "2", "--fresh")):
        done, noted = build(book, out, *options)
        assert done.returncode == 0, done.stderr
        assert not [n for n in noted if n[1] == "fork"], options


def test_a_mistake_in_the_edited_post_is_one_line_naming_it(book: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert build(book, out, "-j", "2")[0].returncode == 0
    before = (out / "epub" / "posts.epub").read_bytes()
    broken = book / "2024-01-02-post-2.md"
    broken.write_text("---\ntitle: [unclosed\ndate: 2024-01-02\n---\nText.\n", encoding="utf-8")

    done, noted = build(book, out, "-j", "2")

    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "2024-01-02-post-2.md:" in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert [n[1] for n in noted if n[1] == "fork"] == ["fork"]
    assert (out / "epub" / "posts.epub").read_bytes() == before
