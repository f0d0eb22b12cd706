"""build: the files the EPUB stylesheets use, fonts subset to the characters of the book
(theme files + the book's characters → manifest resources).

A font keeps every glyph the book's text and the CSS's own strings need, the printable ASCII
range (readers draw list numbers and UI text with the book's fonts), and both cases of each
letter (for `text-transform` and small caps); all OpenType features are kept.  The font's
`head.modified` is left alone, so the same font gives the same bytes.  A font whose licence
bits forbid embedding is refused; one that forbids subsetting is embedded whole.
"""

from __future__ import annotations

import io
import mimetypes
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bookmaker.builders.logs import quiet
from bookmaker.errors import ThemeError

FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf"}
#: Web font wrappers: shipped unwrapped, as the TrueType or OpenType font inside.
WEB_FONTS = {".woff", ".woff2"}
_ASCII = {chr(c) for c in range(0x20, 0x7F)}
_RESTRICTED, _NO_SUBSETTING = 0x0002, 0x0100


@dataclass(frozen=True)
class Resource:
    href: str
    media_type: str
    data: bytes


def resources(
    files: Mapping[str, Path], characters: Iterable[str], subset_fonts: bool
) -> tuple[Resource, ...]:
    """The stylesheets' files, fonts subset when SUBSET_FONTS."""
    wanted = _characters(characters)
    out = []
    for href, path in sorted(files.items()):
        suffix = "." + href.rpartition(".")[2].lower()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ThemeError(f"cannot read: {exc.strerror}", path) from None
        if suffix in FONT_TYPES:
            out.append(Resource(href, FONT_TYPES[suffix], _font(path, data, wanted, subset_fonts)))
        else:
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            out.append(Resource(href, media_type, data))
    return tuple(out)


def _characters(text: Iterable[str]) -> set[str]:
    chars = set(_ASCII)
    for c in text:
        chars.update((c, c.upper(), c.lower()))
    return {c for c in chars if len(c) == 1}


def _font(path: Path, data: bytes, characters: set[str], subset_fonts: bool) -> bytes:
    # fontTools' subsetter takes longer to import than a rebuild takes to run: only a theme
    # that ships fonts pays for it.
    from fontTools import subset
    from fontTools.ttLib import TTLibError

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    try:
        font = subset.load_font(io.BytesIO(data), options)
        fs_type = font["OS/2"].fsType if "OS/2" in font else 0
        if fs_type & _RESTRICTED:
            raise ThemeError("the font's licence bits (OS/2 fsType) forbid embedding it", path)
        if font.flavor is None and (not subset_fonts or fs_type & _NO_SUBSETTING):
            return data
        options.flavor = None  # plain TrueType/OpenType, which every reading system loads
        if subset_fonts and not fs_type & _NO_SUBSETTING:
            # fontTools reports each table it drops (FFTM, …); that is expected, not news.
            with quiet("fontTools.subset"):
                subsetter = subset.Subsetter(options)
                subsetter.populate(unicodes=[ord(c) for c in characters])
                subsetter.subset(font)
        out = io.BytesIO()
        subset.save_font(font, out, options)
        return out.getvalue()
    except (TTLibError, AssertionError, KeyError) as exc:
        raise ThemeError(f"not a font fontTools can read: {exc}", path) from None


def sfnt_suffix(path: Path) -> str:
    """`.otf` for a font with PostScript (CFF) outlines, `.ttf` for TrueType outlines."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(path), lazy=True) as font:
            return ".otf" if "CFF " in font or "CFF2" in font else ".ttf"
    except (OSError, TTLibError) as exc:
        raise ThemeError(f"not a font fontTools can read: {exc}", path) from None
