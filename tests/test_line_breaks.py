"""A run of text that fits on its line but for its trailing space is not hyphenated
(engine_fixes): WeasyPrint 70 measured "family historians … got " with its last space, found it
too wide and set "fam-" alone on a line after a note number ending the line before (default
sample, page 10).  The word after a note was joined to it by a no-break space to avoid that,
and the join opened wide gaps in the line before."""

from __future__ import annotations

import io

import pypdf
import pytest
from weasyprint import HTML

from bookmaker.builders.pdf.engine_fixes import engine_fixed

#: The default theme's text and note numbers, on pages three lines high.
CSS = """
@page { size: 400pt 84pt; margin: 20pt; }
html { font-family: "DejaVu Serif"; font-size: 10pt; line-height: 1.38; hyphens: auto;
  hyphenate-limit-chars: 6 3 3; }
p { width: 323pt; text-align: justify; margin: 0; orphans: 2; widows: 2; text-indent: 1.2em; }
a.noteref { position: relative; top: -0.5em; font-size: 0.65em; line-height: 1;
  padding-left: 0.08em; }
.keep { white-space: nowrap; hyphens: manual; }
"""
NOTE = '<a class="noteref" href="#n">\u2060{}</a>'
TEXT = (
    "Those are the things I fight for. A vertical file{n6} of local ephemera costs almost "
    "nothing to keep and is irreplaceable the moment it goes into a skip. When we digitised "
    "ours, the most-requested item turned out to be a 1962 bus timetable:{n7} family "
    "historians use it to work out how their grandparents got {end}"
)


def lines(end: str) -> list[str]:
    body = TEXT.format(end=end, n6=NOTE.format(6), n7=NOTE.format(7))
    with engine_fixed():
        pdf = HTML(string=f"<html lang='en-US'><style>{CSS}</style><p>{body}</p>").write_pdf()
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return [ln.strip() for page in pages for ln in page.extract_text().splitlines()]


@pytest.mark.parametrize(
    "end", ["<span class='keep'>to\xa0work.</span>", "<em>to work.</em>", "to work."]
)
def test_the_word_after_a_note_number_ending_a_line_starts_the_next_whole(end):
    found = lines(end)
    assert not [ln for ln in found if ln.endswith(("\u2010", "-")) and len(ln.split()) == 1]
    (at,) = [k for k, ln in enumerate(found) if "timetable" in ln]
    assert found[at].endswith("timetable:7") and found[at + 1].startswith("family historians")
