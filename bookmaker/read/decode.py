"""read, step 2: bytes to text: BOMs, legacy encodings, line endings, characters XML forbids.

Every step is linear in the file's size: a 4 MB post with 20,000 stray Windows-1252 bytes is
decoded in one pass, not re-decoded from each bad byte on.
"""

from __future__ import annotations

import codecs
import re

from bookmaker.errors import Diagnostics, ReadError

#: Control characters no book can show: those XML 1.0 forbids (tab, LF and CR are fine, and CR
#: is normalised away before this runs), DEL and the C1 controls (which YAML refuses), and
#: the non-characters U+FFFE and U+FFFF, and lone surrogates (a YAML escape can make one).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: Line breaks other than LF: NEL and the Unicode line and paragraph separators (which YAML
#: reads as line breaks, and which stop WeasyPrint's line layout).
_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
_BREAK_CHARS = ("\r", "\x85", "\u2028", "\u2029")
#: What surrogateescape makes of each byte that is not UTF-8.
_ESCAPED = re.compile("[\udc80-\udcff]+")


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def decode(data: bytes, diags: Diagnostics, path: str) -> str:
    """Decode a post's bytes; a legacy encoding is detected and warned about, never guessed silently."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return normalise(_utf16(data, diags), diags)
    if b"\x00" in data[:4096]:
        raise ReadError("looks like a binary file, not a post (it contains NUL bytes)", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        mixed = _mixed(data, diags)
        if mixed is not None:
            return normalise(mixed, diags)
        encoding = guess_encoding(data)
        if encoding is None:
            raise ReadError(
                "not valid UTF-8, and no other encoding fits its bytes", path, line
            ) from None
        text = data.decode(encoding, errors="replace")
        diags.warn(
            f"not valid UTF-8 (first bad byte on line {line}); decoded as {encoding}",
            "read.encoding",
            line,
        )
    return normalise(text, diags)


def _utf16(data: bytes, diags: Diagnostics) -> str:
    """A file with a UTF-16 byte-order mark; a broken character (a lone byte at the end, a
    lone surrogate) becomes U+FFFD with a warning rather than stopping the build."""
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-16", errors="replace")
        line = line_at(text, text.find("\ufffd"))
        what = (
            "ends in the middle of a character"
            if exc.end >= len(data)
            else "has a broken character"
        )
        diags.warn(
            f"UTF-16 file {what} (line {line}); it became the replacement character �",
            "read.encoding",
            line,
        )
        return text


#: Among encodings that read the bytes about equally well, the ones blog archives really use.
_PREFERRED = (
    "cp932",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
    "cp1252",
    "latin_1",
    "cp1251",
    "koi8_r",
    "cp1250",
    "iso8859_15",
)


def _mixed(data: bytes, diags: Diagnostics) -> str | None:
    """A UTF-8 file with a few Windows-1252 bytes pasted in (a curly quote from a word
    processor): each part decoded as what it is, instead of the whole file as mojibake.

    Only when the file really is mostly UTF-8: it has valid multi-byte sequences and fewer
    bad bytes than good ones.
    """
    escaped = data.decode("utf-8", errors="surrogateescape")
    runs = list(_ESCAPED.finditer(escaped))
    bad = sum(len(run[0]) for run in runs)
    good = len(escaped) - len(escaped.encode("ascii", errors="ignore")) - bad
    if good <= bad or good < 2:
        return None
    lines: list[int] = []
    line, counted = 1, 0
    for run in runs:
        line += escaped.count("\n", counted, run.start())
        counted = run.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    text = _ESCAPED.sub(_as_cp1252, escaped)
    where = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
    diags.warn(
        f"mixed encodings: UTF-8 with {bad} byte(s) of Windows-1252 (lines {where}); "
        "decoded each part as what it is",
        "read.encoding",
        lines[0],
    )
    return text


def _as_cp1252(run: re.Match[str]) -> str:
    raw = bytes(ord(ch) - 0xDC00 for ch in run[0])
    return raw.decode("cp1252", errors="replace")


def guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's candidates, ties on its 'chaos' score broken by _PREFERRED.

    Its first choice alone misreads short Latin-1 posts as cp1250 and English with two stray
    Shift_JIS quotes as mac_iceland; the candidates list holds the right answer in both cases.
    Imported here: only a post that is not UTF-8 needs it, and its import (some 15 ms) was on
    a one-post rebuild's path.
    """
    from charset_normalizer import from_bytes

    candidates = [m for m in from_bytes(data) if m.encoding not in {"utf_8", "ascii"}]
    if not candidates:
        return None

    def rank(match) -> tuple[float, int]:
        preferred = (
            _PREFERRED.index(match.encoding) if match.encoding in _PREFERRED else len(_PREFERRED)
        )
        return (round(match.chaos, 2), preferred)

    return min(candidates, key=rank).encoding


def _lf(text: str) -> str:
    """TEXT with LF line endings.  Most text has none of the others: looking for each
    character is some twenty times cheaper than the pattern's scan of a post."""
    if any(c in text for c in _BREAK_CHARS):
        return _BREAKS.sub("\n", text)
    return text


def normalise(text: str, diags: Diagnostics) -> str:
    """LF line endings only, and no control characters: the ones a book cannot show are
    removed, with one warning that says how many and where the first was."""
    text = _lf(text)
    first = _CONTROL.search(text)
    if first is None:
        return text
    found = _CONTROL.findall(text)
    kinds = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(found))[:4])
    line = line_at(text, first.start())
    diags.warn(
        f"removed {len(found)} control character(s) ({kinds}) that a book cannot show; "
        f"the first on line {line}",
        "read.control",
        line,
    )
    return _CONTROL.sub("", text)


def clean_text(text: str) -> tuple[str, set[str]]:
    """TEXT (a front matter value) without control characters, and the ones it had."""
    text = _lf(text)
    if _CONTROL.search(text) is None:
        return text, set()
    return _CONTROL.sub("", text), set(_CONTROL.findall(text))
