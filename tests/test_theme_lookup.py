"""Themes installed with pip: the entry-point group `bookmaker.themes`, resolved the way an
installed package is — a `*.dist-info` folder on sys.path — without installing anything."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers.themes import fake_site

from bookmaker.config import load as load_config
from bookmaker.errors import ConfigError, ThemeError
from bookmaker.theming import all_themes, available_themes, load_theme


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    site = fake_site(
        tmp_path,
        {
            "ink": "bookmaker_theme_ink",  # a package whose folder is the theme
            "modern": "bookmaker_theme_tools:modern_folder",  # a callable returning the folder
            "broken": "bookmaker_theme_broken",  # fails to import
        },
        {
            "bookmaker_theme_ink/__init__.py": "",
            "bookmaker_theme_ink/theme.toml": '[theme]\nname = "ink"\ndescription = "Ink."\ninherit = "classic"\n'
            '[options.accent_color]\ndefault = "#000080"\n',
            "bookmaker_theme_ink/templates/partials/byline.html": "<p class='ink'>ink byline</p>\n",
            "bookmaker_theme_tools.py": """\
            from pathlib import Path
            def modern_folder():
                return Path(__file__).parent / "shipped" / "modern"
            """,
            "shipped/modern/theme.toml": '[theme]\ndescription = "Installed modern."\ninherit = "default"\n',
            "bookmaker_theme_broken.py": "raise RuntimeError('missing dependency')\n",
        },
    )
    monkeypatch.syspath_prepend(str(site))
    yield site
    for name in ("bookmaker_theme_ink", "bookmaker_theme_tools", "bookmaker_theme_broken"):
        sys.modules.pop(name, None)


def test_an_installed_theme_resolves_through_its_entry_point_and_inherits_a_builtin(
    installed: Path,
):
    t = load_theme("ink")
    assert [(i.name, i.origin) for i in t.chain] == [
        ("ink", "installed"),
        ("classic", "built-in"),
        ("default", "built-in"),
    ]
    assert t.chain[0].path == installed / "bookmaker_theme_ink"
    assert t.options["accent_color"] == "#000080" and t.options["ornament"] == "❦"
    assert t.render("partials/byline.html") == "<p class='ink'>ink byline</p>\n"


def test_lookup_order_is_project_then_installed_then_builtin(installed: Path, tmp_path: Path):
    assert available_themes()["modern"].origin == "installed"
    assert load_theme("modern").chain[0].path == installed / "shipped" / "modern"
    project = tmp_path / "_themes"
    (project / "modern").mkdir(parents=True)
    (project / "modern" / "theme.toml").write_text('[theme]\ninherit = "default"\n')
    assert load_theme("modern", (project,)).chain[0].origin == "project"
    origins = [(r.name, r.origin) for r in all_themes((project,)) if r.name == "modern"]
    assert origins == [("modern", "project"), ("modern", "installed"), ("modern", "built-in")]


def test_a_broken_installed_theme_fails_only_when_it_is_used(installed: Path):
    assert load_theme("classic").name == "classic"
    with pytest.raises(ThemeError) as caught:
        load_theme("broken")
    assert str(caught.value) == (
        "installed theme 'broken' (bookmaker_theme_broken) failed to load: "
        "RuntimeError: missing dependency"
    )


def test_book_toml_theme_section_is_validated(tmp_path: Path):
    (tmp_path / "book.toml").write_text(
        '[theme]\nname = "classic"\nnmae = "x"\npaths = ["mythemes"]\n[theme.options]\nornament = ["*"]\n'
    )
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    text = str(caught.value)
    assert text.startswith(f"{tmp_path / 'book.toml'}: ")
    for problem in (
        "theme.nmae: unknown key (did you mean theme.name?)",
        "theme.options.ornament: expected a string, number or true/false; got ['*']",
        "theme.paths: no such folder 'mythemes'",
    ):
        assert problem in text
    (tmp_path / "mythemes").mkdir()
    (tmp_path / "book.toml").write_text(
        '[theme]\nname = "classic"\npaths = ["mythemes"]\n[theme.options]\nornament = "*"\n'
    )
    config = load_config(tmp_path, ("theme.options.chapter_numbers=false",))
    assert config.theme.dirs(tmp_path) == (tmp_path / "mythemes",)
    assert dict(config.theme.options) == {"ornament": "*", "chapter_numbers": False}
