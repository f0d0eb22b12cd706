"""assemble: the book's subjects (`dc:subject` in the EPUB, keywords in the PDF), from the
config or the posts' tags.

`[book] subjects` in book.toml is taken as it is.  Without it, the posts' tags stand in, each
once, in the order they first appear, but only those written in the book's script: a tag a
scraper gave every post of its channel ("中参馆") is no subject of an English book.  The
script of a language is its own (Latin for the languages not listed); a book in another
script also takes Latin tags, as technical names ("Ruby", "Linux") are written in Latin in any
language.  Digits and punctuation belong to every script.
"""

from __future__ import annotations

from collections.abc import Iterable

from bookmaker.convert.language import letter_script

#: Languages not written in Latin letters, and the scripts of their letters.
SCRIPTS = {
    "zh": {"HAN"},
    "ja": {"HAN", "KANA"},
    "ko": {"HANGUL", "HAN"},
    "ar": {"ARABIC"},
    "fa": {"ARABIC"},
    "ur": {"ARABIC"},
    "ps": {"ARABIC"},
    "he": {"HEBREW"},
    "yi": {"HEBREW"},
    "el": {"GREEK"},
    "ru": {"CYRILLIC"},
    "uk": {"CYRILLIC"},
    "bg": {"CYRILLIC"},
    "sr": {"CYRILLIC"},
    "mk": {"CYRILLIC"},
    "be": {"CYRILLIC"},
    "kk": {"CYRILLIC"},
    "hi": {"DEVANAGARI"},
    "mr": {"DEVANAGARI"},
    "ne": {"DEVANAGARI"},
    "bn": {"BENGALI"},
    "th": {"THAI"},
    "ka": {"GEORGIAN"},
    "hy": {"ARMENIAN"},
    "ta": {"TAMIL"},
    "am": {"ETHIOPIC"},
}


def book_subjects(
    configured: tuple[str, ...], tags: Iterable[str], language: str
) -> tuple[str, ...]:
    """The config's subjects, else the TAGS written in LANGUAGE's script, each once."""
    if configured:
        return configured
    scripts = SCRIPTS.get(language.split("-")[0].lower(), set()) | {"LATIN"}
    kept = (t for t in tags if all(letter_script(c) in scripts for c in t if c.isalpha()))
    return tuple(dict.fromkeys(kept))
