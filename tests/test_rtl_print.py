"""Issue 12, right-to-left chapters in print: an opening paragraph's drop cap and small capitals
decided by the script of its first letter, and a right-to-left justified line that ends before an
inline element kept inside the text block."""

from __future__ import annotations

import lxml.html
import pytest
from helpers.text import ARABIC_WORDS
from weasyprint import HTML

from bookmaker.builders.pdf.engine_fixes import engine_fixed
from bookmaker.builders.pdf.typeset import typeset
from bookmaker.check.pdf_pages import read_pdf

#: An opening long enough for a drop cap (INITIAL_MIN_CHARS), in each script.
OPENINGS = {
    "arabic": "في الحي مكتبة صغيرة لا تعير الكتب بل الأدوات: مثقاب ومنشار وسلم. ",
    "syriac": "ܐܢܐ ܟܬܒܐ ܕܫܠܡܐ ܘܟܬܒܐ ܕܚܘܒܐ ܘܟܬܒܐ ܕܚܝܐ ",
    "nko": "ߒ ߓߍ߫ ߞߊ߬ߙߊ߲߬ ߠߊ߫ ߞߏ߫ ߞߎߘߊ ߟߎ߬ ",
    "devanagari": "क्षमा करें, हमारे मोहल्ले में एक छोटा पुस्तकालय है जो औज़ार देता है। ",
    "hebrew": "בשכונה יש ספרייה קטנה שמשאילה כלים ולא ספרים: מקדחה, מסור וסולם. ",
    "latin": "In our street a small library lends tools, not books: a drill, a saw. ",
    "greek": "Στη γειτονιά μας μια μικρή βιβλιοθήκη δανείζει εργαλεία, όχι βιβλία. ",
}


def opening(text: str) -> lxml.html.HtmlElement:
    """The intro's opening paragraph as typeset for print."""
    html = f"<html><body><div class='intro'><p>{text * 10}</p></div></body></html>"
    doc = lxml.html.document_fromstring(typeset(html, None, True))
    (p,) = doc.find_class("opening")
    return p


@pytest.mark.parametrize("script", ["arabic", "syriac", "nko", "devanagari"])
def test_no_drop_cap_cut_from_a_word_whose_letters_join(script):
    """Cut off, "في" was drawn as an isolated "ف" beside "ي" (samples/world, every theme)."""
    p = opening(OPENINGS[script])
    assert p.find_class("initial") == []
    assert p.text_content().startswith(OPENINGS[script][:5])


@pytest.mark.parametrize("script", ["hebrew", "latin", "greek"])
def test_a_drop_cap_where_letters_stand_apart(script):
    (initial,) = opening(OPENINGS[script]).find_class("initial")
    assert initial.text == OPENINGS[script][0]


@pytest.mark.parametrize(
    ("script", "lead_in"),
    [("arabic", False), ("hebrew", False), ("devanagari", False), ("latin", True), ("greek", True)],
)
def test_small_capitals_only_in_a_script_with_capitals(script, lead_in):
    """Arabic's first words "in small capitals" were only set 0.82 times smaller."""
    assert bool(opening(OPENINGS[script]).find_class("lead-in")) is lead_in


def test_the_drop_cap_keeps_the_letters_marks():
    """A decomposed "É" (E and a combining acute): the initial was the bare "E", the accent
    left on the line beside it."""
    (initial,) = opening("“E\u0301lan is what the lending shelf runs on, every week. ").find_class(
        "initial"
    )
    assert initial.text == "“E\u0301"


RTL_CSS = (
    "@page { size: A5; margin: 20mm } body { margin: 0 } p { text-align: justify;"
    " font-family: 'DejaVu Serif'; font-size: 11pt; margin: 0 }"
)
WORDS = ARABIC_WORDS
#: Words and bold words by turns: a line often ends in a word before a bold one.
ARABIC = " ".join(f"{w} <b>{WORDS[(i + 3) % len(WORDS)]}</b>" for i, w in enumerate(WORDS * 4))


def test_a_right_to_left_line_ending_before_an_inline_element_stays_in_the_text_block(tmp_path):
    """WeasyPrint strips the space that ends such a line after placing its pieces, and moved
    them all left by it: a justified line ran 3.5 pt into the left margin (samples/world's
    Arabic chapter, classic and conversation, before a cross-reference link; here 6 lines of
    9 without the fix)."""
    out = tmp_path / "rtl.pdf"
    with engine_fixed():
        html = f"<html lang='ar' dir='rtl'><style>{RTL_CSS}</style><body><p>{ARABIC}</p>"
        HTML(string=html).write_pdf(out)
    (page,) = read_pdf(out)
    left, right = 20 / 25.4 * 72, page.width - 20 / 25.4 * 72
    rows: dict[int, tuple[float, float]] = {}  # pdfminer may cut a right-to-left line in two
    for ln in page.lines:
        x0, x1 = rows.get(round(ln.y0), (ln.x0, ln.x1))
        rows[round(ln.y0)] = (min(x0, ln.x0), max(x1, ln.x1))
    lines = [(round(x0, 1), round(x1, 1)) for _, (x0, x1) in sorted(rows.items(), reverse=True)]
    assert len(lines) >= 6
    # justified: every line but the last reaches both edges, and none goes past them
    assert all(abs(x0 - left) < 0.5 and abs(x1 - right) < 0.5 for x0, x1 in lines[:-1]), lines
