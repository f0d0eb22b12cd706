"""convert: kramdown attribute lists left in the rendered text (`{: .class}`, `{:toc}`,
`{:target="_blank"}`), removed wherever they are not part of code.

They are removed here rather than before Markdown because only the rendered tree knows what is
code: `{:ok, user}` in an Elixir listing is not an attribute list and must stay.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag

from bookmaker.convert.tree import strings

#: One attribute list: `{:` then classes, ids, key=value pairs or a reference name, then `}`.
_IAL = re.compile(
    r"""\{:\s*(?:toc|(?:(?:[.#][\w-]+|[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s}'"]+)|[\w-]+)\s*)*)\}"""
)
_CODE = {"pre", "code", "kbd", "samp", "script", "style"}


def remove_attribute_lists(body: Tag) -> None:
    for text in [s for s in strings(body) if _IAL.search(s)]:
        if type(text) is not NavigableString or any(p.name in _CODE for p in text.parents):
            continue
        parent = text.parent
        cleaned = _IAL.sub("", str(text))
        if parent is not None and "{:toc}" in str(text).replace(" ", "") and _is_toc_item(parent):
            _remove_toc(parent)
            continue
        text.replace_with(cleaned.rstrip(" \t") if cleaned.strip() else cleaned.strip())


def _is_toc_item(node: Tag) -> bool:
    item = node if node.name == "li" else node.find_parent("li")
    return item is not None and re.sub(r"\s+", "", item.get_text()).lower() in {
        "toc{:toc}",
        "{:toc}",
        "tableofcontents{:toc}",
    }


def _remove_toc(node: Tag) -> None:
    """kramdown's `* TOC\\n{:toc}` stands for a table of contents the book makes itself."""
    item = node if node.name == "li" else node.find_parent("li")
    if item is None:
        return
    lst = item.parent
    item.decompose()
    if lst is not None and lst.name in {"ul", "ol"} and not lst.find("li"):
        lst.decompose()
