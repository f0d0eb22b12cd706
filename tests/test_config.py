"""book.toml and `-D`: every setting remembers where it was made, so a mistake names the file
or the flag that made it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookmaker.config import load
from bookmaker.errors import ConfigError, ThemeError
from bookmaker.pipeline import build

A55 = "pdf.page_size: expected one of A5, A4, letter, 6x9in, 5.5x8.5in, or WIDTHxHEIGHT"


def error(root: Path, *overrides: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load(root, overrides)
    return str(caught.value)


def test_a_mistake_names_book_toml_or_the_flag_that_made_it(tmp_path: Path):
    assert error(tmp_path, "pdf.page_size='A55'").startswith(f"-D {A55}")
    (tmp_path / "book.toml").write_text('[pdf]\npage_size = "A55"\n')
    assert error(tmp_path).startswith(f"{tmp_path / 'book.toml'}: {A55}")
    # the flag wins over the file, and so does its mistake
    (tmp_path / "book.toml").write_text('[pdf]\npage_size = "A5"\n')
    assert error(tmp_path, "pdf.page_size='A55'").startswith(f"-D {A55}")


def test_mistakes_in_both_places_are_reported_together(tmp_path: Path):
    (tmp_path / "book.toml").write_text('[book]\ntitel = "x"\n')
    message = error(tmp_path, "pdf.page_size='A55'", "book.include_drafts=maybe")
    assert message.startswith(f"{tmp_path / 'book.toml'}: book.titel: unknown key")
    assert "; -D pdf.page_size: expected one of A5" in message
    assert "; -D book.include_drafts: expected true or false; got 'maybe'" in message


def test_a_table_given_on_the_command_line_owns_the_keys_inside_it(tmp_path: Path):
    (tmp_path / "book.toml").write_text('[pdf.margins]\ntop = "2cm"\ninner = "2"\n')
    assert error(tmp_path).startswith(f"{tmp_path / 'book.toml'}: pdf.margins.inner:")
    message = error(tmp_path, 'pdf.margins={top = "2"}')
    assert message.startswith("-D pdf.margins.top:") and "inner" not in message
    profiles = '[{section = "div[[[", name = "h3"}]'
    message = error(tmp_path, f"contributors.profiles={profiles}")
    assert "; -D contributors.profiles[0].section: not a CSS selector" in message


@pytest.mark.parametrize(
    ("toml", "args", "expected"),
    [
        ('[theme]\nname = "clasic"\n', {}, "{toml}: theme.name: unknown theme 'clasic'"),
        ("", {"overrides": ("theme.name=clasic",)}, "(given with -D)"),
        ('[theme]\nname = "nope"\n', {"theme_name": "clasic"}, "(given with -t)"),
        ("[theme.options]\nacent_color = 1\n", {}, "{toml}: theme.options.acent_color: theme"),
        ("", {"overrides": ("theme.options={acent_color = 1}",)}, "-D theme.options.acent_color:"),
    ],
)
def test_theme_mistakes_name_where_they_were_made(tmp_path: Path, toml, args, expected):
    (tmp_path / "p.md").write_text("---\ntitle: P\n---\nText.\n")
    (tmp_path / "book.toml").write_text(toml)
    with pytest.raises(ThemeError) as caught:
        build(tmp_path, ["html"], tmp_path / "out", **args)
    assert expected.format(toml=tmp_path / "book.toml") in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_a_cover_named_on_the_command_line_is_blamed_on_the_flag(tmp_path: Path):
    (tmp_path / "p.md").write_text("---\ntitle: P\n---\nText.\n")
    (tmp_path / "book.toml").write_text('[book]\ntitle = "T"\n')
    with pytest.raises(ConfigError) as caught:
        build(tmp_path, ["epub"], tmp_path / "out", overrides=("epub.cover=nope.jpg",))
    assert str(caught.value) == "-D epub.cover: no such file: nope.jpg"


@pytest.mark.parametrize("cover", ["https://", "http://[::1"])
def test_a_cover_address_with_no_readable_host_is_a_config_error_not_a_fetch(
    tmp_path: Path, cover: str
):
    """One rule says what a web address is (`addresses.is_web_address`): an address with no
    host, or one that cannot be read, is refused before anything is built."""
    (tmp_path / "p.md").write_text("---\ntitle: P\n---\nText.\n")
    (tmp_path / "book.toml").write_text('[book]\ntitle = "T"\n')
    with pytest.raises(ConfigError) as caught:
        build(tmp_path, ["epub"], tmp_path / "out", overrides=(f"epub.cover={cover}",))
    assert str(caught.value) == f"-D epub.cover: {cover} is not a web address bookmaker can read"
    assert not (tmp_path / "out").exists()
