"""build, print edition: WeasyPrint 70 with two fixes: a footnote stays at the foot of the page
that cites it, and a right-to-left line stays inside the text block (rtl_lines.py).

When a block's line did not fit at the foot of a page and the block could not break before it
(its first line, or the second of a paragraph with `orphans: 2`), WeasyPrint 70 moved the
page's footnotes, last first, overleaf until the line fit (`_linebox_layout` in
layout/block.py, "report footnotes").  A note then sat a page after its citation, and any
reflow decided which: one hyphen more in a table cell (`hyphenate-limit-chars: 6 3 3`) put
note 3 of the proof book overleaf.  Here that branch is off: the line goes overleaf, as it does
with no footnotes on the page.  A footnote too tall for its page still goes overleaf with the
line citing it (the `footnote-policy: line` branch, untouched).

The fix is WeasyPrint's own function compiled again with one expression changed, for the
releases it was read from (`VERIFIED`); any other release lays the notes out its own way.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bookmaker.builders.pdf.rtl_lines import rtl_aware

VERIFIED = ("70.",)
_MOVES_NOTES = "report = not context.in_column and can_break_now and not could_break_before"
_compiled: list[Callable[..., Any] | None] = []


def _kept_notes_layout() -> Callable[..., Any] | None:
    """`_linebox_layout` that never moves its page's footnotes; None when WeasyPrint's source is
    not the one this was read from."""
    if not _compiled:
        from weasyprint.layout import block

        source = inspect.getsource(block._linebox_layout)
        fn = None
        if source.count(_MOVES_NOTES) == 1:
            namespace: dict[str, Any] = {}
            code = compile(source.replace(_MOVES_NOTES, "report = False"), block.__file__, "exec")
            exec(code, block.__dict__, namespace)  # noqa: S102 - WeasyPrint's own code
            fn = namespace["_linebox_layout"]
        _compiled.append(fn)
    return _compiled[0]


@contextmanager
def engine_fixed() -> Iterator[None]:
    """WeasyPrint with the fix, for the span of one layout (one process lays out one document
    at a time)."""
    import weasyprint

    if not weasyprint.__version__.startswith(VERIFIED):
        yield
        return
    from weasyprint.layout import block, inline

    fn = _kept_notes_layout()
    original, strip = block._linebox_layout, inline.remove_last_whitespace
    block._linebox_layout = fn or original
    inline.remove_last_whitespace = rtl_aware(strip)
    try:
        yield
    finally:
        block._linebox_layout, inline.remove_last_whitespace = original, strip
