"""build, print edition: three line-layout faults of WeasyPrint 70, fixed for one layout.

A footnote stays at the foot of the page that cites it.  When a block's line did not fit at the
foot of a page and the block could not break before it (its first line, or the second of a
paragraph with `orphans: 2`), WeasyPrint moved the page's footnotes, last first, overleaf until
the line fit (`_linebox_layout` in layout/block.py, "report footnotes").  A note then sat a
page after its citation, and any reflow decided which.  Here that branch is off: the line goes
overleaf, as it does with no footnotes on the page.  A footnote too tall for its page still
goes overleaf with the line citing it (the `footnote-policy: line` branch, untouched).

A run of text that fits but for its trailing space is not hyphenated.  `split_first_line`
(text/line_break.py) measured "family historians … got " with its last space, found it a hair
too wide and, finding no earlier break, hyphenated its first word: "fam-" stood alone on a line
(a note's number ending the line before, and a `span.keep` after the run).  The caller already
lets a trailing space hang (`trailing_whitespace_size`); here a justified run is measured
without it.
This is what kept the word after a note joined to it by a no-break space, and that join left
wide gaps in the line before ("a 1962 bus / timetable:⁷ family").

A right-to-left line whose trailing space WeasyPrint removes stays inside the text block
(`rtl_lines.py`).

The first two fixes are WeasyPrint's own function compiled again with one expression changed,
for the releases it was read from (`VERIFIED`); any other release lays out its own way.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from bookmaker.builders.pdf.rtl_lines import rtl_aware

VERIFIED = ("70.",)
_MOVES_NOTES = "report = not context.in_column and can_break_now and not could_break_before"
_FITS = "if resume_index is None and first_line_width <= max_width:"
_FITS_TRIMMED = (
    "if resume_index is None and (first_line_width <= max_width or _fits_trimmed("
    "text, style, context, max_width, justification_spacing, space_collapse)):"
)
_compiled: dict[str, Callable[..., Any] | None] = {}


def _recompiled(module: Any, name: str, old: str, new: str, **extra: Any) -> Any:
    """MODULE's function NAME with OLD replaced by NEW (EXTRA: names it may use); None when
    the source is not the one this was read from."""
    if name not in _compiled:
        source = inspect.getsource(getattr(module, name))
        fn = None
        if source.count(old) == 1:
            scope = {**module.__dict__, **extra}
            namespace: dict[str, Any] = {}
            code = compile(source.replace(old, new), module.__file__, "exec")
            exec(code, scope, namespace)  # noqa: S102 - WeasyPrint's own code
            fn = namespace[name]
        _compiled[name] = fn
    return _compiled[name]


def _fits_trimmed(
    text: str, style: Any, context: Any, max_width: float, spacing: float, collapse: bool
) -> bool:
    """TEXT fits on one line of MAX_WIDTH without its trailing (collapsible) spaces.  Justified
    text only: justifying a line sets its last space aside, while a line set centred or flush
    keeps it, drawn past the measure (a title page's centred subtitle)."""
    from weasyprint.text import line_break

    trimmed = text.rstrip(" ")
    if not collapse or trimmed == text or style["text_align_all"] != "justify":
        return False
    layout = line_break.create_layout(trimmed, style, context, max_width, spacing)
    line, index = layout.get_first_line()
    return index is None and line_break.line_size(line, style)[0] <= max_width


@contextmanager
def _swapped(module: Any, name: str, fn: Callable[..., Any] | None) -> Iterator[None]:
    if fn is None:
        yield
        return
    original = getattr(module, name)
    setattr(module, name, fn)
    try:
        yield
    finally:
        setattr(module, name, original)


@contextmanager
def engine_fixed() -> Iterator[None]:
    """WeasyPrint with the fixes, for the span of one layout (one process lays out one
    document at a time)."""
    import weasyprint

    if not weasyprint.__version__.startswith(VERIFIED):
        yield
        return
    from weasyprint.layout import block, inline
    from weasyprint.text import line_break

    notes = _recompiled(block, "_linebox_layout", _MOVES_NOTES, "report = False")
    lines = _recompiled(
        line_break, "split_first_line", _FITS, _FITS_TRIMMED, _fits_trimmed=_fits_trimmed
    )
    with ExitStack() as stack:
        stack.enter_context(_swapped(block, "_linebox_layout", notes))
        stack.enter_context(_swapped(inline, "split_first_line", lines))
        rtl = rtl_aware(inline.remove_last_whitespace)
        stack.enter_context(_swapped(inline, "remove_last_whitespace", rtl))
        yield
