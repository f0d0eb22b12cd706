"""read: what each Hugo shortcode a book can honour becomes, as its Liquid equivalent would.

`figure` a figure with its caption and credit, `youtube`/`vimeo`/`tweet`/`x`/`gist`/
`instagram` an embed line, `quote`/`blockquote` a quotation with its attribution, `highlight`
a code block, `ref`/`relref` a cross-reference to that post, `details` its summary and text,
`param` the page's value.  Results go through placeholders, so Markdown never re-reads them;
the text inside a paired shortcode stays Markdown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt

from bookmaker import ids
from bookmaker.read import embeds
from bookmaker.read.placeholders import Placeholders


@dataclass(frozen=True)
class Call:
    """One shortcode as written: its name, parameters and the (rendered) text inside it."""

    name: str
    positional: list[str]
    named: dict[str, str]
    inner: str
    markdown: bool
    page: dict[str, Any]
    holders: Placeholders

    def get(self, *keys: str, at: int | None = None) -> str:
        """The first named parameter of KEYS that is given, else positional AT, else ''."""
        for key in keys:
            if self.named.get(key):
                return self.named[key]
        if at is not None and at < len(self.positional):
            return self.positional[at]
        return ""


@lru_cache(maxsize=1)
def _inline() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


def inline_markdown(text: str) -> str:
    """A caption's Markdown (`*Fig. 1*: [source](…)`) as inline HTML."""
    return _inline().renderInline(text)


def figure(call: Call) -> str:
    src = call.get("src", at=0)
    alt = call.get("alt") or call.get("title") or call.get("caption")
    img = f'<img src="{html.escape(src)}" alt="{html.escape(_plain(alt))}"/>'
    link = call.get("link")
    if link:
        img = f'<a href="{html.escape(link)}">{img}</a>'
    lines = []
    if call.get("title"):
        lines.append(f"<strong>{inline_markdown(call.get('title'))}</strong>")
    if call.get("caption"):
        lines.append(inline_markdown(call.get("caption")))
    credit = call.get("attr")
    if credit:
        credit = inline_markdown(credit)
        if call.get("attrlink"):
            credit = f'<a href="{html.escape(call.get("attrlink"))}">{credit}</a>'
        lines.append(f'<span class="credit">{credit}</span>')
    caption = f"<figcaption>{' '.join(lines)}</figcaption>" if lines else ""
    return call.holders.block(f"<figure>{img}{caption}</figure>")


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", inline_markdown(text)) if text else ""


def embed(call: Call) -> str:
    name = call.name
    if name in {"youtube", "vimeo"}:
        ident = call.get("id", at=0)
        marker = embeds.from_liquid(name, [ident]) if ident else None
        return call.holders.block(marker or "")
    if name in {"tweet", "twitter", "x"}:
        user, ident = call.get("user", at=0), call.get("id", at=1)
        if ident and not user:
            user = "i/web"
        if not ident:
            ident, user = user, "i/web"
        url = f"https://twitter.com/{user}/status/{ident}"
        return call.holders.block(
            embeds.marker(url, "tweet", f"@{user}" if user != "i/web" else "")
        )
    if name == "gist":
        path = "/".join(p for p in call.positional[:2] if p)
        return call.holders.block(embeds.marker(f"https://gist.github.com/{path}", "gist"))
    url = call.get("url", "id", at=0)  # instagram, video, audio
    if not url.startswith(("http:", "https:", "//")):
        url = f"https://www.instagram.com/p/{url}/" if name == "instagram" else url
    return call.holders.block(embeds.marker(url, "video" if name != "audio" else "audio"))


def quote(call: Call) -> str:
    who = call.get("author", "by", "footer", "attribution", at=0)
    source = call.get("source", "title", "cite", at=1)
    link = call.get("link", "url", "href")
    if link and source:
        source = f'<a href="{html.escape(link)}">{inline_markdown(source)}</a>'
    elif source:
        source = f"<cite>{inline_markdown(source)}</cite>"
    attribution = ", ".join(p for p in (inline_markdown(who) if who else "", source) if p)
    foot = f"<footer>— {attribution}</footer>" if attribution else ""
    opening = call.holders.block("<blockquote>")
    return opening + call.inner.strip("\n") + call.holders.block(f"{foot}</blockquote>")


def highlight(call: Call) -> str:
    lang = call.get("lang", at=0)
    cls = f' class="language-{html.escape(lang)}"' if re.fullmatch(r"[\w.+#-]+", lang) else ""
    code = call.inner.strip("\n")
    return call.holders.block(f"<pre><code{cls}>{html.escape(code)}\n</code></pre>")


def ref(call: Call) -> str:
    target = call.get("path", at=0)
    stem = re.sub(r"(?:/index)?\.[A-Za-z0-9]+$", "", target.split("#")[0].rstrip("/"))
    stem = stem.rsplit("/", 1)[-1]
    fragment = "#" + target.split("#", 1)[1] if "#" in target else ""
    return ids.POST_SCHEME + stem + fragment


def details(call: Call) -> str:
    summary = call.get("summary", "title", at=0)
    head = (
        call.holders.block(f"<p><strong>{inline_markdown(summary)}</strong></p>") if summary else ""
    )
    return head + call.inner


def param(call: Call) -> str:
    value = call.page.get(call.get("name", at=0))
    return html.escape(str(value)) if isinstance(value, (str, int, float)) else ""


KNOWN: dict[str, Callable[[Call], str]] = {
    "figure": figure,
    "youtube": embed,
    "vimeo": embed,
    "tweet": embed,
    "twitter": embed,
    "x": embed,
    "gist": embed,
    "instagram": embed,
    "video": embed,
    "audio": embed,
    "quote": quote,
    "blockquote": quote,
    "highlight": highlight,
    "ref": ref,
    "relref": ref,
    "details": details,
    "param": param,
}
