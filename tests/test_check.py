"""`bookmaker check`: bookmaker's own structural checks, EPUBCheck beside them, one verdict."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.cli import run_cli

from bookmaker.check import check_structure, verdict
from bookmaker.check.epubcheck import EpubcheckResult, NotRun


def rewrite(
    source: Path,
    target: Path,
    edits: dict[str, Callable[[str], str] | None],
    stored_mimetype: bool = True,
) -> Path:
    """A copy of SOURCE with some entries edited (or, for None, left out)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in edits:
                edit = edits[info.filename]
                if edit is None:
                    continue
                data = edit(data.decode("utf-8")).encode("utf-8")
            compress = (
                zipfile.ZIP_STORED
                if info.filename == "mimetype" and stored_mimetype
                else zipfile.ZIP_DEFLATED
            )
            zout.writestr(info.filename, data, compress_type=compress)
    return target


@pytest.fixture(scope="module")
def good(sample_build) -> Path:
    return sample_build.results[0].path


def messages(path: Path) -> list[str]:
    return [str(p) for p in check_structure(path)]


def test_books_bookmaker_builds_have_no_structural_problem(good, seed_build):
    assert check_structure(good) == []
    assert check_structure(seed_build.results[0].path) == []


def test_broken_packages_are_caught(good, tmp_path: Path):
    missing = rewrite(good, tmp_path / "missing.epub", {"EPUB/colophon.xhtml": None})
    found = messages(missing)
    assert (
        "EPUB/content.opf: error: manifest item 'colophon': colophon.xhtml is not in the zip"
        in found
    )
    assert any(
        m.startswith("EPUB/nav.xhtml: error: <a href='colophon.xhtml'> leads nowhere")
        for m in found
    )

    empty_ncx = rewrite(
        good,
        tmp_path / "ncx.epub",
        {"EPUB/toc.ncx": lambda t: re.sub(r"<navMap>.*</navMap>", "<navMap/>", t, flags=re.DOTALL)},
    )
    assert (
        "EPUB/toc.ncx: error: the NCX navMap is empty; older readers show no contents"
        in messages(empty_ncx)
    )

    empty_toc = rewrite(
        good,
        tmp_path / "toc.epub",
        {
            "EPUB/nav.xhtml": lambda t: re.sub(
                r'(<nav id="_toc".*?</h1>).*?(</nav>)', r"\1<ol/>\2", t, flags=re.DOTALL
            )
        },
    )
    found = messages(empty_toc)
    assert "EPUB/nav.xhtml: error: the table of contents is empty" in found

    compressed = rewrite(good, tmp_path / "mime.epub", {}, stored_mimetype=False)
    assert messages(compressed) == ["mimetype: error: must be stored, not compressed"]


def test_an_epub_2_is_held_to_epub_2_rules(good, tmp_path: Path):
    def as_epub2(opf: str) -> str:
        opf = opf.replace('version="3.0"', 'version="2.0"').replace(' properties="nav"', "")
        opf = opf.replace(' properties="cover-image"', "")
        return re.sub(r'<meta property="dcterms:modified">[^<]*</meta>', "", opf)

    assert messages(rewrite(good, tmp_path / "two.epub", {"EPUB/content.opf": as_epub2})) == []
    without_ncx = rewrite(
        good,
        tmp_path / "two-no-ncx.epub",
        {
            "EPUB/content.opf": lambda t: re.sub(
                r'<item href="toc.ncx"[^>]*/>', "", as_epub2(t)
            ).replace(' toc="ncx"', ""),
            "EPUB/toc.ncx": None,
        },
    )
    assert messages(without_ncx) == ["EPUB/content.opf: error: an EPUB 2 package needs an NCX"]


