"""`bookmaker themes` and theme mistakes as a user meets them on the command line: one line,
exit code 1, and no output written (not even the EPUB when the print template is the one at fault)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.cli import run_cli
from helpers.themes import fake_site

from bookmaker.cli import main

POST = (
    "---\ntitle: Good\ndate: 2024-01-01\nauthor: Ada Lovelace\n---\n"
    "A [link](https://example.org/) and more text.\n"
)


def project(
    tmp_path: Path, themes: dict[str, dict[str, str]] | None = None, book: str = ""
) -> Path:
    root = tmp_path / "book"
    root.mkdir()
    (root / "p.md").write_text(POST)
    if book:
        (root / "book.toml").write_text(book)
    for name, files in (themes or {}).items():
        for rel, text in files.items():
            path = root / "_themes" / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return root


def test_themes_lists_every_theme_with_origin_parent_and_description(tmp_path: Path):
    site = fake_site(
        tmp_path,
        {"ink": "bookmaker_theme_ink"},
        {
            "bookmaker_theme_ink/__init__.py": "",
            "bookmaker_theme_ink/theme.toml": '[theme]\ndescription = "Ink on paper."\ninherit = "classic"\n',
        },
    )
    root = project(
        tmp_path,
        {
            "house": {
                "theme.toml": '[theme]\ndescription = "Our house style."\ninherit = "modern"\n'
            },
            "classic": {"theme.toml": '[theme]\ninherit = "default"\n'},
        },
    )
    result = run_cli(
        "themes",
        "-p",
        str(root),
        env={"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])},
    )
    assert result.returncode == 0, result.stderr
    rows = {tuple(line.split()[:3]): line for line in result.stdout.splitlines()[1:]}
    assert result.stdout.splitlines()[0].split() == ["NAME", "ORIGIN", "INHERITS", "DESCRIPTION"]
    assert rows[("house", "project", "modern")].endswith("Our house style.")
    assert rows[("ink", "installed", "classic")].endswith("Ink on paper.")
    assert "A classic serif book" in rows[("classic", "built-in", "default")]
    assert (
        "(shadowed by the project theme of that name)" in rows[("classic", "built-in", "default")]
    )
    assert ("conversation", "built-in", "modern") in rows and ("default", "built-in", "-") in rows


def test_themes_show_lists_the_options(tmp_path: Path):
    result = run_cli("themes", "show", "conversation")
    assert result.returncode == 0, result.stderr
    assert "inherits:    modern → default" in result.stdout
    assert 'portrait_shape = "circle"  [circle | square, from conversation]' in result.stdout
    assert 'accent_color = "#b3261e"  [color, from conversation]  Colour of' in result.stdout


def test_themes_new_scaffolds_a_child_theme_that_builds(tmp_path: Path):
    root = project(tmp_path)
    result = run_cli("themes", "new", "house", "--from", "classic", "-p", str(root))
    assert result.returncode == 0, result.stderr
    folder = root / "_themes" / "house"
    toml = tomllib.loads((folder / "theme.toml").read_text())
    assert toml["theme"] == {
        "name": "house",
        "description": "classic, customized.",
        "inherit": "classic",
        "stylesheets": {"epub": ["custom.css.jinja"], "pdf": ["custom.css.jinja"]},
    }
    assert toml["options"]["rule_color"]["type"] == "color"
    assert (folder / "theme.toml").read_text().count("\n#") >= 10  # it explains itself
    override = (folder / "templates" / "partials" / "byline.html").read_text()
    assert override.startswith("{#- The house theme's own partials/byline.html")
    built = run_cli(
        "build",
        str(root),
        "-t",
        "house",
        "-b",
        "html",
        "-D",
        "theme.options.rule_color=#abcdef",
        "-o",
        str(tmp_path / "out"),
    )
    assert built.returncode == 0, built.stderr
    css = (tmp_path / "out" / "html" / "custom.css").read_text()
    assert ".chapter-head { border-bottom: 0.5pt solid #abcdef;" in css
    again = run_cli("themes", "new", "house", "-p", str(root))
    assert again.returncode == 1 and again.stderr.strip().endswith(
        "already exists; choose another name or delete it first"
    )
    bad_parent = run_cli("themes", "new", "other", "--from", "modren", "-p", str(root))
    assert (
        bad_parent.returncode == 1
        and "unknown theme 'modren'; did you mean 'modern'?" in bad_parent.stderr
    )
    assert not (root / "_themes" / "other").exists()


ERRORS = {
    "unknown theme": (
        {},
        ["-t", "clasic"],
        (
            "unknown theme 'clasic'; did you mean 'classic'? known themes: classic, conversation, default, "
            "modern (given with -t)"
        ),
    ),
    "cycle": (
        {
            "a": {"theme.toml": '[theme]\ninherit = "b"\n'},
            "b": {"theme.toml": '[theme]\ninherit = "a"\n'},
        },
        ["-t", "a"],
        "theme.toml: theme inheritance cycle: a → b → a",
    ),
    "missing template": (
        {
            "t": {
                "theme.toml": '[theme]\ninherit = "default"\n',
                "templates/partials/byline.html": "{% include 'partials/credits.html' %}\n",
            }
        },
        ["-t", "t"],
        "byline.html:1: template 'partials/credits.html' not found in theme chain t → default",
    ),
    "syntax error": (
        {
            "t": {
                "theme.toml": '[theme]\ninherit = "default"\n',
                "templates/partials/byline.html": "<p>\n{% for x in %}\n</p>\n",
            }
        },
        ["-t", "t"],
        "byline.html:2: template syntax error: ",
    ),
    "undefined in print only": (
        {
            "t": {
                "theme.toml": '[theme]\ninherit = "default"\n',
                "templates/print/book.html": "{% include 'default:print/book.html' %}\n"
                "{{ meta.nonesuch }}\n",
            }
        },
        ["-t", "t"],
        "print/book.html:2: undefined in template: ",
    ),
    "unknown option": (
        {},
        ["-t", "modern", "-D", "theme.options.acent_color=red"],
        (
            "-D theme.options.acent_color: theme 'modern' has no such option; did you mean accent_color? "
            "valid options: accent_color, body_font,"
        ),
    ),
    "wrong type": (
        {},
        ["-t", "conversation", "-D", "theme.options.portrait_shape=round"],
        "-D theme.options.portrait_shape: expected one of circle, square; got 'round'",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_theme_errors_are_one_line_exit_1_and_write_nothing(tmp_path: Path, case: str):
    """Through the CLI's own entry point, in this process (a fresh interpreter per case would
    cost seconds each; the subprocess tests above cover startup)."""
    themes, args, expected = ERRORS[case]
    root = project(tmp_path, themes)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(root), "-b", "epub,html", "-o", str(out), *args]
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # not a crash
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("bookmaker: error: ") and expected in result.stderr, (
        result.stderr
    )
    assert not out.exists()


def test_an_option_set_in_book_toml_is_blamed_on_book_toml(tmp_path: Path):
    root = project(tmp_path, book='[theme]\nname = "classic"\n[theme.options]\nornament = 3\n')
    result = run_cli("build", str(root), "-b", "html", "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"bookmaker: error: {root / 'book.toml'}: theme.options.ornament: expected a string; got 3"
    )
