"""The shared corpus of real posts (../shared/corpus): its files, their original names (from
MANIFEST.md) and the books of books.md, for tests that build them outside the project."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

_ROW = re.compile(r"^\| `([^`]+)` \| [^|]+ \| `([^`]+)` @")


def original_names(corpus: Path) -> dict[str, str]:
    """Corpus file name → the file's name in its blog (`37-….md` → `2017-01-08-….md`)."""
    names = {}
    for line in (corpus / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m and not m[2].startswith("unknown"):
            names[m[1]] = m[2].strip().rsplit("/", 1)[-1]
    return names


def books(corpus: Path) -> dict[str, list[str]]:
    """Book name → the corpus files (by number) it groups, as books.md lists them."""
    text = (corpus / "books.md").read_text(encoding="utf-8")
    everything = sorted(p.name[:2] for p in (corpus / "posts").iterdir())
    found: dict[str, list[str]] = {}
    title = ""
    for line in text.splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
            if title.startswith("10."):
                found[title] = everything
        elif line.startswith("Files:"):
            found[title] = re.findall(r"\b\d{2}\b", line.split("(")[0])
        elif line.startswith("- ") and ":" in line and title.startswith("8."):
            name, _, rest = line[2:].partition(":")
            found[f"8. {name.strip()}"] = re.findall(r"\b\d{2}\b", rest.split("(")[0])
    return found


def lay_out(corpus: Path, numbers: list[str], target: Path) -> Path:
    """Copy the posts of a book into TARGET/_posts under their original names, as a user's
    blog has them; the corpus itself is never touched."""
    names = original_names(corpus)
    posts = target / "_posts"
    posts.mkdir(parents=True)
    for path in sorted((corpus / "posts").iterdir()):
        if path.name[:2] in numbers:
            shutil.copyfile(path, posts / names.get(path.name, path.name))
    return target
