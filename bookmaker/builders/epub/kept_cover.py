"""build: the drawn cover kept between builds (`OUTDIR/.bookmaker-cache/cover/`), so a rebuild
whose title page says the same does not draw and encode 1600×2560 pixels again (and imports
no drawing library).

The entry is named by everything the drawing is made from: what the cover says, its
background, the theme's font files (by path, size and time), the libraries that draw it
(Pillow, fontTools) and bookmaker itself (`keys.environment`).  The warnings drawing it gave
(a character no font has) are kept with it and given again.  Fonts fontconfig finds on the
machine, when the theme declares none or lacks a character, are not in the name: `--fresh`
draws the cover again after fonts are installed or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bookmaker.builders.epub.cover_text import CoverText
from bookmaker.cache import Store, keys
from bookmaker.errors import Diagnostic, Diagnostics


@dataclass(frozen=True)
class CoverImage:
    data: bytes
    media_type: str
    extension: str
    width: int
    height: int
    generated: bool


@dataclass(frozen=True)
class CoverEntry:
    """A drawn cover and the warnings drawing it gave."""

    image: CoverImage
    warnings: tuple[Diagnostic, ...]


def drawn_cover(
    store: Store | None,
    text: CoverText,
    fonts: dict[str, Path],
    background: str,
    diags: Diagnostics,
) -> CoverImage:
    """The cover drawn from TEXT in FONTS on BACKGROUND: kept in STORE (None: drawn now)."""
    key = _key(text, fonts, background) if store is not None else None
    if store is not None and key is not None:
        kept = store.get(key)
        store.keep_only({key})
        diags.extend(store.ignored)
        if isinstance(kept, CoverEntry):
            diags.extend(kept.warnings)
            return kept.image
    from bookmaker.builders.epub.cover import generate_cover

    own = Diagnostics(diags.path)
    image = generate_cover(text, fonts, background, own)
    diags.extend(own)
    if store is not None and key is not None:
        store.put(key, CoverEntry(image, own.frozen()))
    return image


def _key(text: CoverText, fonts: dict[str, Path], background: str) -> str | None:
    """The entry's name; None when a font file cannot be looked at (it is drawn, and fails,
    as without a cache)."""
    try:
        files = [
            (role, str(path), path.stat().st_size, path.stat().st_mtime_ns)
            for role, path in sorted(fonts.items())
        ]
    except OSError:
        return None
    versions = [_version(name) for name in ("Pillow", "fonttools")]
    return keys.name(keys.environment(), "cover", *versions, text, files, background)


def _version(name: str) -> str:
    return f"{name}={keys.version(name)}"
