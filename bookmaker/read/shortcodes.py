"""read: WordPress shortcodes that exports leave in post bodies.

`[caption]` becomes a figure with its caption, `[embed]`/`[youtube]`/`[vimeo]` an embed marker,
`[sourcecode]`/`[code]` a code block.  Only these names are read as shortcodes: any other text
in square brackets is the author's.
"""

from __future__ import annotations

import html
import re

from bookmaker.read import embeds
from bookmaker.read.placeholders import Placeholders

_ATTRS = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
_CODE = re.compile(r"\[(sourcecode|code|source)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
_EMBED = re.compile(r"\[embed\b[^\]]*\]\s*(\S+?)\s*\[/embed\]", re.IGNORECASE)
_VIDEO = re.compile(r"\[(youtube|vimeo)[=\s]\s*([^\]\s]+)[^\]]*\]", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def attributes(text: str) -> dict[str, str]:
    return {
        m[1].lower(): next(v for v in m.groups()[1:] if v is not None)
        for m in _ATTRS.finditer(text)
    }


def render(text: str, holders: Placeholders) -> str:
    if "[" not in text:
        return text
    text = _CAPTION.sub(lambda m: _caption(m, holders), text)
    text = _CODE.sub(lambda m: _code(m, holders), text)
    text = _EMBED.sub(lambda m: holders.block(embeds.marker(m[1], "video")), text)
    return _VIDEO.sub(lambda m: holders.block(embeds.from_liquid(m[1].lower(), [m[2]]) or ""), text)


def _caption(m: re.Match[str], holders: Placeholders) -> str:
    attrs = attributes(m[2])
    content = m[3].strip()
    caption = attrs.get("caption", "")
    if not caption:
        # The caption is the text after the last tag: `<a><img/></a> The caption`.
        last = None
        for last in _TAGS.finditer(content):
            pass
        if last is not None:
            caption, content = content[last.end() :].strip(), content[: last.end()]
    inner = f"<figcaption>{caption}</figcaption>" if caption.strip() else ""
    return holders.block(f"<figure>{content}{inner}</figure>")


def _code(m: re.Match[str], holders: Placeholders) -> str:
    attrs = attributes(m[2])
    lang = attrs.get("language") or attrs.get("lang") or ""
    cls = f' class="language-{html.escape(lang)}"' if re.fullmatch(r"[\w.+#-]+", lang) else ""
    code = html.unescape(m[3].strip("\n"))
    return holders.block(f"<pre><code{cls}>{html.escape(code)}\n</code></pre>")
