"""A definition list's term is a small heading: on paper it never ends a page away from its
definition (seen in the sample book, modern: "Viability" at the foot of a page, its meaning
overleaf)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bookmaker.pipeline import build

TERMS = ("Germination", "Viability", "Dormancy")


def post(lines: int) -> str:
    """A post whose definition list starts LINES short paragraphs down its first page."""
    filler = "\n\n".join(f"Line {i} of the seed log." for i in range(lines))
    terms = "\n".join(f"<dt>{t}</dt><dd>What {t.lower()} means for the seed.</dd>" for t in TERMS)
    return f"---\ntitle: Log {lines}\ndate: 2024-01-01\n---\n{filler}\n\n<dl>\n{terms}\n</dl>\n"


def page_ends(pdf: Path) -> list[str]:
    """The last line of text above the folio on each page."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    ends = []
    for page in text.split("\f"):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        body = [ln for ln in lines if not ln.isdigit() and not ln.isalpha() or ln in TERMS]
        ends.append(body[-1] if body else "")
    return ends


@pytest.mark.parametrize("theme", ["default", "modern"])
def test_a_term_never_ends_a_page_without_its_definition(tmp_path: Path, theme: str):
    book = tmp_path / "book"
    book.mkdir()
    # One post for each start of the list from a few lines above the page foot to past it
    # (an A5 page holds about 24 of these lines under a chapter's head): in some of them the
    # page ends right after a term unless the term is kept with what follows.
    for lines in range(20, 29):
        (book / f"2024-01-{lines:02d}-log.md").write_text(post(lines))
    report = build(book, ["pdf"], tmp_path / "out", theme_name=theme)
    ends = page_ends(report.results[0].path)
    stranded = [(i + 1, end) for i, end in enumerate(ends) if end in TERMS]
    assert not stranded, f"terms alone at a page foot (page, term): {stranded}"
