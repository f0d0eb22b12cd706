"""build: the last touches on the print document, after the templates and before WeasyPrint.

What CSS cannot do on its own (and URL break hints made cheap): mark the paragraph that opens
the intro and each contributor section (a drop cap, and its first words in `span.lead-in`),
mark a paragraph that is only an image (not indented), keep together what a line must not
part (keeps.py), put each note's text at its reference when notes go to the foot of the page
(`float: footnote` needs the note inline), and, in the print edition, unlink external links
(their URLs are printed in the notes; internal links stay live): a link in the text becomes
plain text, an address in the notes an unlinked `a.external`; and math drawn (math.py)."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from itertools import islice

import lxml.html
import regex
from lxml.html import HtmlElement

from bookmaker.builders.pdf.keeps import keep_together
from bookmaker.builders.pdf.letters import drop_cap_breaks_shaping, has_case
from bookmaker.builders.pdf.math import math_images

#: Where a URL may break: a zero-width space (no box for WeasyPrint, no character in the text).
BREAK_HINT = "\u200b"
#: Containers whose paragraphs never open a section.
_NOT_OPENING = {"blockquote", "li", "figure", "figcaption", "table", "aside", "pre", "dd", "dt"}
#: An opening paragraph starts with a letter or digit, perhaps after opening punctuation.
_STARTS_WITH_WORD = re.compile(r"^[\s\"'“‘«„¿¡(\[]*\w", re.UNICODE)
#: The initial: opening punctuation and the first letter with its marks (a grapheme cluster).
_INITIAL = regex.compile(r"^(\s*)([\"'“‘«„¿¡(\[]*(?=\w)\X)")
#: The lead-in: the first words, to the first word end after this many characters (or all the
#: text before the paragraph's first element, when that is shorter).
LEAD_IN_CHARS = 20
#: Shorter paragraphs (credits, datelines, "[Image]") are not where a text begins.
OPENING_MIN_CHARS = 80
#: A drop cap three lines high needs a paragraph of three lines or more.
INITIAL_MIN_CHARS = 200
#: The letters of a chapter looked at to tell whether the theme's fonts draw them.
SAMPLE_LETTERS = 2000


def typeset(
    html: str,
    footnotes: Mapping[str, str] | None,
    unlink_external: bool,
    page_label: str = "p.",
    own_fonts: Container[str] | None = None,
) -> str:
    """The print document with openings marked, footnotes placed and, if asked, links unlinked.

    FOOTNOTES maps each note id to its inline HTML (`span.footnote`) when notes go to the foot
    of the page; None keeps the notes at the end of each chapter.  Each cross-reference carries
    the theme's word for "page" (PAGE_LABEL), which print.css prints before its page number.
    OWN_FONTS: the characters the theme's own font files draw (None: it ships none).
    """
    doc = lxml.html.document_fromstring(html)
    mark_ragged(doc, own_fonts)
    for a in doc.find_class("xref"):
        a.set("data-page-label", page_label)
    for container in doc.find_class("intro"):
        mark_opening(container, initial=True)
    for container in doc.find_class("contribution"):
        mark_opening(container, initial=False)
    for p in doc.iter("p"):
        if (
            not (p.text or "").strip()
            and all(c.tag == "img" and not (c.tail or "").strip() for c in p)
            and len(p)
        ):
            _add_class(p, "image")  # an image alone is not indented like the text
    keep_together(doc)
    math_images(doc)
    if footnotes is not None:
        place_footnotes(doc, footnotes)
    if unlink_external:
        for a in list(doc.iter("a")):
            href = a.get("href")
            if href is None or href.startswith("#"):
                continue
            if a.get("class"):  # an address in the notes keeps its class (how it breaks)
                del a.attrib["href"]
                _add_class(a, "external")
            else:
                # Plain text, not an inline box: WeasyPrint draws the space before a box
                # that ends a justified line too narrow, running the words together.
                a.drop_tag()
    # A URL's break hints become zero-width spaces: each `<wbr>` is an inline box to
    # WeasyPrint, and in the notes' URLs they were a third of the layout's time.
    return "<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="unicode").replace(
        "<wbr></wbr>", BREAK_HINT
    )


def mark_ragged(doc: HtmlElement, own_fonts: Container[str] | None) -> None:
    """Mark `ragged` a chapter written mostly in letters the theme's own fonts lack.  Its letters
    then come from a fallback font and its spaces from the theme's, and Pango stretches no
    justified space between them: such lines stopped up to 13 pt short of the measure (an
    Arabic chapter in EB Garamond).  Flush to the start, they are as they should be.  A theme
    that ships no fonts (OWN_FONTS None) leaves the choice to the system's."""
    if own_fonts is None:
        return
    for section in doc.xpath("//section[contains(concat(' ', @class, ' '), ' chapter ')]"):
        letters = list(islice(filter(str.isalpha, section.text_content()), SAMPLE_LETTERS))
        if letters and sum(c not in own_fonts for c in letters) * 2 > len(letters):
            _add_class(section, "ragged")


