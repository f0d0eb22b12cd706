"""Issue 12, item 4: "Note numbers come loose: a reference number starts a line or stands
alone."  Proved on the laid-out page: a book whose paragraphs carry a note every few words,
built in every theme, and `bookmaker check`'s reading of the PDF.  Before the join
(keeps.join_note; f75d175, the commit before it) each theme set numbers at line starts:
9 in default, 9 in classic, 5 in modern, 4 in conversation."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bookmaker.check.pdf_pages import read_pdf
from bookmaker.check.typesetting import check_typesetting
from bookmaker.pipeline import build

WORDS = [
    "repair",
    "library",
    "archive",
    "kettle",
    "radio",
    "seed",
    "shelf",
    "ledger",
    "pamphlet",
    "timetable",
    "volunteer",
    "parish",
    "newsletter",
    "bicycle",
    "workshop",
    "lending",
    "commons",
    "catalogue",
    "format",
    "metadata",
    "preservation",
]


def noted_post() -> str:
    """Fourteen paragraphs of 70 words, about one in three a link (a note) followed by nothing
    or by a stop, so that some number falls at every place a line can end."""
    pick = random.Random(4)
    paragraphs, n = [], 0
    for _ in range(14):
        words = []
        for _ in range(70):
            word = pick.choice(WORDS)
            if pick.random() < 0.3:
                n += 1
                stop = pick.choice(["", "", ",", ".", ":", ";"])
                words.append(f'<a href="https://example.org/{word}/{n}">{word}</a>{stop}')
            else:
                words.append(word)
        paragraphs.append("<p>" + " ".join(words).capitalize() + ".</p>")
    front = "---\ntitle: Many Notes\ndate: 2024-01-01\nauthor: A. Tester\n---\n"
    return front + "\n".join(paragraphs)


@pytest.mark.parametrize("theme", ["default", "classic", "modern", "conversation"])
def test_no_note_number_starts_a_line_or_stands_alone(tmp_path: Path, theme: str):
    book = tmp_path / "book"
    book.mkdir()
    (book / "book.toml").write_text('[book]\ntitle = "Notes"\nauthors = ["A. Tester"]\n')
    (book / "2024-01-01-notes.html").write_text(noted_post())
    report = build(book, ["pdf"], tmp_path / "out", theme_name=theme)
    found = [p.message for p in check_typesetting(read_pdf(report.results[0].path))]
    loose = [m for m in found if m.startswith("note-at-line-start:")]
    alone = [m for m in found if re.match(r"runt: \u201c\d+\W?\u201d", m)]  # "4" ending a paragraph
    assert loose == [] and alone == []
