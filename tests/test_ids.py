"""The cross-reference scheme (`bookmaker.ids`): each kind of id has its own shape, so no two
ids of a book meet, and every internal link leads to what it names."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from bookmaker import ids
from bookmaker.pipeline import build


def test_the_shapes_of_ids():
    assert ids.chapter_id("travel") == "travel" and ids.chapter_id("1999-a") == "p1999-a"
    assert ids.own_id("travel", "top") == "travel_top"
    taken: set[str] = set()
    assert [ids.section_id("travel", n, taken) for n in ("Ada", "Ada", "", "日本")] == [
        "travel__ada",
        "travel__ada-2",
        "travel__contributor",
        "travel__contributor-2",
    ]
    assert ids.note_id("travel", 3) == "travel-note-3"
    assert [ids.noteref_id("travel", 3), ids.noteref_id("travel", 3, 2)] == [
        "travel-noteref-3",
        "travel-noteref-3-2",
    ]
    assert ids.title_id(ids.notes_id("travel")) == "travel-notes-title"
    assert ids.part_id(2) == "_part-2" and not ids.chapter_id("x").startswith("_")
    assert ids.holders("travel-notes-title") == {"travel", "travel-notes"}
    assert ids.holders("travel-noteref-3-2") == {"travel"} and ids.holders("travel") == set()


def test_a_post_titled_like_another_posts_notes_keeps_every_id_unique(tmp_path: Path):
    """ "Travel" has notes `travel-notes`; the chapter "Travel notes" must not take that id."""
    (tmp_path / "2024-01-01-travel.md").write_text(
        "---\ntitle: Travel\n---\nA [trip](https://example.org/trip), and "
        "[the notes]({% post_url 2024-01-02-travel-notes %}).\n"
    )
    (tmp_path / "2024-01-02-travel-notes.md").write_text(
        "---\ntitle: Travel notes\n---\nBack to [the trip]({% post_url 2024-01-01-travel %}).\n"
    )
    report = build(tmp_path, ["html"], tmp_path / "out")
    doc = lxml.html.parse(str(report.results[0].path)).getroot()
    found = [e.get("id") for e in doc.iter() if e.get("id")]
    assert len(found) == len(set(found))
    targets = {e.get("id"): e for e in doc.iter() if e.get("id")}
    (to_notes,) = doc.xpath("//a[@class='xref' and text()='the notes']")
    chapter = targets[to_notes.get("href")[1:]]
    assert chapter.tag == "section" and "Travel notes" in chapter.text_content()
    for a in doc.iter("a"):
        if (a.get("href") or "").startswith("#"):
            assert a.get("href")[1:] in targets, a.get("href")
