"""A book project as a user starts and runs one: quickstart, build with or without SOURCE,
`-q`/`-v`, the exit codes, five mistakes in one book.toml, and the Python API."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers.cli import run_cli
from helpers.epub_package import read_package
from helpers.paths import ROOT
from helpers.pdf import PdfBook

import bookmaker
from bookmaker.errors import ConfigError

POST = "---\ntitle: One\ndate: 2024-01-01\nauthor: Ann\n---\nText with [a link](https://example.org/).\n"


def test_quickstart_with_defaults_builds_both_editions_at_once(tmp_path: Path, epub_registry):
    made = run_cli("quickstart", "--defaults", "book", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    book = tmp_path / "book"
    files = sorted(p.relative_to(book).as_posix() for p in book.rglob("*") if p.is_file())
    assert files[:2] == [".gitignore", "book.toml"] and len(files) == 3
    assert files[2].startswith("posts/") and files[2].endswith("-welcome.md")
    assert "_build/" in (book / ".gitignore").read_text().splitlines()
    config = tomllib.loads((book / "book.toml").read_text())
    assert config["book"] == {"title": "My Book", "authors": ["Anonymous"], "language": "en"}
    built = run_cli("build", "book", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "0 warnings" in built.stdout
    epub, pdf = tmp_path / "_build/epub/my-book.epub", tmp_path / "_build/pdf/my-book.pdf"
    epub_registry.register(epub)
    assert read_package(epub).dc("title") == ["My Book"]
    assert PdfBook(pdf).reader.metadata.title == "My Book"


def test_quickstart_takes_options_asks_nothing_without_a_terminal_and_keeps_files(tmp_path: Path):
    result = run_cli(
        "quickstart", "b", "--title", 'Letters "home"', "--author", "Bo", "--language", "fr",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr  # stdin is no terminal: no prompt, no wait
    book = tomllib.loads((tmp_path / "b/book.toml").read_text())["book"]
    assert book == {"title": 'Letters "home"', "authors": ["Bo"], "language": "fr"}
    (tmp_path / "b/book.toml").write_text("# mine\n")
    again = run_cli("quickstart", "b", "--defaults", cwd=tmp_path)
    assert again.returncode == 1 and again.stderr.count("\n") == 1
    assert "already there" in again.stderr and "--force" in again.stderr
    assert (tmp_path / "b/book.toml").read_text() == "# mine\n"
    forced = run_cli("quickstart", "b", "--defaults", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "My Book" in (tmp_path / "b/book.toml").read_text()
    wrong = run_cli("quickstart", "c", "--defaults", "--language", "english!", cwd=tmp_path)
    assert wrong.returncode == 2 and not (tmp_path / "c").exists()


def test_quickstart_asks_on_a_terminal(tmp_path: Path):
    """Prompts for title, author and language when stdin is a terminal (a pseudo-terminal)."""
    import os
    import pty
    import select

    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bookmaker", "quickstart", str(tmp_path / "asked")],
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    os.close(child)
    answers, seen = iter([b"Asked Title\r", b"Asked Author\r", b"de\r"]), b""
    while process.poll() is None or select.select([main], [], [], 0)[0]:
        if not select.select([main], [], [], 30)[0]:
            break
        try:
            chunk = os.read(main, 1024)
        except OSError:  # the terminal closed with the process
            break
        seen += chunk
        if chunk.rstrip().endswith(b"]:"):
            os.write(main, next(answers))
    process.wait(timeout=30)
    os.close(main)
    assert b"Book title [My Book]:" in seen and b"Book language [en]:" in seen
    book = tomllib.loads((tmp_path / "asked/book.toml").read_text())["book"]
    assert book == {"title": "Asked Title", "authors": ["Asked Author"], "language": "de"}


def test_build_without_source_builds_the_folder_it_is_run_in(tmp_path: Path):
    (tmp_path / "p.md").write_text(POST)
    bare = run_cli("build", "-b", "html", cwd=tmp_path)
    assert bare.returncode == 2 and "no SOURCE given" in bare.stderr
    assert not (tmp_path / "_build").exists()
    (tmp_path / "book.toml").write_text('[book]\ntitle = "Here"\n')
    here = run_cli("build", "-b", "html", cwd=tmp_path)
    assert here.returncode == 0, here.stderr
    assert (tmp_path / "_build/html/here.html").is_file()


def test_quiet_and_verbose(tmp_path: Path):
    (tmp_path / "p.md").write_text(POST.replace("author: Ann\n", ""))
    normal = run_cli("build", str(tmp_path), "-b", "html", "-o", str(tmp_path / "o"))
    assert "[book.author]" in normal.stderr and "Built 1 chapter" in normal.stdout
    quiet = run_cli("build", str(tmp_path), "-b", "html", "-o", str(tmp_path / "o"), "-q")
    assert quiet.stderr == "" and quiet.stdout.strip().startswith("html: ")
    assert "Built" not in quiet.stdout
    loud = run_cli("build", str(tmp_path), "-b", "html", "-o", str(tmp_path / "o"), "-v")
    assert "bookmaker: 1 of 1 post files chosen, ordered by date" in loud.stderr
    assert "[book.author]" in loud.stderr and "Built 1 chapter" in loud.stdout


def test_exit_codes_are_listed_in_help():
    helptext = run_cli("--help").stdout
    for line in ("0    done", "1    a problem", "2    a mistake in book.toml", "70   a bug"):
        assert line in helptext
    assert "Exit codes:" in run_cli("build", "--help").stdout


FIVE_MISTAKES = """\
[book]
titel = "A misspelt key"
include_drafts = "yes"

