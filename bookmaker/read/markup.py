"""read, step 5: a post body to HTML, through one CommonMark engine or as raw HTML."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from bookmaker.errors import ReadError


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """CommonMark with embedded HTML, GFM tables and strikethrough, footnotes, definition lists."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin)
    return md


def to_html(body: str, body_format: str, path: str) -> str:
    if body_format == "markdown":
        return _markdown().render(body)
    if body_format == "html":
        return body
    raise ReadError(f"{body_format} posts are not supported; convert it to Markdown or HTML", path)