def test_ids_noterefs_and_backlinks_are_checked(good, tmp_path: Path, sample_build):
    number = next(
        i
        for i, c in enumerate(sample_build.book.chapters, 1)
        if c.id == "what-should-a-library-keep"
    )
    name = f"EPUB/chapter-{number:03d}.xhtml"

    def break_notes(text: str) -> str:
        text = text.replace(
            'id="what-should-a-library-keep-note-2"', 'id="what-should-a-library-keep-note-1"'
        )
        return text.replace(
            'href="#what-should-a-library-keep-note-3"', 'href="#what-should-a-library-keep-title"'
        )

    broken = rewrite(good, tmp_path / "notes.epub", {name: break_notes})
    found = messages(broken)
    assert f"{name}: error: id 'what-should-a-library-keep-note-1' is used twice" in found
    assert (
        f"{name}: error: <a href='#what-should-a-library-keep-noteref-2'> leads nowhere"
        not in found
    )
    assert (
        f"{name}: error: note reference '#what-should-a-library-keep-title' does not "
        "lead to a note (epub:type endnote or footnote)"
    ) in found
    assert any("<a href='#what-should-a-library-keep-note-2'> leads nowhere" in m for m in found)


def test_verdict_is_one_line_and_counts_both_checkers(tmp_path: Path):
    book = tmp_path / "b.epub"
    result = EpubcheckResult("5.3.0", 0, 2, 1, ("ERROR(RSC-005) x",) * 2 + ("WARNING(RSC-017) y",))
    line, passed = verdict(book, [], result, fail_on_warnings=False)
    assert (
        not passed
        and line
        == f"{book}: FAIL (EPUBCheck 5.3.0: 2 errors, 1 warning; bookmaker checks: 0 errors, 0 warnings)"
    )
    line, passed = verdict(book, [], EpubcheckResult("5.3.0", 0, 0, 1, ()), fail_on_warnings=False)
    assert passed and line.startswith(f"{book}: PASS")
    assert not verdict(book, [], EpubcheckResult("5.3.0", 0, 0, 1, ()), fail_on_warnings=True)[1]
    line, passed = verdict(book, [], NotRun("Java is not installed (java is not on PATH)"), False)
    assert passed and "EPUBCheck not run: Java is not installed" in line


def test_check_command_runs_epubcheck_and_fails_a_broken_book(good, tmp_path: Path):
    broken = rewrite(good, tmp_path / "broken.epub", {"EPUB/colophon.xhtml": None})
    result = run_cli("check", str(broken))
    assert result.returncode == 1, result.stdout + result.stderr
    *details, last = result.stdout.strip().splitlines()
    assert re.fullmatch(
        rf"{re.escape(str(broken))}: FAIL \(EPUBCheck 5\.\d+\.\d+: [1-9]\d* errors?, \d+ warnings?; "
        r"bookmaker checks: 3 errors, 0 warnings\)",
        last,
    ), last
    assert any(d.startswith("ERROR(") and "colophon.xhtml" in d for d in details), (
        "EPUBCheck's own message"
    )
    ours = [d for d in details if ": error: " in d]
    assert [d.split(":")[0] for d in ours] == ["EPUB/content.opf", "EPUB/nav.xhtml", "EPUB/toc.ncx"]


def test_check_command_without_java_says_so_plainly(good, tmp_path: Path):
    result = run_cli("check", str(good), env={"PATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{good}: PASS (EPUBCheck not run: Java is not installed (java is not on PATH); "
        "bookmaker checks: 0 errors, 0 warnings)"
    )


def test_check_command_refuses_what_is_not_an_epub(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("hello")
    for name in ("notes.txt", "absent.epub"):
        result = run_cli("check", str(tmp_path / name), "--no-epubcheck")
        assert (
            result.returncode == 1
            and result.stderr.count("\n") == 1
            and "Traceback" not in result.stderr
        )
    assert (
        "notes.txt: not an EPUB: the file is not a zip archive"
        in run_cli("check", str(tmp_path / "notes.txt")).stderr
    )
    result = run_cli(
        "check", str(tmp_path / "notes.txt"), "--epubcheck-jar", str(tmp_path / "nope.jar")
    )
    assert result.returncode == 1 and "nope.jar: --epubcheck-jar: no such file" in result.stderr
