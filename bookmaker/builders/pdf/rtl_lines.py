"""build, print edition: a right-to-left line that ends where an inline element begins stays
inside the text block.

When a line breaks between a text ending in a space and the next inline element (the space
before a live cross-reference, a styled span), WeasyPrint 70 strips that space after placing the
line's pieces (`remove_last_whitespace` in layout/inline.py).  In a right-to-left line the
stripped text is the leftmost piece, and WeasyPrint then moves every piece left by the space's
width while the line's width shrinks by it: the line overran the left margin by one space
(3.5 pt in samples/world's Arabic chapter, classic and conversation) when justified, since
justifying lays the stripped text out again at its new place.  Here the stripped text keeps its
place, drawn without the space, and only the pieces to its right close the gap.  Lines of a
left-to-right block are WeasyPrint's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def rtl_aware(original: Callable[..., Any]) -> Callable[..., Any]:
    """WeasyPrint's `remove_last_whitespace` (ORIGINAL), corrected for right-to-left lines."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.inline import split_text_box

    def remove_last_whitespace(context: Any, line: Any) -> None:
        if line.style["direction"] != "rtl":
            original(context, line)
            return
        chain = [line]  # the line, the inline boxes ending it, the text that ends it
        while isinstance(chain[-1], (boxes.LineBox, boxes.InlineBox)) and chain[-1].children:
            chain.append(chain[-1].children[-1])
        leaf = chain[-1]
        width = getattr(leaf, "width", 0)
        places = [child.position_x for child in line.children]
        original(context, line)
        space = width - getattr(leaf, "width", 0) if isinstance(leaf, boxes.TextBox) else 0
        if not space:
            return
        for child, x in zip(line.children, places, strict=True):  # undo WeasyPrint's move
            child.translate(dx=x - child.position_x, ignore_floats=True)
        if leaf.text:  # drawn without the space, where the box now says it is
            leaf.pango_layout = split_text_box(context, leaf, None, 0)[0].pango_layout
        for parent in chain[:-1]:
            if parent.style["direction"] == "rtl":  # its other pieces lie right of the text
                for child in parent.children[:-1]:
                    child.translate(dx=-space, ignore_floats=True)

    return remove_last_whitespace
