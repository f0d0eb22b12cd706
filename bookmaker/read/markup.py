"""read, step 5: a post body to HTML: Liquid and shortcodes first (as Jekyll does), then one
CommonMark engine for Markdown, the `textile` package for Textile, or the HTML as it is."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core.normalize import normalize
from markdown_it.rules_core.state_core import StateCore
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from bookmaker.errors import ReadError
from bookmaker.read import hugo, kramdown, liquid, shortcodes
from bookmaker.read.math import math_plugin
from bookmaker.read.placeholders import Placeholders
from bookmaker.read.typography import quotes_for, typographer

Warn = Callable[[str, str, int], None]


@lru_cache(maxsize=16)
def _markdown(language: str = "en") -> MarkdownIt:
    """CommonMark with embedded HTML, GFM tables and strikethrough, footnotes, definition
    lists, TeX math kept as source, and smart typography with LANGUAGE's quotes."""
    options = {"html": True, "typographer": True, "quotes": quotes_for(language)}
    md = MarkdownIt("commonmark", options)
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin).use(math_plugin).use(typographer)
    md.core.ruler.at("normalize", _normalize)
    return md


def _normalize(state: StateCore) -> None:
    """markdown-it's own first rule, run only when there is something to change: its two
    patterns' scans (every line ending replaced by itself) cost more than the check."""
    if "\r" in state.src or "\0" in state.src:
        normalize(state)


def to_html(
    body: str,
    body_format: str,
    path: str,
    page: Mapping[str, Any] | None = None,
    site: liquid.Site = liquid.NO_SITE,
    warn: Warn | None = None,
    first_line: int = 1,
    language: str | None = None,
) -> str:
    """The body as HTML; Liquid warnings go to WARN with the line in the file.  Markdown gets
    LANGUAGE's curly quotes (English when it is not known)."""
    warn = warn or (lambda message, code, line: None)
    holders = Placeholders()
    text = hugo.render(body, dict(page or {}), holders, warn, first_line)
    text = liquid.render(text, page or {}, site, holders, warn, first_line)
    text = shortcodes.render(text, holders)
    if body_format == "markdown":
        primary = (language or "en").split("-")[0].split("_")[0].lower()
        html = _markdown(primary).render(kramdown.prepare(text))
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
