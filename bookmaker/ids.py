"""The cross-reference scheme: every id bookmaker gives in a book is made here, and nowhere else.

Ids are unique book-wide, so a link in the model is a plain `#id` and each builder maps an id to
the file that holds it.  Each kind of id has its own shape, so kinds never meet:

- a chapter: its post's slug (`[a-z0-9-]`), with `p` before a slug that starts with a digit;
- a post's own ids: `<chapter>_<id>`: `_` never occurs in a chapter id;
- a contributor's section: `<chapter>__<name>` (`-2`, `-3`, … for a name used twice);
- what bookmaker and the theme give inside a chapter: `<chapter>-notes`, `<chapter>-note-N`,
  `<chapter>-noteref-N` (`-noteref-N-K` for the K-th reference to one note), and a heading's
  `<id>-title` or a contributor's `<section>-name`;
- what belongs to the book, not a chapter, starts with `_` (`_part-N`), as no chapter id can
  (the print templates' own page ids, `contributors`, `toc`, …, do not follow this yet).

Reading gives each post a slug whose chapter id meets no other (`holders`).  A link from one
post to another is `#<chapter>` (`xref`); before convert resolves it, read writes it with
`POST_SCHEME`.  Templates reach these functions through the render context
(`TEMPLATE_GLOBALS`).
"""

from __future__ import annotations

import re
from collections.abc import Container

from bookmaker.slugs import slugify

#: How read writes a link to another post (`{% post_url %}`, `{% link %}`): this scheme and
#: the post's file name, which convert resolves to that post's chapter (`xref`).
POST_SCHEME = "bookmaker-post:"
#: Between a chapter's id and a post's own id.
OWN = "_"


def chapter_id(slug: str) -> str:
    """A chapter's id, from its post's slug: an XML name must not start with a digit."""
    return slug if slug[:1].isalpha() else "p" + slug


#: The ids bookmaker and the theme give inside a chapter, after the chapter's id.
_INNER = tuple(
    re.compile(rf"^(.+)-{suffix}$")
    for suffix in ("notes", "notes-title", "title", r"note-\d+", r"noteref-\d+(?:-\d+)?")
)


def holders(chapter: str) -> set[str]:
    """The chapters inside which bookmaker would give the id CHAPTER (`travel` for
    `travel-notes`): no two chapters of a book may be so, or their ids would meet."""
    return {m[1] for pattern in _INNER if (m := pattern.match(chapter))}


#: The ids of a chapter's notes list and of its notes (not of the references to them).
_NOTES = re.compile(r"-(?:notes|notes-title|note-\d+)$")


def chapter_of(ident: str, chapters: Container[str]) -> str | None:
    """The chapter of CHAPTERS inside which bookmaker gives the id IDENT, by the shapes above
    (None for an id of the book's own, or one a theme gave on its own)."""
    if ident in chapters:
        return ident
    head = ident.split(OWN, 1)[0]
    if head != ident and head in chapters:
        return head
    for pattern in _INNER:
        m = pattern.match(ident)
        if m and m[1] in chapters:
            return m[1]
    return None


def is_note(ident: str) -> bool:
    """Whether IDENT is a chapter's notes list or one of its notes, which an edition may
    gather apart from the chapter (the EPUB's `epub.notes = "book"`)."""
    return OWN not in ident and bool(_NOTES.search(ident))


def own_id(chapter: str, post_id: str) -> str:
    """A post's own id (`<p id="top">`), made unique book-wide."""
    return f"{chapter}{OWN}{post_id}"


def section_id(chapter: str, name: str, taken: set[str]) -> str:
    """A contributor's section, from their NAME; TAKEN holds the chapter's section ids so far
    and gets the new one."""
    base = f"{chapter}{OWN * 2}{slugify(name) or 'contributor'}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def note_id(chapter: str, number: int) -> str:
    """Note NUMBER of a chapter, numbered as convert numbers it (from 1 in each chapter)."""
    return f"{chapter}-note-{number}"


def noteref_id(chapter: str, number: int, nth: int = 1) -> str:
    """The NTH reference in the text to note NUMBER (a URL used twice shares one note)."""
    return f"{chapter}-noteref-{number}" + (f"-{nth}" if nth > 1 else "")


def notes_id(chapter: str) -> str:
    """The list of a chapter's notes, wherever the edition puts it."""
    return f"{chapter}-notes"


def title_id(owner: str) -> str:
    """The heading that names OWNER (a chapter, a part, a notes list), for `aria-labelledby`."""
    return f"{owner}-title"


def name_id(section: str) -> str:
    """The heading with a contributor's name, at the top of their section."""
    return f"{section}-name"


def part_id(number: int) -> str:
    """Part NUMBER of the book (counting every part, titled or not, from 1)."""
    return f"_part-{number}"


def xref(chapter: str) -> str:
    """The link to a chapter from another one, as convert writes it."""
    return f"#{chapter}"


#: What templates may call to name ids (`{{ notes_id(chapter.id) }}`); a part's id comes with
#: the part, as `part_id`.
TEMPLATE_GLOBALS = {"notes_id": notes_id, "title_id": title_id, "name_id": name_id}
