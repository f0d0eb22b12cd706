"""read: TeX math in Markdown kept as TeX, so Markdown never turns `a_1 * b_2` into emphasis.

Blogs show math with MathJax in the browser; a book has no script.  Here the TeX is kept as it
was written, as `<code class="math">` (inline) or `<pre class="math">` (display), and convert
makes it MathML (convert/math.py).  Delimiters, as kramdown and MathJax read them: `$$…$$`
(inline, or display alone in its paragraph), `\\(…\\)` and `\\[…\\]`; and `$…$` with
pandoc's rules: no space after the opening dollar nor before the closing one, no digit right
after it; so "$5 and $10" and "$5-$10" stay prices.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.texmath.index import dollar_post, dollar_pre, make_block_func, make_inline_func

_INLINE = [
    {"name": "math_inline_double", "tag": "$$", "rex": re.compile(r"^\$\$(.+?)\$\$", re.DOTALL)},
    {"name": "math_inline_paren", "tag": "\\(", "rex": re.compile(r"^\\\((.+?)\\\)", re.DOTALL)},
    {
        "name": "math_inline",
        "tag": "$",
        "rex": re.compile(r"^\$(?=\S)([^$\n]*?[^\s\\$])\$(?!\d)"),
        "pre": dollar_pre,
        "post": dollar_post,
    },
]
_BLOCK = [
    {
        "name": "math_block",
        "tag": "$$",
        "rex": re.compile(r"^\$\$((?:(?!\$\$)[\s\S])+?)\$\$[ \t]*(?:\n|$)()"),
    },
    {
        "name": "math_block_bracket",
        "tag": "\\[",
        "rex": re.compile(r"^\\\[((?:(?!\\\])[\s\S])+?)\\\][ \t]*(?:\n|$)()"),
    },
]


def math_plugin(md: MarkdownIt) -> None:
    for rule in _INLINE:
        md.inline.ruler.before("escape", rule["name"], make_inline_func(rule))  # type: ignore[arg-type]
        md.add_render_rule(rule["name"], _render_inline)
    for rule in _BLOCK:
        md.block.ruler.before(
            "fence",
            rule["name"],
            make_block_func(rule),  # type: ignore[arg-type]
            {"alt": ["paragraph", "reference", "blockquote", "list"]},
        )
        md.add_render_rule(rule["name"], _render_block)


def _source(token) -> str:
    close = {"$$": "$$", "$": "$", "\\(": "\\)", "\\[": "\\]"}[token.markup]
    return f"{token.markup}{token.content}{close}"


def _render_inline(self, tokens, idx, options, env) -> str:
    return f'<code class="math">{escapeHtml(_source(tokens[idx]))}</code>'


def _render_block(self, tokens, idx, options, env) -> str:
    return f'<pre class="math"><code>{escapeHtml(_source(tokens[idx]).strip())}</code></pre>\n'
