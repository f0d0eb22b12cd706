"""convert: ruby annotations as XHTML allows them (`(phrasing, (rt | rp)+)+, with an `rt``).

A post may hold a `<ruby>` without any `<rt>` (or with nothing before it) (the annotation lost by an editor or a scraper),
or text after its last annotation; EPUBCheck refuses both ("element ruby incomplete"), which
fuzzing found.  The first keeps its text without the `<ruby>` (its `<rt>` and `<rp>` become spans); the text after the last
annotation moves out, right after the `<ruby>`, where a browser shows it anyway.
"""

from __future__ import annotations

from bs4 import Tag

_ANNOTATIONS = {"rt", "rp"}


def mend_ruby(root: Tag) -> None:
    """Every `<ruby>` under ROOT ends with an annotation, and has one (innermost first)."""
    for ruby in reversed(root.find_all("ruby")):
        kids = [c for c in ruby.children if isinstance(c, Tag) or str(c).strip()]
        annotations = [
            i for i, c in enumerate(kids) if isinstance(c, Tag) and c.name in _ANNOTATIONS
        ]
        if not annotations or annotations[0] == 0 or ruby.find("rt", recursive=False) is None:
            ruby.unwrap()  # nothing annotated: only its text stays
            continue
        for child in reversed(kids[annotations[-1] + 1 :]):
            ruby.insert_after(child.extract())
    for stray in root.find_all(list(_ANNOTATIONS)):
        if stray.parent is None or stray.parent.name != "ruby":
            stray.name = "span"  # an annotation outside any ruby keeps its text
