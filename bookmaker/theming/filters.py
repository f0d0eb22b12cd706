"""Themes: the Jinja filters every template and stylesheet can use, registered once when a
theme's environment is made (`Theme`); builders only pass data.

Names and dates as the book's language writes them (`names`, `long_date`, which reads the
`labels` of the template's context), addresses that break at sensible points, a site's name, a
contributor's initials for a monogram where there is no photo, a sentence of a section for a
pull quote, and option values quoted for CSS.  Pure functions of their input, so tests can call
them directly; the filters that reshape a note's markup are in `markup.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import jinja2

from bookmaker.names import site_name
from bookmaker.theming.labels import format_date
from bookmaker.theming.markup import (
    breakable_url,
    inline_html,
    link_note,
    note_body,
    running_head,
    set_apart,
)

#: Words after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "sr",
    "jr",
    "gen",
    "gov",
    "sen",
    "rep",
    "col",
    "capt",
    "lt",
    "sgt",
    "no",
    "vol",
    "fig",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "cf",
    "approx",
    "ca",
}
_SENTENCE_END = re.compile(r"[.!?…]+[”’\"')\]]*(?=\s+[\"“‘'(\[]?[A-ZÀ-ÖØ-Þ0-9])")


def initials(name: str, letters: int = 2) -> str:
    """'Una Aleksandra Bērziņa-Čerenkova' → 'UB': the first letters of the first and last names."""
    words = [w for w in re.split(r"\s+", name.strip()) if w[:1].isalpha()]
    if not words:
        return name.strip()[:1].upper()
    picked = [words[0]] + ([words[-1]] if len(words) > 1 and letters > 1 else [])
    return "".join(w[0].upper() for w in picked)


#: How far into a section (in characters, about eight lines of print) a pull quote is taken from.
PULL_QUOTE_DISTANCE = 600


def lead_sentence(html: str, max_chars: int = 220) -> str:
    """The first sentence of HTML's first paragraph, as plain text without note references;
    cut at a word and ended with '…' when longer than MAX_CHARS.  Empty when there is no text."""
    paragraphs = _paragraphs(html)
    return _shorten(_sentences(paragraphs[0])[0], max_chars) if paragraphs else ""


def pull_quote(
    html: str, min_chars: int = 50, max_chars: int = 200, skip_chars: int = PULL_QUOTE_DISTANCE
) -> str:
    """A sentence of HTML worth setting large at the head of its section: the first of
    MIN_CHARS..MAX_CHARS that starts SKIP_CHARS or more into the text, so that the reader does
    not meet it again a few lines below the quote.  Empty when the section has no such
    sentence (a short section gets no pull quote)."""
    offset = 0
    for paragraph in _paragraphs(html):
        for sentence in _sentences(paragraph):
            if offset >= skip_chars and min_chars <= len(sentence) <= max_chars:
                return sentence
            offset += len(sentence) + 1
    return ""


def _paragraphs(html: str) -> list[str]:
    from bs4 import BeautifulSoup  # slow to import, and only pull quotes need it

    soup = BeautifulSoup(html, "lxml")
    for ref in soup.select("a.noteref, sup, .image-remote, .image-missing"):
        ref.decompose()
    texts = []
    for block in soup.find_all(["p", "blockquote", "li"]):
        if block.find_parent(["blockquote", "li"]) is not None:
            continue
        text = re.sub(r"\s+([,.;:!?…’”])", r"\1", " ".join(block.get_text(" ").split()))
        if len(text) >= 2:
            texts.append(text)
    return texts


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        word = text[start : match.start()].rsplit(None, 1)[-1].lower().lstrip("(\"“‘'")
        if match.group().startswith(".") and (
            word in _ABBREVIATIONS or len(word) == 1 or "." in word
        ):
            continue
        out.append(text[start : match.end()].strip())
        start = match.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def _shorten(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return cut + "…"


def css_string(value: object) -> str:
    """VALUE as a quoted CSS string, e.g. for `content:`; quotes, backslashes and line breaks escaped."""
    text = str(value)
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\\n\r' or ord(c) < 0x20 else c for c in text)
    return f'"{escaped}"'


def iso_date(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def names(
    people: Iterable[Any], word_and: str = "and", others: str | None = None, whole: bool = False
) -> str:
    """'A, B, and C' of people or credits; with OTHERS (a byline that said '& more'),
    'A, B, and others'.  A conjunction that is punctuation (Japanese '、') joins without spaces.
    WHOLE keeps each person's name on one line (`unbroken`): the title pages' credit lines."""
    items = [unbroken(p.name) if whole else p.name for p in people] + ([others] if others else [])
    if not any(ch.isalpha() for ch in word_and):
        return word_and.join(items)
    if len(items) <= 2:
        return f" {word_and} ".join(items)
    return ", ".join(items[:-1]) + f", {word_and} " + items[-1]


#: A name of more words or letters than this is a group's ("The Society for …"), which may
#: break like any text: kept whole it could be wider than a narrow screen.
NAME_WORDS, NAME_CHARS = 4, 40


def unbroken(name: str) -> str:
    """NAME with no-break spaces between its words, when it is a person's name."""
    words = name.split()
    if len(words) > NAME_WORDS or len(name) > NAME_CHARS:
        return name
    return "\u00a0".join(words)


@jinja2.pass_context
def long_date(context: jinja2.runtime.Context, value: dt.datetime | None) -> str:
    """VALUE as the book's language writes a date (the `labels` every page is rendered with)."""
    words: Mapping[str, Any] = context.get("labels") or {}
    return format_date(value, words)


FILTERS = {
    "initials": initials,
    "lead_sentence": lead_sentence,
    "pull_quote": pull_quote,
    "css_string": css_string,
    "breakable_url": breakable_url,
    "iso_date": iso_date,
    "long_date": long_date,
    "names": names,
    "site": site_name,
    "note_body": note_body,
    "link_note": link_note,
    "set_apart": set_apart,
}
#: Helpers templates call as functions: `running_head(chapter.title)`, `inline_html(note.html)`.
GLOBALS = {"running_head": running_head, "inline_html": inline_html}
