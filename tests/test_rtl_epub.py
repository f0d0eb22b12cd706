"""Issue 12, right-to-left chapters in the EPUB: every theme's stylesheets align to the start of
the text and give each left-side margin, padding, border or float its mirror for a
right-to-left document; an address in a note reads left to right."""

from __future__ import annotations

import shutil
import zipfile

import pytest
import tinycss2
from bs4 import BeautifulSoup
from helpers.paths import SAMPLES

from bookmaker.pipeline import build

#: Left-to-right by nature: code keeps its side whatever the chapter's direction.
_ALWAYS_LTR = ("pre", "code")
_SIDES = ("margin", "padding", "border")


@pytest.fixture(scope="module", params=["default", "classic", "modern", "conversation"])
def world_epub(request, tmp_path_factory, epub_registry):
    """samples/world (an Arabic chapter in an English book) as an EPUB in each theme."""
    work = tmp_path_factory.mktemp(f"world-epub-{request.param}")
    shutil.copytree(SAMPLES / "world", work / "world")
    report = build(work / "world", ["epub"], work / "_build", theme_name=request.param)
    epub_registry.register(report.results[0].path)
    return request.param, report.results[0].path


def rules(css: str) -> list[tuple[list[str], dict[str, list[str]]]]:
    """Each style rule's selectors and declarations (name → values, in order), at the top level
    and inside @supports."""
    found = []
    for node in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if node.type == "at-rule" and node.lower_at_keyword == "supports" and node.content:
            found += rules(tinycss2.serialize(node.content))
        if node.type != "qualified-rule":
            continue
        selectors = [s.strip() for s in tinycss2.serialize(node.prelude).split(",")]
        declarations: dict[str, list[str]] = {}
        for d in tinycss2.parse_declaration_list(node.content, True, True):
            if d.type == "declaration":
                value = tinycss2.serialize(d.value).strip()
                declarations.setdefault(d.lower_name, []).append(value)
        found.append((selectors, declarations))
    return found


def one_sided(name: str, value: str) -> bool:
    """A declaration that sets the left side only (a zero or `none` needs no mirror)."""
    if name == "float":
        return value == "left"
    if name in {f"{side}-left" for side in _SIDES}:
        return value.split()[0] not in {"0", "none", "auto"}
    if name in ("margin", "padding"):
        parts = value.split()
        return len(parts) == 4 and parts[1] != parts[3]
    return False


def test_every_theme_aligns_to_the_start_and_mirrors_its_left_sides(world_epub):
    """On main the EPUB set a right-to-left chapter's title, notes heading and notes flush left
    (`text-align: left`) and kept the left-side padding of lists and note numbers."""
    theme, epub = world_epub
    with zipfile.ZipFile(epub) as z:
        css = "\n".join(z.read(n).decode() for n in z.namelist() if n.endswith(".css"))
    found = rules(css)
    mirrored = {s for selectors, _ in found for s in selectors if s.startswith('[dir="rtl"] ')}
    unflipped, left_aligned = [], []
    for selectors, declarations in found:
        if all(s.split()[-1].startswith(_ALWAYS_LTR) for s in selectors):
            continue
        if any(s.startswith("[dir") for s in selectors):
            continue
        aligns = declarations.get("text-align", [])
        if "left" in aligns and aligns[-1] != "start":
            left_aligned.append(selectors)
        for name, values in declarations.items():
            mirror = name.replace("-left", "-right") if name.endswith("-left") else ""
            right = declarations.get(mirror, [None])[-1]
            if right != values[-1] and any(one_sided(name, v) for v in values):
                unflipped += [(s, name) for s in selectors if f'[dir="rtl"] {s}' not in mirrored]
    assert left_aligned == [], theme
    assert unflipped == [], theme


def test_the_arabic_chapters_note_address_reads_left_to_right(world_epub):
    _, epub = world_epub
    with zipfile.ZipFile(epub) as z:
        doc = BeautifulSoup(z.read("EPUB/chapter-001.xhtml"), "html.parser")
    assert doc.html["dir"] == "rtl"
    url = doc.find("a", class_="url")
    assert url["dir"] == "ltr" and url.get_text().endswith("/")
