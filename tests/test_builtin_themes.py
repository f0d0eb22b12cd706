"""The built-in themes, end to end: each builds the sample book and the seed (EPUBCheck clean, PDF
with the theme's own fonts), they look different, and a child theme's template and option
reach both editions."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers.paths import SAMPLES
from helpers.text import epub_documents, normal, pdf_text, visible_text
from helpers.themes import write_files
from pypdf import PdfReader

from bookmaker.check.pdf_pages import read_pdf
from bookmaker.check.typesetting import check_typesetting
from bookmaker.pipeline import build

THEMES = ["classic", "modern", "conversation"]
#: Font families each theme embeds in the PDF, as pypdf reports their base names.
FONTS = {"classic": {"EB-Garamond"}, "modern": {"Inter"}, "conversation": {"Newsreader", "Inter"}}
SEED_CONTRIBUTORS = [
    "Maria Repnikova",
    "Evan Medeiros",
    "Una Aleksandra Bērziņa-Čerenkova",
    "Vita Golod",
]


@pytest.fixture(scope="session", params=THEMES)
def sample_in(request, tmp_path_factory, epub_registry):
    """The sample book in each built-in theme: (theme, report)."""
    work = tmp_path_factory.mktemp(f"sample-{request.param}")
    shutil.copytree(SAMPLES, work / "samples")
    report = build(work / "samples", ["epub", "pdf"], work / "_build", theme_name=request.param)
    epub_registry.register(report.results[0].path)
    return request.param, report, normal(pdf_text(report.results[1].path))


@pytest.fixture(scope="session", params=THEMES)
def seed_in(request, tmp_path_factory, epub_registry, seed_path):
    """The seed post in each built-in theme: (theme, report): the EPUB, the HTML the PDF is
    rendered from, and the PDF (for the typesetting check)."""
    report = build(
        seed_path,
        ["epub", "html", "pdf"],
        tmp_path_factory.mktemp(f"seed-{request.param}"),
        theme_name=request.param,
    )
    epub_registry.register(report.results[0].path)
    return request.param, report


def embedded_fonts(pdf: Path) -> set[str]:
    """Base names of the fonts the PDF embeds, subset prefix and style suffix removed."""
    names = set()
    for page in PdfReader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            base = str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            names.add(re.sub(r"-(Italic|Bold|SemiBold|Semibold|Regular|Small-Caps)$", "", base))
    return names


def epub_css(epub: Path) -> str:
    with zipfile.ZipFile(epub) as z:
        return "".join(z.read(n).decode() for n in sorted(z.namelist()) if n.endswith(".css"))


def test_each_theme_builds_the_sample_with_its_own_fonts(sample_in):
    theme, report, text = sample_in
    epub, pdf = report.results[0].path, report.results[1].path
    assert report.results[1].pages >= 8
    for title in (
        "Fixing a Radio at the Repair Café",
        "What Should a Library Keep?",
        "A Walk to the Reservoir",
        "Ines Okafor",
        "Mariam Haddad",
        "Notes",
    ):
        assert title in text
    assert FONTS[theme] <= embedded_fonts(pdf)
    css = epub_css(epub)
    # the EPUB carries each font its CSS names, unwrapped to TrueType; options arrive as values
    urls = re.findall(r'url\("(fonts/[^"]+)"\) format\("truetype"\)', css)
    assert urls and css.count("@font-face") == len(urls) and "{{" not in css
    with zipfile.ZipFile(epub) as z:
        assert {f"EPUB/styles/{u}" for u in urls} <= set(z.namelist())
    assert all(u.endswith(".ttf") for u in urls)
    assert re.search(r"color: #[0-9a-f]{6}", css)


def test_each_theme_builds_the_seed(seed_in):
    theme, report = seed_in
    html = report.results[1].path
    text = normal(visible_text(html.read_text()))
    assert "The Future According to Xi and Putin" in text
    for name in SEED_CONTRIBUTORS:
        assert name in text
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html.read_text())
    assert links[-2:] == [f"{theme}.css", "page-size.css"]
    assert all((html.parent / href).is_file() for href in links)
    fonts = re.findall(r'url\("(fonts/[^"]+)"\)', (html.parent / f"{theme}.css").read_text())
    assert fonts and all(
        (html.parent / f).is_file() for f in fonts
    )  # the preview has its fonts too


def test_the_themes_look_different(sample_in):
    """Fonts, accent colours and openings differ; checked on each theme against the others."""
    theme, report, text = sample_in
    css = epub_css(report.results[0].path)
    others = set(FONTS) - {theme}
    assert all(FONTS[other] != FONTS[theme] for other in others)
    accents = {"classic": "#8c2f1b", "modern": "#1f5fa8", "conversation": "#b3261e"}
    assert accents[theme] in css and not any(accents[o] in css for o in others)
    if theme == "classic":
        assert "counter(chapter, upper-roman)" in css
        assert re.search(r"\bII\s+What Should a Library Keep\?", text)
    if theme == "modern":
        assert "counter(chapter, decimal-leading-zero)" in css
        assert re.search(r"\b02\s+What Should a Library Keep\?", text)


@pytest.mark.parametrize("seed_in", ["conversation"], indirect=True)
def test_conversation_puts_portraits_names_and_pull_quotes_up_front(seed_in):
    _theme, report = seed_in
    docs = epub_documents(report.results[0].path)
    chapter = BeautifulSoup(next(v for k, v in docs.items() if "chapter-" in k), "xml")
    participants = chapter.select("ul.participants li")
    assert [
        normal(li.select_one(".participant-name").get_text()) for li in participants
    ] == SEED_CONTRIBUTORS
    assert [li.select_one(".monogram").get_text() for li in participants] == [
        "MR",
        "EM",
        "UB",
        "VG",
    ]
    sections = chapter.select("section.contribution")
    assert len(sections) == 4
    for section in sections:
        head = section.select_one("header.contributor-head")
        assert head.select_one(".monogram") and head.select_one("h2.contributor")
        quote = section.select_one("aside.pullquote")
        assert quote is not None and quote["aria-hidden"] == "true"
        body = normal(visible_text("".join(str(p) for p in section.find_all("p", recursive=False))))
        assert normal(quote.get_text()) in body
    printed = BeautifulSoup(report.results[1].path.read_text(), "lxml")
    assert [normal(q.get_text()) for q in printed.select("aside.pullquote")] == [
        normal(s.select_one("aside.pullquote").get_text()) for s in sections
    ]


def test_a_child_theme_overrides_a_template_and_an_option_in_both_editions(
    tmp_path: Path, epub_registry
):
    book = tmp_path / "book"
    files = {
        "p.md": "---\ntitle: House Style\ndate: 2024-01-01\nauthor: Ada Lovelace\n---\n"
        "A [linked](https://example.org/) word.\n",
        "book.toml": '[theme]\nname = "house"\n',
        "_themes/house/theme.toml": '[theme]\ninherit = "classic"\n[theme.stylesheets]\nepub = ["house.css.jinja"]\n'
        'pdf = ["house.css.jinja"]\n[options.accent_color]\ndefault = "#123456"\n',
        "_themes/house/static/house.css.jinja": ".house-mark { color: {{ options.accent_color }}; }\n",
        "_themes/house/templates/partials/byline.html": '{% include "classic:partials/byline.html" %}\n'
        '<p class="house-mark">Set in house style, accent {{ theme.options.accent_color }}</p>\n',
    }
    write_files(book, files)
    report = build(book, ["epub", "pdf"], tmp_path / "out")
    epub, pdf = (r.path for r in report.results)
    epub_registry.register(epub)
    chapter = next(v for k, v in epub_documents(epub).items() if "chapter-" in k)
    assert '<p class="house-mark">Set in house style, accent #123456</p>' in chapter
    assert 'class="byline">Ada Lovelace</p>' in chapter  # classic's byline is kept
    css = epub_css(epub)
    assert ".house-mark { color: #123456; }" in css and "a.noteref { color: #123456;" in css
    assert "Set in house style, accent #123456" in normal(pdf_text(pdf))
    # the option's colour is painted in the PDF: #123456 as PDF fill colour components
    contents = b"".join(page.get_contents().get_data() for page in PdfReader(pdf).pages)
    assert b"0.070588 0.203922 0.337255" in contents


def test_conversation_shows_a_local_photo_and_a_monogram_where_there_is_none(
    tmp_path: Path, epub_registry
):
    from PIL import Image

    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    Image.new("RGB", (60, 60), (70, 110, 140)).save(book / "images" / "ada.png")
    profile = (
        '<article class="comment"><div class="node-profile"><div class="field-name-field-profile-photo">'
        '<img src="{src}" alt=""></div><h3><a href="https://example.org/{who}">{name}</a></h3></div>'
        '<div class="field-name-comment-body"><p>{text}</p></div></article>'
    )
    text = (
        "The engine weaves algebraic patterns. It can do whatever we know how to order it to perform, "
        "and nothing more than that."
    )
    (book / "2024-05-01-talk.html").write_text(
        "---\ntitle: A Talk\ndate: 2024-05-01\n---\n<p>Two people discuss the engine.</p><div id='comments'>"
        + profile.format(src="images/ada.png", who="ada", name="Ada Lovelace", text=text)
        + profile.format(
            src="https://example.org/cb.jpg", who="cb", name="Charles Babbage", text=text
        )
        + "</div>\n"
    )
    report = build(book, ["epub", "html"], tmp_path / "out", theme_name="conversation")
    epub_registry.register(report.results[0].path)
    chapter = BeautifulSoup(
        next(v for k, v in epub_documents(report.results[0].path).items() if "chapter-" in k), "xml"
    )
    heads = chapter.select("header.contributor-head")
    assert heads[0].select_one("img.portrait")["src"] == "images/images/ada.png"
    assert heads[1].select_one(".monogram").get_text() == "CB" and not heads[1].select("img")
    assert [p.name for p in chapter.select("ul.participants .portrait")] == ["img", "span"]


# ---------------------------------------------------------------- publishable (issue 12)


def _typesetting(pdf: Path) -> list[str]:
    return [str(p) for p in check_typesetting(read_pdf(pdf))]


def test_the_typesetting_check_finds_nothing_in_the_samples(sample_in, sample_build):
    """`bookmaker check BOOK.pdf`: 0 of each typesetting problem, in every theme."""
    theme, report, _ = sample_in
    assert _typesetting(report.results[1].path) == [], theme
    assert _typesetting(sample_build.results[1].path) == [], "default"


@pytest.fixture(scope="session", params=["default", *THEMES])
def world_pdf_in(request, tmp_path_factory):
    """samples/world (an Arabic chapter and a Japanese one in an English book) as a PDF in
    each theme: (theme, PDF path)."""
    work = tmp_path_factory.mktemp(f"world-{request.param}")
    shutil.copytree(SAMPLES / "world", work / "world")
    report = build(work / "world", ["pdf"], work / "_build", theme_name=request.param)
    return request.param, report.results[0].path


def test_the_typesetting_check_finds_nothing_in_the_world_sample(world_pdf_in):
    """Issue 12: the right-to-left chapter's date line and notes read in order, the contents of
    a two-chapter book and the copyright page on a verso pass, in every theme."""
    theme, pdf = world_pdf_in
    assert _typesetting(pdf) == [], theme


def test_a_chapter_in_letters_the_themes_fonts_lack_keeps_a_straight_start_edge(world_pdf_in):
    """The Arabic chapter in a theme whose fonts have no Arabic (classic, conversation): its
    letters come from a fallback font, its spaces from the theme's, and the justified lines
    stopped up to 13 pt short of the right-hand (starting) edge.  Every line of the chapter's
    text now starts at one edge (justified where the theme's font draws the script, set flush
    where it does not)."""
    theme, pdf = world_pdf_in
    page = next(
        p
        for p in read_pdf(pdf)
        if sum(any("\u0600" <= c <= "\u06ff" for c in ln.text) for ln in p.lines) > 4
    )
    rows: dict[int, float] = {}  # pdfminer may cut a right-to-left line in two
    for ln in page.lines:
        if any("\u0600" <= c <= "\u06ff" for c in ln.text):
            rows[round(ln.y0)] = max(rows.get(round(ln.y0), 0.0), ln.x1)
    starts = sorted(rows.values())
    # the chapter's title and byline are centred; the body's lines are the rest
    body = [x for x in starts if x > starts[-1] - 15]
    assert len(body) >= 5, (theme, starts)
    assert starts[-1] - min(body) < 1, (theme, starts)


def test_the_typesetting_check_finds_nothing_in_a_conversation(seed_in, seed_build):
    theme, report = seed_in
    assert _typesetting(report.results[2].path) == [], theme
    assert _typesetting(seed_build.results[1].path) == [], "default"


def test_every_link_in_the_pdf_can_be_clicked(sample_in, sample_build):
    """Item 12: a link's rectangle has a height (a zero-height one cannot be clicked), the
    note references' included."""
    for report in (sample_in[1], sample_build):
        rects = [
            [float(v) for v in annot.get_object()["/Rect"]]
            for page in PdfReader(report.results[1].path).pages
            for annot in page.get("/Annots", []) or []
        ]
        assert len(rects) > 40
        assert all(abs(r[3] - r[1]) > 3 and abs(r[2] - r[0]) > 1 for r in rects)


