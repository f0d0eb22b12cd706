"""Cutting the print document into pieces: which empty copies of its sibling sections a
chapter's piece keeps (every one when the stylesheets count siblings; otherwise only those
selectors can tell apart)."""

from __future__ import annotations

import lxml.html

from bookmaker.builders.pdf.pieces import counts_siblings, split


def book(sections: list[tuple[str, str, str]]) -> str:
    """A print document whose body matter holds SECTIONS (id, class, lang)."""
    body = "".join(
        f'<section id="{i}" class="{c}" lang="{lang}" aria-labelledby="{i}-t">'
        f'<h1 id="{i}-t">{i}</h1><p>Text of {i}.</p></section>'
        for i, c, lang in sections
    )
    return (
        '<!DOCTYPE html><html><head><title>B</title></head><body class="edition-print">'
        '<div class="frontmatter"><h1>Front</h1></div>'
        f'<div class="bodymatter">{body}</div></body></html>'
    )


SECTIONS = [
    ("p1", "part", "en"),
    *[(f"a{n}", "chapter", "en") for n in range(6)],
    ("f1", "chapter", "fr"),
    ("p2", "part", "en"),
    *[(f"b{n}", "chapter", "en") for n in range(6)],
    ("ix", "backmatter contributors", "en"),
]


def siblings(html: str, piece_id: str) -> list[tuple[str, str, bool]]:
    """The body-matter sections of PIECE_ID's piece: (class, lang, whether it has content)."""
    piece = next(p for p in split(html, every_sibling=False) if p.id == piece_id)
    main = lxml.html.document_fromstring(piece.html).find_class("bodymatter")[0]
    return [
        (s.get("class"), s.get("lang"), s.find("h1") is not None)
        for s in main
        if s.tag == "section"
    ]


def test_a_chapter_keeps_the_first_and_last_of_each_kind_and_its_neighbours():
    kept = siblings(book(SECTIONS), "b3")
    assert kept == [
        ("part", "en", False),  # first part
        ("chapter", "en", False),  # a0: first English chapter
        ("chapter", "fr", False),  # f1: the only French one
        ("part", "en", False),  # p2: last part
        ("chapter", "en", False),  # b2: last English chapter before, and the one just before
        ("chapter", "en", True),  # b3 itself, with its content
        ("chapter", "en", False),  # b4: the one just after (:last-child stays false)
    ]


def test_empty_copies_point_at_no_id():
    piece = next(p for p in split(book(SECTIONS), every_sibling=False) if p.id == "b3")
    doc = lxml.html.document_fromstring(piece.html)
    shells = [s for s in doc.find_class("bodymatter")[0] if s.find("h1") is None]
    assert shells and all(s.get("id") is None for s in shells)
    assert all(s.get("aria-labelledby") is None for s in shells)
    assert piece.ids >= {"b3", "b3-t"} and "b2" not in piece.ids


def test_every_sibling_is_kept_when_a_stylesheet_counts_them():
    assert counts_siblings(("section.chapter { counter-increment: chapter; }",))
    assert counts_siblings(("section:nth-child(2n) { color: red; }",))
    assert not counts_siblings(("section.part ~ section.chapter h1 { color: red; }",))
    piece = next(p for p in split(book(SECTIONS)) if p.id == "b3")
    main = lxml.html.document_fromstring(piece.html).find_class("bodymatter")[0]
    assert len([s for s in main if s.tag == "section"]) == len(SECTIONS)
