"""read: smart typography for Markdown posts, as the blogs' SmartyPants and kramdown printed
them: curly quotes in the post's language, en and em dashes, ellipses; never in code or URLs.

markdown-it-py does the work (its `typographer` with the `smartquotes` and `replacements`
rules, which skip code spans, code blocks and autolinks); this module only says which quotes
each language uses and turns a spaced hyphen between words into an en dash.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

#: Double then single quotes, opening and closing, by language (the primary subtag).
QUOTES = {
    "en": "“”‘’",
    "de": "„“‚‘",
    "fr": ["«\u202f", "\u202f»", "‹\u202f", "\u202f›"],
    "es": "«»“”",
    "it": "«»“”",
    "pt": "«»“”",
    "ja": "「」『』",
    "zh": "“”‘’",
}
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")


def quotes_for(language: str | None) -> str | list[str]:
    """The quote marks of LANGUAGE (`en-GB` → `en`); English ones when it is unknown."""
    primary = (language or "en").split("-")[0].split("_")[0].lower()
    return QUOTES.get(primary, QUOTES["en"])


def spaced_dashes(state: StateCore) -> None:
    """`word - word` → `word – word` in text, as kramdown's ` -- ` and SmartyPants did."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        inside_autolink = False
        for token in block.children:
            if token.type == "link_open" and token.info == "auto":
                inside_autolink = True
            elif token.type == "link_close":
                inside_autolink = False
            elif token.type == "text" and not inside_autolink:
                token.content = _SPACED_HYPHEN.sub(" \u2013 ", token.content)


def typographer(md: MarkdownIt) -> None:
    """Enable the smart typography rules on MD (quotes are set in its options)."""
    md.enable(["replacements", "smartquotes"])
    md.core.ruler.push("spaced_dashes", spaced_dashes)
