"""TeX rewritten so that latex2mathml reads every operator name in it.

latex2mathml knows `\\sin` and `\\det`, but passes `\\arg`, and any name a blog's own macros
gave (`\\Hom`, `\\sgn`, `\\tr`), through as the raw command: the reader saw "\\arg z".  TeX sets
such a name upright, as an operator; `\\operatorname{arg}` says exactly that, and latex2mathml
reads it.  Both editions make their math from the TeX `readable` returns (the EPUB's MathML
with latex2mathml, the PDF's drawing with ziamath, which uses latex2mathml); the author's TeX
stays the alt text.
"""

from __future__ import annotations

import functools
import re

#: A command name (a doubled backslash is a line break, never a command's start).
_COMMAND = re.compile(r"(?<!\\)\\([A-Za-z]+)")
#: A command latex2mathml did not know, as it leaves it in its MathML: alone in a token.
_RAW = re.compile(r">\\([A-Za-z]+)<")


@functools.lru_cache(maxsize=4096)
def readable(tex: str) -> str:
    """TEX with each command latex2mathml leaves raw written as `\\operatorname{name}`, and so
    one it cannot read at all (`\\mod` with nothing after it) when that makes the rest
    readable; TEX itself otherwise."""
    raw = _raw(tex)
    if raw is not None:
        return _named(tex, raw)
    for name in dict.fromkeys(_COMMAND.findall(tex)):
        if _raw(f"\\{name}") is None and _raw(fixed := _named(tex, {name})) is not None:
            return readable(fixed)
    return tex


def _named(tex: str, names: set[str]) -> str:
    return _COMMAND.sub(lambda m: f"\\operatorname{{{m[1]}}}" if m[1] in names else m[0], tex)


def _raw(tex: str) -> set[str] | None:
    """The commands latex2mathml leaves raw in TEX's MathML; None when it cannot read TEX."""
    # Imported here: it takes 0.4 s, which a book without math should not pay.
    from latex2mathml.converter import convert

    try:
        return set(_RAW.findall(convert(tex)))
    except Exception:  # noqa: BLE001 - latex2mathml raises many kinds on TeX it cannot read
        return None