def test_openings_use_a_lead_in_never_first_line_and_notes_keep_to_their_words(seed_in):
    """Items 1, 3, 4: the small capitals of an opening are a span of its first words (WeasyPrint
    repeats a `::first-line` overleaf and drops the space before a link in it); each note
    number is kept with its word; a link in the running text is plain text in print."""
    _theme, report = seed_in
    html = report.results[1].path
    printed = BeautifulSoup(html.read_text(), "lxml")
    css = "".join(p.read_text() for p in html.parent.glob("*.css"))
    assert "::first-line" not in css and ":first-line" not in css
    lead_ins = printed.select("p.opening > span.lead-in")
    assert lead_ins and all(len(s.get_text()) >= 20 for s in lead_ins)
    refs = printed.select("section.chapter a.noteref")
    before = [str(r.previous_sibling or " ") for r in refs]
    joined = [r.get_text().startswith("\u2060") for r in refs]
    assert refs and all(j for b, j in zip(before, joined, strict=True) if not b[-1].isspace())
    assert not printed.select(".keep a.noteref")  # no styled span: see keeps.join_note
    assert printed.select("section.chapter p a[href^='http']") == []
    # item 13: American patterns for plain English (the PDF's language stays "en")
    assert printed.html["lang"] == "en" and printed.select_one("section.chapter")["lang"] == "en-US"


