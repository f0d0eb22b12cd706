"""build: which scripts of the book no font can draw, before WeasyPrint prints them as boxes.

Book + theme fonts + the fonts fontconfig knows → warnings, one per chapter and script, e.g.
`posts/x.md: warning: no font draws the CJK (Chinese, Japanese, Korean) characters of this
chapter (3, e.g. 中参馆); they would print as empty boxes. Install one, e.g. fonts-noto-cjk
[pdf.font]`.  Pango falls back to any installed font, so a character is drawable when any font
covers it.  After the layout, `boxes_drawn` reports what WeasyPrint still could not draw.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bookmaker.errors import Diagnostic
from bookmaker.model import Book

_TAG = re.compile(r"<[^>]*>")
#: Unicode blocks that one CJK font covers together, so one warning names them all.
_CJK_BLOCKS = (
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x3000, 0x303F),
    (0x3040, 0x30FF),
    (0x3100, 0x31FF),
    (0x3200, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)
CJK = "CJK (Chinese, Japanese, Korean)"
SYMBOLS = "emoji and symbol"


@dataclass(frozen=True)
class Coverage:
    """Sorted, merged code point ranges some font covers."""

    ranges: tuple[tuple[int, int], ...]

    def __contains__(self, char: str) -> bool:
        code = ord(char)
        i = bisect.bisect_right(self.ranges, (code, 0x10FFFF + 1)) - 1
        return i >= 0 and self.ranges[i][0] <= code <= self.ranges[i][1]


def merge(ranges: Iterable[tuple[int, int]]) -> Coverage:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return Coverage(tuple(out))


def parse_charset(text: str) -> list[tuple[int, int]]:
    """fontconfig's charset notation ('20-7e a0-17f 2013') → ranges."""
    ranges = []
    for item in text.split():
        lo, _, hi = item.partition("-")
        ranges.append((int(lo, 16), int(hi or lo, 16)))
    return ranges


def system_coverage() -> Coverage | None:
    """What the fonts fontconfig lists can draw; None when `fc-list` is not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{charset}\n"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return merge(r for line in out.splitlines() for r in parse_charset(line))


def file_coverage(paths: Iterable[Path]) -> list[tuple[int, int]]:
    """Code points the theme's own font files cover (their cmap)."""
    from fontTools.ttLib import TTCollection, TTFont

    ranges = []
    for path in paths:
        try:
            fonts = (
                TTCollection(str(path)).fonts
                if path.suffix.lower() in {".ttc", ".otc"}
                else [TTFont(str(path), lazy=True)]
            )
        except Exception:  # noqa: BLE001, S112 - not a font fontTools reads: WeasyPrint says so itself
            continue
        for font in fonts:
            cmap = font.getBestCmap() or {}
            ranges.extend((code, code) for code in cmap)
    return ranges


@functools.lru_cache(maxsize=4)
def own_font_coverage(paths: tuple[Path, ...]) -> Coverage | None:
    """What the theme's own font files draw; None when it ships none (its text then comes from
    the fonts the system has, whose coverage is theirs to choose)."""
    return merge(file_coverage(paths)) if paths else None


def script_of(char: str) -> str:
    code = ord(char)
    if any(lo <= code <= hi for lo, hi in _CJK_BLOCKS):
        return CJK
    if unicodedata.category(char).startswith("S") or code >= 0x1F000:
        return SYMBOLS
    return unicodedata.name(char, "UNKNOWN").split()[0].split("-")[0].capitalize()


def _text(*fragments: str | None) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", f)) for f in fragments if f)


def book_texts(book: Book) -> list[tuple[str | None, str]]:
    """(source path or None for the book's own pages, visible text) of everything printed."""
    meta = book.meta
    texts: list[tuple[str | None, str]] = [
        (
            None,
            _text(
                meta.title,
                meta.subtitle,
                meta.publisher,
                meta.rights,
                *(c.name for c in (*book.credits.creators, *book.credits.contributors)),
            ),
        )
    ]
    for chapter in book.texts:
        parts = [chapter.title, chapter.subtitle, chapter.intro, *(p.name for p in chapter.authors)]
        for section in chapter.sections:
            parts.append(section.html)
            if section.person:
                parts.extend([section.person.name, section.person.bio])
        for note in chapter.endnotes:
            parts.extend([note.html, *note.texts, note.url, note.archive_url])
        texts.append((chapter.source_path, _text(*parts)))
    return texts


@dataclass(frozen=True)
class FontCheck:
    warnings: tuple[Diagnostic, ...]
    #: The characters the warnings are about.
    uncovered: frozenset[str] = frozenset()


def missing_fonts(
    book: Book, theme_fonts: Mapping[str, Path], system: Coverage | None
) -> FontCheck:
    """A warning per chapter and script that no font covers; SYSTEM is `system_coverage()`."""
    texts = book_texts(book)
    if system is None:
        scripts = sorted(
            {script_of(c) for _, t in texts for c in set(t) if ord(c) > 0x24F and _printable(c)}
        )
        if not scripts:
            return FontCheck(())
        return FontCheck(
            (
                Diagnostic(
                    f"cannot check that a font draws the book's {', '.join(scripts)} "
                    "characters: fc-list (fontconfig) is not installed",
                    "pdf.font",
                ),
            )
        )
    coverage = merge([*system.ranges, *file_coverage(theme_fonts.values())])
    out = []
    uncovered: set[str] = set()
    # Chapters first: the title pages repeat their titles, and need a warning of their own
    # only for what no chapter named.
    for path, text in [*texts[1:], texts[0]]:
        missing: dict[str, list[str]] = {}
        for char in sorted(set(text)):
            if path is None and char in uncovered:
                continue
            if _printable(char) and ord(char) > 0x7F and char not in coverage:
                missing.setdefault(script_of(char), []).append(char)
        for script, chars in sorted(missing.items()):
            uncovered.update(chars)
            sample = "".join(chars[:12])
            where = "this chapter" if path else "the book's title pages"
            hint = {CJK: "fonts-noto-cjk", SYMBOLS: "fonts-symbola"}.get(script, "fonts-noto-core")
            out.append(
                Diagnostic(
                    f"no font draws the {script} characters of {where} ({len(chars)}, e.g. "
                    f"{sample}); they would print as empty boxes. Install one, e.g. {hint}",
                    "pdf.font",
                    path,
                )
            )
    return FontCheck(tuple(out), frozenset(uncovered))


def boxes_drawn(missing: Iterable[str], check: FontCheck) -> list[Diagnostic]:
    """After the layout: characters WeasyPrint printed as boxes that the check before it did
    not name (no fc-list, or a font fontconfig lists but Pango would not use), per script."""
    by_script: dict[str, list[str]] = {}
    for char in missing:
        if char not in check.uncovered and _printable(char):
            by_script.setdefault(script_of(char), []).append(char)
    return [
        Diagnostic(
            f"the PDF shows {len(chars)} {script} character(s) as empty boxes (e.g. "
            f"{''.join(chars[:6])}): no installed font draws them",
            "pdf.font",
        )
        for script, chars in sorted(by_script.items())
    ]


def _printable(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNPS"
