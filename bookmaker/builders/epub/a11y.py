"""build: the accessibility metadata, derived from what the documents hold
(`Contents` → schema.org properties and, where it holds, a conformance claim).

Nothing is claimed by default: `alternativeText` only when every image has an `alt`,
`structuralNavigation` only when no heading skips a level, and EPUB Accessibility 1.1 /
WCAG 2.2 AA only when those hold, every document has a language and no image moves (an
animated image could flash, which we cannot rule out).
"""

from __future__ import annotations

from dataclasses import dataclass

from bookmaker.builders.epub.xhtml import Contents

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


@dataclass(frozen=True)
class Accessibility:
    modes: tuple[str, ...]
    sufficient: tuple[str, ...]
    features: tuple[str, ...]
    hazards: tuple[str, ...]
    summary: str
    conforms_to: str | None
    #: Why conformance is not claimed, one reason per item.
    shortfalls: tuple[str, ...]


def accessibility(contents: Contents, animated_images: tuple[str, ...]) -> Accessibility:
    images = contents.images
    all_alt = not contents.images_without_alt
    features = ["tableOfContents", "readingOrder", "ARIA"]
    if not contents.heading_skips:
        features.append("structuralNavigation")
    if images and all_alt:
        features.append("alternativeText")
    # An image that moves may flash; "unknown" rather than 2023's `unknownFlashingHazard`,
    # which DAISY Ace 1.4 still reports as an invalid value.
    hazards = ("unknown",) if animated_images else ("none",)
    shortfalls = []
    if not all_alt:
        shortfalls.append(f"{len(contents.images_without_alt)} image(s) have no text alternative")
    if contents.heading_skips:
        shortfalls.append(f"headings skip a level in {len(contents.heading_skips)} place(s)")
    if contents.without_language:
        shortfalls.append(
            f"{len(contents.without_language)} document(s) do not declare their language"
        )
    if animated_images:
        shortfalls.append(f"{len(animated_images)} animated image(s) may flash")
    conforms = None if shortfalls else CONFORMANCE
    return Accessibility(
        modes=("textual", "visual") if images else ("textual",),
        sufficient=(("textual",) if all_alt else ()) + (("textual,visual",) if images else ()),
        features=tuple(features),
        hazards=hazards,
        summary=_summary(images, all_alt, contents, conforms, shortfalls),
        conforms_to=conforms,
        shortfalls=tuple(shortfalls),
    )


def _summary(
    images: int, all_alt: bool, contents: Contents, conforms: str | None, shortfalls: list[str]
) -> str:
    parts = ["This publication has a table of contents, landmarks and the text in reading order"]
    if not contents.heading_skips:
        parts.append("headings that never skip a level")
    if images and all_alt:
        parts.append(
            f"a text alternative for each of its {images} images"
            if images > 1
            else "a text alternative for its image"
        )
    text = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    text += ". Each note reference links to its note, and each note links back to the text."
    if conforms:
        return (
            text
            + f" It meets {conforms}, as far as the checks bookmaker runs on every build can tell."
        )
    return (
        text
        + " It does not claim conformance to EPUB Accessibility: "
        + "; ".join(shortfalls)
        + "."
    )
