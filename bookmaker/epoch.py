"""`SOURCE_DATE_EPOCH`: the time a reproducible build says the book was made."""

from __future__ import annotations

import os

from bookmaker.errors import BuildError

#: 9999-12-31T23:59:59Z, the last instant a date can hold.
LAST_EPOCH = 253402300799


def source_date_epoch() -> int | None:
    """`SOURCE_DATE_EPOCH`: the time the book says it was made, in seconds since 1970."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds; got {value!r}")
    if int(value) > LAST_EPOCH:
        raise BuildError(f"SOURCE_DATE_EPOCH {value} is after the year 9999; no book can say so")
    return int(value)
