"""read, step 4: front matter values to normalised metadata (dates, people, URLs, lists).

Jekyll's conventions decide: `published: false` is a draft, `YYYY-MM-DD-slug` file names give
the date and slug, `categories` may be a space-separated string.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from bookmaker.addresses import is_web_address
from bookmaker.errors import Diagnostics

_FILENAME_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.*)$")
_DATE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|\s+)(\d{1,2})[:-](\d{2})(?:[:-](\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{1,2})?\s*$"
)

SOURCE_KEYS = ("from", "source", "source_url", "canonical_url", "canonical", "original_url", "link")


def parse_date(value: Any, diags: Diagnostics, line: int | None = None) -> dt.datetime | None:
    """A datetime from a YAML timestamp or any of the string forms Jekyll sites carry.

    Naive times stay naive (the post's local time); an impossible UTC offset is dropped with a
    warning rather than losing the date.  A date that does not exist (`2024-02-31`) or that
    falls outside the years 1 to 9999 once read in UTC is ignored with a warning.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _in_range(value, str(value), diags, line)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    m = _DATE.match(str(value))
    if not m:
        diags.warn(f"date {str(value)!r} is not a date I can read; ignored", "read.date", line)
        return None
    year, month, day, hour, minute, second, frac, tz = m.groups()
    try:
        micro = int((frac or "0")[:6].ljust(6, "0"))
        result = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            micro,
        )
    except ValueError:
        diags.warn(f"date {str(value)!r} is out of range; ignored", "read.date", line)
        return None
    if tz:
        offset = _parse_offset(tz)
        if offset is None:
            diags.warn(
                f"time zone {tz!r} in date {str(value)!r} is not a valid offset; ignored",
                "read.date",
                line,
            )
        else:
            result = result.replace(tzinfo=offset)
    return _in_range(result, str(value), diags, line)


def _in_range(
    value: dt.datetime, shown: str, diags: Diagnostics, line: int | None
) -> dt.datetime | None:
    """VALUE when it can be read in UTC (ordering and the book's dates need that)."""
    try:
        if value.tzinfo is not None:
            value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        diags.warn(f"date {shown!r} is out of range once read in UTC; ignored", "read.date", line)
        return None
    return value


def _parse_offset(tz: str) -> dt.timezone | None:
    if tz.upper() in {"Z", "UTC", "GMT"}:
        return dt.UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = (
        (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    )
    if hours > 14 or minutes >= 60:
        return None
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def filename_date_and_slug(stem: str) -> tuple[dt.datetime | None, str]:
    """(date, rest) of a Jekyll name like `2021-5-6-qa-with-mike`; (None, stem) otherwise."""
    m = _FILENAME_DATE.match(stem)
    if not m:
        return None, stem
    try:
        return dt.datetime(int(m[1]), int(m[2]), int(m[3])), m[4]
    except ValueError:
        return None, stem


#: Tables in which Hugo (`[params]`) and Zola (`[taxonomies]`, `[extra]`) keep a post's keys.
_NESTED = ("taxonomies", "extra", "params")


def engine_keys(meta: dict[str, Any]) -> dict[str, Any]:
    """META with the keys Zola and Hugo nest in tables (`[taxonomies] tags`, `[extra] author`)
    lifted to the top, where Jekyll keeps them; a top-level key wins."""
    out = dict(meta)
    for table in _NESTED:
        nested = meta.get(table)
        if isinstance(nested, dict):
            for key, value in nested.items():
                out.setdefault(str(key), value)
    return out


def text_value(value: Any) -> str | None:
    """A scalar front matter value as clean one-line text, entities decoded."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, dict)):
        return None
    text = html.unescape(str(value))
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def string_list(value: Any, split_spaces: bool) -> tuple[str, ...]:
    """Tags or categories: a YAML list, or a string (space-separated, as Jekyll reads it)."""
    if value is None:
        return ()
    items: list[Any]
    if isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, str):
        items = value.split() if split_spaces else value.split(",")
    else:
        items = [value]
    out: list[str] = []
    for item in items:
        text = text_value(item)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def source_url(meta: dict[str, Any], diags: Diagnostics | None = None) -> str | None:
    """The address the post was first published at; one that cannot be read as an address
    (`http://[::1`) is left out, with a warning."""
    for key in SOURCE_KEYS:
        value = text_value(meta.get(key))
        if not value or not re.match(r"^https?://\S+$", value):
            continue
        if is_web_address(value):
            return value
        if diags is not None:
            diags.warn(f"{key}: {value!r} is not a web address; ignored", "read.source")
    return None


def is_draft(meta: dict[str, Any]) -> bool:
    published = meta.get("published")
    if published is False or str(published).lower() in {"false", "no"}:
        return True
    draft = meta.get("draft")
    return draft is True or str(draft).lower() in {"true", "yes"}


def language(meta: dict[str, Any]) -> str | None:
    for key in ("lang", "language", "locale"):
        value = text_value(meta.get(key))
        if value and re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", value):
            return value.replace("_", "-")
    return None
