"""read, step 5: a post body to HTML: Liquid and shortcodes first (as Jekyll does), then one
CommonMark engine for Markdown, the `textile` package for Textile, or the HTML as it is."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from bookmaker.errors import ReadError
from bookmaker.read import hugo, kramdown, liquid, shortcodes
from bookmaker.read.math import math_plugin
from bookmaker.read.placeholders import Placeholders

Warn = Callable[[str, str, int], None]


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """CommonMark with embedded HTML, GFM tables and strikethrough, footnotes, definition
    lists and TeX math kept as source."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin).use(math_plugin)
    return md


def to_html(
    body: str,
    body_format: str,
    path: str,
    page: Mapping[str, Any] | None = None,
    site: liquid.Site = liquid.NO_SITE,
    warn: Warn | None = None,
    first_line: int = 1,
) -> str:
    """The body as HTML; Liquid warnings go to WARN with the line in the file."""
    warn = warn or (lambda message, code, line: None)
    holders = Placeholders()
    text = hugo.render(body, dict(page or {}), holders, warn, first_line)
    text = liquid.render(text, page or {}, site, holders, warn, first_line)
    text = shortcodes.render(text, holders)
    if body_format == "markdown":
        html = _markdown().render(kramdown.prepare(text))
    elif body_format == "textile":
        html = _textile(text)
    elif body_format == "html":
        html = text
    else:
        raise ReadError(
            f"{body_format} posts are not supported; convert it to Markdown or HTML", path
        )
    return holders.restore(html)


def _textile(text: str) -> str:
    import textile

    return textile.textile(text, html_type="html5")
