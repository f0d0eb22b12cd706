"""The `[pdf]` options on a small proof book (tests/roots/test-pdf): page geometry, bleed and
crop marks, notes at the foot of the page, the screen edition, PDF/A and PDF/UA, hyphenation
by chapter language, and byte-identical builds."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers.paths import ROOTS
from helpers.pdf import MM, PdfBook, squash

from bookmaker.geometry import geometry
from bookmaker.pipeline import build

ROOT = ROOTS / "test-pdf"


@pytest.fixture(scope="module")
def proof(tmp_path_factory):
    """Build the proof book with some `-D` overrides, once per distinct set in this module."""
    work = tmp_path_factory.mktemp("proof")
    shutil.copytree(ROOT, work / "src")
    made: dict[tuple[str, ...], tuple] = {}

    def make(*overrides: str, env_epoch: str | None = None):
        key = (*overrides, env_epoch or "")
        if key not in made:
            out = work / f"out-{len(made)}"
            report = build(work / "src", ["pdf", "html"], out, overrides=overrides)
            made[key] = (
                report,
                PdfBook(report.results[0].path),
                report.results[1].path.read_text(),
            )
        return made[key]

    return make


def test_hyphenation_follows_each_chapter_language(proof):
    _report, pdf, html = proof()
    assert re.search(r'<section id="ein-kapitel-auf-deutsch" class="chapter" lang="de"', html)
    german = next(i for _, title, i in pdf.outline if title == "Ein Kapitel auf Deutsch")
    lines = [line.text for line in pdf.lines(german)]
    broken = [line for line in lines if re.search(r"\w[\u2010-]$", line)]
    assert len(broken) >= 2, lines
    # Words were split where German splits them, not anywhere.
    assert any(
        line.endswith(
            tuple(
                f"{half}{mark}"
                for half in ("kapitäns", "gesell", "zu", "übertra", "versiche", "ausbil")
                for mark in "‐-"
            )
        )
        for line in broken
    )


def test_wide_tables_long_code_and_urls_stay_inside_the_margins(proof):
    _report, pdf, _ = proof()
    geo = geometry("A5")
    for index in range(len(pdf.pages)):
        x0, _, x1, _ = pdf.box(index)
        left, right = (geo.outer, geo.inner) if index % 2 else (geo.inner, geo.outer)
        for g in pdf.glyphs(index):
            assert x0 + left * MM - 0.5 <= g.x0 and g.x1 <= x1 - right * MM + 0.5, (index, g)
    text = squash(" ".join(pdf.text(i) for i in range(len(pdf.pages))))
    assert squash("--write-out '%{http_code} %{url_effective}\\n'") in text
    assert "Notesonthe" in text and re.search(r"meth-?odused", text)
    assert squash("Bērziņa-Čerenkova") in text and "Чайковский" in text


def test_a_source_cited_again_after_another_note_gets_the_next_number(proof):
    report, _pdf, _ = proof()
    chapter = report.book.chapters[0]
    rot = [n for n in chapter.endnotes if n.url == "https://en.wikipedia.org/wiki/Link_rot"]
    assert len(rot) == 2 and rot[0].number < rot[1].number
    assert [len(n.refs) for n in rot] == [1, 1]


def test_footnotes_sit_at_the_foot_of_the_page_that_cites_them(proof):
    report, pdf, html = proof("pdf.notes=footnote")
    assert 'class="endnotes"' not in html
    for chapter in report.book.chapters:
        for note in chapter.endnotes:
            page = pdf.named_pages[note.id]
            assert page == pdf.named_pages[note.refs[0]], note.number
            assert squash(note.url) in squash(pdf.text(page))
    # A source cited again after another note has a note of its own, at its own page's foot.
    everything = " ".join(pdf.text(i) for i in range(len(pdf.pages)))
    assert everything.count("Link_rot") == 2


def test_screen_edition_has_live_coloured_links_and_no_blank_pages(proof):
    report, pdf, html = proof("pdf.edition=screen", "pdf.crop_marks=true")
    assert pdf.path.name == "print-proof-screen.pdf"
    assert any("crop_marks is ignored in the screen edition" in w.message for w in report.warnings)
    uris = {link["uri"] for i in range(len(pdf.pages)) for link in pdf.links(i) if "uri" in link}
    assert {"https://web.archive.org/", "https://gfds.de/"} <= uris
    assert all(pdf.glyphs(i) for i in range(len(pdf.pages))), "no blank pages"
    assert "halftitle" in html and pdf.text(0).startswith(
        "Print Proof"
    )  # the title page comes first
    assert pdf.labels[:3] == ["i", "ii", "iii"] and "1" in pdf.labels
    assert pdf.box(0, "/MediaBox") == pdf.box(0, "/TrimBox")


def test_custom_trim_size_mirrored_margins_bleed_and_crop_marks(proof):
    _report, pdf, _html = proof(
        "pdf.page_size=150x220mm",
        "pdf.bleed=3mm",
        "pdf.crop_marks=true",
        "pdf.margins.inner=24mm",
        "pdf.margins.outer=12mm",
    )
    for index in range(len(pdf.pages)):
        trim = pdf.box(index, "/TrimBox")
        bleed = pdf.box(index, "/BleedBox")
        media = pdf.box(index, "/MediaBox")
        assert trim[2] - trim[0] == pytest.approx(150 * MM, abs=0.1)
        assert trim[3] - trim[1] == pytest.approx(220 * MM, abs=0.1)
        assert [b - t for b, t in zip(bleed, trim)] == pytest.approx(
            [-3 * MM, -3 * MM, 3 * MM, 3 * MM], abs=0.05
        )
        assert media[0] < bleed[0] - 5 * MM, "crop marks sit outside the bleed"
    # Text starts at the inner margin on right-hand pages and the outer one on left-hand pages.
    starts = {
        index % 2: min(g.x0 for g in pdf.glyphs(index)) - pdf.box(index)[0]
        for index in range(6, len(pdf.pages))
        if pdf.glyphs(index)
    }
    assert starts[0] == pytest.approx(24 * MM, abs=1.5)
    assert starts[1] == pytest.approx(12 * MM, abs=1.5)


def test_pdf_a_3b_variant(proof):
    _report, pdf, _ = proof("pdf.variant=pdf/a-3b")
    root = pdf.reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]*3", xmp) and re.search(r"pdfaid:conformance[^A-Z]*B", xmp)
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert "/ID" in pdf.reader.trailer
    images = [
        x.get_object()
        for page in pdf.pages
        for x in (page["/Resources"].get("/XObject") or {}).values()
    ]
    assert images and all(img.get("/Interpolate") is not True for img in images)
    assert pdf.labels[6] == "1"


def test_pdf_ua_1_variant(proof):
    _report, pdf, _ = proof("pdf.variant=pdf/ua-1")
    root = pdf.reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True and "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True
    assert root["/Lang"] == "en"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)
    pdfua = pytest.importorskip("pdfua")
    errors = [f for f in pdfua.validate(str(pdf.path)).findings if f.severity.name == "ERROR"]
    assert not errors, errors


def test_same_source_date_epoch_gives_the_same_bytes(proof, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    shutil.copytree(ROOT, tmp_path / "src")
    first = build(tmp_path / "src", ["pdf"], tmp_path / "a").results[0].path.read_bytes()
    second = build(tmp_path / "src", ["pdf"], tmp_path / "b").results[0].path.read_bytes()
    assert first == second
    from pypdf import PdfReader

    assert (
        PdfReader(tmp_path / "a" / "pdf" / "print-proof.pdf").metadata["/CreationDate"]
        == "D:20231114221320Z"
    )


def test_parts_open_on_right_hand_pages_and_head_the_outline(proof, tmp_path):
    from dataclasses import replace

    from bookmaker.builders.pdf.builder import PdfBuilder
    from bookmaker.config import load
    from bookmaker.contents import book_contents
    from bookmaker.model import Part
    from bookmaker.theming import load_theme

    report, _, _ = proof()
    first, second = report.book.chapters
    parts = (Part("Conversations", (first,), 1), Part("Essays", (second,), 2))
    book = replace(report.book, parts=parts, contents=book_contents(parts, report.book.credits))
    config = load(tmp_path)
    result = PdfBuilder(config).build(book, load_theme("default", (), {}), tmp_path / "out")
    pdf = PdfBook(result.path)
    outline = [(depth, title) for depth, title, _ in pdf.outline]
    assert outline[:6] == [
        (0, "Contents"),
        (0, "Conversations"),
        (1, first.title),
        (2, "Una Aleksandra Bērziņa-Čerenkova"),
        (2, "Пётр Ильич Чайковский"),
        (0, "Essays"),
    ]
    assert (1, second.title) in outline
    part_page = {title: page for _, title, page in pdf.outline}
    assert pdf.labels[part_page["Conversations"]] == "1" and part_page["Conversations"] % 2 == 0
    assert part_page["Essays"] % 2 == 0 and part_page[first.title] == part_page["Conversations"] + 2


def test_pdf_a_and_ua_list_each_page_once_in_a_note(tmp_path):
    """Issue 12: the single-document path (PDF/A, PDF/UA) printed "pp. 4, 4" for a note cited
    twice on one page; like the default path, it lists the page once, as "p. 4"."""
    from bookmaker.builders.pdf.layout import LayoutJob, layout

    note = (
        '<span class="note-pages" data-one="p.">pp. <a class="note-page" href="#r1"></a>,'
        ' <a class="note-page" href="#r2"></a></span> the note'
    )
    html = (
        '<html lang="en"><body><p id="start">A word<a id="r1" href="#n">1</a> and again'
        f'<a id="r2" href="#n">1</a>.</p><p id="n">{note}</p></body></html>'
    )
    css = ".note-page::before { content: target-counter(attr(href), page); }"
    for variant in ("pdf/a-3b", "pdf/ua-1"):
        target = tmp_path / f"{variant.replace('/', '-')}.pdf"
        layout(LayoutJob(html, (css,), {}, "start", target, variant))
        text = squash(PdfBook(target).text(0))
        assert squash("p. 1 the note") in text and "pp." not in text, (variant, text)
