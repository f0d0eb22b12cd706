"""Themes: helpers that fit a piece of the book's markup to where a template places it — a note
of several paragraphs with its number inside the first one, a note flattened to sit inside a
line (a footnote at its reference), a title short enough for a running head.

Registered with every theme's Jinja environment (`filters.py`); pure functions of their input.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from markupsafe import Markup, escape

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


#: Where a web address may break: after a slash (not the scheme's), before punctuation.
_URL_BREAKS = re.compile(r"(?<=[^:/]/)|(?=[.?&=#_\-])")


def breakable_url(url: str) -> Markup:
    """The URL with `<wbr/>` after slashes and before punctuation, so it breaks at sensible points."""
    # Every note's address goes through here: the break points are marked and the address
    # escaped once, not part by part (a NUL marks them; no address in a book holds one).
    if "\0" in url:
        return Markup("<wbr/>".join([escape(p) for p in _URL_BREAKS.split(url) if p]))
    marked = _URL_BREAKS.sub("\0", url).strip("\0")
    return Markup(str(escape(marked)).replace("\0", "<wbr/>"))


def link_note(note: Any, archived: str) -> Markup:
    """What a link's note says: the link's texts, its address, and the Internet Archive's copy
    when there is one (introduced by ARCHIVED), each address breakable (`breakable_url`).  In
    Python rather than in the note partial: a chapter has some forty notes, and as template
    code this was nearly half of rendering a chapter's document."""
    texts = "; ".join(f'<span class="link-text">{escape(t)}</span>' for t in note.texts)
    url = note.url
    said = f'{texts}{":" if texts else ""}\n <a class="url" href="{escape(url)}" dir="ltr">'
    said += f"{breakable_url(url)}</a>"
    if note.archive_url:
        copy = note.archive_url
        said += f' ({escape(archived)} <a class="archive" href="{escape(copy)}" dir="ltr">'
        said += f"{breakable_url(copy)}</a>)"
    return Markup(said)


def set_apart(html: str, chapter: Any, meta: Any) -> Markup:
    """HTML, text bookmaker writes in the book's language (a label, a date, a note's number),
    set apart in the book's language and direction when CHAPTER runs the other way, so the
    chapter's bidi order does not reorder it; as it is otherwise (`partials/book_text.html`)."""
    html = escape(html)
    if isinstance(chapter, jinja2.Undefined) or not chapter:
        return html
    direction = meta.direction or "ltr"
    if (chapter.direction or "ltr") == direction:
        return html
    return Markup('<span class="book-text" lang="%s" dir="%s">%s</span>') % (
        meta.language,
        direction,
        html,
    )


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
