"""build: what a line break must never part, made unbreakable in the print document.

WeasyPrint breaks wherever CSS allows, and a book designer would not: a note number alone at
the start of a line, a paragraph ending in one word (or half of a hyphenated one), American
text hyphenated with British patterns.  Each is made impossible here, by construction, before
the layout: the note reference is joined to the word before it (a word joiner inside it), a
paragraph's last two words are joined and never hyphenated, and `lang="en"` becomes `en-US`
(WeasyPrint's patterns for plain `en` are British).  The line may break after a note number:
the word after it was once joined to it by a no-break space, which left wide gaps in the line
before ("a 1962 bus / timetable:⁷ family"); the engine fault that join worked round ("fam-"
alone on a line) is fixed in engine_fixes.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.html import HtmlElement

#: Blocks whose last line is a paragraph's (code and tables keep their own breaks).
_PARAGRAPHS = ("p", "li", "dd", "blockquote")
_SKIP = {"pre", "code", "table", "figure", "nav", "header"}
#: The last two words, joined when together they are short enough to share a line with ease.
_LAST_TWO = re.compile(r"(\S+)\s+(\S+\s*)$")
_MAX_JOINED = 24
_LAST_SPACE = re.compile(r"[ \t\n]+(?=[^ \t\n]*$)")
#: A web address in running text: a scheme or `www.`, or a domain followed by a path.
_ADDRESS = re.compile(
    r"((?:https?://|www\.)[^\s<>\"“”]+[^\s<>\"“”.,;:!?)\]]|"
    r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>\"“”]*[^\s<>\"“”.,;:!?)\]])",
    re.IGNORECASE,
)
_BREAK_AFTER = re.compile(r"(?<![:/])([/.])(?![/]|$)")
#: No line break on either side (Unicode's WJ); drawn as nothing.
WORD_JOINER = "\u2060"
#: Languages whose plain code gets the patterns of one region (hyphenation only).
REGIONS = {"en": "en-US"}


def keep_together(doc: HtmlElement) -> None:
    """Join note references to their words and paragraphs' last words; addresses in the text
    break only after `/` and `.`, unhyphenated; regional hyphenation."""
    for block in list(doc.iter(*_PARAGRAPHS)):
        if not any(a.tag in _SKIP for a in block.iterancestors()):
            mark_addresses(block)
    for ref in list(doc.find_class("noteref")):
        join_note(ref)
    for block in doc.iter(*_PARAGRAPHS):
        if (
            not any(a.tag in _SKIP for a in block.iterancestors())
            and block.find("p") is None
            and not _is_index_entry(block)
        ):
            join_last_words(block)
    for el in doc.iter():
        lang = el.get("lang") if el.tag != "html" else None  # the PDF's language stays "en"
        if lang in REGIONS:
            el.set("lang", REGIONS[lang])


def _is_index_entry(block: HtmlElement) -> bool:
    """An entry of the contributors index is a name over lines of titles, not a paragraph: a
    no-break space between its blocks printed an empty line."""
    parent = block.getparent()
    return parent is not None and "contributors-index" in (parent.get("class") or "").split()


def mark_addresses(block: HtmlElement) -> None:
    """Each web address in BLOCK's own text (not in code) → `span.url-text`, with a break hint
    after each `/` and `.`: hyphenating "dev-/craft.wordpress.com" like a word misleads.  Set
    left to right (`dir`), as an address reads in a right-to-left paragraph too."""
    slots = [(block, "text")] + [(child, "tail") for child in block]
    for element, attr in slots:
        text = getattr(element, attr) or ""
        pieces = _ADDRESS.split(text)
        if len(pieces) == 1:
            continue
        setattr(element, attr, pieces[0])
        anchor = element
        for k in range(1, len(pieces), 2):
            span = lxml.html.Element("span", {"class": "url-text", "dir": "ltr"})
            span.text = _BREAK_AFTER.sub("\\1\u200b", pieces[k])
            span.tail = pieces[k + 1]
            if anchor is block and attr == "text":
                block.insert(k // 2, span)
            else:
                anchor.addnext(span)
            anchor = span
            attr = "tail"


def join_note(ref: HtmlElement) -> None:
    """`word<a class="noteref">3</a>` → `word<a …>` U+2060 `3</a>`: a word joiner, which no
    line break may follow or precede.  Inside the reference, so the word still ends where the
    text does: WeasyPrint counts a joiner after it as a letter of the word, and its
    `hyphenate-limit-chars` then let "classics" break as "classic-" / "s⁸".  Not a styled
    span around the two: WeasyPrint then ends the first line of a paragraph carried over to a
    new page after one word ("The / share / of seeds…")."""
    prev = ref.getprevious()
    text = (prev.tail if prev is not None else ref.getparent().text) or ""
    before = prev.text_content() if prev is not None and not text else text
    if not before or before[-1].isspace() or (ref.text or "").startswith(WORD_JOINER):
        return  # a space before the reference: the word is not the reference's
    ref.text = WORD_JOINER + (ref.text or "")


def join_last_words(block: HtmlElement) -> None:
    """BLOCK's last two words share a line: the last space becomes a no-break space when what
    follows it is short; and when both words are plain text they are kept from hyphenation."""
    slots: list[tuple[HtmlElement, str]] = [(block, "text")]
    for child in block:
        slots += [(child, "content"), (child, "tail")]
    after = 0
    for element, attr in reversed(slots):
        if attr == "content":
            after += len(element.text_content())
            continue
        text = getattr(element, attr) or ""
        # a space at the end of this text is the last break when something follows it
        m = _LAST_SPACE.search(text if after else text.rstrip())
        if m is None:
            after += len(text)
            continue
        if after + len(text.rstrip()) - m.end() > _MAX_JOINED:
            return
        if after == 0 and _LAST_TWO.search(text):
            _wrap_last_two(element, attr, text)
        else:
            setattr(element, attr, text[: m.start()] + "\u00a0" + text[m.end() :])
        return


def _wrap_last_two(element: HtmlElement, attr: str, text: str) -> None:
    m = _LAST_TWO.search(text)
    assert m is not None
    span = lxml.html.Element("span", {"class": "keep"})
    span.text = f"{m[1]}\u00a0{m[2].rstrip()}"
    span.tail = m[2][len(m[2].rstrip()) :]
    setattr(element, attr, text[: m.start(1)])
    if attr == "text":
        element.insert(0, span)
    else:
        element.addnext(span)
