"""build, print edition: page references that point back laid out once, not three times.

WeasyPrint 70 writes the text of `target-counter(attr(href), page)` before it paginates, so
it lays out every page holding such a reference again once the target's page is known (a
chapter's notes, "p. 3": a quarter of a chapter's pages).  And it lays them out a third time:
`compute_content_list` rebinds the list of a box's own missing counters to the target's, so
each reference seems to depend on the counters of its own page, which change when the page
total is added after the first pass.  Within a piece the notes point back, to citations laid
out before them: when a target's page is known and the reference is not laid out yet, its
text is written then, and its page is laid out once.  Forward references (the contents in a
whole-document layout) keep WeasyPrint's own passes; the pages come out the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_COUNTERS = ("counter()", "counters()")


@contextmanager
def laid_out_once() -> Iterator[None]:
    """WeasyPrint, for the span of one layout, filling in back references before their page is
    laid out (one process lays out one document at a time)."""
    from weasyprint.css.targets import TargetCollector
    from weasyprint.layout import page as pages

    collect = TargetCollector.collect_missing_counters
    make_page = pages.make_page

    def collect_missing(self, box, token, parse_again, missing, missing_targets):
        anchors = _targets(box, token, missing, missing_targets)
        if anchors is not None:  # the target's counters, keyed by the anchors they come from
            missing_targets = {anchor: list(missing) for anchor in anchors}
            missing = []
        collect(self, box, token, parse_again, missing, missing_targets)

    def make_filled_page(context, *args):
        # A reference marked pending (its target's page became known on an earlier page) and
        # not laid out yet is on this page or a later one: write its number in now.
        for item in context.target_collector.counter_lookup_items.values():
            if item.pending and item.page_maker_index is None:
                item.parse_again(None)
                item.pending = False
        return make_page(context, *args)

    TargetCollector.collect_missing_counters = collect_missing
    pages.make_page = make_filled_page
    try:
        yield
    finally:
        TargetCollector.collect_missing_counters = collect
        pages.make_page = make_page


def _targets(box: Any, token: str, missing: list, missing_targets: dict) -> list[str] | None:
    """The anchors BOX's content takes page numbers from, when WeasyPrint's lists are those of
    the slips (its own missing counters the same list as the targets', keyed by None), the
    content uses no counter of its own and every target names an anchor; else None."""
    if (
        token != "content"
        or list(missing_targets) != [None]
        or missing is not missing_targets[None]
    ):
        return None
    content = box.style["content"]
    if not isinstance(content, tuple | list):
        return None
    anchors = []
    for kind, value in content:
        if kind in _COUNTERS:
            return None
        if kind in ("target-counter()", "target-counters()"):
            anchor = _anchor(box, value[0])
            if anchor is None:
                return None
            anchors.append(anchor)
    return anchors or None


def _anchor(box: Any, token: tuple) -> str | None:
    """The anchor a target token names, as WeasyPrint's `lookup_target` reads it."""
    if token[0] == "attr()":
        name, _, fallback = token[1]
        token = ("string", box.element.get(name, fallback) if box.element is not None else "")
    if token[0] == "string" and isinstance(token[1], str) and token[1].startswith("#"):
        return token[1][1:] or None
    if token[0] == "url" and token[1][0] == "internal":
        return token[1][1]
    return None
