"""Golden files: the chapter XHTML of the EPUB and the print HTML of a few roots, kept under
`tests/golden/<root>/` and compared as text, so a change in output reads as a diff.

Refresh them all after a change you mean (and read `git diff tests/golden` before committing):

    python -m pytest tests/test_golden.py --update-goldens
"""

from __future__ import annotations

import difflib
import zipfile
from pathlib import Path

import pytest

from bookmaker import __version__

REFRESH = "python -m pytest tests/test_golden.py --update-goldens"


def normalise(text: str) -> str:
    """TEXT without what changes from one release or machine to the next."""
    return text.replace(f"bookmaker {__version__}", "bookmaker {version}")


def outputs(epub: Path, print_html: Path) -> dict[str, str]:
    """File name → normalised text: each chapter document of EPUB, and the print document."""
    found = {}
    with zipfile.ZipFile(epub) as z:
        for name in sorted(z.namelist()):
            if name.startswith("EPUB/chapter-"):
                found[name.removeprefix("EPUB/")] = normalise(z.read(name).decode("utf-8"))
    found["print.html"] = normalise(print_html.read_text(encoding="utf-8"))
    return found


def check(folder: Path, produced: dict[str, str], update: bool) -> None:
    """Compare PRODUCED with the files of FOLDER; with UPDATE, make FOLDER hold PRODUCED."""
    if update:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in {p.name for p in folder.iterdir()} - set(produced):
            (folder / stale).unlink()
        for name, text in produced.items():
            (folder / name).write_text(text, encoding="utf-8")
        return
    kept = (
        {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*")} if folder.is_dir() else {}
    )
    report = []
    for name in sorted(set(kept) | set(produced)):
        before, after = kept.get(name), produced.get(name)
        if before == after:
            continue
        shown = f"{folder.relative_to(folder.parents[2])}/{name}"
        diff = difflib.unified_diff(
            (before or "").splitlines(keepends=True),
            (after or "").splitlines(keepends=True),
            f"{shown} (golden{', missing' if before is None else ''})",
            f"{shown} (built{', not made' if after is None else ''})",
        )
        report.append("".join(diff))
    if report:
        pytest.fail(
            "the output differs from the golden files; if the change is meant, refresh them "
            f"with `{REFRESH}`\n\n" + "\n".join(report),
            pytrace=False,
        )
