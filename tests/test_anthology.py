"""A book of many short posts by many people (an archive's anthology): its title and copyright
pages name the first ten and "others" (all 150 of an archive made the copyright page taller
than the page, its last lines drawn over the contents), the EPUB's metadata names everyone,
and the typesetting check passes the book (it took the left-hand pages, which hold only the
contents' short name lines, for a narrower text block)."""

from __future__ import annotations

import re
import zipfile

from helpers.cli import run_cli
from pypdf import PdfReader

WRITERS = [f"Writer Number{n}" for n in range(1, 31)]


def test_an_anthology_of_thirty_writers(tmp_path):
    for n, writer in enumerate(WRITERS, start=1):
        (tmp_path / f"p{n:02d}.md").write_text(
            f"---\ntitle: Post number {n}\ndate: 2024-01-{n:02d}\nauthor: {writer}\n---\n"
            f"Post {n} says a few things in a paragraph of some length, as a post does, so "
            "that its lines run from margin to margin and the page shows its text block: "
            "words and more words, a clause, another clause, and a last one before a "
            f"[link](https://example.org/{n}) and the end of the paragraph.\n"
        )
    (tmp_path / "book.toml").write_text('[book]\ntitle = "Many Hands"\n')
    out = tmp_path / "out"
    built = run_cli("build", str(tmp_path), "-b", "pdf", "-b", "epub", "-o", str(out))
    assert built.returncode == 0, built.stderr
    pdf = next((out / "pdf").glob("*.pdf"))
    pages = [" ".join((p.extract_text() or "").split()).lower() for p in PdfReader(pdf).pages[:6]]
    credited = [p for p in pages if "writer number1," in p]
    assert len(credited) == 2  # the title page and the copyright page
    for page in credited:
        named = re.findall(r"writer number(\d+)", page.split("contents")[0])
        assert len(named) == 10 and "and others" in page
    with zipfile.ZipFile(next((out / "epub").glob("*.epub"))) as epub:
        opf = epub.read("EPUB/content.opf").decode()
    assert sorted(re.findall(r"<dc:creator[^>]*>([^<]+)<", opf)) == sorted(WRITERS)
    check = run_cli("check", str(pdf))
    assert check.returncode == 0, check.stdout + check.stderr