[pdf]
page_size = "A55"

[order]
by = "popularity"

[posts]
since = "last spring"
"""


def test_five_mistakes_are_all_reported_with_their_keys_exit_2_nothing_written(tmp_path: Path):
    (tmp_path / "p.md").write_text(POST)
    (tmp_path / "book.toml").write_text(FIVE_MISTAKES)
    result = run_cli("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    line = result.stderr.strip()
    assert line.startswith(f"bookmaker: error: {tmp_path / 'book.toml'}: ")
    for key in (
        "book.titel: unknown key (did you mean book.title?)",
        "book.include_drafts: expected true or false; got 'yes'",
        "pdf.page_size: expected one of A5",
        "order.by: expected one of date, -date, title, list; got 'popularity'",
        "posts.since: expected a date such as 2024-05-31, 2024-05 or 2024; got 'last spring'",
    ):
        assert key in line
    assert line.count("; ") >= 4 and not (tmp_path / "out").exists()


def test_selection_mistakes_are_config_errors(tmp_path: Path):
    (tmp_path / "p.md").write_text(POST)
    (tmp_path / "book.toml").write_text(
        '[posts]\nlist = ["nope.md"]\nsince = 2024-05-01\nuntil = "2024-04"\n'
        '[matter]\nforeword = "missing.md"\nafterword = "../outside.md"\n'
    )
    with pytest.raises(ConfigError) as caught:
        bookmaker.build(tmp_path, "html", tmp_path / "out")
    message = str(caught.value)
    assert "posts.until: 2024-04-30 is before posts.since (2024-05-01)" in message
    assert "matter.foreword: no such file 'missing.md'" in message
    assert "matter.afterword: '../outside.md' is outside the book's folder" in message
    (tmp_path / "book.toml").write_text('[posts]\nlist = ["nope.md"]\n')
    with pytest.raises(ConfigError, match=r"book.toml: posts.list: 'nope.md' matches no post"):
        bookmaker.build(tmp_path, "html", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_choice_of_no_post_says_so(tmp_path: Path):
    (tmp_path / "p.md").write_text(POST)
    (tmp_path / "q.md").write_text(POST.replace("title: One", "title: Two"))
    (tmp_path / "book.toml").write_text('[posts]\ntags = ["nowhere"]\n')
    result = run_cli("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert result.stderr.strip().endswith(
        "nothing to build: no post converted; [posts] chose none of the 2 post files"
    )


def test_the_python_api_returns_paths_and_summary(tmp_path: Path, epub_registry):
    (tmp_path / "p.md").write_text(POST)
    report = bookmaker.build(
        str(tmp_path),
        builders=["epub"],
        outdir=tmp_path / "out",
        overrides={"book.title": "From Python", "book.authors": ["Py Thon"]},
    )
    assert report.paths == {"epub": tmp_path / "out/epub/from-python.epub"}
    epub_registry.register(report.paths["epub"])
    assert report.summary() == "Built 1 chapter, 0 contributors, 1 endnote, 0 warnings."
    package = read_package(report.paths["epub"])
    assert package.dc("title") == ["From Python"] and package.dc("creator") == ["Py Thon"]


def test_importing_bookmaker_is_cheap():
    code = (
        "import sys, bookmaker; "
        "print(sorted(m for m in sys.modules if m.startswith('bookmaker') or m.split('.')[0] in "
        "('weasyprint', 'bs4', 'jinja2', 'ebooklib', 'lxml', 'markdown_it', 'click', 'PIL')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert loaded.strip() == "['bookmaker']"
