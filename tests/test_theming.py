"""Themes: lookup order, inheritance, options, stylesheets and the errors a theme author meets."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bookmaker.errors import ThemeError
from bookmaker.theming import available_themes, builtin_themes_dir, load_theme

BUILTINS = ["classic", "conversation", "default", "modern"]


def write(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def theme(root: Path, name: str, toml: str = "", files: dict[str, str] | None = None) -> Path:
    """A theme folder ROOT/NAME: theme.toml (inheriting default unless TOML says otherwise) plus FILES."""
    return write(
        root / name, {"theme.toml": toml or '[theme]\ninherit = "default"\n', **(files or {})}
    )


def test_builtin_themes_are_found_with_their_parents():
    themes = available_themes()
    assert sorted(themes) == BUILTINS
    assert {n: themes[n].info().inherit for n in BUILTINS} == {
        "classic": "default",
        "conversation": "modern",
        "default": None,
        "modern": "default",
    }
    assert all(
        t.origin == "built-in" and t.path.parent == builtin_themes_dir() for t in themes.values()
    )


def test_project_theme_shadows_a_builtin_and_templates_are_searched_child_first(tmp_path: Path):
    theme(
        tmp_path,
        "modern",
        '[theme]\ninherit = "default"\n',
        {"templates/partials/byline.html": "<p>project byline for {{ chapter.title }}</p>"},
    )
    t = load_theme("modern", (tmp_path,))
    assert t.chain[0].origin == "project" and [i.name for i in t.chain] == ["modern", "default"]
    assert t.render("partials/byline.html", chapter={"title": "T"}) == "<p>project byline for T</p>"


def test_a_template_extends_a_named_ancestor_at_any_depth(tmp_path: Path):
    theme(
        tmp_path,
        "mid",
        '[theme]\ninherit = "default"\n',
        {"templates/box.html": "<mid>{% block inner %}mid{% endblock %}</mid>"},
    )
    theme(
        tmp_path,
        "leaf",
        '[theme]\ninherit = "mid"\n',
        {
            "templates/box.html": '{% extends "mid:box.html" %}{% block inner %}leaf+{{ super() }}{% endblock %}',
            "templates/other.html": '{% include "mid:partials/byline.html" %}',
        },
    )
    t = load_theme("leaf", (tmp_path,))
    assert [i.name for i in t.chain] == ["leaf", "mid", "default"]
    assert t.render("box.html") == "<mid>leaf+mid</mid>"
    # "mid:" reaches what mid would use, here default's own partial (mid has none).
    assert 'class="byline"' in t.render("other.html", chapter=_chapter(), labels=t.labels("en"))


def _chapter():
    from types import SimpleNamespace

    return SimpleNamespace(
        authors=[SimpleNamespace(name="Ada")], date=None, source_url=None, more_authors=False
    )


def test_inheritance_cycle_shows_the_chain_and_the_file(tmp_path: Path):
    theme(tmp_path, "a", '[theme]\ninherit = "b"\n')
    theme(tmp_path, "b", '[theme]\ninherit = "c"\n')
    theme(tmp_path, "c", '[theme]\ninherit = "a"\n')
    with pytest.raises(ThemeError) as caught:
        load_theme("a", (tmp_path,))
    assert caught.value.message == "theme inheritance cycle: a → b → c → a"
    assert caught.value.path == tmp_path / "c" / "theme.toml"


def test_unknown_theme_and_unknown_parent_list_the_known(tmp_path: Path):
    with pytest.raises(
        ThemeError,
        match=r"unknown theme 'clasic'; did you mean 'classic'\? known themes: "
        r"classic, conversation, default, modern$",
    ):
        load_theme("clasic")
    theme(tmp_path, "orphan", '[theme]\ninherit = "nowhere"\n')
    with pytest.raises(ThemeError) as caught:
        load_theme("orphan", (tmp_path,))
    assert (
        "theme.inherit: unknown theme 'nowhere'" in caught.value.message
        and "orphan" in caught.value.message
    )
    assert caught.value.path == tmp_path / "orphan" / "theme.toml"


def test_options_defaults_flow_down_the_chain_and_book_values_are_checked(tmp_path: Path):
    theme(
        tmp_path,
        "child",
        """\
        [theme]
        inherit = "classic"
        [options.accent_color]
        default = "#123456"
        [options.density]
        default = "airy"
        choices = ["airy", "tight"]
        description = "How much space."
    """,
    )
    t = load_theme(
        "child", (tmp_path,), {"density": "tight", "font_size": "12pt", "chapter_numbers": False}
    )
    assert t.options["accent_color"] == "#123456"  # child's default
    assert t.options["body_font"].startswith(
        '"EB Garamond"'
    )  # classic's default, from default's option
    assert (t.options["density"], t.options["font_size"], t.options["chapter_numbers"]) == (
        "tight",
        "12pt",
        False,
    )
    from bookmaker.theming.spec import merge_options

    spec = merge_options(t.chain)["accent_color"]
    assert (spec.type, spec.theme) == ("color", "child") and spec.description.startswith(
        "Colour of"
    )
    for key, value, expected in [
        ("accent_color", "reddish", "theme.options.accent_color: expected a CSS colour"),
        ("font_size", 12, "theme.options.font_size: expected a CSS length"),
        ("density", "loose", "theme.options.density: expected one of airy, tight; got 'loose'"),
        (
            "chapter_numbers",
            "yes",
            "theme.options.chapter_numbers: expected true or false; got 'yes'",
        ),
    ]:
        with pytest.raises(ThemeError, match="^" + expected):
            load_theme("child", (tmp_path,), {key: value})


def test_unknown_option_names_it_suggests_and_lists_the_valid_ones_and_where_it_was_set(
    tmp_path: Path,
):
    book = tmp_path / "book.toml"
    with pytest.raises(ThemeError) as caught:
        load_theme("modern", (), {"acent_color": "#000"}, {"theme.options.acent_color": book})
    text = str(caught.value)
    assert text.startswith(
        f"{book}: theme.options.acent_color: theme 'modern' has no such option; "
        "did you mean accent_color? valid options: accent_color, body_font, chapter_numbers,"
    )
    with pytest.raises(ThemeError, match=r"^-D theme.options.justify: expected true or false"):
        load_theme("modern", (), {"justify": "no"}, {"theme.options.justify": "-D"})


def test_theme_toml_mistakes_name_the_file_and_key(tmp_path: Path):
    cases = {
        "typo": (
            '[theme]\ninherits = "default"\n',
            "theme.inherits: unknown key (did you mean inherit?)",
        ),
        "renamed": (
            '[theme]\nname = "original"\n',
            "theme.name: 'original' differs from the name the theme is found by, 'renamed'",
        ),
        "badtype": (
            '[options.x]\ndefault = 1\ntype = "integer"\n',
            "options.x.type: expected one of str, int",
        ),
        "baddefault": (
            '[options.x]\ndefault = "big"\ntype = "length"\n',
            "options.x.default: expected a CSS length",
        ),
        "nodefault": (
            '[options.x]\ndescription = "?"\n',
            "options.x: expected a table with 'default'",
        ),
        "broken": ("[theme\n", "not valid TOML"),
        "sheets": (
            '[theme.stylesheets]\nhtml = ["x.css"]\n',
            "theme.stylesheets.html: unknown key (known: epub, pdf",
        ),
    }
    for name, (toml, message) in cases.items():
        theme(tmp_path, name, toml)
        with pytest.raises(ThemeError) as caught:
            load_theme(name, (tmp_path,))
        assert message in caught.value.message, name
        assert caught.value.path == tmp_path / name / "theme.toml"


def test_a_broken_theme_elsewhere_does_not_stop_a_build_that_does_not_use_it(tmp_path: Path):
    theme(tmp_path, "broken", "[theme\n")
    assert load_theme("classic", (tmp_path,)).name == "classic"


def test_template_errors_name_the_template_file_and_line(tmp_path: Path):
    folder = theme(
        tmp_path,
        "bad",
        "",
        {
            "templates/syntax.html": "line one\nline two\n{{ chapter.title | }}\n",
            "templates/outer.html": "a\n{% include 'partials/inner.html' %}\n",
            "templates/partials/inner.html": "one\ntwo {{ chapter.nonesuch }}\n",
            "templates/missing.html": "x\n\n{% include 'partials/nope.html' %}\n",
            "templates/typeerr.html": "{{ 1 + 'a' }}\n",
        },
    )
    t = load_theme("bad", (tmp_path,))
    templates = folder / "templates"
    expectations = [
        (
            "syntax.html",
            f"{templates}/syntax.html:3: template syntax error: expected token 'name', got 'end of print statement'",
        ),
        ("outer.html", f"{templates}/partials/inner.html:2: undefined in template: "),
        (
            "missing.html",
            (
                f"{templates}/missing.html:3: template 'partials/nope.html' not found in theme chain "
                "bad → default"
            ),
        ),
        ("typeerr.html", f"{templates}/typeerr.html:1: template error: TypeError: "),
        ("nowhere.html", "template 'nowhere.html' not found in theme chain bad → default"),
        (
            "partials/bylne.html",
            (
                "template 'partials/bylne.html' not found in theme chain bad → default "
                "(did you mean 'partials/byline.html'?)"
            ),
        ),
    ]
    for template, expected in expectations:
        with pytest.raises(ThemeError) as caught:
            t.render(template, chapter=_chapter())
        assert str(caught.value).startswith(expected), str(caught.value)
        assert "\n" not in str(caught.value)


def test_a_bug_in_python_called_from_a_template_keeps_its_traceback(tmp_path: Path):
    theme(tmp_path, "t", "", {"templates/x.html": "{{ 'a' | explode }}"})
    t = load_theme("t", (tmp_path,))

    def explode(value):
        raise KeyError("bookmaker bug")

    t.env.filters["explode"] = explode
    with pytest.raises(KeyError):
        t.render("x.html")


def test_stylesheets_layer_parent_first_and_a_same_named_file_replaces_the_parents(tmp_path: Path):
    theme(
        tmp_path,
        "child",
        '[theme]\ninherit = "modern"\n[theme.stylesheets]\nepub = ["extra.css.jinja"]\n',
        {
            "static/extra.css.jinja": "/* extra */ body { color: {{ options.accent_color }}; }\n",
            "static/modern.css.jinja": "/* my modern */\n",
        },
    )
    sheets = load_theme("child", (tmp_path,), {"accent_color": "teal"}).stylesheets("epub")
    assert [name for name, _ in sheets] == ["epub.css", "modern.css", "extra.css"]
    assert sheets[1][1] == "/* my modern */\n"
    assert sheets[2][1] == "/* extra */ body { color: teal; }\n"


def test_css_is_not_html_escaped_and_options_reach_it_as_plain_values():
    css = dict(load_theme("classic").stylesheets("epub"))
    assert 'font-family: "EB Garamond", Garamond,' in css["epub.css"]
    assert "&#34;" not in css["epub.css"] + css["classic.css"]
    assert 'content: "❦"' in css["classic.css"] and "{{" not in css["classic.css"]


def test_font_face_rules_only_when_the_builder_ships_the_fonts():
    t = load_theme("conversation")
    assert sorted(t.fonts()) == [
        "fonts/Inter-Italic.woff2",
        "fonts/Inter-Regular.woff2",
        "fonts/Inter-SemiBold.woff2",
        "fonts/Newsreader-Italic.woff2",
        "fonts/Newsreader-Regular.woff2",
        "fonts/Newsreader-SemiBold.woff2",
    ]
    bare = "".join(text for _, text in t.stylesheets("epub"))
    assert "@font-face" not in bare and "url(" not in bare
    shipped = "".join(text for _, text in t.stylesheets("pdf", font_url=lambda rel: "../" + rel))
    assert shipped.count("@font-face") == 6
    assert (
        '@font-face { font-family: "Newsreader"; font-style: italic; font-weight: 400; '
        'src: url("../fonts/Newsreader-Italic.woff2") format("woff2"); }'
    ) in shipped


def test_font_face_of_an_undeclared_file_and_a_declared_file_that_is_missing(tmp_path: Path):
    folder = theme(
        tmp_path,
        "f",
        '[theme]\ninherit = "default"\n[theme.stylesheets]\npdf = ["f.css.jinja"]\n',
        {"static/f.css.jinja": '\n{{ font_face("X", "fonts/x.woff2") }}\n'},
    )
    with pytest.raises(ThemeError) as caught:
        load_theme("f", (tmp_path,)).stylesheets("pdf", font_url=str)
    assert str(caught.value).startswith(
        f"{folder}/static/f.css.jinja:2: font_face: 'fonts/x.woff2' is not declared"
    )
    theme(tmp_path, "g", '[theme]\ninherit = "default"\nfonts = ["fonts/gone.woff2"]\n')
    with pytest.raises(
        ThemeError, match="theme.fonts: 'fonts/gone.woff2' is not in the static/ folder"
    ):
        load_theme("g", (tmp_path,)).fonts()


def test_builtin_theme_fonts_are_shipped_with_their_licences():
    for name in ("classic", "modern", "conversation"):
        t = load_theme(name)
        for rel, path in t.fonts().items():
            family = path.name.split("-")[0]
            licence = path.with_name(f"{family}-OFL.txt")
            assert licence.is_file(), rel
            assert "SIL Open Font License" in licence.read_text(encoding="utf-8")
            assert path.read_bytes()[:4] == b"wOF2"
