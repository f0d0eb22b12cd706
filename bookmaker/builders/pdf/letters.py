"""build: what an opening paragraph may do with its first letters, by their script.

A drop cap cuts the first letter off its word.  In a script whose letters join (Arabic,
Syriac, N'Ko, Mongolian: cursive joining) or form conjuncts (Devanagari and the other Indic
scripts: a virama), that breaks the word's shaping: "في" becomes an isolated "ف" beside "ي".
Small capitals need a script with case: Arabic or Japanese first words "in small capitals"
were only set smaller.  Both are decided from Unicode data (the script of the letter, each
character's joining type and combining class), never from a list of languages.
"""

from __future__ import annotations

from functools import cache

import regex
from fontTools import unicodedata as ucd

#: A letter that joins the letter after it (ArabicShaping.txt: dual-joining or join-causing),
#: or a virama (canonical combining class 9), which joins the consonants around it.
_JOINS = regex.compile(r"[\p{Joining_Type=Dual_Joining}\p{Joining_Type=Join_Causing}\p{ccc=9}]")


def drop_cap_breaks_shaping(letter: str) -> bool:
    """True when LETTER's script joins letters: cut off, the word would be drawn wrongly."""
    return any(_script_joins(ucd.script(ch)) for ch in letter if ch.isalpha())


def has_case(text: str) -> bool:
    """True when TEXT's first letter belongs to a script with capitals (small capitals and
    capitals mean something in it)."""
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.lower() != first.upper()


@cache
def _script_joins(script: str) -> bool:
    """Whether any character of SCRIPT (an ISO 15924 code) joins its neighbours in writing."""
    return _JOINS.search(_characters(script)) is not None


def _characters(script: str) -> str:
    """Every character Unicode assigns to SCRIPT (its Script property, not its extensions)."""
    starts, values = ucd.Scripts.RANGES, ucd.Scripts.VALUES
    ends = [*starts[1:], 0x110000]
    return "".join(
        chr(code)
        for start, end, value in zip(starts, ends, values, strict=True)
        if value == script
        for code in range(start, end)
        if not 0xD800 <= code <= 0xDFFF
    )
