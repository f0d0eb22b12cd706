"""read: the sentence around a Liquid tag or variable that printed nothing is closed up.

"ours among them on {{ site.title }}." loses the site's title, which only the site knows; left
as it is, the book prints "ours among them on ." Jekyll itself would have printed the title, so
no wording of ours can stand in for it; what we can do is not leave a hole.  The rule: when
what printed nothing is followed by sentence punctuation (or ends the line), the space before
it goes (a line break before it too), and so does a preposition left pointing at nothing ("on", "at", "by"… in English, the
post's language when its front matter names one, English otherwise): "ours among them."
Text that reads on after the tag ("see {{ x }} for more") is left as it is: dropping words
in the middle of a sentence would change what it says.  The removal is warned either way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: Words that cannot end a clause, by language.
PREPOSITIONS = {
    "en": "on at in by from to of via for with into onto about over under through",
    "fr": "sur à au aux dans par de du des pour avec chez via",
    "de": "auf an in im bei von vom zu zum zur aus mit für über unter",
    "es": "en a al de del por para con sobre desde",
    "pt": "em no na nos nas a ao de do da por para com sobre",
    "it": "su sul sulla a al da dal di del in nel per con",
}

_CLOSES = ".,;:!?)"
_TAIL = re.compile(r"(?:^|(?<=\s))(\w+)([ \t]+)$")


def close_hole(out: list[str], after: str, page: Mapping[str, Any]) -> None:
    """Trims the text before an empty result (the last item of OUT) when AFTER, the character
    that follows the tag, closes the clause (or the text ends)."""
    after = after.lstrip(" \u00a0\u202f")[:1]  # French puts a space before "!" and ";"
    if not out or not (after == "" or after in _CLOSES):
        return
    before = out[-1]
    stripped = before.rstrip(" \t\n")
    if stripped == before or not stripped or "\n\n" in before[len(stripped) :]:
        return  # the tag touches its word or starts a paragraph: not a hole in running text
    words = PREPOSITIONS.get(_language(page), PREPOSITIONS["en"]).split()
    m = _TAIL.search(stripped + " ")
    if m and m[1].lower() in words and stripped[: m.start()].strip():
        stripped = stripped[: m.start()].rstrip(" \t")
    out[-1] = stripped


def _language(page: Mapping[str, Any]) -> str:
    value = page.get("lang") or page.get("language") or "en"
    return str(value).split("-")[0].split("_")[0].lower()
