"""Stage 2, convert: `Post` → `Chapter`, pure and per post.

One parse of the body, then the phases below over the same tree, then one serialisation per
part.  No transform reads or writes files: whatever needs the file system (finding images,
other posts) comes in through the `ConvertContext`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bookmaker.convert.context import ConvertContext

if TYPE_CHECKING:
    from bookmaker.errors import Diagnostics
    from bookmaker.model import Chapter, Post

__all__ = ["ConvertContext", "convert"]


def convert(post: Post, ctx: ConvertContext) -> tuple[Chapter, Diagnostics]:
    """POST as a chapter of the book CTX describes, with the warnings met on the way."""
    # The phases (the parser and all) are imported by the first conversion, not by whatever
    # imports this package: a rebuild that converts in a worker never needs them.
    from bookmaker.convert.phases import (
        chapter,
        clean,
        make_notes,
        normalise,
        parse_post,
        resolve,
        split_sections,
    )

    draft = parse_post(post, ctx)
    clean(draft)
    split_sections(draft)
    resolve(draft)
    normalise(draft)
    notes = make_notes(draft)
    return chapter(draft, notes), draft.diags
