"""Small books built in a test's temporary folder, when a root under `tests/roots` cannot say
what the test varies (a theme's CSS and fonts, given by the test)."""

from __future__ import annotations

import shutil
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
POST = (
    "---\ntitle: Ink and Paper\ndate: 2024-04-01\nauthor: Ada Lovelace\n---\n\n"
    "A short **essay** on [paper](https://example.org/paper), with a café and naïve quotes.\n"
)


def make_book(
    folder: Path, config: str = "", css: str | None = None, fonts: tuple[str, ...] = ()
) -> Path:
    """A one-post book; with CSS, a theme `inked` that inherits the default and adds it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2024-04-01-ink.md").write_text(POST)
    if css is not None:
        theme = folder / "_themes" / "inked"
        (theme / "static" / "fonts").mkdir(parents=True)
        for name in fonts:
            shutil.copy(DEJAVU / name, theme / "static" / "fonts" / name)
        listed = ", ".join(f'"fonts/{n}"' for n in fonts)
        (theme / "theme.toml").write_text(
            f'[theme]\nname = "inked"\ninherit = "default"\nfonts = [{listed}]\n'
            '[theme.stylesheets]\nepub = ["inked.css"]\n'
        )
        (theme / "static" / "inked.css").write_text(css)
        config = '[theme]\nname = "inked"\n' + config
    (folder / "book.toml").write_text(config)
    return folder
