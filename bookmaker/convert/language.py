"""convert: the language and writing direction of a chapter.

Only visible prose counts: not HTML comments (an English original kept in a Chinese post),
code, or web addresses.  The front matter's `lang` wins, unless the text is plainly in another
script (a Japanese post marked `lang: en` by a site-wide default); a post without `lang` whose
text is mostly in one script with one main language (Japanese, Hebrew, Arabic, …) gets that
language, so readers hyphenate, pick fonts and set the direction right; Chinese or Japanese
prose full of Latin tokens is still Chinese or Japanese.  Latin-script languages cannot be
told apart this way and keep the book's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

RTL_LANGUAGES = {"ar", "fa", "he", "iw", "ur", "yi", "ps", "dv", "ckb", "sd", "ug", "syr"}

#: Script (first word of the Unicode name) → the language its text most likely is.
_SCRIPTS = {
    "HEBREW": "he",
    "HANGUL": "ko",
    "THAI": "th",
    "GREEK": "el",
    "BENGALI": "bn",
    "DEVANAGARI": "hi",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "TAMIL": "ta",
    "ETHIOPIC": "am",
}
_PERSIAN = set("پچژگکی")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_UKRAINIAN = set("іїєґІЇЄҐ")


def letter_script(ch: str) -> str:
    """The script of the letter CH (the first word of its Unicode name; HAN, KANA grouped)."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ""
    first = name.split()[0]
    if first in {"HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HALFWIDTH"}:
        return "KANA"
    if first == "CJK":
        return "HAN"
    return first


_ASCII = re.compile(r"[\x00-\x7f]+")
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def _letters(text: str) -> dict[str, int]:
    """How often each letter of TEXT occurs, in the order the letters first occur."""
    return {ch: n for ch, n in Counter(text).items() if ch.isalpha()}


def _by_script(letters: dict[str, int]) -> Counter[str]:
    """How many of LETTERS (letter → count) each script has.  Each distinct letter is looked up
    once: a post has thousands of letters, of few kinds."""
    counts: Counter[str] = Counter()
    for ch, n in letters.items():
        counts[letter_script(ch)] += n
    return counts


def _script_counts(text: str) -> tuple[dict[str, int], Counter[str]] | None:
    """TEXT's letters other than ASCII, each counted, and the letters of each script (ASCII
    letters are Latin); None when the most frequent script is tied with another, as which
    one wins then depends on which letter comes first in TEXT.

    Most of a post's characters are ASCII; counting only the others letter by letter is some
    ten times faster than counting all of them."""
    ascii_text = text.encode("ascii", "ignore")
    others = _letters(_ASCII.sub("", text))
    latin = len(ascii_text.translate(None, _NOT_ASCII_LETTERS))
    counts = _by_script(others)
    if latin:
        counts["LATIN"] += latin
    top = counts.most_common(2)
    if len(top) == 2 and top[0][1] == top[1][1]:
        return None
    return others, counts


def detect(text: str) -> str | None:
    """The language the letters of TEXT point to, or None for Latin script or too little text."""
    found = _script_counts(text)
    if found is None:
        letters = _letters(text)
        counts = _by_script(letters)
    else:
        letters, counts = found
    total = sum(counts.values())
    if total < 20:
        return None
    # Japanese tech writing mixes in many Latin words, but kana only ever means Japanese.
    if counts["KANA"] >= 0.15 * total:
        return "ja"
    script, count = counts.most_common(1)[0]
    cjk = counts["HAN"] + counts["KANA"]
    if script not in {"HAN", "KANA"} and cjk >= 20 and cjk >= len(_LATIN_WORD.findall(text)):
        # Chinese prose with many Latin tokens (names, commands, rule lists): one Han
        # character carries about as much as one Latin word, so compare those.
        return "ja" if counts["KANA"] > 0.05 * cjk else "zh"
    if script in {"HAN", "KANA"}:
        cjk = counts["HAN"] + counts["KANA"]
        if cjk < 0.3 * total:
            return None
        return "ja" if counts["KANA"] > 0.05 * cjk else "zh"
    if count < 0.3 * total or script in {"LATIN", ""}:
        return None
    if script == "ARABIC":
        return "fa" if sum(letters.get(ch, 0) for ch in _PERSIAN) > 0.01 * count else "ar"
    if script == "CYRILLIC":
        return "uk" if sum(letters.get(ch, 0) for ch in _UKRAINIAN) > 0.01 * count else "ru"
    return _SCRIPTS.get(script)


#: Elements whose text is not the post's prose: code, and what a reader never sees.
NOT_PROSE = {"script", "style", "head", "title", "code", "pre", "kbd", "samp", "math", "svg"}
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")


_WEB = re.compile(r"(?:https?://|www\.)\S+")


def visible_prose(texts: Iterable[str]) -> str:
    """TEXTS (strings outside comments and `NOT_PROSE` elements) as one text, without web
    and mail addresses: what a reader sees as prose."""
    text = " ".join(texts)
    # Without an @ there is no mail address, and trying one at every word is most of the cost.
    return (_URL if "@" in text else _WEB).sub(" ", text)


def choose(declared: str | None, text: str, default: str) -> tuple[str, str | None]:
    """(language, why it differs from DECLARED or None) for a chapter."""
    found = detect(text)
    if declared is None:
        return (found or default), None
    base = declared.split("-")[0].lower()
    if found and found != base and base in {"en", "es", "fr", "de", "it", "pt", "nl"}:
        return (
            found,
            f"front matter says lang: {declared}, but the text is in {found}; using {found}",
        )
    return declared, None


def direction(language: str) -> str | None:
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else None