def test_epub_chapter_numbers_come_from_the_book(sample_in):
    """Item 5: each chapter file starts the chapter counter at its number in the book (not 0
    in every file, which printed "I" or "01" for every chapter)."""
    _theme, report, _ = sample_in
    docs = epub_documents(report.results[0].path)
    chapters = [v for k, v in sorted(docs.items()) if "chapter-" in k]
    resets = [re.search(r"counter-reset: chapter (\d+)", c) for c in chapters]
    assert [m and m[1] for m in resets] == [str(i) for i in range(len(chapters))]


def test_epub_code_keeps_its_indentation(sample_in):
    """Item 2: code is never centred with its captioned figure (it lost its indentation)."""
    css = epub_css(sample_in[1].results[0].path)
    pre = re.search(r"(?<![\w.-])pre \{[^}]*\}", css)[0]
    assert "text-align: left" in pre and "text-indent: 0" in pre


def test_epub_an_image_alone_in_a_paragraph_is_not_indented(sample_in):
    """The radio chapter's drawing, alone in its paragraph, took the first-line indent and ran
    past the text's right edge (every theme, in Chromium)."""
    epub = sample_in[1].results[0].path
    radio = epub_documents(epub)["EPUB/chapter-001.xhtml"]
    assert re.search(r'<p class="image"><img [^>]*radio-signal-path', radio)
    rule = re.search(r"(?<![\w.-])p\.image \{[^}]*\}", epub_css(epub))
    assert rule and "text-indent: 0" in rule[0]


