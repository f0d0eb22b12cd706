"""build, print edition: page references that point back laid out once, not three times.

WeasyPrint 70 writes the text of `target-counter(attr(href), page)` when it builds the boxes,
before it paginates, with 0 for the page.  Two slips in `compute_content_list` decide what
follows: the reference's targets are filed under None (the `attr()` is not read), so it is
never told when its target's page is known; and its own list of missing counters is the
targets' list, so it seems to use the counters of its own page.  That second slip is what
fills the number in: the page holding it is laid out, seen to change, laid out again; and once
more after the first pass, when the page total joins every page's counters.  So a chapter's
notes pages are laid out three times.  Here the targets are filed under their anchors and the
false list dropped, so WeasyPrint marks a reference when its target's page is known; one so
marked and not laid out yet (a note after its citation) gets its number before its page is
laid out.  Forward references and a note on its citation's own page take WeasyPrint's passes;
the pages come out the same (tests/test_pdf_backrefs.py; the pieces against one document).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_COUNTERS = ("counter()", "counters()")
#: The WeasyPrint releases whose internals this was read from and tested on; any other is left
#: to lay the notes out its own way (slower, the same pages).
VERIFIED = ("70.",)


@contextmanager
def laid_out_once() -> Iterator[None]:
    """WeasyPrint, for the span of one layout, filling in back references before their page is
    laid out (one process lays out one document at a time)."""
    import weasyprint

    if not weasyprint.__version__.startswith(VERIFIED):
        yield
        return
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
