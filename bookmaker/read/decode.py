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
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return normalise(data.decode("utf-16"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        best = from_bytes(data).best()
        if best is None or best.encoding in {"utf_8", "ascii"}:
            raise ReadError("not valid UTF-8, and no other encoding fits its bytes", path, line) from None
        text = str(best)
        diags.warn(f"not valid UTF-8 (first bad byte on line {line}); decoded as {best.encoding}",
                   "read.encoding", line)
    return normalise(text)


def normalise(text: str) -> str:
    """LF line endings only, and no characters an XML parser would reject."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_FORBIDDEN.sub("", text)
