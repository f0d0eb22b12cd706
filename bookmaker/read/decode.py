"""read, step 2: bytes to text: BOMs, legacy encodings, line endings, characters XML forbids."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from bookmaker.errors import Diagnostics, ReadError

# Characters that may not appear in XML 1.0 documents (tab, LF and CR are fine, and CR is
# normalised away before this runs).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, diags: Diagnostics, path: str) -> str:
    """Decode a post's bytes; a legacy encoding is detected and warned about, never guessed silently."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return normalise(data.decode("utf-16"))
    if b"\x00" in data[:4096]:
        raise ReadError("looks like a binary file, not a post (it contains NUL bytes)", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        mixed = _mixed(data, diags)
        if mixed is not None:
            return normalise(mixed)
        encoding = guess_encoding(data)
        if encoding is None:
            raise ReadError(
                "not valid UTF-8, and no other encoding fits its bytes", path, line
            ) from None
        text = data.decode(encoding)
        diags.warn(
            f"not valid UTF-8 (first bad byte on line {line}); decoded as {encoding}",
            "read.encoding",
            line,
        )
    return normalise(text)


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
    bad_lines: list[int] = []
    bad = 0
    parts: list[str] = []
    pos = 0
    while pos < len(data):
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
            parts.append(data[pos:start].decode("utf-8"))
            parts.append(data[start:end].decode("cp1252", errors="replace"))
            bad += end - start
            line = _line_of(data, start)
            if line not in bad_lines:
                bad_lines.append(line)
            pos = end
    text = "".join(parts)
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if good <= bad or good < 2:
        return None
    where = ", ".join(map(str, bad_lines[:5])) + (" …" if len(bad_lines) > 5 else "")
    diags.warn(
        f"mixed encodings: UTF-8 with {bad} byte(s) of Windows-1252 (lines {where}); "
        "decoded each part as what it is",
        "read.encoding",
        bad_lines[0],
    )
    return text


def guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's candidates, ties on its 'chaos' score broken by _PREFERRED.

    Its first choice alone misreads short Latin-1 posts as cp1250 and English with two stray
    Shift_JIS quotes as mac_iceland; the candidates list holds the right answer in both cases.
    """
    candidates = [m for m in from_bytes(data) if m.encoding not in {"utf_8", "ascii"}]
    if not candidates:
        return None

    def rank(match) -> tuple[float, int]:
        preferred = (
            _PREFERRED.index(match.encoding) if match.encoding in _PREFERRED else len(_PREFERRED)
        )
        return (round(match.chaos, 2), preferred)

    return min(candidates, key=rank).encoding


def normalise(text: str) -> str:
    """LF line endings only, and no characters an XML parser would reject."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_FORBIDDEN.sub("", text)
