"""convert: table parts where they cannot be.  Rows and cells outside a table keep their
text; what sits directly in a table but cannot (text, a paragraph, a link) is moved out
before the table, as browsers do ("foster parenting"): XHTML allows only rows and their groups
there, and EPUBCheck refuses anything else."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from bookmaker.convert.tree import tags

TABLE_PARTS = {"tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "col"}

#: What each part of a table may hold directly.
_ALLOWED = {
    "table": {"caption", "colgroup", "thead", "tbody", "tfoot", "tr"},
    "thead": {"tr"},
    "tbody": {"tr"},
    "tfoot": {"tr"},
    "tr": {"td", "th"},
    "colgroup": {"col"},
}


def foster_stray_content(soup: BeautifulSoup, root: Tag) -> bool:
    """Move what a table, row group or row may not hold to just before its table, in a
    paragraph of its own; whether anything moved."""
    changed = False
    for part in tags(root, *_ALLOWED):
        table = part if part.name == "table" else part.find_parent("table")
        if table is None:
            continue
        stray = [c for c in part.children if _stray(c, _ALLOWED[part.name])]
        if not stray:
            continue
        holder = soup.new_tag("p")
        for child in stray:
            holder.append(child.extract())
        table.insert_before(holder)
        changed = True
    return changed


def _stray(child: object, allowed: set[str]) -> bool:
    if isinstance(child, Tag):
        return child.name not in allowed
    # Only XML's own white space may stand in a table: a no-break space is text there.
    return isinstance(child, NavigableString) and bool(child.strip(" \t\r\n"))


def _outside_tables(root: Tag) -> list[Tag]:
    """ROOT's table parts that no table holds, in document order: one walk down, rather than
    a search up from every cell (on a table of 100,000 cells, a sixth of convert)."""
    found: list[Tag] = []
    in_table = root.name == "table" or root.find_parent("table") is not None
    stack = [(c, in_table) for c in reversed(root.contents) if isinstance(c, Tag)]
    while stack:
        tag, in_table = stack.pop()
        if tag.name in TABLE_PARTS and not in_table:
            found.append(tag)
        below = in_table or tag.name == "table"
        stack.extend((c, below) for c in reversed(tag.contents) if isinstance(c, Tag))
    return found


def stray_table_parts(root: Tag) -> bool:
    """Table rows and cells outside a table keep their text as a paragraph of their own."""
    changed = False
    for tag in _outside_tables(root):
        tag.name = (
            "p"
            if tag.name in {"tr", "caption"}
            else "div"
            if tag.name in {"thead", "tbody", "tfoot", "colgroup"}
            else "span"
        )
        if tag.name == "span":
            tag.insert_after(" ")
        changed = True
    for table in tags(root, "table"):
        captions = table.find_all("caption", recursive=False)
        for extra in captions[1:]:
            extra.name = "p"  # a table has one caption; the others keep their text before it
            table.insert_before(extra.extract())
            changed = True
        if (
            captions
            and table.contents
            and captions[0] is not next((c for c in table.children if isinstance(c, Tag)), None)
        ):
            table.insert(0, captions[0].extract())
            changed = True
    return changed
