"""convert: what sits directly in a table but cannot (text, a paragraph, a link) is moved out
before the table, as browsers do ("foster parenting"): XHTML allows only rows and their groups
there, and EPUBCheck refuses anything else."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

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
    for part in root.find_all(list(_ALLOWED)):
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
    return isinstance(child, NavigableString) and bool(child.strip())
