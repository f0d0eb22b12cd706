"""The words templates print come from the theme's labels.toml, in the book's language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from bookmaker.model import Credit, Credits, Person
from bookmaker.pipeline import build
from bookmaker.theming import load_theme
from bookmaker.theming.filters import names, unbroken
from bookmaker.theming.labels import format_date

POST = "---\ntitle: Un titre\ndate: 2024-05-28\nauthor: Ada Lovelace & more\nlang: {lang}\n---\nDu texte, [un lien](https://example.org/).\n"


def test_languages_fall_back_to_english_key_by_key():
    theme = load_theme("default")
    fr, pt_br, xx = theme.labels("fr"), theme.labels("pt-BR"), theme.labels("xx")
    assert (fr["contents"], fr["notes"]) == ("Table des matières", "Notes")
    assert pt_br["contents"] == "Sumário"
    assert xx["contents"] == "Contents"
    assert set(fr) == set(theme.labels("en"))


def test_dates_are_written_the_way_the_language_writes_them():
    theme = load_theme("default")
    day = dt.datetime(2024, 5, 28)
    assert format_date(day, theme.labels("en")) == "28 May 2024"
    assert format_date(day, theme.labels("de")) == "28. Mai 2024"
    assert format_date(day, theme.labels("es")) == "28 de mayo de 2024"
    assert format_date(day, theme.labels("ja")) == "2024年5月28日"


def test_names_with_others_and_punctuation_conjunctions():
    people = [Person("A"), Person("B")]
    assert names(people, "and") == "A and B"
    assert names(people, "and", "others") == "A, B, and others"
    assert names(people, "、") == "A、B"


def test_a_child_theme_translates_one_word_and_inherits_the_rest(tmp_path: Path):
    (tmp_path / "p.md").write_text(POST.format(lang="fr"))
    theme_dir = tmp_path / "_themes" / "maison"
    theme_dir.mkdir(parents=True)
    (theme_dir / "theme.toml").write_text('[theme]\ninherit = "default"\n')
    (theme_dir / "labels.toml").write_text('[fr]\nnotes = "Renvois"\n')
    (tmp_path / "book.toml").write_text('[theme]\nname = "maison"\n')
    report = build(tmp_path, ["html"], tmp_path / "_build")
    html = report.results[0].path.read_text()
    assert ">Renvois<" in html and ">Table des matières<" in html
    assert "28 mai 2024" in html
    assert "Ada Lovelace et d’autres" in html  # the byline's "& more", in French


def test_names_on_the_cover_wrap_only_between_names_and_never_inside_one():
    """The designer saw a name broken on a cover: a person's name is one unit when the
    cover's lines break (no-break spaces inside it), a group's long name breaks like text."""
    from PIL import Image, ImageDraw, ImageFont

    from bookmaker.builders.epub.cover import _wrap
    from bookmaker.builders.epub.cover_text import cover_text

    people = [
        Person(n) for n in ("Ines Okafor", "Tomas Lindqvist", "Mariam Haddad", "Kenji Watanabe")
    ]
    book = SimpleNamespace(
        meta=SimpleNamespace(title="T", subtitle=None, publisher=None, language="en"),
        credits=Credits(contributors=tuple(Credit(p, "ctb", p.name) for p in people)),
        dates=SimpleNamespace(last=None),
    )
    line = cover_text(book, load_theme("default").labels("en")).names
    assert line == "Ines\xa0Okafor, Tomas\xa0Lindqvist, Mariam\xa0Haddad, and Kenji\xa0Watanabe"
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = ImageFont.load_default(size=20)
    for width in range(150, 700, 10):
        lines = [text.replace("\xa0", " ") for text in _wrap(draw, line, font, width)]
        for person in people:
            assert sum(person.name in text for text in lines) == 1, (width, lines)
    group = "The Society for the Preservation of Old Radios"
    assert unbroken(group) == group and unbroken("Ada Lovelace") == "Ada\xa0Lovelace"
