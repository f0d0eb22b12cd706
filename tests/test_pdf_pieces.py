"""The PDF laid out by pieces (front matter, parts, chapters, contributors index; in worker
processes, through the layout cache) is the same book as one WeasyPrint layout of the same
print document: pages, text page by page, labels, outline, link targets, contents numbers."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from itertools import groupby
from pathlib import Path

import pytest
from helpers.pdf import PdfBook, squash

from bookmaker.builders.pdf.document import print_document
from bookmaker.builders.pdf.layout import LayoutJob, layout
from bookmaker.config import load
from bookmaker.pipeline import build
from bookmaker.theming import load_theme

SAMPLES = Path(__file__).parent.parent / "samples"
PARTS = """
[parts]
by = "list"
[[parts.part]]
title = "Conversations"
posts = ["*conversation*", "*library-keep*"]
[[parts.part]]
title = "Field notes"
posts = ["*"]
"""


def whole_document(report, src: Path, overrides: tuple[str, ...], target: Path) -> PdfBook:
    """The same print document laid out as one WeasyPrint document."""
    config = load(src, overrides)
    theme = load_theme(config.theme.name, (), config.theme.options)
    doc = print_document(report.book, theme, config, link_stylesheets=False)
    job = LayoutJob(doc.html, tuple(doc.stylesheets.values()), doc.files, doc.body_start, target)
    layout(job)
    return PdfBook(target)


@pytest.fixture(scope="module", params=["print", "screen"])
def both(request, tmp_path_factory):
    """(pieces, whole) for the sample book in parts, in each edition."""
    work = tmp_path_factory.mktemp(f"pieces-{request.param}")
    src = work / "src"
    shutil.copytree(SAMPLES, src, ignore=shutil.ignore_patterns("world"))
    with (src / "book.toml").open("a") as toml:
        toml.write(PARTS)
    overrides = (f"pdf.edition={request.param!r}",)
    report = build(src, ["pdf"], work / "out", overrides=overrides, jobs=2)
    whole = whole_document(report, src, overrides, work / "whole.pdf")
    return PdfBook(report.results[0].path), whole


def test_same_pages_labels_and_outline(both):
    pieces, whole = both
    assert len(pieces.pages) == len(whole.pages) > 10
    assert pieces.labels == whole.labels
    assert pieces.outline == whole.outline
    assert [d for d, _, _ in pieces.outline].count(0) >= 4  # contents, two parts, contributors


def once_each(text: str) -> str:
    """A note's squashed list of pages with each page once ("pp.7,7—" → "p.7—"): the pieces
    write the numbers in (builders/pdf/pagerefs.py); one document's target-counter cannot."""

    def fix(m: re.Match[str]) -> str:
        pages = list(dict.fromkeys(m[2].split(",")))
        return ("pp." if len(pages) > 1 else "p.") + ",".join(pages) + "—"

    return re.sub(r"(pp?)\.(\w+(?:,\w+)*)—", fix, text)


def test_same_text_on_every_page(both):
    pieces, whole = both
    for index in range(len(whole.pages)):
        assert squash(pieces.text(index)) == once_each(squash(whole.text(index))), f"page {index}"


def test_every_link_leads_to_the_same_page(both):
    pieces, whole = both
    assert pieces.named_pages.items() >= {(name, page) for name, page in whole.named_pages.items()}
    for index in range(len(whole.pages)):
        targets = [pieces.named_pages.get(link.get("dest")) for link in pieces.links(index)]
        # (a page a note lists twice in one document is one link in the pieces: once_each)
        wanted = [whole.named_pages.get(link.get("dest")) for link in whole.links(index)]
        assert [k for k, _ in groupby(targets)] == [k for k, _ in groupby(wanted)]
        assert None not in [t for t, link in zip(targets, pieces.links(index)) if "dest" in link]


def test_the_cache_serves_unchanged_pieces_ignores_damaged_ones_and_an_edit_redoes_one(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src, ignore=shutil.ignore_patterns("world"))
    out = tmp_path / "out"
    first = build(src, ["pdf"], out, jobs=1).results[0].path.read_bytes()
    cache = out / ".bookmaker-cache" / "pdf"
    before = {p.name for p in cache.glob("*.pdf")}
    # the front matter, six chapters and the contributors index; and a chapter again with its
    # notes' pages written in ("pp. 13, 14"), or two when a cross-reference's page is not known
    # before its chapter is laid out (which the sample's layout decides, not the cache)
    assert 9 <= len(before) <= 10
    entries = sorted(cache.glob("*.pdf"))
    entries[0].write_bytes(b"%PDF-1.7 not a pdf")
    entries[1].with_suffix(".json").write_text("{")
    assert build(src, ["pdf"], out).results[0].path.read_bytes() == first
    assert {p.name for p in cache.glob("*.pdf")} == before
    post = src / "2024-04-02-repair-log-export.html"
    post.write_text(post.read_text().replace("<p>This post", "<p>One line more.</p><p>This post"))
    build(src, ["pdf"], out, jobs=1)
    new = {p.name for p in cache.glob("*.pdf")} - before
    # That chapter alone: its page count did not change (one line more), so neither did the
    # chapters after it, nor the page numbers in the contents and the contributors index.
    # (once, or twice when its notes' pages must be written in: builders/pdf/pagerefs.py)
    assert 1 <= len(new) <= 2 and all("-11Rp" in name for name in new)


def test_workers_die_with_a_killed_build(tmp_path):
    for n in range(6):
        (tmp_path / f"p{n}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-01-0{n + 1}\n---\n" + "Words and words. " * 4000
        )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    cli = subprocess.Popen(
        [sys.executable, "-m", "bookmaker", "build", str(tmp_path), "-b", "pdf", "-j", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and cli.poll() is None:
        time.sleep(0.2)
        workers = _children(cli.pid)
    assert len(workers) == 2
    cli.send_signal(signal.SIGKILL)
    cli.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        try:
            if (
                entry.name.isdigit()
                and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid
            ):
                out.append(int(entry.name))
        except (OSError, ValueError):
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_fresh_reads_no_layout_from_the_cache_but_writes_it(tmp_path):
    from bookmaker.builders.pdf.cache import LayoutCache
    from bookmaker.builders.pdf.layout import LayoutResult
    from bookmaker.builders.pdf.render import PieceLayout

    kept = PieceLayout(LayoutResult(3, 0, (), ()), {"ch-1": 0}, (1,))
    first = LayoutCache(tmp_path)
    first.pdf("k-1R").write_bytes(b"%PDF-1.7 three pages")
    first.put("k-1R", kept)
    first.finish({"ch-1": 3})
    fresh = LayoutCache(tmp_path, fresh=True)
    assert (fresh.get("k-1R"), fresh.pages_of("k"), fresh.last_pages()) == (None, None, {})
    again = LayoutCache(tmp_path)
    assert (again.get("k-1R"), again.pages_of("k"), again.last_pages()) == (kept, 3, {"ch-1": 3})
