"""build, print edition: a footnote stays at the foot of the page that cites it.

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

VERIFIED = ("70.",)
#: (module, function, WeasyPrint's expression, the fixed one, the modules that import it)
_FIXES = (
    (
        "weasyprint.layout.block",
        "_linebox_layout",
        "report = not context.in_column and can_break_now and not could_break_before",
        "report = False",
        (),
    ),
)
_compiled: dict[str, Callable[..., Any] | None] = {}


def _fixed(module: Any, name: str, old: str, new: str) -> Callable[..., Any] | None:
    """MODULE's function NAME with OLD replaced by NEW; None when OLD is not in it once."""
    if name not in _compiled:
        source = inspect.getsource(getattr(module, name))
        fn = None
        if source.count(old) == 1:
            namespace: dict[str, Any] = {}
            code = compile(source.replace(old, new), module.__file__, "exec")
            exec(code, module.__dict__, namespace)  # noqa: S102 - WeasyPrint's own code
            fn = namespace[name]
        _compiled[name] = fn
    return _compiled[name]


@contextmanager
def engine_fixed() -> Iterator[None]:
    """WeasyPrint with the fix, for the span of one layout (one process lays out one
    document at a time)."""
    import importlib

    import weasyprint

    undo: list[tuple[Any, str, Any]] = []
    if weasyprint.__version__.startswith(VERIFIED):
        for module_name, name, old, new, importers in _FIXES:
            module = importlib.import_module(module_name)
            fn = _fixed(module, name, old, new)
            if fn is None:
                continue
            for holder in (module, *map(importlib.import_module, importers)):
                undo.append((holder, name, getattr(holder, name)))
                setattr(holder, name, fn)
    try:
        yield
    finally:
        for holder, name, original in reversed(undo):
            setattr(holder, name, original)
