"""`bookmaker quickstart`: a new book project (answers → files), ready to build.

It writes only inside the folder it is given, and never over a file already there unless
asked to (`force`): each file is created exclusively, so nothing is replaced by a race either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bookmaker.errors import BookmakerError, ConfigError
from bookmaker.path_safety import is_inside

DEFAULTS = {"title": "My Book", "author": "Anonymous", "language": "en"}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

BOOK_TOML = """\
# book.toml: the settings of this book.  Every setting is optional; the README lists them all.

[book]
title = {title}
authors = [{author}]
language = {language}
# subtitle = "…"
# editors = ["…"]          # for a collection you edited rather than wrote
# publisher = "…"
# rights = "CC BY 4.0"
# subjects = ["Repair", "Libraries"]

# [posts]                  # which posts: every post under posts/ unless you choose
# tags = ["travel"]        # posts with any of these tags (also: categories, authors)
# since = 2024-01-01       # a date range, inclusive ("2024" is the whole year)
# until = 2024-12-31
# exclude = ["*-draft-*"]  # file globs (also: include, and list = [...] for exact posts)

# [order]
# by = "date"              # "date" (oldest first), "-date", "title", or "list"

# [matter]                 # your own texts, as Markdown files in this folder
# foreword = "foreword.md"
# dedication = "dedication.md"
# afterword = "afterword.md"

# [theme]
# name = "default"         # or classic, modern, conversation: bookmaker themes

# [pdf]
# page_size = "A5"         # A4, letter, 6x9in, …
"""

EXAMPLE_POST = """\
---
title: Welcome to your book
date: {date}
author: {author_text}
tags: [example]
---

This is an example post.  Each post in `posts/` becomes a chapter; write Markdown, as on a
blog, with front matter like the lines above.

Every link becomes a numbered note, so a reader on paper can still follow it: see
[the Markdown guide](https://commonmark.org/help/).
"""

GITIGNORE = "# bookmaker's output\n_build/\n"


@dataclass(frozen=True)
class Answers:
    title: str
    author: str
    language: str


def _quoted(text: str) -> str:
    """TEXT as a double-quoted string, which TOML and YAML read alike (JSON's escapes)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def files_for(answers: Answers, date: str) -> dict[str, str]:
    """Relative path → text of each file a new project has."""
    title = answers.title.strip()
    author = answers.author.strip()
    if not title:
        raise BookmakerError("the title is empty; give one with --title")
    if not _LANGUAGE.match(answers.language.strip()):
        raise ConfigError(
            f"--language: expected a language code such as en or pt-BR; got {answers.language!r}"
        )
    return {
        "book.toml": BOOK_TOML.format(
            title=_quoted(title),
            author=_quoted(author) if author else "",
            language=_quoted(answers.language.strip()),
        ),
        f"posts/{date}-welcome.md": EXAMPLE_POST.format(
            date=date, author_text=_quoted(author or DEFAULTS["author"])
        ),
        ".gitignore": GITIGNORE,
    }


def create(
    folder: Path, answers: Answers, *, force: bool = False, date: str | None = None
) -> list[Path]:
    """Write a new project into FOLDER (made if missing); the files written.  A file already
    there stops it before anything is written, unless FORCE."""
    import datetime as dt

    day = date or dt.date.today().isoformat()
    files = {folder / rel: text for rel, text in files_for(answers, day).items()}
    if folder.exists() and not folder.is_dir():
        raise BookmakerError("not a folder", folder)
    there = [p for p in files if p.exists() or p.is_symlink()]
    if there and not force:
        names = ", ".join(str(p) for p in there)
        raise BookmakerError(f"already there, left as it is: {names} (--force replaces them)")
    for path in there:
        if path.is_dir() and not path.is_symlink():
            raise BookmakerError("a folder is in the way of a file quickstart writes", path)
    written: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not is_inside(path.parent, folder):
                raise BookmakerError("leads outside the folder; nothing written there", path.parent)
            if force and (path.exists() or path.is_symlink()):
                path.unlink()
            with path.open("x", encoding="utf-8") as file:
                written.append(path)
                file.write(text)
    except (OSError, BookmakerError) as exc:
        for path in written:  # a project is written whole or not at all
            path.unlink(missing_ok=True)
        if isinstance(exc, BookmakerError):
            raise
        raise BookmakerError(f"cannot write: {exc.strerror or exc}", exc.filename) from None
    return list(files)
