"""convert, voices: what looks like a person's name, and matching names loosely.

A name here is short, has no sentence punctuation, and is written the way names are: one to
four capitalised words (particles such as "van" or "de" allowed), or two to four Han or Hangul
characters.  `Roster` matches a written name against the people the post declares: titles
(Dr., Prof.) and middle names do not matter, and a first or last name stands for the one
declared person who has it.  Every lookup is a dictionary lookup, so matching stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bookmaker.model import Person
from bookmaker.names import normal_text

TITLES = {
    "dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "rev", "fr",
    "hon", "judge", "president", "senator", "ambassador", "general", "captain", "dean",
}  # fmt: skip
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md"}
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "bin", "al", "y", "st"}  # fmt: skip
#: Words that headings and labels use and names do not.
_NOT_NAMES = {
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from",
    "is", "are", "how", "why", "what", "when", "where", "who", "which", "our", "your", "my",
    "we", "you", "it", "this", "that", "introduction", "conclusion", "summary", "background",
    "overview", "getting", "started", "final", "thoughts", "next", "steps", "update", "updates",
    "notes", "note", "results", "references", "acknowledgements", "acknowledgments", "appendix",
    "setup", "installation", "usage", "example", "examples", "part", "chapter", "step", "day",
    "week", "question", "questions", "answer", "answers", "comments", "related", "posts",
    "resources", "links", "further", "reading", "about", "contact", "faq", "q", "edit",
    "disclaimer", "source", "sources", "credits", "team", "contributors", "panel",
    "interview", "transcript", "abstract", "methods", "discussion", "data", "code", "demo",
}  # fmt: skip
_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’-]*\.?|[A-Z]\.)$")
_CJK_NAME = re.compile(r"^[\u3400-\u9fff\uac00-\ud7af][\u3400-\u9fff\uac00-\ud7af·・]{1,4}$")


def words_of(text: str) -> list[str]:
    """The words of a name, compared blind, without titles and suffixes."""
    words = normal_text(text).split()
    while words and words[0] in TITLES:
        words.pop(0)
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return words


def clean(text: str) -> str:
    """A label's text without what frames it: `**Ann Lee**:` → `Ann Lee`."""
    return " ".join(text.split()).strip(" :：|｜,;—–-*_[]()")


def name_like(text: str, min_words: int = 1) -> bool:
    """True when TEXT is written the way a person's name is."""
    text = clean(text)
    if not text or len(text) > 60 or any(ch.isdigit() for ch in text):
        return False
    if _CJK_NAME.match(text):
        return True
    raw = text.split()
    while raw and normal_text(raw[0]) in TITLES:
        raw.pop(0)
    if not min_words <= len(raw) <= 5 or text.endswith(("?", "!")):
        return False
    if any(normal_text(w) in _NOT_NAMES for w in raw):
        return False
    named = [w for w in raw if w.lower() not in _PARTICLES]
    return bool(named) and all(_WORD.match(w) for w in named) and any(len(w) > 1 for w in named)


class Roster:
    """The people a post declares (authors, `contributors:`, a legend), to match names against."""

    def __init__(self, people: Iterable[Person] = ()):
        self.people: list[Person] = []
        self._full: dict[tuple[str, ...], Person] = {}
        self._ends: dict[tuple[str, str], Person] = {}
        self._single: dict[str, list[Person]] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person, *aliases: str) -> None:
        if any(p.name == person.name for p in self.people) and not aliases:
            return
        if all(p.name != person.name for p in self.people):
            self.people.append(person)
        for written in (person.name, *aliases):
            words = words_of(written)
            if not words:
                continue
            self._full.setdefault(tuple(words), person)
            if len(words) > 1:
                self._ends.setdefault((words[0], words[-1]), person)
                for word in (words[0], words[-1]):
                    found = self._single.setdefault(word, [])
                    if person not in found:
                        found.append(person)

    def match(self, text: str) -> Person | None:
        """The declared person TEXT names, or None (also when a first name fits two people)."""
        words = words_of(clean(text))
        if not words:
            return None
        person = self._full.get(tuple(words))
        if person is None and len(words) > 1:
            person = self._ends.get((words[0], words[-1]))
        if person is None and len(words) == 1:
            found = self._single.get(words[0], [])
            person = found[0] if len(found) == 1 else None
        return person
