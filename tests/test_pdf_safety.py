"""The PDF build's defences: the URL policy (no network, no file outside the book and theme),
the time limit on WeasyPrint, and the warning when no font can draw a script."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from helpers.hostile import counting_server
from helpers.pdf import PdfBook, squash

from bookmaker.builders.pdf.fonts import (
    Coverage,
    merge,
    missing_fonts,
    parse_charset,
    system_coverage,
)
from bookmaker.errors import BuildError
from bookmaker.pipeline import build

SAMPLE_PNG = Path(__file__).resolve().parent.parent / "samples" / "images" / "radio-signal-path.png"


@pytest.fixture
def server():
    """A local HTTP server that records every request; nothing should ever reach it."""
    with counting_server() as served:
        yield served


def test_pdf_reads_no_file_outside_the_book_and_fetches_nothing(tmp_path: Path, server):
    base, requests = server
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.css").write_text('body::before { content: "LEAKED FROM DISK"; }')
    shutil.copy(SAMPLE_PNG, outside / "secret.png")
    book = tmp_path / "book"
    theme = book / "_themes" / "leaky"
    (theme / "static").mkdir(parents=True)
    (theme / "theme.toml").write_text(
        '[theme]\nname = "leaky"\ninherit = "default"\n[theme.stylesheets]\npdf = ["leaky.css"]\n'
    )
    (theme / "static" / "leaky.css").write_text(
        textwrap.dedent(f"""\
        @import url("{base}/theme-import.css");
        @import url("{(outside / "secret.css").as_uri()}");
        @font-face {{ font-family: Leak; src: url("file:///etc/hostname"); }}
        .chapter {{ background: url("{(outside / "secret.png").as_uri()}"); }}
        .chapter-title {{ background-image: url("file:///etc/hostname"); }}
        h1 {{ background-image: url("{base}/remote.png"); }}
        """)
    )
    (book / "book.toml").write_text('[theme]\nname = "leaky"\n')
    (book / "post.html").write_text(
        textwrap.dedent(f"""\
        ---
        title: A Post That Reaches Out
        date: 2024-01-01
        ---
        <link rel="stylesheet" href="{base}/post-link.css">
        <style>@import url("{base}/post-style.css");
        body {{ background: url(file:///etc/hostname) }}</style>
        <p style="background-image: url('file:///etc/hostname')">This post refers to files it must
        not
        see and servers it must not call, and the book is built all the same.</p>
        <p><img src="file:///etc/hostname" alt="host"> <img src="{base}/remote.png" alt="remote">
        <img src="{(outside / "secret.png").as_uri()}" alt="outside"></p>
        <iframe src="file:///etc/hostname"></iframe><object data="{base}/object"></object>
        """)
    )
    report = build(book, ["pdf"], tmp_path / "out")
    assert requests == [], "the build must not touch the network"
    pdf = PdfBook(report.results[0].path)
    text = " ".join(pdf.text(i) for i in range(len(pdf.pages)))
    assert (
        "LEAKED" not in text
        and "FETCHED" not in text
        and squash("This post refers").casefold() in squash(text).casefold()
    )
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").is_file() else ""
    if len(hostname) > 3:
        assert hostname not in text
    images = [
        x
        for page in pdf.pages
        for x in (page["/Resources"].get("/XObject") or {}).values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert images == []
    refused = {w.message for w in report.warnings if w.code == "pdf.fetch"}
    assert any("file:///etc/hostname" in m for m in refused)
    assert any(f"{base}/theme-import.css" in m for m in refused)
    assert any("secret.css" in m for m in refused) and any("secret.png" in m for m in refused)


def test_a_layout_over_the_time_limit_is_stopped_and_writes_nothing(tmp_path: Path):
    (tmp_path / "p.md").write_text(
        "---\ntitle: Slow\ndate: 2024-01-01\n---\n" + "Words and words. " * 3000
    )
    out = tmp_path / "out"
    with pytest.raises(
        BuildError, match=r'did not finish the PDF within 0\.2 s \(pdf\.time_limit\) on "Slow"'
    ):
        build(tmp_path / "p.md", ["pdf"], out, overrides=("pdf.time_limit=0.2",))
    assert not (out / "pdf").exists() or list((out / "pdf").iterdir()) == []


def test_time_limit_error_is_one_line_from_the_cli(tmp_path: Path):
    from helpers.cli import run_cli

    (tmp_path / "p.md").write_text("---\ntitle: Slow\n---\n" + "Words and words. " * 2000)
    result = run_cli(
        "build",
        str(tmp_path / "p.md"),
        "-b",
        "pdf",
        "-D",
        "pdf.time_limit=0.1",
        "-o",
        str(tmp_path / "out"),
    )
    assert result.returncode == 1
    assert (
        result.stderr.count("\n") == 1
        and "pdf.time_limit" in result.stderr
        and "Traceback" not in result.stderr
    )


def _book(tmp_path: Path, body: str, lang: str = "en"):
    from bookmaker.assemble import assemble
    from bookmaker.config import load
    from bookmaker.pipeline import Report, convert_all, read

    (tmp_path / "p.md").write_text(
        f"---\ntitle: Scripts\nlang: {lang}\ndate: 2024-01-01\n---\n{body}\n"
    )
    config = load(tmp_path)
    return assemble(
        convert_all(
            read(tmp_path / "p.md", config, tmp_path / "out", keep_going=False).posts,
            config,
            Report(),
            keep_going=False,
        ),
        config,
        tmp_path / "p.md",
    )


def test_a_script_no_font_covers_is_named_per_chapter(tmp_path: Path):
    book = _book(tmp_path, "Bērziņa-Čerenkova met Чайковский in 中参馆 and read ひらがな.")
    latin_and_cyrillic = merge(parse_charset("20-7e a0-24f 400-4ff"))
    check = missing_fonts(book, {}, latin_and_cyrillic)
    warnings = check.warnings
    assert check.uncovered == set("中参馆ひらがな")
    assert [(w.code, Path(w.path).name) for w in warnings] == [("pdf.font", "p.md")]
    assert (
        "CJK (Chinese, Japanese, Korean) characters of this chapter (7, e.g. がなひら中参馆)"
        in (warnings[0].message)
    )
    assert "fonts-noto-cjk" in warnings[0].message
    assert missing_fonts(book, {}, merge([(0x20, 0x10FFFF)])).warnings == ()
    assert "fc-list" in missing_fonts(book, {}, None).warnings[0].message


def test_charset_ranges_and_coverage():
    cov = merge(parse_charset("20-7e a0-17f 2013 2014-2019"))
    assert cov.ranges == ((0x20, 0x7E), (0xA0, 0x17F), (0x2013, 0x2019))
    assert "ņ" in cov and "—" in cov and "’" in cov and "…" not in cov and "中" not in cov
    assert isinstance(cov, Coverage)


@pytest.fixture
def dejavu_only(tmp_path: Path, monkeypatch):
    """Fontconfig limited to the DejaVu fonts, as on a machine without CJK fonts."""
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not installed")
    files = subprocess.run(
        ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=False
    ).stdout.split()
    dejavu = sorted({str(Path(f).parent) for f in files if "DejaVu" in Path(f).name})
    if not dejavu:
        pytest.skip("the DejaVu fonts are not installed")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        + "".join(f"<dir>{d}</dir>" for d in dejavu)
        + f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))


def test_build_warns_which_script_has_no_font_and_embeds_every_font(tmp_path: Path, dejavu_only):
    (tmp_path / "p.md").write_text(
        "---\ntitle: Scripts\ndate: 2024-01-01\n---\n"
        "Una Aleksandra Bērziņa-Čerenkova met Пётр Чайковский at the 中参馆.\n"
    )
    report = build(tmp_path / "p.md", ["pdf"], tmp_path / "out")
    fonts = [w for w in report.warnings if w.code == "pdf.font"]
    assert (
        len(fonts) == 1
        and "CJK (Chinese" in fonts[0].message
        and Path(fonts[0].path).name == "p.md"
    )
    assert "中参馆" in fonts[0].message
    pdf = PdfBook(report.results[0].path)
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font[
                "/BaseFont"
            ]


def test_glyphs_weasyprint_could_not_draw_are_reported_even_without_fc_list(
    tmp_path: Path, dejavu_only, monkeypatch
):
    import bookmaker.builders.pdf.builder as pdf_builder

    monkeypatch.setattr(pdf_builder, "system_coverage", lambda: None)
    (tmp_path / "p.md").write_text(
        "---\ntitle: Scripts\ndate: 2024-01-01\n---\n"
        "Bērziņa-Čerenkova and Чайковский met at the 中参馆.\n"
    )
    report = build(tmp_path / "p.md", ["pdf"], tmp_path / "out")
    fonts = [w.message for w in report.warnings if w.code == "pdf.font"]
    assert any("fc-list" in m for m in fonts)
    boxes = [m for m in fonts if "empty boxes" in m]
    # Exactly the three Han characters were drawn as boxes: the Latvian and Russian names were not.
    assert boxes == [
        (
            "the PDF shows 3 CJK (Chinese, Japanese, Korean) character(s) as empty boxes "
            "(e.g. 中参馆): no installed font draws them"
        )
    ]


def test_cjk_text_renders_when_a_cjk_font_is_installed(tmp_path: Path):
    coverage = system_coverage()
    if coverage is None or "中" not in coverage:
        pytest.skip("no CJK font on this machine (e.g. fonts-noto-cjk)")
    (tmp_path / "p.md").write_text(
        "---\ntitle: 中参馆\nlang: zh\ndate: 2024-01-01\n---\n中参馆的文章。\n"
    )
    report = build(tmp_path / "p.md", ["pdf"], tmp_path / "out")
    assert not [w for w in report.warnings if w.code == "pdf.font"]
    pdf = PdfBook(report.results[0].path)
    assert "中参馆" in " ".join(pdf.text(i) for i in range(len(pdf.pages)))
