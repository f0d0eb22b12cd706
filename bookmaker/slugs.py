"""ASCII slugs for file names and ids; shared by read (post slugs) and convert (section ids)."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, limit: int = 60) -> str:
    """An ASCII slug; empty when the text has no Latin letters or digits (the caller falls back)."""
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].strip("-")
