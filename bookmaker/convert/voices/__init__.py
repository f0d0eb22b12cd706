"""convert, voices: the participants of a multi-voice post found in markup never seen before.

No site's class names are known here; the evidence is general (see `sections.py` and
`transcript.py`): repeated blocks that open with a name, headings that name people, speaker
labels.  Sections become one section per voice, in source order; a transcript keeps its
dialogue form, its speakers becoming the chapter's voices.  What was found, and why, is said
in `Voices.notes` (not a warning: finding voices is not a fault).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from bookmaker.convert.voices import sections, transcript
from bookmaker.convert.voices.names import Roster
from bookmaker.convert.voices.split import PART_ATTR, Start, liftable, split
from bookmaker.convert.voices.transcript import SPEAKER_ATTR
from bookmaker.model import Person

__all__ = ["PART_ATTR", "SPEAKER_ATTR", "Voices", "declared_sections", "detect"]


@dataclass
class Voices:
    """Sections cut from the body (a person, or None for an untitled part), or a transcript's
    speakers; and what showed them."""

    sections: list[tuple[Tag, Person | None]] = field(default_factory=list)
    speakers: list[Person] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def declared_sections(soup: BeautifulSoup, body: Tag, declared: tuple[Person, ...]) -> Voices:
    """Sections under headings that name the people of `contributors:` (titles, middle names
    and first names matched loosely)."""
    if not declared:
        return Voices()
    found = sections.name_headings(body, Roster(declared), declared_only=True)
    return _cut(soup, body, found, blocks=False)


def detect(
    soup: BeautifulSoup,
    body: Tag,
    declared: tuple[Person, ...],
    authors: tuple[Person, ...],
    title: str = "",
) -> Voices:
    """The voices of BODY by the general evidence, in the order: repeated blocks, headings
    that name people, a transcript."""
    roster = Roster((*declared, *authors))
    voices = _cut(soup, body, sections.repeated_blocks(body, roster), blocks=True)
    if not voices.sections:
        voices = _cut(soup, body, sections.name_headings(body, Roster()), blocks=False)
    if voices.sections:
        return voices
    found = transcript.find(body, roster, title)
    if found is None or not found.speakers:
        return Voices()
    transcript.mark(soup, found)
    speakers = list(dict.fromkeys(found.speakers.values()))
    note = f"transcript: {len(found.turns)} turns; speakers " + "; ".join(found.why)
    return Voices(speakers=speakers, notes=[note])


def _cut(
    soup: BeautifulSoup, body: Tag, found: tuple[list[Start], str] | None, *, blocks: bool
) -> Voices:
    if found is None or not found[0] or not liftable(found[0], body):
        return Voices()
    starts, why = found
    parts = split(soup, body, starts, blocks=blocks)
    kind = "sections" if blocks else "headings"
    return Voices(sections=parts, notes=[f"{kind}: {why}"])
