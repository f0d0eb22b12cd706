"""The copyright page's colophon stands at the foot of its page and flows: a long rights text
runs on overleaf, every word of it printed, nothing drawn over the contents (it was placed with
`position: absolute; bottom: 0`, and a colophon taller than the page drew its last lines over
the next page's, or lost them)."""

from __future__ import annotations

import re

import pytest
from helpers.cli import run_cli
from pypdf import PdfReader

from bookmaker.check.pdf_pages import read_pdf

CLAUSES = 50
RIGHTS = " ".join(
    f"Clause {n} of this licence lets anyone copy, share and adapt the text for any purpose."
    for n in range(1, CLAUSES + 1)
)
PARAGRAPH = (
    "A paragraph of some length, as a post has, so that its lines run from margin to margin and "
    "the page shows its text block: words and more words, a clause, another clause, and a last "
    "one before the end of the paragraph, which a reader reaches in good time.\n\n"
)
#: (More text than the colophon: the check learns the body type from most of the book's text.)
POST = "---\ntitle: {title}\ndate: 2024-01-0{n}\nauthor: Ada Lovelace\n---\n" + 8 * PARAGRAPH


def book(tmp_path, rights: str | None):
    for n, title in enumerate(
        ("First Light", "Second Thoughts", "Third Way", "Fourth Wall"), start=1
    ):
        (tmp_path / f"p{n}.md").write_text(POST.format(title=title, n=n))
    extra = f'rights = "{rights}"\n' if rights else ""
    (tmp_path / "book.toml").write_text(f'[book]\ntitle = "Fine Print"\n{extra}')
    out = tmp_path / "out"
    built = run_cli("build", str(tmp_path), "-b", "pdf", "-o", str(out), "-t", "default")
    assert built.returncode == 0, built.stderr
    return next((out / "pdf").glob("*.pdf"))


@pytest.mark.parametrize("theme", ["default"])
def test_a_colophon_taller_than_its_page_runs_on_overleaf_whole(tmp_path, theme):
    pdf = book(tmp_path, RIGHTS)
    texts = [" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages]
    clauses = [int(n) for page in texts for n in re.findall(r"Clause (\d+) of", page)]
    assert clauses == list(range(1, CLAUSES + 1))  # each once, in order
    holding = [k for k, page in enumerate(texts) if "Clause" in page]
    assert len(holding) >= 2  # taller than a page: it ran on
    contents = next(k for k, page in enumerate(texts) if page.startswith("Contents"))
    assert contents > holding[-1] and "Clause" not in texts[contents]
    check = run_cli("check", str(pdf))
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_short_colophon_stands_at_the_foot_of_its_page(tmp_path):
    pdf = book(tmp_path, "Text under CC BY 4.0.")
    page = next(p for p in read_pdf(pdf) if "copyright" in p.anchors)
    assert "Text under CC BY 4.0." in " ".join(ln.text for ln in page.lines).replace("\xa0", " ")
    # all of it in the lower half, its last line in the lowest fifth (the text block's foot)
    assert max(ln.y1 for ln in page.lines) < page.height / 2
    assert min(ln.y0 for ln in page.lines) < page.height / 5
