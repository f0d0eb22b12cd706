"""A footnote sits at the foot of the page that cites it, whatever the text around it does
(issue 12): WeasyPrint 70 moved a page's footnotes overleaf to make room for the next
paragraph's second line (`orphans: 2`), so one hyphenation more in a table cell put note 3 of
the proof book a page after its citation.  (The proof book's notes: test_pdf_options.py.)"""

from __future__ import annotations

import io

import pypdf
import pytest
from weasyprint import HTML

from bookmaker.builders.pdf.engine_fixes import engine_fixed

CSS = """
@page { size: 100mm 70mm; margin: 10mm; }
html { font-family: "DejaVu Serif"; font-size: 10pt; line-height: 14pt; }
body { margin: 0; } p { margin: 0; orphans: 2; widows: 2; }
.fn { float: footnote; footnote-policy: line; font-size: 8pt; line-height: 10pt; }
"""


def pages_with(lines: int) -> tuple[list[int], list[int]]:
    """The pages with the citation and with its note, after LINES lines under the citation."""
    filler = "<br>".join(f"line {k}" for k in range(lines))
    body = (
        f"<p>Cited here<span class='fn'>The note itself, one line.</span> {filler}</p>"
        f"<p>{'<br>'.join('more text' for _ in range(6))}</p>"
    )
    with engine_fixed():
        pdf = HTML(string=f"<html><style>{CSS}</style><body>{body}</body></html>").write_pdf()
    texts = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    return (
        [i for i, t in enumerate(texts) if "Cited here" in t],
        [i for i, t in enumerate(texts) if "note itself" in t],
    )


@pytest.mark.parametrize("lines", range(4, 10))
def test_a_paragraph_s_second_line_never_pushes_a_note_overleaf(lines):
    """With 7 lines the next paragraph's first line is the page's last: WeasyPrint moved the
    note overleaf to fit its second line there; the paragraph goes overleaf instead."""
    cited, noted = pages_with(lines)
    assert cited == noted == [0]
