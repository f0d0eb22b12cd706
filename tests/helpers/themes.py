"""Themes as an installed package brings them: a `*.dist-info` folder with entry points,
laid out on disk without installing anything."""

from __future__ import annotations

import textwrap
from pathlib import Path


def fake_site(root: Path, entry_points: dict[str, str], modules: dict[str, str]) -> Path:
    """ROOT/site with a distribution declaring ENTRY_POINTS and the MODULES they point to
    (module path → file text; a `theme.toml` beside a package's __init__ makes it a theme)."""
    site = root / "site"
    dist = site / "bookmaker_theme_demo-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: bookmaker-theme-demo\nVersion: 1.0\n"
    )
    lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
    (dist / "entry_points.txt").write_text(f"[bookmaker.themes]\n{lines}")
    for rel, text in modules.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return site


def write_files(folder: Path, files: dict[str, str]) -> Path:
    """FILES (path under FOLDER → text) written, folders made as needed: a book or a theme."""
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
