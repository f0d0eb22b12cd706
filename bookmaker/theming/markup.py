"""Themes: helpers that fit a piece of the book's markup to where a template places it — a note
of several paragraphs with its number inside the first one, a note flattened to sit inside a
line (a footnote at its reference), a title short enough for a running head.

Registered with every theme's Jinja environment (`filters.py`); pure functions of their input.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from bookmaker.xhtml import BLOCKS

#: Running heads longer than this are cut at a word and end with an ellipsis.
RUNNING_HEAD_CHARS = 48


def note_body(html: str, number: str, more: str) -> Markup:
    """A note of several blocks with NUMBER inside its first paragraph and MORE (extra
    back-links) inside its last, so the number leads the note in every edition.  All three are
    markup already: joined as plain strings, never escaped."""
    html, number, more = str(html), str(number), str(more)
    opening = re.match(r"\s*<p(\s[^>]*)?>", html)
    html = (
        html[: opening.end()] + number + " " + html[opening.end() :] if opening else number + html
    )
    closing = html.rstrip().endswith("</p>")
    html = html.rstrip()[:-4] + more + "</p>" if closing else html + more
    return Markup(html)


def inline_html(fragment: str) -> Markup:
    """FRAGMENT with its blocks turned into spans, so it can sit inside a paragraph (a note at
    the foot of the page is an inline element at its reference)."""
    import lxml.html  # only the print edition's footnotes need it; `bookmaker themes` does not

    wrapper = lxml.html.fragment_fromstring(fragment, create_parent="span")
    for el in wrapper.iter():
        if el is not wrapper and el.tag in BLOCKS:
            el.tag = "span"
            el.tail = " " + (el.tail or "")
    inner = (wrapper.text or "") + "".join(
        lxml.html.tostring(c, encoding="unicode") for c in wrapper
    )
    return Markup(" ".join(inner.split()))


def running_head(text: str, limit: int = RUNNING_HEAD_CHARS) -> str:
    """TEXT short enough for one line of running head: cut at a word, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.–—-")
    return (cut or text[:limit]) + "…"
