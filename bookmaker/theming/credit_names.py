"""One rule for how many people a line of credits names: the drawn cover, and both editions'
title pages and colophons (`credit_names`, a filter in the templates).  They said different
things: the cover named three and "27 others", the title page ten and "others" past twelve."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import jinja2

from bookmaker.theming.filters import names

#: The most people a credit line names; past this, one fewer and how many others ("A, B, C,
#: and 27 others").  The drawn cover has room for a few names, and a title page naming thirty
#: is taller than its page; the EPUB's metadata and the contributors index name everyone.
CREDITED_NAMES = 4


def credit_names(people: Iterable[Any], labels: Mapping[str, Any], more: bool = False) -> str:
    """PEOPLE as a credit line names them, in the words of LABELS; MORE: a byline said "& more"
    and named nobody else ("A, B, and others").  Each name is kept on one line."""
    people = list(people)
    if len(people) > CREDITED_NAMES:
        shown = people[: CREDITED_NAMES - 1]
        counted = labels["n_others"].format(n=len(people) - len(shown))
        return names(shown, labels["and"], counted, whole=True)
    return names(people, labels["and"], labels["and_others"] if more else None, whole=True)


@jinja2.pass_context
def credit_names_filter(
    context: jinja2.runtime.Context, people: Iterable[Any], more: bool = False
) -> str:
    """`credits.authors | credit_names(credits.more_authors)`, with the page's labels."""
    return credit_names(people, context.get("labels") or {}, more)