def mark_opening(container: HtmlElement, initial: bool) -> None:
    """Add class `opening` to the first paragraph of CONTAINER that starts a text and, if
    INITIAL, wrap its first letter (with any opening quote) in `span.initial` for a drop cap.

    A real element, because WeasyPrint 70 lays out a floated `::first-letter` under the first
    line (#1859) and can fail on it when a page is laid out again.  Only the intro gets one: it
    opens the chapter at the top of a page, while a contributor's section can start near the
    foot of one, where WeasyPrint would push the floated initial and its paragraph to the next
    page and leave the contributor's name behind, whatever `break-after: avoid` says.
    """
    for p in container.iter("p"):
        if any(
            anc.tag in _NOT_OPENING or "bio" in (anc.get("class") or "").split()
            for anc in p.iterancestors()
        ):
            continue
        text = p.text_content()
        if len(text.strip()) >= OPENING_MIN_CHARS and _STARTS_WITH_WORD.match(text):
            _add_class(p, "opening")
            if initial and len(text.strip()) >= INITIAL_MIN_CHARS:
                _wrap_initial(p)
            _wrap_lead_in(p)
            return


def _wrap_initial(p: HtmlElement) -> None:
    """`<p>“Keep…` → `<p><span class="initial">“K</span>eep…` when the text starts in P itself,
    unless the letter's script joins letters (letters.py): no drop cap then."""
    m = _INITIAL.match(p.text or "")
    if m is None or drop_cap_breaks_shaping(m[2]):
        return
    span = lxml.html.Element("span", {"class": "initial"})
    span.text = m[2]
    span.tail = (p.text or "")[m.end() :]
    p.text = m[1]
    p.insert(0, span)


def _wrap_lead_in(p: HtmlElement) -> None:
    """The opening's first words in `span.lead-in`, set in small capitals.

    Not `::first-line`: WeasyPrint repeats a first line's style at the top of the next page
    when the paragraph breaks there, and drops the space before a link inside it.  None in a
    script without capitals (letters.py), where "small capitals" only set the words smaller."""
    initial = next(iter(p.find_class("initial")), None)
    holder, attr = (initial, "tail") if initial is not None else (p, "text")
    text = getattr(holder, attr) or ""
    if not has_case(text):
        return
    end = 0
    for m in re.finditer(r"\S+", text):
        end = m.end()
        if end >= LEAD_IN_CHARS:
            break
    if not end:
        return
    span = lxml.html.Element("span", {"class": "lead-in"})
    span.text, span.tail = text[:end], text[end:]
    setattr(holder, attr, "")
    if holder is p:
        p.insert(0, span)
    else:
        holder.addnext(span)


def place_footnotes(doc: HtmlElement, footnotes: Mapping[str, str]) -> None:
    """After the first reference to each note, the note itself as a `span.footnote` (WeasyPrint
    floats it to the foot of the page).  The reference keeps its number and now links to the
    footnote.  A later reference to the same note only repeats the number, as LaTeX's
    `\\footnotemark` does: a note printed twice at one page foot reads as a mistake."""
    placed: set[str] = set()
    for ref in list(doc.find_class("noteref")):
        target = (ref.get("href") or "").removeprefix("#")
        if target not in footnotes or target in placed:
            continue
        placed.add(target)
        note = lxml.html.fragment_fromstring(footnotes[target])
        note.set("id", target)
        ref.addnext(note)
        # addnext moves the reference's tail after the note: keep the text after both.
        note.tail, ref.tail = ref.tail, None


def _add_class(el: HtmlElement, name: str) -> None:
    classes = (el.get("class") or "").split()
    if name not in classes:
        el.set("class", " ".join([*classes, name]))
