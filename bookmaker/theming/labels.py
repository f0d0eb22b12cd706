"""Themes: the words templates print (Contents, Notes, "First published at", month names…),
by language, from each theme's `labels.toml`.

Words are theme data rather than Python constants so that a child theme can translate the
book into a language bookmaker does not know, or change one word, without touching code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bookmaker.errors import ThemeError
from bookmaker.theming.confined import inside_theme

LABELS_FILE = "labels.toml"
FALLBACK = "en"


def read_labels(theme_dir: Path) -> dict[str, dict[str, Any]]:
    """The `labels.toml` of one theme folder (language → key → word); empty if it has none."""
    path = theme_dir / LABELS_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(inside_theme(path, theme_dir).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise ThemeError(f"cannot read the theme's words: {exc}", path) from None
    for language, words in data.items():
        if not isinstance(words, dict):
            raise ThemeError(f"[{language}] must be a table of words", path)
    return data


def merge_labels(tables: list[dict[str, dict[str, Any]]], language: str) -> dict[str, Any]:
    """The words for LANGUAGE ("pt-BR" falls back to "pt", then every key to English).

    TABLES are the chain's labels, parent first, so a child's word replaces its parent's.
    """
    base = language.split("-")[0].lower()
    merged: dict[str, Any] = {}
    for wanted in (FALLBACK, base, language.lower()):
        for table in tables:
            merged.update(table.get(wanted, {}))
    return merged


def format_date(value: Any, words: Mapping[str, Any]) -> str:
    """A date the way the language writes it (`date` and `months` of the labels)."""
    if value is None:
        return ""
    pattern = str(words.get("date", "{day} {month} {year}"))
    months = words.get("months") or []
    month = months[value.month - 1] if len(months) == 12 else str(value.month)
    return pattern.format(day=value.day, month=month, month_number=value.month, year=value.year)
