"""A book of many short posts by many people (an archive's anthology): its drawn cover, title
pages and colophons name the first three and "27 others", one rule (all 150 of an archive made
the copyright page taller than the page; the cover said "and 27 others" where the title page
named ten and "others"), the EPUB's metadata names everyone,
and the typesetting check passes the book (it took the left-hand pages, which hold only the
contents' short name lines, for a narrower text block)."""

from __future__ import annotations

import re
import zipfile

from helpers.cli import run_cli
from pypdf import PdfReader

WRITERS = [f"Writer Number{n}" for n in range(1, 31)]
NAMED = "Writer Number1, Writer Number2, Writer Number3, and 27 others"


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
        assert NAMED.lower() in page
        assert re.findall(r"writer number(\d+)", page.split("contents")[0]) == ["1", "2", "3"]
    with zipfile.ZipFile(next((out / "epub").glob("*.epub"))) as epub:
        opf = epub.read("EPUB/content.opf").decode()
        pages = {
            n: epub.read(n).decode().replace("\xa0", " ")
            for n in epub.namelist()
            if n.endswith(".xhtml")
        }
    cover = next(v for n, v in pages.items() if n.endswith("cover.xhtml"))
    assert re.search(r'alt="[^"]*' + NAMED, cover)  # the drawn cover's words
    said = [n for n, v in pages.items() if f">{NAMED}</p>" in v]
    assert len(said) == 2, said  # the title page and the colophon
    assert sorted(re.findall(r"<dc:creator[^>]*>([^<]+)<", opf)) == sorted(WRITERS)
    check = run_cli("check", str(pdf))
    assert check.returncode == 0, check.stdout + check.stderr
