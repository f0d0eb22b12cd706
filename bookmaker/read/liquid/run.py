"""read: one Liquid rendering's state, and the pieces every part of the renderer shares: the
token pattern, the site the posts come from, and how tag arguments are split."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bookmaker.model import Person
from bookmaker.read.placeholders import Placeholders

TOKEN = re.compile(r"\{%-?\s*(?P<tag>\w+)(?P<args>.*?)-?%\}|\{\{-?(?P<expr>.*?)-?\}\}", re.DOTALL)


@dataclass(frozen=True)
class Site:
    """The blog the posts come from, as its posts see it: what `{{ site.url }}` and
    `{{ site.baseurl }}` stand for ([site] in book.toml), the author of a post that names
    none, and the authors data (author id → person)."""

    url: str = ""
    baseurl: str = ""
    author: str | None = None
    authors: Mapping[str, Person] = field(default_factory=dict, compare=False, hash=False)


#: A book with no `[site]`: `{{ site.url }}` is empty.
NO_SITE = Site()


@dataclass
class Run:
    """One rendering: the text, where it starts in the file, and what it reports."""

    text: str
    first_line: int
    page: Mapping[str, Any]
    site: Site
    holders: Placeholders
    warn: Callable[[str, str, int], None]

    def line(self, offset: int) -> int:
        return self.first_line + self.text.count("\n", 0, offset)


def split_args(args: str) -> list[str]:
    try:
        return shlex.split(args, posix=True)
    except ValueError:
        return args.split()