def test_epub_definition_terms_stand_out(sample_in):
    """The seed library's "Germination" / "Viability" read as stray lines of text."""
    epub = sample_in[1].results[0].path
    assert "<dt>Germination</dt>" in epub_documents(epub)["EPUB/chapter-004.xhtml"]
    rule = re.search(r"(?<![\w.-])dt \{[^}]*\}", epub_css(epub))
    assert rule and "font-weight: bold" in rule[0]


def test_epub_justified_text_hyphenates(sample_in):
    """Item 10: justified with no hyphenation left rivers on narrow screens."""
    css = epub_css(sample_in[1].results[0].path)
    assert re.search(r"\bp \{[^}]*hyphens: auto", css)
    # justified only where the reader says it hyphenates; ragged right anywhere else
    outside = re.sub(r"@supports[^{]*\{[^{}]*\{[^}]*\}\s*\}", "", css)
    assert not re.search(r"(?<![\w.-])p \{[^}]*text-align: justify", outside)
    for rule in re.findall(r"@supports([^{]*)\{[^{}]*text-align: justify", css):
        assert "hyphens: auto" in rule


def test_a_paragraph_carried_to_a_new_page_fills_its_first_line(sample_in):
    """Keeping a note with its word by a styled span made WeasyPrint end the first line of a
    definition carried over to a new page after one word ("The / share / of seeds…", modern,
    page 10): the span is gone (keeps.join_note)."""
    _theme, report, text = sample_in
    lines = subprocess.run(
        ["pdftotext", "-layout", str(report.results[1].path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert "The share of seeds" in text
    assert any("The share of seeds" in line for line in lines)


def test_a_table_of_a_few_rows_stays_on_one_page(sample_in, sample_build):
    """Issue 12: the radio repair's three-row table broke after its first row (conversation);
    a table of a few rows is never split, its header with it."""
    theme, report, _ = sample_in
    for name, pdf in ((theme, report.results[1].path), ("default", sample_build.results[1].path)):
        pages = [normal(page.extract_text()).lower() for page in PdfReader(pdf).pages]
        first, last = (
            [i for i, p in enumerate(pages) if c in p] for c in ("with vinegar", "the spring")
        )
        assert len(first) == 1 and first == last and "fault" in pages[first[0]], name


@pytest.mark.parametrize("placement", ["chapter", "book"])
def test_a_child_theme_that_overrides_the_note_partial_says_every_note_its_way(
    tmp_path: Path, epub_registry, placement: str
):
    """The default note partial writes a link's note in Python (`link_note`) and sets its number
    apart with a filter, for speed; a theme's own `partials/note.html` still says each note, in
    the EPUB wherever its notes are placed and in the print edition."""
    book = tmp_path / "book"
    files = {
        "p.md": "---\ntitle: House Notes\ndate: 2024-01-01\n---\n"
        "A [linked](https://example.org/a) word and [another](https://example.org/b).\n",
        "book.toml": f'[theme]\nname = "house"\n[epub]\nnotes = "{placement}"\n',
        "_themes/house/theme.toml": '[theme]\ninherit = "classic"\n',
        "_themes/house/templates/partials/note.html": "{%- macro note_text(note, number='', "
        "where='', more='', inline=false) -%}<p class=\"house-note\">{{ number }} at "
        "{{ note.url | upper }}{{ more }}</p>{%- endmacro %}\n",
    }
    write_files(book, files)
    report = build(book, ["epub", "html"], tmp_path / "out")
    epub, html = (r.path for r in report.results)
    epub_registry.register(epub)
    notes = "".join(v for k, v in epub_documents(epub).items() if k.endswith(".xhtml"))
    said = re.findall(r'<p class="house-note">.*?</p>', notes)
    assert [re.sub(r"<[^>]+>", "", s) for s in said] == [
        "1. at HTTPS://EXAMPLE.ORG/A",
        "2. at HTTPS://EXAMPLE.ORG/B",
    ]
    assert 'class="url"' not in notes  # the default partial's markup is not used
    printed = html.read_text().replace("\u200b", "")  # print breaks addresses with these
    assert printed.count('class="house-note"') == 2 and "HTTPS://EXAMPLE.ORG/B" in printed
