"""The command line as a user meets it: messages, exit codes, and no half-written files."""

from __future__ import annotations

from pathlib import Path

from helpers.cli import run_cli

from bookmaker import __version__

GOOD = "---\ntitle: Good\ndate: 2024-01-01\nauthor: Ann\n---\nA [link](https://example.org/).\n"


def test_version_and_help():
    assert run_cli("--version").stdout.strip() == f"bookmaker {__version__}"
    helptext = run_cli("build", "--help").stdout
    for word in ("SOURCE", "--builder", "--output", "--keep-going", "epub", "pdf"):
        assert word in helptext


def test_bad_front_matter_is_one_line_exit_1_and_no_output(tmp_path: Path):
    post = tmp_path / "bad.md"
    post.write_text("---\ntitle: [unclosed\n---\nBody\n")
    result = run_cli("build", str(post), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("bookmaker: error: ") and "bad.md:2:" in lines[0]
    out = tmp_path / "out"
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))
    assert post.read_text() == "---\ntitle: [unclosed\n---\nBody\n"


def test_missing_source_and_unknown_builder(tmp_path: Path):
    result = run_cli("build", str(tmp_path / "nope.md"))
    assert (
        result.returncode == 1
        and result.stderr.count("\n") == 1
        and "nope.md: no such file" in result.stderr
    )
    (tmp_path / "p.md").write_text(GOOD)
    result = run_cli("build", str(tmp_path / "p.md"), "-b", "mobi", "-o", str(tmp_path / "o"))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "unknown builder 'mobi'" in result.stderr and "epub" in result.stderr
    assert not (tmp_path / "o").exists()


def test_build_prints_paths_and_summary(tmp_path: Path, epub_registry):
    (tmp_path / "p.md").write_text(GOOD)
    result = run_cli("build", "p.md", "-b", "epub", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    epub = tmp_path / "_build" / "epub" / "good.epub"
    assert f"epub: {Path('_build/epub/good.epub')}" in result.stdout
    assert "Built 1 chapter, 0 contributors, 1 endnote, 0 warnings." in result.stdout
    epub_registry.register(epub)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_build", "p.md"]


def test_keep_going_builds_the_rest_and_reports_the_bad(tmp_path: Path):
    (tmp_path / "good.md").write_text(GOOD)
    (tmp_path / "bad.md").write_text("---\ntitle: x\n")
    result = run_cli(
        "build", str(tmp_path), "-b", "html", "--keep-going", "-o", str(tmp_path / "_build")
    )
    assert result.returncode == 1
    assert "bad.md:1: front matter is not closed" in result.stderr
    assert (tmp_path / "_build" / "html").is_dir()
    stopped = run_cli("build", str(tmp_path), "-b", "html", "-o", str(tmp_path / "_b2"))
    assert stopped.returncode == 1 and not (tmp_path / "_b2").exists()


def test_define_overrides_and_config_errors(tmp_path: Path):
    (tmp_path / "p.md").write_text(GOOD)
    result = run_cli(
        "build", str(tmp_path), "-b", "html", "-D", "book.title='Other'", "-o", str(tmp_path / "o")
    )
    assert result.returncode == 0, result.stderr
    html = next((tmp_path / "o" / "html").glob("*.html")).read_text()
    assert "<title>Other</title>" in html
    (tmp_path / "book.toml").write_text('[book]\ntitel = "x"\n[pdf]\npage_size = "A55"\n')
    result = run_cli("build", str(tmp_path), "-b", "html", "-o", str(tmp_path / "o2"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "book.titel: unknown key (did you mean book.title?)" in result.stderr
    assert (
        "pdf.page_size: expected one of A5, A4, letter, 6x9in, 5.5x8.5in, or WIDTHxHEIGHT"
        in result.stderr
    )
    assert "got 'A55'" in result.stderr


def test_drafts_are_left_out(tmp_path: Path):
    (tmp_path / "d.md").write_text("---\ntitle: Draft\npublished: false\n---\nx\n")
    result = run_cli("build", str(tmp_path), "-b", "html", "-o", str(tmp_path / "o"))
    assert (
        result.returncode == 1
        and "nothing to build" in result.stderr
        and "1 draft(s) skipped" in result.stderr
    )
